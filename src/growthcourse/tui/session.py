"""The learner's session: the course, its events, and the state the engine derives.

Screens read what they show from ``Session.state`` (a
``growthcourse.progress.CourseState``) and record through the session; every
rule (what is open, complete, where to resume) stays in ``growthcourse.progress``.
The session only keeps events and state together, refreshes the state when
the time or the events change, and records nothing in preview mode.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from growthcourse.course.model import Course, Lesson, Module
from growthcourse.progress import (
    CourseState,
    ExerciseState,
    Fold,
    LessonState,
    ModuleState,
    completions_to_record,
    course_state,
)
from growthcourse.store import events as ev
from growthcourse.store.fsutil import StorageError
from growthcourse.store.table import EventTable

if TYPE_CHECKING:
    from growthcourse.store.datastore import DataStore

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, as an aware local time."""
    return datetime.now().astimezone()


class Session:
    def __init__(
        self,
        course: Course,
        store: "DataStore | None" = None,
        *,
        preview: bool = False,
        clock: Clock = system_clock,
        tz: tzinfo | None = None,
        data_dir: Path | str | None = None,
        warning: str | None = None,
    ) -> None:
        self.course = course
        self.store = store
        self.preview = preview
        self.clock = clock
        self.tz = tz
        self.data_dir = Path(data_dir) if data_dir is not None else (store.data_dir if store else None)
        self.warning = warning
        """A problem with the data folder the learner should know about (None when all is well)."""
        self.events: EventTable = EventTable()
        if store is not None and not preview:
            try:
                self.events = store.events(course.id)
            except StorageError as error:
                self.warning = self.warning or f"Your earlier progress could not be read. {error}"
        self.first_start = not self.events.rows_of(ev.COURSE_STARTED)
        """No device has started this course yet: the app shows About as a welcome.

        "Seen" is the course_started event itself rather than a local flag: the
        log records the start anyway (days since start, ``opens_on_day``), it
        syncs, so a learner moving to a second machine is not welcomed as a
        stranger, and it needs no extra file or event type."""
        self.state: CourseState = self._derive()

    # -- deriving state -------------------------------------------------------

    def _derive(self) -> CourseState:
        self._fold(self.events)
        return self._state_at(self.clock())

    def _fold(self, events: EventTable) -> None:
        self._folding = Fold(self.course, events)
        self.events = self._folding.table
        self._progress = self._folding.progress

    def _take(self, new: list[ev.Event]) -> None:
        """Fold in events this device just recorded: only them, not the whole history again.

        ``Fold.extend`` appends them to ``events`` when it applies them."""
        if not self._folding.extend(new):
            self.events.extend(new)
            self._fold(self.events)

    def _state_at(self, now: datetime) -> CourseState:
        return course_state(self.course, self._progress, now, self.tz, preview=self.preview)

    def refresh(self) -> bool:
        """Re-derive the state for the current time; True when what a learner sees changed."""
        state = self._state_at(self.clock())
        changed = _visible_state(state) != _visible_state(self.state)
        self.state = state
        return changed

    def reload(self) -> bool:
        """Take in events another device synced into the data folder meanwhile; True when any arrived.

        The log is append-only and merged without duplicates, so more events
        means something new. A folder that cannot be read now keeps what is shown.
        """
        if self.store is None or self.preview:
            return False
        try:
            events = self.store.events(self.course.id)
        except StorageError:
            return False
        if len(events) == len(self.events):
            return False
        self.events = events
        self._fold(events)
        return True

    def module(self, module_id: str) -> ModuleState:
        state = self.state.module(module_id)
        if state is None:
            raise KeyError(module_id)
        return state

    def is_open(self, module_id: str) -> bool:
        return self.module(module_id).is_open

    def lesson_done(self, module_id: str, lesson_id: str) -> bool:
        lesson = self.state.lesson(module_id, lesson_id)
        return lesson is not None and lesson.complete

    def lesson_state(self, module_id: str, lesson_id: str) -> LessonState | None:
        return self.state.lesson(module_id, lesson_id)

    def exercise_done(self, exercise_id: str) -> bool:
        exercise = self.state.exercise(exercise_id)
        return exercise is not None and exercise.complete

    def exercise_state(self, exercise_id: str) -> ExerciseState | None:
        return self.state.exercise(exercise_id)

    def resume(self) -> tuple[Module, Lesson] | None:
        if self.state.resume is None:
            return None
        module_id, lesson_id = self.state.resume
        module = self.course.module(module_id)
        lesson = module.lesson(lesson_id) if module else None
        return (module, lesson) if module is not None and lesson is not None else None

    # -- navigation (course order, open modules only) ---------------------------

    def open_lessons(self) -> list[tuple[Module, Lesson]]:
        return [
            (module, lesson)
            for module in self.course.modules
            if self.is_open(module.id)
            for lesson in module.lessons
        ]

    def neighbour(self, module_id: str, lesson_id: str, step: int) -> tuple[Module, Lesson] | None:
        """The open lesson ``step`` places before (-1) or after (+1) this one in course order."""
        lessons = self.open_lessons()
        keys = [(module.id, lesson.id) for module, lesson in lessons]
        try:
            index = keys.index((module_id, lesson_id))
        except ValueError:
            return None
        target = index + step
        return lessons[target] if 0 <= target < len(lessons) else None

    # -- recording -----------------------------------------------------------

    @property
    def can_record(self) -> bool:
        return not self.preview and self.store is not None

    def record(self, type_: str, data: dict[str, Any]) -> bool:
        """Append one event and re-derive the state; False when nothing was written.

        A write that fails keeps its message in ``warning`` (nothing is lost:
        the event log is append-only and the learner's place is still shown).
        """
        if not self.can_record:
            return False
        try:
            written = self.store.record(self.course.id, type_, data)  # with this device's name, the first time
        except StorageError as error:
            self.warning = f"Your progress could not be saved. {error}"
            return False
        self._take(written)
        self.state = self._state_at(self.clock())
        self._record_completions()
        return True

    def _record_completions(self) -> None:
        """Record modules this event completed, so they stay complete whatever
        later edits of the course add (the rule lives in the progress engine)."""
        payloads = completions_to_record(self.course, self._progress)
        if not payloads:
            return
        try:
            for payload in payloads:
                self._take(self.store.record(self.course.id, ev.MODULE_COMPLETED, payload))
        except StorageError as error:
            # The completing event itself is saved; the record is written next time.
            self.warning = f"Your progress could not be saved. {error}"
        self.state = self._state_at(self.clock())

    def start_course(self) -> bool:
        """Record that this device started the course (once per device); True when recorded now."""
        if not self.can_record:
            return False
        device = self.store.device_id
        if self.events.rows_of(ev.COURSE_STARTED, device):
            return False
        return self.record(ev.COURSE_STARTED, {})

    def open_lesson(self, module_id: str, lesson_id: str) -> bool:
        """Record that a lesson was opened (where "Continue" takes the learner next time)."""
        return self.record(ev.LESSON_OPENED, {"module": module_id, "lesson": lesson_id})


def _visible_state(state: CourseState) -> tuple:
    """The parts of a state a screen shows (``now`` changes every call; it is not shown)."""
    return (
        state.days_since_start,
        state.resume,
        tuple((m.status, m.reason, m.done, m.total, tuple(l.complete for l in m.lessons)) for m in state.modules),
    )
