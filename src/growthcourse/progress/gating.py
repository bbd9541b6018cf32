"""The gating engine: (course, progress, now) -> what is open, done and next.

``course_state(course, progress, now, tz=None, preview=False)`` is pure: the
same inputs always give the same ``CourseState``. ``now`` must be aware; ``tz``
is the learner's time zone for "00:00 local time" (None: the system's zone).
Export uses ``now=progress.last_event_at`` so two synced devices agree.

A module is, in this order of precedence:

- ``complete``: see ``growthcourse.progress.fold`` (completion stays);
- open (``open`` if nothing done yet, else ``in_progress``) when any of:
  preview mode (a counsellor looking through the course); a counsellor
  unlocked it; the learner has already worked in it (a module once open stays
  open, whatever later edits of the course say); or all its gates hold:
  every module in ``after`` is complete, the ``min_days`` wait is over (it
  opens at 00:00 local time on the day ``min_days`` calendar days after the
  last prerequisite was completed; no effect when ``after`` is empty or
  ``min_days`` is 0), and the ``opens_on_day`` wait is over (00:00 local time
  ``opens_on_day`` calendar days after the start: the earliest start on any
  device, or now for a course not started yet);
- otherwise ``locked``, with ``reason`` in words ("Complete Week 2 first",
  "Opens tomorrow", "Opens Tue 8 Dec, in 3 days") and ``opens_at`` when the
  wait is only for a date.

Counts (``done``/``total``) are over required exercises. A lesson is complete
when its required exercises are; a lesson without required exercises once it
has been opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from growthcourse.course.model import Course, Exercise, FrozenRecord, Lesson, Module
from growthcourse.progress.facts import ExerciseFacts, Progress, ReflectionFacts
from growthcourse.progress.wording import local_midnight, opening_phrase, quoted, to_local, waiting_phrase

_set = object.__setattr__
_record = dataclass(init=False, repr=False, eq=False)
"""Frozen dataclasses whose methods are written out (see ``FrozenRecord``): no code generated at import."""

ModuleStatus = Literal["locked", "open", "in_progress", "complete"]

STATUS_WORDS: dict[str, str] = {
    "locked": "locked",
    "open": "open",
    "in_progress": "in progress",
    "complete": "complete",
}
"""How to say each status in words (state is never shown by colour alone)."""


@_record
class ExerciseState(FrozenRecord):
    """One exercise: done or not, since when, and its facts (None: nothing recorded)."""

    exercise: Exercise
    complete: bool
    completed_at: datetime | None
    facts: ExerciseFacts | None

    def __init__(
        self, exercise: Exercise, complete: bool, completed_at: datetime | None, facts: ExerciseFacts | None
    ):
        _set(self, "exercise", exercise)
        _set(self, "complete", complete)
        _set(self, "completed_at", completed_at)
        _set(self, "facts", facts)

    @property
    def id(self) -> str:
        return self.exercise.id

    @property
    def kind(self) -> str:
        return self.exercise.kind

    @property
    def required(self) -> bool:
        return self.exercise.required

    @property
    def label(self) -> str:
        return self.exercise.label

    @property
    def conflicted(self) -> bool:
        """A reflection edited on two devices (more than one head revision)."""
        return isinstance(self.facts, ReflectionFacts) and self.facts.conflicted


@_record
class LessonState(FrozenRecord):
    """A lesson's state: opened or not, and its exercises done."""

    lesson: Lesson
    module_id: str
    exercises: tuple[ExerciseState, ...]
    opened: bool
    done: int
    """Required exercises complete."""
    total: int
    """Required exercises."""
    complete: bool

    def __init__(
        self, lesson: Lesson, module_id: str, exercises: tuple[ExerciseState, ...], opened: bool, done: int,
        total: int, complete: bool
    ):
        _set(self, "lesson", lesson)
        _set(self, "module_id", module_id)
        _set(self, "exercises", exercises)
        _set(self, "opened", opened)
        _set(self, "done", done)
        _set(self, "total", total)
        _set(self, "complete", complete)

    @property
    def id(self) -> str:
        return self.lesson.id

    @property
    def title(self) -> str:
        return self.lesson.title


