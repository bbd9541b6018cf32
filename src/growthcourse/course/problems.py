"""Problems found in a course, and the exception that carries them.

A counsellor fixes a course from this text alone, so every problem names the
file (relative to the course folder), where in it (a key path such as
``lessons[2].exercises[0].kind`` or ``line 3, column 7``) and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class Problem:
    """One mistake in a course, printed as one line."""

    file: str
    """Path relative to the course folder, e.g. ``02-fix-it.toml``; empty for the folder itself."""
    location: str
    """A key path (``lessons[2].exercises[0].kind``) or ``line N, column M``; may be empty."""
    message: str

    def __str__(self) -> str:
        return ": ".join(part for part in (self.file, self.location, self.message) if part)


class CourseError(Exception):
    """Raised by ``load_course`` when a course has at least one problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word`` (a likely typo), if any is close."""
    import difflib  # only when something is wrong (commands such as status never need it)

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``'; did you mean "title"?'`` when a choice is close to ``word``, else ``''``."""
    match = closest(word, choices)
    return f'; did you mean "{match}"?' if match else ""


# --------------------------------------------------------------------------- phrasing values
# Course text is data: anything quoted from a course is escaped, so a message
# can never carry a terminal escape sequence to the screen.

_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
_CONTROL_NAMES = {
    "\x1b": "ESC, which starts terminal escape sequences",
    "\x9b": "CSI, which starts terminal escape sequences",
    "\x00": "NUL",
    "\r": "carriage return",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x7f": "DEL",
}


def quote(text: str, limit: int = 40) -> str:
    """Quote course text for a message: control characters escaped, long text shortened."""
    shortened = text if len(text) <= limit else text[: limit - 3] + "..."
    escaped = "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode("ascii")
        for char in shortened
    )
    return '"' + escaped.replace('"', '\\"') + '"'


def key_path(location: str, key: str) -> str:
    """``lessons[0]`` + ``title`` -> ``lessons[0].title`` (an empty key gives the location itself)."""
    if not key:
        return location
    key = key if _BARE_KEY_RE.fullmatch(key) else quote(key)
    return f"{location}.{key}" if location else key


def number(value: int) -> str:
    """A whole number for a message (a huge one shortened)."""
    digits = str(value)
    return digits if len(digits) <= 20 else digits[:17] + "..."


def describe(value: Any) -> str:
    """How a TOML value is called in a message (counsellors are not programmers)."""
    if isinstance(value, bool):
        return "true/false (" + ("true" if value else "false") + ")"
    if isinstance(value, int):
        return f"a whole number ({number(value)})"
    if isinstance(value, float):
        return f"a decimal number ({value})"
    if isinstance(value, str):
        return f"text ({quote(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if hasattr(value, "isoformat"):
        return f"a date/time ({value.isoformat()})"
    return type(value).__name__  # pragma: no cover - tomllib yields nothing else


def control_message(char: str) -> str:
    """Why a control character found in course text is refused."""
    name = _CONTROL_NAMES.get(char)
    code = char.encode("unicode_escape").decode("ascii")
    what = f"{code}, {name}" if name else code
    return f"contains a control character ({what}); course text must be plain text"
