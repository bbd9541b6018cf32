"""The event: the only unit in which user data is ever changed.

Every change a learner makes (an answer, a tick, a saved reflection...) is one
``Event`` appended to the log of the device that made it. State is derived
from the union of all devices' events, ordered by ``Event.order_key``.

On disk an event is one JSON object per line (see ``to_json``/``from_json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

# Event types and the keys of their payload (``Event.data``).
COURSE_STARTED = "course_started"          # {}  (one per device; start = earliest)
DEVICE_NAMED = "device_named"              # {"name": str}  human name of event.device
LESSON_OPENED = "lesson_opened"            # {"module": id, "lesson": id}
CHOICE_ANSWERED = "choice_answered"        # {"exercise": id, "option": int (0-based)}
ITEM_TICKED = "item_ticked"                # {"exercise": id, "item": int (0-based), "ticked": bool}
SCALE_RECORDED = "scale_recorded"          # {"exercise": id, "value": int}
PRACTICE_LOGGED = "practice_logged"        # {"exercise": id, "note": str}
REFLECTION_SAVED = "reflection_saved"      # {"exercise": id, "text": str, "parents": [event id, ...]}
REFLECTION_SHARED = "reflection_shared"    # {"exercise": id, "shared": bool}
MODULE_UNLOCKED = "module_unlocked"        # {"module": id, "reason": str}
MODULE_COMPLETED = "module_completed"      # {"module": id, "at": wall time (ISO 8601 UTC) of the completing event}

EVENT_TYPES: frozenset[str] = frozenset(
    {
        COURSE_STARTED,
        DEVICE_NAMED,
        LESSON_OPENED,
        CHOICE_ANSWERED,
        ITEM_TICKED,
        SCALE_RECORDED,
        PRACTICE_LOGGED,
        REFLECTION_SAVED,
        REFLECTION_SHARED,
        MODULE_UNLOCKED,
        MODULE_COMPLETED,
    }
)


@dataclass(frozen=True, slots=True)
class HLC:
    """A hybrid logical clock timestamp: wall milliseconds plus a counter.

    Ordering by HLC is right even when device clocks disagree: a device never
    issues a timestamp lower than one it has already seen.
    """

    ms: int
    counter: int = 0

    def __lt__(self, other: "HLC") -> bool:
        return (self.ms, self.counter) < (other.ms, other.counter)

    def __le__(self, other: "HLC") -> bool:
        return (self.ms, self.counter) <= (other.ms, other.counter)


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    """Globally unique (uuid4 hex). Also the id of a reflection revision."""
    device: str
    course: str
    hlc: HLC
    wall: str
    """Wall-clock time on the writing device, ISO 8601 in UTC ("2026-11-26T08:13:50.123Z")."""
    type: str
    data: dict[str, Any] = field(default_factory=dict)
    """The payload. Read-only: events read from the logs may share one dict when their payloads are equal."""
    v: int = SCHEMA_VERSION

    @property
    def order_key(self) -> tuple[int, int, str, str]:
        """Total order used by every fold: (HLC, device id, event id)."""
        return (self.hlc.ms, self.hlc.counter, self.device, self.id)


# --- Serialization helpers (one compact JSON object per line, keys sorted) ---

KNOWN_KEYS = ("course", "data", "device", "hlc", "id", "type", "v", "wall")


def new_event_id() -> str:
    """A fresh, globally unique event id (uuid4 hex)."""
    import uuid

    return uuid.uuid4().hex


def format_wall(ms: int) -> str:
    """Milliseconds since the epoch as the ISO 8601 UTC text of ``Event.wall``."""
    from datetime import datetime, timezone

    moment = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms % 1000:03d}Z"


def to_dict(event: Event) -> dict[str, Any]:
    return {
        "course": event.course,
        "data": event.data,
        "device": event.device,
        "hlc": [event.hlc.ms, event.hlc.counter],
        "id": event.id,
        "type": event.type,
        "v": event.v,
        "wall": event.wall,
    }


def to_json(event: Event) -> str:
    """The event as one line of compact JSON with a stable key order (no newline).

    Text is kept readable (not \\u-escaped) unless it holds characters UTF-8
    cannot encode (lone surrogates), which are then escaped so the line is
    still valid.
    """
    import json

    record = to_dict(event)
    line = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return line


class EventFormatError(ValueError):
    """A JSON object that is not a valid event; the message says what is wrong."""


def from_dict(obj: Any) -> Event:
    """Build an Event from a parsed JSON object; raise ``EventFormatError`` if it is not one.

    Unknown types and newer schema versions are accepted (kept and reported
    by the reader); only a shape that cannot be ordered or stored is refused.
    """
    if type(obj) is not dict:
        raise EventFormatError("not a JSON object")
    try:
        event_id = obj["id"]
        device = obj["device"]
        course = obj["course"]
        hlc = obj["hlc"]
        wall = obj["wall"]
        kind = obj["type"]
        data = obj["data"]
        version = obj["v"]
    except KeyError as exc:
        raise EventFormatError(f"missing {exc.args[0]!r}") from None
    if type(event_id) is not str or not event_id:
        raise EventFormatError("'id' is not a text")
    if type(device) is not str or type(course) is not str or type(wall) is not str or type(kind) is not str:
        raise EventFormatError("'device', 'course', 'wall' and 'type' must be texts")
    if type(hlc) is not list or len(hlc) != 2 or type(hlc[0]) is not int or type(hlc[1]) is not int:
        raise EventFormatError("'hlc' is not [milliseconds, counter]")
    if type(data) is not dict:
        raise EventFormatError("'data' is not an object")
    if type(version) is not int:
        raise EventFormatError("'v' is not a number")
    if len(_shared) < _SHARED_MAX:
        share = _shared.setdefault
        device, course, kind = share(device, device), share(course, course), share(kind, kind)
        if data:
            data = _shared_payload(data)
    return make_event(event_id, device, course, hlc[0], hlc[1], wall, kind, data, version)


# Device ids, course ids, event types, payload keys and short payload texts (exercise, module
# and lesson ids) repeat on every line of a log: one copy of each text instead of one per event
# keeps 100k events about 30 MB smaller (issue 7, P7). Bounded, so damaged logs full of
# distinct texts cannot grow it without end.
_shared: dict[str, str] = {}
_SHARED_MAX = 10_000
_SHARED_LEN = 48

# Small payloads repeat too (the same lesson opened, the same item ticked): events read from the
# logs with equal small payloads share one dict, about 180 bytes less per event. So ``Event.data``
# of a read event is read-only, like the frozen ``Event`` itself (nothing in growthcourse changes
# it; build a new dict instead). Only payloads of texts up to _SHARED_LEN characters, ints, bools
# and nulls are shared (not floats: 0.0 and -0.0 are equal but written differently), keyed by
# type as well as value (True == 1), in a bounded table.
_payloads: dict[tuple[Any, ...], dict[str, Any]] = {}
_PAYLOADS_MAX = 50_000
_PAYLOAD_ITEMS = 4
_SCALARS = frozenset({str, int, bool, type(None)})


def _payload_key(data: dict[str, Any]) -> tuple[Any, ...] | None:
    """What makes two payloads the same for sharing, or None for a payload never shared."""
    if len(data) > _PAYLOAD_ITEMS:
        return None
    key = tuple([(name, type(value), value) for name, value in data.items()])
    for _name, kind, value in key:
        if kind not in _SCALARS or (kind is str and len(value) > _SHARED_LEN):
            return None
    return key


def shared_payloads(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``payloads`` (read from a log) with equal small ones replaced by one shared dict, as ``from_dict`` does.

    Payloads that are already one object (as marshal gives them back) are looked up once.
    """
    canonical: dict[int, dict[str, Any]] = {}
    for data in {id(data): data for data in payloads}.values():
        key = _payload_key(data) if data else None
        if key is not None:
            known = _payloads.get(key)
            if known is None:
                if len(_payloads) < _PAYLOADS_MAX:
                    _payloads[key] = data
            else:
                canonical[id(data)] = known
    if not canonical:
        return payloads
    get = canonical.get
    return [get(id(data), data) for data in payloads]


