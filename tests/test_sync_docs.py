"""docs/sync.md and docs/stignore.example: the ready .stignore leaves out clutter, never data."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def example_patterns() -> list[str]:
    lines = (DOCS / "stignore.example").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("//")]


def ignored(name: str) -> bool:
    """Whether a file or folder name matches a pattern (patterns without '/' match names at any level)."""
    return any(fnmatchcase(name, pattern.removeprefix("(?d)")) for pattern in example_patterns())


def test_the_guide_shows_exactly_the_shipped_file() -> None:
    guide = (DOCS / "sync.md").read_text(encoding="utf-8")
    assert "[`stignore.example`](stignore.example)" in guide
    block = re.search(r"\n   ```\n((?:   \(\?d\).*\n)+)   ```", guide)
    assert block is not None
    assert [line.strip() for line in block.group(1).splitlines()] == example_patterns()


@pytest.mark.parametrize(
    "name",
    [
        "devices", "courses", "drafts", "events-2026-11.jsonl", "last-course.json", "hopes.json", "course.toml",
        "01-first.toml", "events-2026-11.sync-conflict-20261126-101500-ABCDEFG.jsonl",
        "events-2026-11 (Sam's conflicted copy 2026-11-26).jsonl",
        "events-2026-11 (conflicted copy 2026-11-26 101500).jsonl", "events-2026-11_conflict-20261126-101500.jsonl",
        "events-2026-11-LAPTOP.jsonl", "events-2026-11 2.jsonl", "devices 2",
    ],
)
def test_nothing_growthcourse_reads_is_ignored(name: str) -> None:
    assert not ignored(name)


@pytest.mark.parametrize(
    "name", [".DS_Store", "._events-2026-11.jsonl", "Thumbs.db", "desktop.ini", ".growthcourse-1a2b3c4d.tmp",
             ".events-2026-11.jsonl.icloud", ".dropbox.cache"],
)
def test_clutter_is_ignored(name: str) -> None:
    assert ignored(name)
