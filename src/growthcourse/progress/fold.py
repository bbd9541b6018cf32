"""The fold: merged events of every device -> ``Progress`` for one course.

``fold(course, events)`` is pure and total: it never raises for any event
content and its result depends only on the *set* of events. It removes
duplicates by event id (conflict copies hold the same events twice) and sorts
by ``Event.order_key`` itself, so callers may pass events in any order, with
duplicates, from any number of files.

Events that cannot be applied to this course (an exercise, lesson or module
the course no longer has, an exercise whose kind changed, another course's
events, an unknown type or schema version, a malformed payload) are kept in
``Progress.unknown`` with a reason, never dropped. Reflection writing for an
exercise that is no longer a reflection is also kept in
``Progress.orphaned_reflections``.

Completion (see ``growthcourse.progress.completion``): after each event that
touches an exercise, the one rule ``is_complete`` is checked; the first event
after which it holds is the exercise's ``Completion``. A module is complete
when all its current required exercises are (a module without required
exercises: when each of its lessons has been opened), at the event that
completed the last of them.

Why this is safe when the course changes: every completion rule only turns
true as events are added, so progress never goes backwards because of events;
and the gating engine keeps open any module the learner has already worked in
(``Progress.first_activity``), so a course edit (say a required exercise added
to week 1 while the learner is in week 2) never locks week 2 again. Week 1
then simply shows the new exercise as not done. A module nobody has worked in
yet follows the course as it is now. This relies on one convention for
writers: record learner events (``LESSON_OPENED``, answers, revisions...) only
in a module that is open to the learner, and none in counsellor preview mode.

Performance: one linear pass after an O(n log n) sort (skipped when the input
is already in order with unique ids, as the store's list is); no copies of
events; lookups precomputed per course; the completion rule is checked only
until an exercise is complete; a lesson opened again builds no record.
"""

from __future__ import annotations

import gc
from array import array
from collections import Counter
from datetime import datetime, timezone
from itertools import islice
from operator import attrgetter, lt
from typing import Any, Callable, Iterable

from growthcourse.course.model import Course, Exercise, Module
from growthcourse.progress.completion import is_complete
from growthcourse.progress.facts import (
    Answer,
    CheckIn,
    ChecklistFacts,
    ChoiceFacts,
    Completion,
    ExerciseFacts,
    LessonVisit,
    ModuleCompletion,
    OrderKey,
    PracticeFacts,
    PracticeLog,
    Progress,
    Records,
    ReflectionFacts,
    Revision,
    ScaleFacts,
    ShareChange,
    Tick,
    UnknownEvent,
    Unlock,
    event_time,
)
from growthcourse.store import events as ev
from growthcourse.store.events import Event
from growthcourse.store.stored import STORED
from growthcourse.store.table import Columns, EventTable

_MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)
_EXERCISE_KINDS = ("reflection", "choice", "checklist", "scale", "practice")


def fold(course: Course, events: Iterable[Event]) -> Progress:
    """Fold any collection of events into the progress on ``course``."""
    return Fold(course, events).progress


