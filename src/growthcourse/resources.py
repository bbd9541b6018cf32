"""Where the files shipped with growthcourse (built-in course, themes) live.

In a wheel they are package data under ``growthcourse/_data``; in a source
checkout (editable install, tests) they sit at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _shipped(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _CHECKOUT / name


def lessons_dir() -> Path:
    """The folder holding the built-in course folder(s)."""
    return _shipped("lessons")


def themes_dir() -> Path:
    """The folder holding the shipped ``*.toml`` themes."""
    return _shipped("themes")


def builtin_course_dir() -> Path:
    """The built-in course: the only folder in ``lessons/`` with a course.toml."""
    root = lessons_dir()
    candidates = sorted(p.parent for p in root.glob("*/course.toml"))
    if not candidates:
        raise FileNotFoundError(f"no built-in course found in {root}")
    return candidates[0]
