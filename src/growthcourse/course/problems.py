"""Problems found in a course, and the exception that carries them.

A counsellor fixes a course from this text alone, so every problem names the
file (relative to the course folder), where in it (a key path such as
``lessons[2].exercises[0].kind`` or ``line 3, column 7``) and what is wrong.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``'; did you mean "title"?'`` when a choice is close to ``word``, else ``''``."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{matches[0]}"?' if matches else ""