class Fold:
    """A fold that can take more events later: what the app keeps while the learner works.

        folding = Fold(course, events)      # the same Progress as fold(course, events)
        folding.progress
        folding.table                       # the events folded, as an EventTable
        folding.extend([event])             # True: progress now includes it

    Given the store's ``EventTable`` (merged: ids distinct, in order), the fold
    reads its columns and keeps it as ``table``; any other collection of events
    is first made unique and ordered (``ordered_unique``) into a new table.

    ``extend`` applies events that come after everything folded so far (the
    events this device has just recorded: its clock has observed every event
    read, so they do) in a time independent of the history's length, and
    appends them to ``table``; it returns False, changing nothing, for events
    that do not, and the caller folds everything again. Either way the
    progress is what ``fold`` of all the events gives (a property test checks it).
    """

    def __init__(self, course: Course, events: Iterable[Event] = ()) -> None:
        # The fold creates one small record per event, none of them in cycles;
        # pausing the cyclic garbage collector meanwhile saves about a third of
        # the time on large logs. It is restored even if something fails.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if isinstance(events, EventTable) and events.ordered:
                table, rejected = events, []
            else:
                ordered, rejected = ordered_unique(events)
                table = EventTable.of(ordered, ordered=True)
            self.table = table
            self._folder = _Folder(course)
            self.progress = self._folder.run(table, rejected)
        finally:
            if collecting:
                gc.enable()

    def extend(self, events: Iterable[Event]) -> bool:
        """Apply ``events`` (in order, new ids, all after the last event folded); False if they are not."""
        events = list(events)
        keys = [_order_key(event) for event in events]
        last = self.table.last_key()
        if last is not None:
            keys.insert(0, last)
        if not _strictly_increasing(keys):
            return False
        table = self.table
        rows = [table.append(event) for event in events]
        self._folder.extend(table.columns, rows)
        return True


def ordered_unique(events: Iterable[Event]) -> tuple[list[Event], list[UnknownEvent]]:
    """Events without duplicates, in ``order_key`` order.

    Two *different* events sharing an id (damaged data) cannot both be
    applied: the first by a deterministic key is kept and the other returned
    as unknown, so the outcome never depends on the order files were read.
    """
    if not isinstance(events, (list, tuple)):
        events = list(events)
    if len(set(map(_event_id, events))) == len(events):
        # The usual case (the store's list is already merged by id): no
        # duplicates to resolve. Ids are unique, so no two keys are equal and
        # the order is total. The store's list is also already in order: when
        # the HLC milliseconds strictly increase, it is in ``order_key`` order
        # whatever the rest of the key, and building 100k key tuples to sort
        # it again costs more than this check (all in C).
        if _strictly_increasing(list(map(_hlc_ms, events))):
            return list(events), []
        return sorted(events, key=_order_key), []
    by_id: dict[str, Event] = {event.id: event for event in events}
    variants: dict[str, list[Event]] = {}
    if len(by_id) != len(events):  # duplicates: usually identical copies
        for event in events:
            kept = by_id[event.id]
            if kept is not event and kept != event:
                group = variants.setdefault(event.id, [kept])
                if all(other != event for other in group):
                    group.append(event)
    rejected: list[UnknownEvent] = []
    for event_id in sorted(variants):
        distinct = {_clash_key(event): event for event in variants[event_id]}
        keys = sorted(distinct)
        by_id[event_id] = distinct[keys[0]]
        rejected.extend(
            UnknownEvent(distinct[key], "another, different event has the same id") for key in keys[1:]
        )
    ordered = sorted(by_id.values(), key=_order_key)
    return ordered, rejected


_device = attrgetter("device")
_event_id = attrgetter("id")
_hlc_ms = attrgetter("hlc.ms")


def _strictly_increasing(values: list[Any]) -> bool:
    """Each value less than the next (False, not an error, for values that do not compare)."""
    try:
        return all(map(lt, values, islice(values, 1, None)))
    except TypeError:
        return False


def _unreadable(event: Event) -> str:
    if type(event.v) is int and event.v > ev.SCHEMA_VERSION:
        return f"written by a newer version of growthcourse (schema {event.v})"
    if event.type not in ev.EVENT_TYPES:
        return f"unknown event type {event.type!r}"
    return f"unsupported schema version {event.v!r}"


_order_key: Callable[[Event], OrderKey] = attrgetter("hlc.ms", "hlc.counter", "device", "id")
"""``Event.order_key`` as one C call (the sort calls it once per event)."""


