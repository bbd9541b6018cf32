"""Shared test setup."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test gets its own GROWTHCOURSE_CACHE_DIR (course and log caches), never the real ~/.cache.

    Set in os.environ, so subprocesses the test starts (the CLI, the app) inherit it. A MonkeyPatch
    of its own, not the ``monkeypatch`` fixture: a test calling ``monkeypatch.undo()`` keeps it.
    """
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GROWTHCOURSE_CACHE_DIR", str(folder))
        yield folder
