"""Facts folded from events: what the learner did, per exercise, by which device and when.

These objects are built by ``growthcourse.progress.fold.fold`` and are
read-only for everyone else (they are plain slotted classes for speed; do
not mutate them). They are not dataclasses: ``@dataclass`` compiles methods
and rebuilds each slotted class at import (about 3 ms for this module, on
every start of the app and every command; issue 7). The ``_Slotted``
metaclass makes the slots from the annotations, ``_Fact`` gives the ``repr``
and ``==`` a dataclass would (and, like any mutable dataclass, no hash), and
each class writes its ``__init__``.

Every record refers to the event it came from (its row in the read's
``growthcourse.store.table.Columns``, so 100,000 records do not keep 100,000
``Event`` objects alive), so ``record.event``, ``record.id``,
``record.device``, ``record.time`` (aware UTC datetime) and
``record.order_key`` are always available for display and export.

Lists are always in event order (``Event.order_key``: hybrid logical clock,
then device id, then event id), which is the same on every device.
"""

from __future__ import annotations

from array import array
from operator import eq
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Sequence, Union

from growthcourse.store.events import Event
from growthcourse.store.stored import STORED
from growthcourse.store.table import Columns


class _Slotted(type):
    """Gives a fact class the slots and field list ``@dataclass(slots=True)`` would, without its work.

    The fields are the class's annotations (after those of its bases);
    class-level defaults are only documentation, since every ``__init__`` sets
    every field. A field whose name starts with ``_`` is a cache: not shown by
    ``repr`` and not compared.
    """

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> "_Slotted":
        own = [key for key in namespace.get("__annotations__", {}) if key not in namespace.get("__slots__", ())]
        for key in own:
            namespace.pop(key, None)  # a class attribute of that name would hide the slot
        namespace["__slots__"] = tuple(own)
        cls = super().__new__(mcls, name, bases, namespace)
        inherited: tuple[str, ...] = ()
        for base in bases:
            inherited += tuple(key for key in getattr(base, "_fields", ()) if key not in inherited)
        cls._fields = inherited + tuple(key for key in own if key not in inherited)  # type: ignore[attr-defined]
        cls._shown = getattr(cls, "_also_shown", ()) + tuple(  # type: ignore[attr-defined]
            key for key in cls._fields if not key.startswith("_")
        )
        return cls


class _Fact(metaclass=_Slotted):
    """``repr`` and ``==`` as ``@dataclass`` makes them, written once; mutable, so not hashable."""

    __slots__ = ()
    _fields = ()  # set by _Slotted: every field, in order
    _shown = ()  # set by _Slotted: the fields repr shows and == compares
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return _compared(self) == _compared(other)
        return NotImplemented

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={getattr(self, key)!r}" for key in self._shown)
        return f"{self.__class__.__qualname__}({shown})"


def _compared(fact: Any) -> tuple[Any, ...]:
    return tuple(getattr(fact, key) for key in fact._shown)


OrderKey = tuple[int, int, str, str]
"""``Event.order_key``: the total order every fold uses."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def event_time(event: Event) -> datetime:
    """The wall-clock time the event was written, as an aware UTC datetime.

    Uses ``Event.wall``; a wall time without a zone is taken as UTC, and an
    unreadable one falls back to the event's hybrid clock milliseconds (never
    an exception: data written by another version must not crash the app).
    """
    return wall_time(event.wall, event.hlc.ms)


def wall_time(wall: str, ms: int) -> datetime:
    """``event_time`` from an event's wall text and clock milliseconds."""
    try:
        moment = datetime.fromisoformat(wall)
    except (TypeError, ValueError):
        try:
            return datetime.fromtimestamp(ms / 1000, timezone.utc)
        except (OverflowError, OSError, ValueError, TypeError):
            return _EPOCH
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def count_words(text: str) -> int:
    """Words as a learner would count them: runs of non-space characters."""
    return len(text.split())


