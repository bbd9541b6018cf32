"""The typed course model: what a loaded, valid course looks like.

The loader (``growthcourse.course.loader``) builds these objects from TOML and
resolves every default, so the rest of the program never needs to know the
file format: ``Module.after`` is always the real list of prerequisites and
``Module.min_days`` the real number of days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal, Union

ExerciseKind = Literal["reflection", "choice", "checklist", "scale", "practice"]
EXERCISE_KINDS: tuple[str, ...] = ("reflection", "choice", "checklist", "scale", "practice")


@dataclass(frozen=True, kw_only=True)
class ExerciseBase:
    """Fields every exercise kind has."""

    id: str
    title: str | None = None
    required: bool = True
    module_id: str = ""
    lesson_id: str = ""

    @property
    def label(self) -> str:
        """A short human name: the title, or the start of the prompt."""
        if self.title:
            return self.title
        text = " ".join(self.text.split())
        return text if len(text) <= 60 else text[:57].rstrip() + "..."

    @property
    def text(self) -> str:  # overridden by every kind
        return self.id


@dataclass(frozen=True, kw_only=True)
class Reflection(ExerciseBase):
    kind: Literal["reflection"] = "reflection"
    prompt: str
    guidance: str | None = None
    min_words: int = 0

    @property
    def text(self) -> str:
        return self.prompt


@dataclass(frozen=True, kw_only=True)
class Option:
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True, kw_only=True)
class Choice(ExerciseBase):
    kind: Literal["choice"] = "choice"
    question: str
    options: tuple[Option, ...]

    @property
    def text(self) -> str:
        return self.question

    @property
    def is_poll(self) -> bool:
        """A question with no correct option: any answer is simply recorded."""
        return not any(option.correct for option in self.options)


@dataclass(frozen=True, kw_only=True)
class Checklist(ExerciseBase):
    kind: Literal["checklist"] = "checklist"
    prompt: str
    items: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.prompt


@dataclass(frozen=True, kw_only=True)
class Scale(ExerciseBase):
    kind: Literal["scale"] = "scale"
    prompt: str
    min: int
    max: int
    labels: dict[int, str] = field(default_factory=dict)
    series: str | None = None

    @property
    def text(self) -> str:
        return self.prompt

    @property
    def series_key(self) -> str:
        """Check-ins of scales sharing a series form one line over time."""
        return self.series or self.id


@dataclass(frozen=True, kw_only=True)
class Practice(ExerciseBase):
    kind: Literal["practice"] = "practice"
    prompt: str
    times: int = 1

    @property
    def text(self) -> str:
        return self.prompt


Exercise = Union[Reflection, Choice, Checklist, Scale, Practice]


@dataclass(frozen=True, kw_only=True)
class Lesson:
    id: str
    title: str
    body: str
    minutes: int | None = None
    exercises: tuple[Exercise, ...] = ()
    module_id: str = ""


@dataclass(frozen=True, kw_only=True)
class Module:
    """A module with its unlock rule resolved (defaults applied by the loader)."""

    id: str
    title: str
    file: str
    summary: str | None = None
    lessons: tuple[Lesson, ...] = ()
    after: tuple[str, ...] = ()
    min_days: int = 0
    opens_on_day: int = 0

    def exercises(self) -> Iterator[Exercise]:
        for lesson in self.lessons:
            yield from lesson.exercises

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes or 0 for lesson in self.lessons)


@dataclass(frozen=True, kw_only=True)
class Contact:
    name: str
    phone: str | None = None
    url: str | None = None
    text: str | None = None
    region: str | None = None
    hours: str | None = None


@dataclass(frozen=True, kw_only=True)
class Support:
    title: str
    body: str | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Course:
    id: str
    title: str
    modules: tuple[Module, ...]
    format: int = 1
    subtitle: str | None = None
    author: str | None = None
    version: str | None = None
    language: str | None = None
    description: str | None = None
    min_days_between_modules: int = 7
    support: Support | None = None
    root: Path | None = None
    """The folder the course was loaded from (None for a course built in memory)."""

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def lessons(self) -> Iterator[Lesson]:
        for module in self.modules:
            yield from module.lessons

    def exercises(self) -> Iterator[Exercise]:
        for module in self.modules:
            yield from module.exercises()

    def exercise(self, exercise_id: str) -> Exercise | None:
        return self._exercise_index().get(exercise_id)

    def _exercise_index(self) -> dict[str, Exercise]:
        index = self.__dict__.get("_index")
        if index is None:
            index = {exercise.id: exercise for exercise in self.exercises()}
            object.__setattr__(self, "_index", index)
        return index