@_record
class ModuleState(FrozenRecord):
    """A module's state (locked, open, in progress, complete) and why it is locked."""

    module: Module
    status: ModuleStatus
    done: int
    """Required exercises complete."""
    total: int
    """Required exercises."""
    lessons: tuple[LessonState, ...]
    reason: str | None
    """Why it is locked, in words; None unless locked."""
    opens_at: datetime | None
    """When the date gates open (aware, in ``tz``), past or future; None when
    waiting for other modules or when there is no date gate."""
    waiting_for: tuple[str, ...]
    """Ids of modules in ``after`` that are not complete yet (course order)."""
    unlocked_by_counsellor: bool
    unlock_reason: str | None
    completed_at: datetime | None

    def __init__(
        self, module: Module, status: ModuleStatus, done: int, total: int, lessons: tuple[LessonState, ...],
        reason: str | None, opens_at: datetime | None, waiting_for: tuple[str, ...], unlocked_by_counsellor: bool,
        unlock_reason: str | None, completed_at: datetime | None
    ):
        _set(self, "module", module)
        _set(self, "status", status)
        _set(self, "done", done)
        _set(self, "total", total)
        _set(self, "lessons", lessons)
        _set(self, "reason", reason)
        _set(self, "opens_at", opens_at)
        _set(self, "waiting_for", waiting_for)
        _set(self, "unlocked_by_counsellor", unlocked_by_counsellor)
        _set(self, "unlock_reason", unlock_reason)
        _set(self, "completed_at", completed_at)

    @property
    def id(self) -> str:
        return self.module.id

    @property
    def title(self) -> str:
        return self.module.title

    @property
    def locked(self) -> bool:
        return self.status == "locked"

    @property
    def is_open(self) -> bool:
        """Open to the learner (open, in progress or complete)."""
        return self.status != "locked"

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]

    def lesson(self, lesson_id: str) -> LessonState | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)


@_record
class CourseState(FrozenRecord):
    """The state of every module at ``now``, and where to resume."""

    course: Course
    progress: Progress
    now: datetime
    tz: tzinfo | None
    preview: bool
    started: bool
    """Whether any device has started the course."""
    started_at: datetime
    """The start used for ``opens_on_day``: the earliest start, or now."""
    days_since_start: int
    """Calendar days since the start, local time (0 on the first day)."""
    modules: tuple[ModuleState, ...]
    resume: tuple[str, str] | None
    """(module id, lesson id) to open when the learner comes back."""
    next_opening: datetime | None
    """The soonest ``opens_at`` among locked modules."""
    next_opening_module: str | None
    next_step: str
    """What to do next, in one calm sentence."""

    def __init__(
        self, course: Course, progress: Progress, now: datetime, tz: tzinfo | None, preview: bool, started: bool,
        started_at: datetime, days_since_start: int, modules: tuple[ModuleState, ...],
        resume: tuple[str, str] | None, next_opening: datetime | None, next_opening_module: str | None,
        next_step: str
    ):
        _set(self, "course", course)
        _set(self, "progress", progress)
        _set(self, "now", now)
        _set(self, "tz", tz)
        _set(self, "preview", preview)
        _set(self, "started", started)
        _set(self, "started_at", started_at)
        _set(self, "days_since_start", days_since_start)
        _set(self, "modules", modules)
        _set(self, "resume", resume)
        _set(self, "next_opening", next_opening)
        _set(self, "next_opening_module", next_opening_module)
        _set(self, "next_step", next_step)

    @property
    def done(self) -> int:
        return sum(module.done for module in self.modules)

    @property
    def total(self) -> int:
        return sum(module.total for module in self.modules)

    @property
    def complete(self) -> bool:
        return all(module.complete for module in self.modules)

    def module(self, module_id: str) -> ModuleState | None:
        return next((module for module in self.modules if module.id == module_id), None)

    def lesson(self, module_id: str, lesson_id: str) -> LessonState | None:
        module = self.module(module_id)
        return module.lesson(lesson_id) if module is not None else None

    def exercise(self, exercise_id: str) -> ExerciseState | None:
        for module in self.modules:
            for lesson in module.lessons:
                for exercise in lesson.exercises:
                    if exercise.id == exercise_id:
                        return exercise
        return None

    def module_of(self, exercise_id: str) -> ModuleState | None:
        """The module holding an exercise (e.g. to refuse work in a locked one)."""
        for module in self.modules:
            if any(exercise.id == exercise_id for exercise in module.module.exercises()):
                return module
        return None

    def conflicted(self) -> list[ExerciseState]:
        """Reflections edited on two devices, in course order."""
        return [
            exercise
            for module in self.modules
            for lesson in module.lessons
            for exercise in lesson.exercises
            if exercise.conflicted
        ]