class Record(_Fact):
    """Something that happened, with the event that says so.

    Built from a row of a ``Columns`` (``Record(columns, row)``), or from an
    ``Event`` itself (``Record(None, event)``). Records compare by their event.
    """

    _also_shown = ("event",)
    _src: Columns | None
    _row: Any
    _time: datetime | None

    def __init__(self, src: Columns | None, row: Any) -> None:
        self._src = src
        self._row = row
        self._time = None

    @property
    def event(self) -> Event:
        src = self._src
        return self._row if src is None else src.event(self._row)

    @property
    def id(self) -> str:
        src = self._src
        return self._row.id if src is None else src.id(self._row)

    @property
    def device(self) -> str:
        src = self._src
        return self._row.device if src is None else src.device_id(self._row)

    @property
    def order_key(self) -> OrderKey:
        src = self._src
        return self._row.order_key if src is None else src.order_key(self._row)

    @property
    def wall(self) -> str:
        """``Event.wall``: the wall time as the device wrote it."""
        src = self._src
        return self._row.wall if src is None else src.wall_text(self._row)

    @property
    def time(self) -> datetime:
        """Wall-clock time on the device that wrote it (aware, UTC)."""
        moment = self._time
        if moment is None:
            src = self._src
            if src is None:
                moment = event_time(self._row)
            else:
                moment = wall_time(src.wall_text(self._row), src.ms[self._row])
            self._time = moment
        return moment

    def same_event(self, other: "Record") -> bool:
        """Both records come from the same event (without building it)."""
        if self._src is not None and self._src is other._src:
            return self._row == other._row
        return self.id == other.id and self.event == other.event