def _shared_payload(data: dict[str, Any]) -> dict[str, Any]:
    share = _shared.setdefault
    key = _payload_key(data)
    if key is not None:
        known = _payloads.get(key)
        if known is not None:
            return known
    built = {
        share(name, name): share(value, value) if type(value) is str and len(value) <= _SHARED_LEN else value
        for name, value in data.items()
    }
    if key is not None and len(_payloads) < _PAYLOADS_MAX:
        _payloads[key] = built
    return built


def _slot_setters(cls: type, names: tuple[str, ...]) -> list[Any]:
    return [cls.__dict__[name].__set__ for name in names]


_new = object.__new__
_HLC_SET = _slot_setters(HLC, ("ms", "counter"))
_EVENT_SET = _slot_setters(Event, ("id", "device", "course", "hlc", "wall", "type", "data", "v"))


def make_event(
    event_id: str,
    device: str,
    course: str,
    ms: int,
    counter: int,
    wall: str,
    kind: str,
    data: dict[str, Any],
    version: int,
    *,
    _new: Any = _new,
    _hlc_ms: Any = _HLC_SET[0],
    _hlc_counter: Any = _HLC_SET[1],
    _set: tuple[Any, ...] = tuple(_EVENT_SET),
) -> Event:
    """``Event(event_id, device, course, HLC(ms, counter), wall, kind, data, version)``, built faster.

    The same object the dataclass ``__init__`` makes (same fields, equal, same
    hash), but set through the slots' descriptors instead of the frozen
    dataclass's ``object.__setattr__`` calls: about twice as fast, which is a
    tenth of reading a large log (issue 7, P5). For trusted, checked values only.
    """
    hlc = _new(HLC)
    _hlc_ms(hlc, ms)
    _hlc_counter(hlc, counter)
    event = _new(Event)
    set_id, set_device, set_course, set_hlc, set_wall, set_type, set_data, set_v = _set
    set_id(event, event_id)
    set_device(event, device)
    set_course(event, course)
    set_hlc(event, hlc)
    set_wall(event, wall)
    set_type(event, kind)
    set_data(event, data)
    set_v(event, version)
    return event


def from_json(line: str | bytes) -> Event:
    """Parse one line written by ``to_json``; raise ``EventFormatError`` if it is not an event."""
    import json

    try:
        obj = json.loads(line)
    except ValueError as exc:
        raise EventFormatError(f"not valid JSON ({exc})") from None
    return from_dict(obj)


def is_understood(event: Event) -> bool:
    """True if this version of growthcourse knows the event's type and schema version."""
    return event.v == SCHEMA_VERSION and event.type in EVENT_TYPES
