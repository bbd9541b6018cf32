"""Helpers for the tests of the per-machine caches' pruning (courses, logs): aged files and what must survive."""

from __future__ import annotations

import os
from pathlib import Path


def age(path: Path, days: float) -> None:
    """Make ``path`` look last written (and used) ``days`` ago."""
    moment = path.stat().st_mtime - days * 86400
    os.utime(path, (moment, moment))


def crumb_and_stray(folder: Path) -> tuple[Path, Path]:
    """A two-day-old temp file a crash left in ``folder`` (pruned), and a 400-day-old file that is not ours (kept)."""
    crumb = folder / ".growthcourse-abc.tmp"
    crumb.write_bytes(b"half an entry")
    age(crumb, 2)
    stray = folder / "notes.txt"
    stray.write_text("keep me")
    age(stray, 400)
    return crumb, stray