def course_state(
    course: Course,
    progress: Progress,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    preview: bool = False,
) -> CourseState:
    """Where the learner stands on ``course`` at ``now`` (see the module docstring)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    if progress.course_id != course.id:
        raise ValueError(f"progress is for course {progress.course_id!r}, not {course.id!r}")
    started = progress.started_at is not None
    start = min(progress.started_at, now) if progress.started_at is not None else now
    today = to_local(now, tz).date()
    start_day = to_local(start, tz).date()
    titles = {module.id: module.title for module in course.modules}
    order = {module.id: index for index, module in enumerate(course.modules)}

    modules = tuple(
        _module_state(module, progress, now, tz, start_day, preview, titles, order)
        for module in course.modules
    )
    resume = _resume(modules, progress)
    locked_dates = [(m.opens_at, m.id) for m in modules if m.locked and m.opens_at is not None]
    next_opening, next_module = min(locked_dates, key=lambda pair: pair[0]) if locked_dates else (None, None)
    state = CourseState(
        course=course,
        progress=progress,
        now=now,
        tz=tz,
        preview=preview,
        started=started,
        started_at=start,
        days_since_start=max(0, (today - start_day).days),
        modules=modules,
        resume=resume,
        next_opening=next_opening,
        next_opening_module=next_module,
        next_step="",
    )
    object.__setattr__(state, "next_step", _next_step(state))
    return state


def _module_state(
    module: Module,
    progress: Progress,
    now: datetime,
    tz: tzinfo | None,
    start_day: date,
    preview: bool,
    titles: dict[str, str],
    order: dict[str, int],
) -> ModuleState:
    completions = progress.module_completions
    lessons = tuple(_lesson_state(module, lesson, progress) for lesson in module.lessons)
    done = sum(lesson.done for lesson in lessons)
    total = sum(lesson.total for lesson in lessons)
    completion = completions.get(module.id)
    unlock = progress.unlocked(module.id)
    entered = module.id in progress.first_activity

    # Prerequisites the course no longer has cannot be waited for.
    waiting = tuple(sorted((p for p in module.after if p in titles and p not in completions), key=order.__getitem__))
    opens_at = None
    if not waiting:
        dates = []
        if module.after and module.min_days > 0:
            times = [completions[p].at for p in module.after if p in completions and completions[p].at is not None]
            if times:
                last_day = to_local(max(times), tz).date()  # type: ignore[type-var]
                dates.append(local_midnight(last_day + timedelta(days=module.min_days), tz))
        if module.opens_on_day > 0:
            dates.append(local_midnight(start_day + timedelta(days=module.opens_on_day), tz))
        opens_at = max(dates) if dates else None
    gates_hold = not waiting and (opens_at is None or opens_at <= now)

    reason = None
    if completion is not None:
        status: ModuleStatus = "complete"
    elif preview or unlock is not None or entered or gates_hold:
        status = "in_progress" if entered or done else "open"
    else:
        status = "locked"
        if waiting:
            reason = waiting_phrase([titles[p] for p in waiting])
        else:
            reason = opening_phrase(opens_at, now, tz)  # type: ignore[arg-type]
    return ModuleState(
        module=module,
        status=status,
        done=done,
        total=total,
        lessons=lessons,
        reason=reason,
        opens_at=opens_at,
        waiting_for=waiting,
        unlocked_by_counsellor=unlock is not None,
        unlock_reason=unlock.reason if unlock is not None else None,
        completed_at=completion.at if completion is not None else None,
    )


def _lesson_state(module: Module, lesson: Lesson, progress: Progress) -> LessonState:
    exercises = []
    for exercise in lesson.exercises:
        completion = progress.completions.get(exercise.id)
        exercises.append(
            ExerciseState(
                exercise=exercise,
                complete=completion is not None,
                completed_at=completion.time if completion is not None else None,
                facts=progress.facts(exercise.id),
            )
        )
    required = [state for state in exercises if state.required]
    done = sum(1 for state in required if state.complete)
    opened = (module.id, lesson.id) in progress.first_visits
    complete = done == len(required) if required else opened
    return LessonState(
        lesson=lesson,
        module_id=module.id,
        exercises=tuple(exercises),
        opened=opened,
        done=done,
        total=len(required),
        complete=complete,
    )


def _first_incomplete(modules: tuple[ModuleState, ...]) -> tuple[ModuleState, LessonState] | None:
    """The first incomplete lesson of the first open, not yet complete module."""
    for module in modules:
        if module.is_open and not module.complete:
            for lesson in module.lessons:
                if not lesson.complete:
                    return module, lesson
    return None


def _resume(modules: tuple[ModuleState, ...], progress: Progress) -> tuple[str, str] | None:
    visit = progress.last_visit
    if visit is not None:
        module = next((m for m in modules if m.id == visit.module_id), None)
        if module is not None and module.is_open:
            return visit.module_id, visit.lesson_id
    found = _first_incomplete(modules)
    if found is not None:
        return found[0].id, found[1].id
    for module in modules:
        if module.is_open and module.lessons:
            return module.id, module.lessons[0].id
    return None


def _next_step(state: CourseState) -> str:
    if state.resume is not None and state.progress.last_visit is not None:
        module = state.module(state.resume[0])
        lesson = state.lesson(*state.resume)
        if module is not None and lesson is not None and not lesson.complete and not module.complete:
            return f"Continue \u201c{lesson.title}\u201d in {quoted(module.title)}."
    found = _first_incomplete(state.modules)
    if found is not None:
        module, lesson = found
        verb = "Start with" if not state.started else "Next:"
        return f"{verb} \u201c{lesson.title}\u201d in {quoted(module.title)}."
    if state.complete:
        return "You have completed every module. Well done for staying with it."
    if state.next_opening is not None and state.next_opening_module is not None:
        module = state.module(state.next_opening_module)
        phrase = opening_phrase(state.next_opening, state.now, state.tz)
        return f"Everything open is done. {quoted(module.title)} {phrase[0].lower()}{phrase[1:]}."  # type: ignore[union-attr]
    return "Everything open is done. Take your time; nothing else is waiting for you right now."