def _clash_key(event: Event) -> tuple[Any, ...]:
    import json  # only for two events with one id (rare): json costs start-up time

    try:
        data = json.dumps(event.data, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        data = repr(event.data)
    return (event.order_key, str(event.wall), str(event.type), data, str(event.course), repr(event.v))


class _Makers:
    """Builds each kind of record from its row (what ``Records`` call when a record is read)."""

    def __init__(self, columns: Columns, series_of: dict[str, str]) -> None:
        self.columns = columns
        self.data = columns.data
        self.series_of = series_of

    def answer(self, row: int) -> Answer:
        return Answer(self.columns, row, self.data[row]["option"])

    def tick(self, row: int) -> Tick:
        data = self.data[row]
        return Tick(self.columns, row, data["item"], data.get("ticked", True))

    def check_in(self, row: int) -> CheckIn:
        data = self.data[row]
        exercise_id = data["exercise"]
        return CheckIn(self.columns, row, exercise_id, self.series_of[exercise_id], data["value"])

    def practice(self, row: int) -> PracticeLog:
        return PracticeLog(self.columns, row, self.data[row].get("note", ""))

    def revision(self, row: int) -> Revision:
        data = self.data[row]
        return Revision(self.columns, row, data["exercise"], data["text"], tuple(data.get("parents") or ()))

    def share_change(self, row: int) -> ShareChange:
        return ShareChange(self.columns, row, self.data[row]["shared"])


class _Folder:
    """One fold: precomputed course lookups, then one pass over the events."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.exercises: dict[str, Exercise] = {}
        self.module_of: dict[str, str] = {}
        for module in course.modules:
            for lesson in module.lessons:
                for exercise in lesson.exercises:
                    self.exercises.setdefault(exercise.id, exercise)
                    self.module_of.setdefault(exercise.id, module.id)
        # exercise id -> (exercise, kind, module id): one lookup per event
        self.lookup: dict[str, tuple[Exercise, str, str]] = {
            exercise_id: (exercise, exercise.kind, self.module_of[exercise_id])
            for exercise_id, exercise in self.exercises.items()
        }
        # Exercise id -> exercise, one table per kind: a handler's lookup and
        # kind check in one get (``lookup`` then only explains a miss).
        of_kind: dict[str, dict[str, Any]] = {kind: {} for kind in _EXERCISE_KINDS}
        for exercise_id, exercise in self.exercises.items():
            of_kind.setdefault(exercise.kind, {})[exercise_id] = exercise
        self.reflection_exercises = of_kind["reflection"]
        self.choice_exercises = of_kind["choice"]
        self.checklist_exercises = of_kind["checklist"]
        self.scale_exercises = of_kind["scale"]
        self.practice_exercises = of_kind["practice"]
        self.scale_series = {exercise_id: scale.series_key for exercise_id, scale in self.scale_exercises.items()}
        self.lessons: set[tuple[str, str]] = {
            (module.id, lesson.id) for module in course.modules for lesson in module.lessons
        }
        self.modules: dict[str, Module] = {module.id: module for module in course.modules}
        self.progress = progress = Progress(course_id=course.id)
        # The progress tables, held directly: the handlers use them once per event.
        self.completions = progress.completions
        self.first_activity = progress.first_activity
        self.first_visits = progress.first_visits
        self.reflections = progress.reflections
        self.choices = progress.choices
        self.checklists = progress.checklists
        self.scales = progress.scales
        self.practices = progress.practices
        self.series = progress.series
        self.start_walls: list[Event] = []
        self.columns = Columns()  # the columns of the rows being applied
        self.make = _Makers(self.columns, self.scale_series)
        self.unsettled: set[str] = set()  # reflections with revisions added since the last _finish
        # The row of the last LESSON_OPENED applied and its (module, lesson):
        # ``last_visit`` is built once at the end instead of one LessonVisit per event.
        self.last_opened: int | None = None
        self.last_opened_key: tuple[str, str] = ("", "")
        self.handlers: dict[str, Callable[[int, dict[str, Any]], str | None]] = {
            ev.REFLECTION_SAVED: self._reflection_saved,
            ev.REFLECTION_SHARED: self._reflection_shared,
            ev.CHOICE_ANSWERED: self._choice_answered,
            ev.ITEM_TICKED: self._item_ticked,
            ev.SCALE_RECORDED: self._scale_recorded,
            ev.PRACTICE_LOGGED: self._practice_logged,
            ev.LESSON_OPENED: self._lesson_opened,
            ev.MODULE_UNLOCKED: self._module_unlocked,
            ev.MODULE_COMPLETED: self._module_completed,
            ev.DEVICE_NAMED: self._device_named,
            ev.COURSE_STARTED: self._course_started,
        }

    # -- the pass ---------------------------------------------------------

    def run(self, table: EventTable, rejected: list[UnknownEvent]) -> Progress:
        progress = self.progress
        columns, order = table.columns, table.order
        self.make = _Makers(columns, self.scale_series)
        self._set_counts(columns, order, Counter())
        self._apply(columns, order)
        progress.unknown.extend(rejected)
        progress.event_count = len(order)
        progress.last_event = columns.event_as_held(order[-1]) if order else None
        self._finish()
        return progress

    def extend(self, columns: Columns, rows: list[int]) -> None:
        """Apply rows that come, in order, after every row applied so far."""
        if not rows:
            return
        progress = self.progress
        self._set_counts(columns, rows, Counter(progress.device_event_counts))
        self._apply(columns, rows)
        progress.event_count += len(rows)
        progress.last_event = columns.event_as_held(rows[-1])
        self._finish()

    def _set_counts(self, columns: Columns, rows: Iterable[int], counts: Counter[str]) -> None:
        by_number = Counter(map(columns.device.__getitem__, rows))
        devices = columns.devices
        for number, count in by_number.items():
            counts[devices[number]] += count
        self.progress.device_event_counts = dict(sorted(counts.items()))

    def _apply(self, columns: Columns, rows: Iterable[int]) -> None:
        self.columns = columns
        unknown = self.progress.unknown
        handler_of = [self.handlers.get(name) for name in columns.types]  # by type number
        type_of, course_of, versions, payloads = columns.type, columns.course, columns.v, columns.data
        course_number = columns.course_number(self.course.id)
        newest = ev.SCHEMA_VERSION
        # Every event of this schema version (the usual case, checked in C): no check per event.
        current = type(versions) is array and versions.count(newest) == len(versions)
        for row in rows:
            if course_of[row] != course_number:
                unknown.append(UnknownEvent(columns.event(row), f"belongs to another course ({columns.course_id(row)!r})"))
                continue
            handler = handler_of[type_of[row]]
            if handler is None or not current and (type(versions[row]) is not int or versions[row] > newest):
                event = columns.event(row)
                unknown.append(UnknownEvent(event, _unreadable(event)))
                continue
            data = payloads[row]
            try:
                # ``type(...) is dict`` first: the exact check is cheaper than isinstance.
                if type(data) is not dict and not isinstance(data, dict):
                    raise TypeError("payload is not a table")
                problem = handler(row, data)
            except _MALFORMED:
                problem = f"malformed {columns.type_name(row)} payload"
            if problem is not None:
                unknown.append(UnknownEvent(columns.event(row), problem))

    def _finish(self) -> None:
        progress = self.progress
        last = self.last_opened
        if last is not None:
            first = progress.first_visits[self.last_opened_key]
            columns = self.columns
            # The same record when the last opening was also the first one.
            if first._src is columns and first._row == last:
                progress.last_visit = first
            else:
                progress.last_visit = LessonVisit(columns, last, *self.last_opened_key)
        for table in (progress.reflections, progress.orphaned_reflections):
            for exercise_id in self.unsettled:
                facts = table.get(exercise_id)
                if facts is not None:
                    self._settle(facts)
        self.unsettled.clear()
        candidates = [event_time(e) for e in self.start_walls]
        candidates += [event_time(e) for e in progress.first_activity.values()]
        progress.started_at = min(candidates) if candidates else None
        progress.module_completions = _module_completions(self.course, progress)

    def _settle(self, facts: ReflectionFacts) -> None:
        """``ReflectionFacts._settle`` from the rows: heads and current without building every revision."""
        revisions = facts.revisions
        if not isinstance(revisions, Records):
            facts._settle()
            return
        columns, payloads, rows = self.columns, self.columns.data, revisions.rows
        named = {parent for row in rows for parent in payloads[row].get("parents") or ()}
        heads = [row for row in rows if columns.id(row) not in named] if named else list(rows)
        for row in heads:  # the texts the learner works on stay in memory (``store.stored``)
            columns.pin(row)
        facts.heads = tuple(map(self.make.revision, heads))
        if facts.heads:
            facts.current = facts.heads[-1]
        else:  # every revision named as a parent: a cycle in damaged data
            facts.current = revisions[-1] if rows else None

    # -- helpers ----------------------------------------------------------

    def _not_applicable(self, exercise_id: Any, kind: str) -> str:
        """Why an event naming ``exercise_id`` cannot apply to an exercise of ``kind``."""
        if not isinstance(exercise_id, str):
            raise TypeError("exercise id is not text")
        entry = self.lookup.get(exercise_id)
        if entry is None:
            return f"names exercise {exercise_id!r}, which this course no longer has"
        return f"exercise {exercise_id!r} is now a {entry[1]}, not a {kind}"

    def _touched(self, exercise: Exercise, facts: ExerciseFacts, row: int) -> None:
        """After an event on an exercise not complete yet: record its first
        completion and the module's first activity.

        Handlers call it only while the exercise is not in ``completions``:
        once complete, both are already recorded (this records the completion
        after the module's activity), so later events need neither check."""
        exercise_id = exercise.id
        if is_complete(exercise, facts):
            self.completions[exercise_id] = Completion(self.columns, row)
        module_id = self.module_of[exercise_id]
        if module_id not in self.first_activity:
            self.first_activity[module_id] = self.columns.event_as_held(row)

    # -- handlers: return None when applied, else the reason in words --------
    # The exercise handlers share one shape: check the payload's types, look
    # the exercise up (``lookup``: exercise, kind, module id), append the
    # record to its facts, then ``_touched`` while it is not complete.

    def _reflection_facts(self, exercise_id: str) -> tuple[Exercise | None, ReflectionFacts, str | None]:
        """The facts a reflection event goes to: the course's reflection, or (for an
        id the course no longer has as a reflection) the orphaned writing, kept."""
        exercise = self.reflection_exercises.get(exercise_id)
        if exercise is not None:
            problem = None
            table = self.reflections
        else:
            problem = self._not_applicable(exercise_id, "reflection")
            table = self.progress.orphaned_reflections
        facts = table.get(exercise_id)
        if facts is None:
            make = self.make
            facts = table[exercise_id] = ReflectionFacts(
                exercise_id, Records(make.revision), Records(make.share_change)
            )
        return exercise, facts, problem

    def _reflection_saved(self, row: int, data: dict[str, Any]) -> str | None:
        text = data["text"]
        parents = data.get("parents") or ()
        if not (isinstance(text, str) or text is STORED) or not isinstance(parents, (list, tuple)):
            raise TypeError("text or parents")
        for parent in parents:
            if not isinstance(parent, str):
                raise TypeError("parents")
        exercise_id = data["exercise"]
        exercise, facts, problem = self._reflection_facts(exercise_id)
        facts.revisions.rows.append(row)
        self.unsettled.add(exercise_id)
        if problem is None and exercise_id not in self.completions:
            self._touched(exercise, facts, row)
        return problem

    def _reflection_shared(self, row: int, data: dict[str, Any]) -> str | None:
        shared = data["shared"]
        if not isinstance(shared, bool):
            raise TypeError("shared")
        exercise_id = data["exercise"]
        exercise, facts, problem = self._reflection_facts(exercise_id)
        facts.share_changes.rows.append(row)
        if problem is None and exercise_id not in self.completions:
            self._touched(exercise, facts, row)
        return problem

    def _choice_answered(self, row: int, data: dict[str, Any]) -> str | None:
        option = data["option"]
        if type(option) is not int:
            raise TypeError("option")
        exercise_id = data["exercise"]
        exercise = self.choice_exercises.get(exercise_id)
        if exercise is None:
            return self._not_applicable(exercise_id, "choice")
        if not 0 <= option < len(exercise.options):
            return f"answer {option} to {exercise_id!r}, which now has {len(exercise.options)} options"
        facts = self.choices.get(exercise_id)
        if facts is None:
            facts = self.choices[exercise_id] = ChoiceFacts(exercise_id, Records(self.make.answer))
        facts.answers.rows.append(row)
        if exercise_id not in self.completions:
            self._touched(exercise, facts, row)
        return None

    def _item_ticked(self, row: int, data: dict[str, Any]) -> str | None:
        item = data["item"]
        ticked = data.get("ticked", True)
        if type(item) is not int or not isinstance(ticked, bool):
            raise TypeError("item or ticked")
        exercise_id = data["exercise"]
        exercise = self.checklist_exercises.get(exercise_id)
        if exercise is None:
            return self._not_applicable(exercise_id, "checklist")
        if not 0 <= item < len(exercise.items):
            return f"ticks item {item} of {exercise_id!r}, which now has {len(exercise.items)} items"
        facts = self.checklists.get(exercise_id)
        if facts is None:
            facts = self.checklists[exercise_id] = ChecklistFacts(exercise_id, Records(self.make.tick))
        facts.ticks.rows.append(row)
        facts.ticked[item] = ticked
        if ticked:
            facts.ever_ticked.add(item)
        if exercise_id not in self.completions:
            self._touched(exercise, facts, row)
        return None

    def _scale_recorded(self, row: int, data: dict[str, Any]) -> str | None:
        value = data["value"]
        if type(value) is not int:
            raise TypeError("value")
        exercise_id = data["exercise"]
        exercise = self.scale_exercises.get(exercise_id)
        if exercise is None:
            return self._not_applicable(exercise_id, "scale")
        low, high = exercise.min, exercise.max
        if not low <= value <= high:
            return f"value {value} for {exercise_id!r}, whose scale is now {low} to {high}"
        series = self.scale_series[exercise_id]  # exercise.series_key, computed once per scale
        facts = self.scales.get(exercise_id)
        if facts is None:
            facts = self.scales[exercise_id] = ScaleFacts(exercise_id, series, Records(self.make.check_in))
        facts.check_ins.rows.append(row)
        line = self.series.get(series)
        if line is None:
            line = self.series[series] = Records(self.make.check_in)
        line.rows.append(row)
        if exercise_id not in self.completions:
            self._touched(exercise, facts, row)
        return None

    def _practice_logged(self, row: int, data: dict[str, Any]) -> str | None:
        note = data.get("note", "")
        if not isinstance(note, str):
            raise TypeError("note")
        exercise_id = data["exercise"]
        exercise = self.practice_exercises.get(exercise_id)
        if exercise is None:
            return self._not_applicable(exercise_id, "practice")
        facts = self.practices.get(exercise_id)
        if facts is None:
            facts = self.practices[exercise_id] = PracticeFacts(exercise_id, Records(self.make.practice))
        facts.logs.rows.append(row)
        if exercise_id not in self.completions:
            self._touched(exercise, facts, row)
        return None

    def _lesson_opened(self, row: int, data: dict[str, Any]) -> str | None:
        module_id, lesson_id = data["module"], data["lesson"]
        if not isinstance(module_id, str) or not isinstance(lesson_id, str):
            raise TypeError("module or lesson")
        key = (module_id, lesson_id)
        first_visits = self.first_visits
        if key not in first_visits:
            if key not in self.lessons:
                if module_id not in self.modules:
                    return f"opens a lesson in module {module_id!r}, which this course no longer has"
                return f"opens lesson {lesson_id!r} of {module_id!r}, which this course no longer has"
            first_visits[key] = LessonVisit(self.columns, row, module_id, lesson_id)
            if module_id not in self.first_activity:
                self.first_activity[module_id] = self.columns.event_as_held(row)
        # A lesson opened before: its module's first activity is already recorded.
        self.last_opened = row
        self.last_opened_key = key
        return None

    def _module_unlocked(self, row: int, data: dict[str, Any]) -> str | None:
        module_id = data["module"]
        reason = data.get("reason", "")
        if not isinstance(module_id, str) or not isinstance(reason, str):
            raise TypeError("module or reason")
        if module_id not in self.modules:
            return f"unlocks module {module_id!r}, which this course no longer has"
        self.progress.unlocks.setdefault(module_id, []).append(Unlock(self.columns, row, module_id, reason))
        return None

    def _module_completed(self, row: int, data: dict[str, Any]) -> str | None:
        module_id = data["module"]
        at = data["at"]
        if not isinstance(module_id, str) or not isinstance(at, str):
            raise TypeError("module or at")
        if module_id not in self.modules:
            return f"completes module {module_id!r}, which this course no longer has"
        recorded = self.progress.recorded_completions
        if module_id not in recorded:  # events arrive in order: the first is the earliest
            recorded[module_id] = ModuleCompletion(_parse_wall(at), self.columns.event(row))
        return None

    def _device_named(self, row: int, data: dict[str, Any]) -> str | None:
        name = data["name"]
        if not isinstance(name, str):
            raise TypeError("name")
        if name.strip():
            self.progress.device_names[self.columns.device_id(row)] = name.strip()
        return None

    def _course_started(self, row: int, data: dict[str, Any]) -> str | None:
        self.start_walls.append(self.columns.event(row))
        return None


def _module_completions(course: Course, progress: Progress) -> dict[str, ModuleCompletion]:
    """When each module became complete: a recorded ``module_completed`` event
    (completion stays, whatever later edits of the course add), else the event
    that completed the last of its current required exercises (or opened the
    last of its lessons, for a module without required exercises)."""
    result: dict[str, ModuleCompletion] = {}
    recorded = progress.recorded_completions
    for module in course.modules:
        if module.id in recorded:
            result[module.id] = recorded[module.id]
            continue
        required = [exercise for exercise in module.exercises() if exercise.required]
        if required:
            done = [progress.completions.get(exercise.id) for exercise in required]
        else:
            done = [progress.first_visits.get((module.id, lesson.id)) for lesson in module.lessons]
        if not done:
            result[module.id] = ModuleCompletion(None, None)  # no lessons at all
        elif all(done):
            last = max(done, key=_record_key)  # type: ignore[arg-type]
            result[module.id] = ModuleCompletion(last.time, last.event)  # type: ignore[union-attr]
    return result


def _parse_wall(text: str) -> datetime:
    """An ISO 8601 wall time as an aware UTC datetime (ValueError when it is not one)."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("wall time without a zone")
    return value.astimezone(timezone.utc)


def completions_to_record(course: Course, progress: Progress) -> list[dict[str, str]]:
    """``module_completed`` payloads for modules now complete but not yet recorded.

    Whoever appends a learner event (the app's session, the CLI) appends these
    right after, so a module once complete stays complete even if the course
    file later gains a required exercise. Recording twice (two devices) is
    harmless: the earliest record counts.
    """
    payloads = []
    for module in course.modules:
        completion = progress.module_completions.get(module.id)
        if completion is None or completion.event is None or module.id in progress.recorded_completions:
            continue
        payloads.append({"module": module.id, "at": completion.event.wall})
    return payloads


def _record_key(record: Any) -> OrderKey:
    return record.order_key
