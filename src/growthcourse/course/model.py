"""The typed course model: what a loaded, valid course looks like.

The loader (``growthcourse.course.loader``) builds these objects from TOML and
resolves every default, so the rest of the program never needs to know the
file format: ``Module.after`` is always the real list of prerequisites and
``Module.min_days`` the real number of days.

The classes are frozen, keyword-only dataclasses (``dataclasses.fields``,
``replace`` and ``is_dataclass`` work on them), but their methods are written
out here instead of generated: ``@dataclass`` compiles six methods per class
at import, about half a millisecond a class, and this module is imported by
every start of the app and every command (issue 7, P1 and P3). ``FrozenRecord``
gives what ``frozen=True, eq=True`` would (no assignment, field-wise ``==``
and ``hash``, the same ``repr``); each class writes its own ``__init__``
(as fast as the generated one: a course has thousands of these objects).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, fields
from pathlib import Path
from typing import Any, Iterator, Literal, Union

_set = object.__setattr__
_record = dataclass(init=False, repr=False, eq=False, kw_only=True)
"""``@dataclass`` that only records the fields (``FrozenRecord`` and each ``__init__`` do the rest)."""


class FrozenRecord:
    """What ``@dataclass(frozen=True)`` generates, written once (for the model and ``progress.gating``).

    A subclass is decorated with ``@dataclass(init=False, repr=False, eq=False)``
    (so its fields are recorded) and writes its ``__init__`` with ``object.__setattr__``.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self, purpose: str) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self) if getattr(f, purpose))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values("compare") == other._values("compare")  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values("compare"))  # no model field sets its own hash=

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{self.__class__.__qualname__}({shown})"


ExerciseKind = Literal["reflection", "choice", "checklist", "scale", "practice"]
EXERCISE_KINDS: tuple[str, ...] = ("reflection", "choice", "checklist", "scale", "practice")


class _NoLabels:
    """The default of ``Scale.labels``: a new empty dict for each scale (like ``default_factory=dict``)."""

    def __repr__(self) -> str:
        return "<factory>"  # as dataclasses shows a default_factory in a signature


_NO_LABELS = _NoLabels()


@_record
class ExerciseBase(FrozenRecord):
    """Fields every exercise kind has."""

    id: str
    title: str | None = None
    required: bool = True
    module_id: str = ""
    lesson_id: str = ""

    def __init__(self, *, id: str, title: str | None = None, required: bool = True, module_id: str = "",
                 lesson_id: str = ""):
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "required", required)
        _set(self, "module_id", module_id)
        _set(self, "lesson_id", lesson_id)

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


@_record
class Reflection(ExerciseBase):
    """Free writing in answer to a prompt, saved in versions; done at ``min_words`` words."""

    kind: Literal["reflection"] = "reflection"
    prompt: str
    guidance: str | None = None
    min_words: int = 0

    def __init__(self, *, id: str, title: str | None = None, required: bool = True, module_id: str = "",
                 lesson_id: str = "", kind: Literal["reflection"] = "reflection", prompt: str,
                 guidance: str | None = None, min_words: int = 0):
        ExerciseBase.__init__(self, id=id, title=title, required=required, module_id=module_id, lesson_id=lesson_id)
        _set(self, "kind", kind)
        _set(self, "prompt", prompt)
        _set(self, "guidance", guidance)
        _set(self, "min_words", min_words)

    @property
    def text(self) -> str:
        return self.prompt


@_record
class Option(FrozenRecord):
    """One answer of a ``Choice``, with the feedback shown when it is picked."""

    text: str
    correct: bool = False
    feedback: str | None = None

    def __init__(self, *, text: str, correct: bool = False, feedback: str | None = None):
        _set(self, "text", text)
        _set(self, "correct", correct)
        _set(self, "feedback", feedback)


@_record
class Choice(ExerciseBase):
    """A question with options and their feedback; done once answered, right or wrong."""

    kind: Literal["choice"] = "choice"
    question: str
    options: tuple[Option, ...]

    def __init__(self, *, id: str, title: str | None = None, required: bool = True, module_id: str = "",
                 lesson_id: str = "", kind: Literal["choice"] = "choice", question: str,
                 options: tuple[Option, ...]):
        ExerciseBase.__init__(self, id=id, title=title, required=required, module_id=module_id, lesson_id=lesson_id)
        _set(self, "kind", kind)
        _set(self, "question", question)
        _set(self, "options", options)

    @property
    def text(self) -> str:
        return self.question

    @property
    def is_poll(self) -> bool:
        """A question with no correct option: any answer is simply recorded."""
        return not any(option.correct for option in self.options)


@_record
class Checklist(ExerciseBase):
    """Items to tick; done when every item has been ticked."""

    kind: Literal["checklist"] = "checklist"
    prompt: str
    items: tuple[str, ...]

    def __init__(self, *, id: str, title: str | None = None, required: bool = True, module_id: str = "",
                 lesson_id: str = "", kind: Literal["checklist"] = "checklist", prompt: str,
                 items: tuple[str, ...]):
        ExerciseBase.__init__(self, id=id, title=title, required=required, module_id=module_id, lesson_id=lesson_id)
        _set(self, "kind", kind)
        _set(self, "prompt", prompt)
        _set(self, "items", items)

    @property
    def text(self) -> str:
        return self.prompt


