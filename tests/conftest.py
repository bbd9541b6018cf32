"""Shared test setup."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own GROWTHCOURSE_CACHE_DIR (course and log caches), never the real ~/.cache.

    Set in os.environ, so subprocesses the test starts (the CLI, the app) inherit it.
    """
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GROWTHCOURSE_CACHE_DIR", str(folder))
    return folder