class Records(Sequence[Any]):
    """A list of records kept as their rows (8 bytes each, not one object each); a record is built when read.

    Reads like a list (``len``, index, slice, iteration, ``==`` with a list);
    only the fold adds to it (``rows.append``). Each read builds a new record,
    equal to the last one built for that row.
    """

    __slots__ = ("_make", "rows")

    def __init__(self, make: Callable[[int], Any], rows: Iterable[int] = ()) -> None:
        self._make = make
        self.rows = array("q", rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return list(map(self._make, self.rows[index]))
        return self._make(self.rows[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self._make, self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Records, list, tuple)):
            return len(self) == len(other) and all(map(eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


class Revision(Record):
    """One saved version of a reflection (full text). Its id is the event id.

    ``text`` of an earlier version in a long history is read from its log
    file when asked for (``store.stored``), then kept by this record.
    """

    _also_shown = ("event", "text")
    exercise_id: str = ""
    parents: tuple[str, ...] = ()
    _text: Any
    _words: int

    def __init__(
        self, src: Columns | None, row: Any, exercise_id: str = "", text: Any = "", parents: tuple[str, ...] = ()
    ) -> None:
        self._src = src
        self._row = row
        self.exercise_id = exercise_id
        self._text = text
        self.parents = parents
        self._time = None
        self._words = -1

    @property
    def text(self) -> str:
        text = self._text
        if text is STORED:
            src = self._src  # may raise ``store.stored.TextUnavailable``, a ``StorageError``
            text = self._text = (src.payload(self._row) if src is not None else self._row.data)["text"]
        return text

    @property
    def words(self) -> int:
        words = self._words
        if words < 0:
            words = self._words = count_words(self.text)
        return words


class ShareChange(Record):
    """The learner set or cleared "share this reflection with my counsellor"."""

    shared: bool = False

    def __init__(self, src: Columns | None, row: Any, shared: bool = False) -> None:
        self._src = src
        self._row = row
        self.shared = shared
        self._time = None


class Answer(Record):
    """A choice answered: ``option`` is the 0-based index into ``Choice.options``."""

    option: int = 0

    def __init__(self, src: Columns | None, row: Any, option: int = 0) -> None:
        self._src = src
        self._row = row
        self.option = option
        self._time = None


class Tick(Record):
    """A checklist item ticked (``ticked=True``) or unticked."""

    item: int = 0
    ticked: bool = True

    def __init__(self, src: Columns | None, row: Any, item: int = 0, ticked: bool = True) -> None:
        self._src = src
        self._row = row
        self.item = item
        self.ticked = ticked
        self._time = None


class CheckIn(Record):
    """A value recorded on a scale; ``series`` is the scale's ``series_key``."""

    exercise_id: str = ""
    series: str = ""
    value: int = 0

    def __init__(self, src: Columns | None, row: Any, exercise_id: str = "", series: str = "", value: int = 0) -> None:
        self._src = src
        self._row = row
        self.exercise_id = exercise_id
        self.series = series
        self.value = value
        self._time = None


class PracticeLog(Record):
    """A real-life practice done, with the learner's short note."""

    note: str = ""

    def __init__(self, src: Columns | None, row: Any, note: str = "") -> None:
        self._src = src
        self._row = row
        self.note = note
        self._time = None


class LessonVisit(Record):
    """A lesson opened (drives "resume where you left off")."""

    module_id: str = ""
    lesson_id: str = ""

    def __init__(self, src: Columns | None, row: Any, module_id: str = "", lesson_id: str = "") -> None:
        self._src = src
        self._row = row
        self.module_id = module_id
        self.lesson_id = lesson_id
        self._time = None


class Unlock(Record):
    """A counsellor opened a module early."""

    module_id: str = ""
    reason: str = ""

    def __init__(self, src: Columns | None, row: Any, module_id: str = "", reason: str = "") -> None:
        self._src = src
        self._row = row
        self.module_id = module_id
        self.reason = reason
        self._time = None


class Completion(Record):
    """The event after which an exercise first met its completion rule."""


class ModuleCompletion(_Fact):
    """When a module became complete.

    ``event`` is the event that completed its last required exercise (or, for
    a module without required exercises, opened its last unopened lesson), and
    ``at`` its wall time: the time ``min_days`` counts from.

    ``event`` is None and ``at`` None only for a module with no lessons.
    """

    at: datetime | None
    event: Event | None

    def __init__(self, at: datetime | None, event: Event | None) -> None:
        self.at = at
        self.event = event


class UnknownEvent(_Fact):
    """An event the fold kept but could not apply, with the reason in words.

    Typical reasons: the course no longer has the exercise/lesson/module it
    names (the course file changed after progress was recorded), the exercise
    changed kind, the type is unknown (written by a newer version), or the
    payload is malformed. Unknown events are reported, never dropped.
    """

    event: Event
    reason: str

    def __init__(self, event: Event, reason: str) -> None:
        self.event = event
        self.reason = reason


class ReflectionFacts(_Fact):
    """Every saved revision of one reflection, and its shared flag.

    ``revisions`` are all kept revisions in event order. ``heads`` are the
    revisions no other revision names as a parent (normally one); ``current``
    is the newest head (what the app shows). While there is more than one head
    the reflection was edited on two devices (``conflicted``) and the app
    should offer both; a revision naming every head as a parent resolves it.
    """

    exercise_id: str
    revisions: list[Revision]
    share_changes: list[ShareChange]
    heads: tuple[Revision, ...] = ()
    current: Revision | None = None
    _most_words: int
    _counted: int

    def __init__(
        self, exercise_id: str, revisions: list[Revision] | None = None,
        share_changes: list[ShareChange] | None = None, heads: tuple[Revision, ...] = (),
        current: Revision | None = None, _most_words: int = 0, _counted: int = 0
    ) -> None:
        self.exercise_id = exercise_id
        self.revisions = [] if revisions is None else revisions
        self.share_changes = [] if share_changes is None else share_changes
        self.heads = heads
        self.current = current
        self._most_words = _most_words
        self._counted = _counted

    @property
    def conflicted(self) -> bool:
        """Edited on two devices: more than one head."""
        return len(self.heads) > 1

    @property
    def text(self) -> str:
        return self.current.text if self.current is not None else ""

    @property
    def words(self) -> int:
        """Word count of the current text."""
        return self.current.words if self.current is not None else 0

    @property
    def shared(self) -> bool:
        """Shared with the counsellor (the latest share change wins)."""
        return self.share_changes[-1].shared if self.share_changes else False

    @property
    def most_words(self) -> int:
        """The largest word count of any saved revision (used by completion)."""
        revisions = self.revisions
        if self._counted < len(revisions):
            most = self._most_words
            for revision in revisions[self._counted :]:
                if revision.words > most:
                    most = revision.words
            self._most_words = most
            self._counted = len(revisions)
        return self._most_words

    def revision(self, revision_id: str) -> Revision | None:
        return next((r for r in self.revisions if r.id == revision_id), None)

    def _settle(self) -> None:
        """Compute heads and current once all revisions are in."""
        named = {parent for revision in self.revisions for parent in revision.parents}
        self.heads = tuple(r for r in self.revisions if r.id not in named)
        if self.heads:
            self.current = self.heads[-1]
        else:  # every revision named as a parent: a cycle in damaged data
            self.current = self.revisions[-1] if self.revisions else None


class ChoiceFacts(_Fact):
    """All answers to a choice, oldest first; ``latest`` is what is shown."""

    exercise_id: str
    answers: list[Answer]

    def __init__(self, exercise_id: str, answers: list[Answer] | None = None) -> None:
        self.exercise_id = exercise_id
        self.answers = [] if answers is None else answers

    @property
    def latest(self) -> Answer | None:
        return self.answers[-1] if self.answers else None


class ChecklistFacts(_Fact):
    """Ticks of a checklist: ``ticked`` is the latest state per item index.

    ``ever_ticked`` holds every item ticked at some point: completion uses it,
    so unticking later (or an untick made offline on another device) never
    undoes a completed checklist.
    """

    exercise_id: str
    ticks: list[Tick]
    ticked: dict[int, bool]
    ever_ticked: set[int]

    def __init__(
        self, exercise_id: str, ticks: list[Tick] | None = None, ticked: dict[int, bool] | None = None,
        ever_ticked: set[int] | None = None
    ) -> None:
        self.exercise_id = exercise_id
        self.ticks = [] if ticks is None else ticks
        self.ticked = {} if ticked is None else ticked
        self.ever_ticked = set() if ever_ticked is None else ever_ticked

    def is_ticked(self, item: int) -> bool:
        return self.ticked.get(item, False)


class ScaleFacts(_Fact):
    """Every check-in on one scale exercise, oldest first."""

    exercise_id: str
    series: str
    check_ins: list[CheckIn]

    def __init__(self, exercise_id: str, series: str, check_ins: list[CheckIn] | None = None) -> None:
        self.exercise_id = exercise_id
        self.series = series
        self.check_ins = [] if check_ins is None else check_ins

    @property
    def latest(self) -> CheckIn | None:
        return self.check_ins[-1] if self.check_ins else None


class PracticeFacts(_Fact):
    """Every logged practice with its note, oldest first."""

    exercise_id: str
    logs: list[PracticeLog]

    def __init__(self, exercise_id: str, logs: list[PracticeLog] | None = None) -> None:
        self.exercise_id = exercise_id
        self.logs = [] if logs is None else logs


ExerciseFacts = Union[ReflectionFacts, ChoiceFacts, ChecklistFacts, ScaleFacts, PracticeFacts]


class Progress(_Fact):
    """Everything the events say, folded against one course. Built by ``fold``.

    Keys are ids from the course. Facts exist only for exercises with at least
    one applicable event; use ``facts(exercise_id)`` to get the right kind.
    Like the facts, not a dataclass (``@dataclass`` took 0.85 ms of every start
    building it), but with the same ``repr`` and ``==``.
    """

    course_id: str
    event_count: int
    """Distinct events read (after removing duplicates)."""
    reflections: dict[str, ReflectionFacts]
    choices: dict[str, ChoiceFacts]
    checklists: dict[str, ChecklistFacts]
    scales: dict[str, ScaleFacts]
    practices: dict[str, PracticeFacts]
    orphaned_reflections: dict[str, ReflectionFacts]
    """Writing saved for exercise ids that are no longer reflections in this
    course (removed, or their kind changed). Kept so nothing is ever lost; the
    same events are also listed in ``unknown``."""
    series: dict[str, list[CheckIn]]
    """Scale check-ins by ``Scale.series_key``, oldest first (one line over time)."""
    completions: dict[str, Completion]
    """Per exercise id: the event that first completed it (completion stays)."""
    module_completions: dict[str, ModuleCompletion]
    """Module id -> when it became complete. Once complete, a module stays so:
    a completion recorded as a ``module_completed`` event counts even when the
    course later gained a required exercise."""
    recorded_completions: dict[str, ModuleCompletion]
    """Module id -> the earliest ``module_completed`` event for it."""
    first_visits: dict[tuple[str, str], LessonVisit]
    """(module id, lesson id) -> the first time the lesson was opened."""
    last_visit: LessonVisit | None
    """The lesson opened last, on any device (by event order)."""
    first_activity: dict[str, Event]
    """Module id -> the first learner event in that module (lesson opened or
    any exercise event). A module the learner has worked in stays open. Kept
    for its time: a long reflection text in it may be ``STORED`` (read the
    reflection's revisions for the text; ``growthcourse.store.stored``)."""
    unlocks: dict[str, list[Unlock]]
    """Module id -> counsellor unlocks, oldest first."""
    started_at: datetime | None
    """Earliest start on any device (None: not started yet)."""
    device_names: dict[str, str]
    """Device id -> the latest name it gave itself."""
    device_event_counts: dict[str, int]
    unknown: list[UnknownEvent]
    last_event: Event | None
    """The last event in order; export uses its time as "as of" (a long text in it may be ``STORED``)."""

    def __init__(self, course_id: str) -> None:
        self.course_id = course_id
        self.event_count = 0
        self.reflections = {}
        self.choices = {}
        self.checklists = {}
        self.scales = {}
        self.practices = {}
        self.orphaned_reflections = {}
        self.series = {}
        self.completions = {}
        self.module_completions = {}
        self.recorded_completions = {}
        self.first_visits = {}
        self.last_visit = None
        self.first_activity = {}
        self.unlocks = {}
        self.started_at = None
        self.device_names = {}
        self.device_event_counts = {}
        self.unknown = []
        self.last_event = None

    @property
    def last_event_at(self) -> datetime | None:
        """Wall time of the last event in order (deterministic "as of" for export)."""
        return event_time(self.last_event) if self.last_event is not None else None

    def facts(self, exercise_id: str) -> ExerciseFacts | None:
        """The facts for an exercise of the current course, whatever its kind."""
        for table in (self.reflections, self.choices, self.checklists, self.scales, self.practices):
            found = table.get(exercise_id)
            if found is not None:
                return found
        return None

    def completed(self, exercise_id: str) -> Completion | None:
        """The completion of an exercise, or None if it was never complete."""
        return self.completions.get(exercise_id)

    def device_label(self, device_id: str) -> str:
        """A human name for a device: its latest DEVICE_NAMED name, else a short id."""
        return self.device_names.get(device_id) or f"device {device_id[:8]}"

    def devices(self) -> list[str]:
        """Every device id seen, sorted."""
        return sorted(self.device_event_counts)

    def unlocked(self, module_id: str) -> Unlock | None:
        """The first counsellor unlock of a module, or None."""
        unlocks = self.unlocks.get(module_id)
        return unlocks[0] if unlocks else None

    def all_revisions(self) -> Iterator[Revision]:
        """Every kept revision of every reflection (orphaned ones too), by exercise id then order."""
        tables = {**self.orphaned_reflections, **self.reflections}
        for exercise_id in sorted(tables):
            yield from tables[exercise_id].revisions