@_record
class Scale(ExerciseBase):
    """A check-in on a numbered scale; check-ins of one ``series`` show as a trend."""

    kind: Literal["scale"] = "scale"
    prompt: str
    min: int
    max: int
    labels: dict[int, str] = field(default_factory=dict)
    series: str | None = None

    def __init__(self, *, id: str, title: str | None = None, required: bool = True, module_id: str = "",
                 lesson_id: str = "", kind: Literal["scale"] = "scale", prompt: str, min: int, max: int,
                 labels: dict[int, str] = _NO_LABELS,  # type: ignore[assignment]
                 series: str | None = None):
        ExerciseBase.__init__(self, id=id, title=title, required=required, module_id=module_id, lesson_id=lesson_id)
        _set(self, "kind", kind)
        _set(self, "prompt", prompt)
        _set(self, "min", min)
        _set(self, "max", max)
        _set(self, "labels", {} if labels is _NO_LABELS else labels)
        _set(self, "series", series)

    @property
    def text(self) -> str:
        return self.prompt

    @property
    def series_key(self) -> str:
        """Check-ins of scales sharing a series form one line over time."""
        return self.series or self.id


@_record
class Practice(ExerciseBase):
    """Something to try in real life between sessions; done when logged ``times`` times."""

    kind: Literal["practice"] = "practice"
    prompt: str
    times: int = 1

    def __init__(self, *, id: str, title: str | None = None, required: bool = True, module_id: str = "",
                 lesson_id: str = "", kind: Literal["practice"] = "practice", prompt: str, times: int = 1):
        ExerciseBase.__init__(self, id=id, title=title, required=required, module_id=module_id, lesson_id=lesson_id)
        _set(self, "kind", kind)
        _set(self, "prompt", prompt)
        _set(self, "times", times)

    @property
    def text(self) -> str:
        return self.prompt


Exercise = Union[Reflection, Choice, Checklist, Scale, Practice]


@_record
class Lesson(FrozenRecord):
    """A page of Markdown text and the exercises that follow it."""

    id: str
    title: str
    body: str
    minutes: int | None = None
    exercises: tuple[Exercise, ...] = ()
    module_id: str = ""

    def __init__(self, *, id: str, title: str, body: str, minutes: int | None = None,
                 exercises: tuple[Exercise, ...] = (), module_id: str = ""):
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "body", body)
        _set(self, "minutes", minutes)
        _set(self, "exercises", exercises)
        _set(self, "module_id", module_id)


@_record
class Module(FrozenRecord):
    """A module with its unlock rule resolved (defaults applied by the loader)."""

    id: str
    title: str
    file: str
    summary: str | None = None
    lessons: tuple[Lesson, ...] = ()
    after: tuple[str, ...] = ()
    min_days: int = 0
    opens_on_day: int = 0

    def __init__(self, *, id: str, title: str, file: str, summary: str | None = None, lessons: tuple[Lesson, ...] = (),
                 after: tuple[str, ...] = (), min_days: int = 0, opens_on_day: int = 0):
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "file", file)
        _set(self, "summary", summary)
        _set(self, "lessons", lessons)
        _set(self, "after", after)
        _set(self, "min_days", min_days)
        _set(self, "opens_on_day", opens_on_day)

    def exercises(self) -> Iterator[Exercise]:
        for lesson in self.lessons:
            yield from lesson.exercises

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes or 0 for lesson in self.lessons)


@_record
class Contact(FrozenRecord):
    """One place to get help, shown on the support page."""

    name: str
    phone: str | None = None
    url: str | None = None
    text: str | None = None
    region: str | None = None
    hours: str | None = None

    def __init__(self, *, name: str, phone: str | None = None, url: str | None = None, text: str | None = None,
                 region: str | None = None, hours: str | None = None):
        _set(self, "name", name)
        _set(self, "phone", phone)
        _set(self, "url", url)
        _set(self, "text", text)
        _set(self, "region", region)
        _set(self, "hours", hours)


@_record
class Support(FrozenRecord):
    """The support page (F2): an introduction and contacts."""

    title: str
    body: str | None = None
    contacts: tuple[Contact, ...] = ()

    def __init__(self, *, title: str, body: str | None = None, contacts: tuple[Contact, ...] = ()):
        _set(self, "title", title)
        _set(self, "body", body)
        _set(self, "contacts", contacts)


@_record
class Course(FrozenRecord):
    """A whole course: its metadata and its modules in order."""

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

    def __init__(self, *, id: str, title: str, modules: tuple[Module, ...], format: int = 1,
                 subtitle: str | None = None, author: str | None = None, version: str | None = None,
                 language: str | None = None, description: str | None = None, min_days_between_modules: int = 7,
                 support: Support | None = None, root: Path | None = None):
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "modules", modules)
        _set(self, "format", format)
        _set(self, "subtitle", subtitle)
        _set(self, "author", author)
        _set(self, "version", version)
        _set(self, "language", language)
        _set(self, "description", description)
        _set(self, "min_days_between_modules", min_days_between_modules)
        _set(self, "support", support)
        _set(self, "root", root)

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
