"""The event: the only unit in which user data is ever changed.

Every change a learner makes (an answer, a tick, a saved reflection...) is one
``Event`` appended to the log of the device that made it. State is derived
from the union of all devices' events, ordered by ``Event.order_key``.

On disk an event is one JSON object per line (see ``to_json``/``from_json``).
"""

from __future__ import annotations

from typing import Annotated, Any, Callable

import msgspec

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


class HLC(msgspec.Struct, frozen=True, array_like=True, forbid_unknown_fields=True, gc=False):
    """A hybrid logical clock timestamp: wall milliseconds plus a counter.

    Ordering by HLC is right even when device clocks disagree: a device never
    issues a timestamp lower than one it has already seen. On disk it is the
    array ``[ms, counter]``.
    """

    ms: int
    counter: int

    def __lt__(self, other: "HLC") -> bool:
        return (self.ms, self.counter) < (other.ms, other.counter)

    def __le__(self, other: "HLC") -> bool:
        return (self.ms, self.counter) <= (other.ms, other.counter)


class Event(msgspec.Struct, frozen=True, gc=False):
    """One change to a learner's data (a ``msgspec.Struct``: read from the logs in C, compact in memory).

    Frozen, compared field by field; ``msgspec.structs.replace(event, ...)``
    makes a changed copy. Not tracked by the cyclic garbage collector (an
    event never refers back to anything that refers to it).
    """

    id: Annotated[str, msgspec.Meta(min_length=1)]
    """Globally unique (uuid4 hex). Also the id of a reflection revision."""
    device: str
    course: str
    hlc: HLC
    wall: str
    """Wall-clock time on the writing device, ISO 8601 in UTC ("2026-11-26T08:13:50.123Z")."""
    type: str
    data: dict[str, Any] = msgspec.field(default_factory=dict)
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
    return Event(event_id, device, course, HLC(hlc[0], hlc[1]), wall, kind, data, version)


_DECODER = msgspec.json.Decoder(Event)


decode_line: Callable[[bytes | str], Event] = _DECODER.decode
"""One event line parsed in C; raises ``msgspec.MsgspecError`` if it is not a valid event.

The decoder's own method, so ``map(decode_line, lines)`` runs with no Python call per line.
For a line it refuses, the reader falls back to the json module and ``from_dict``, which
accept the same events and a few more (integers beyond 64 bits, lone surrogates escaped in a
text), so what is read never depends on the path (a property test compares them). Share what
it returns through the reader (``eventlog._payloads_of``)."""


class _EventWithRawPayload(msgspec.Struct, frozen=True, gc=False):
    """An event line with its payload left as JSON text (``decode_line_lazily``).

    Lists ``Event``'s fields with the same types and defaults but ``data``, so
    both decoders accept the same lines (a hypothesis test reads damaged logs
    both ways and compares them with the json module)."""

    id: Annotated[str, msgspec.Meta(min_length=1)]
    device: str
    course: str
    hlc: HLC
    wall: str
    type: str
    data: msgspec.Raw = msgspec.Raw(b"{}")
    v: int = SCHEMA_VERSION


decode_line_lazily: Callable[[bytes | str], Any] = msgspec.json.Decoder(_EventWithRawPayload).decode
"""Like ``decode_line``, with ``data`` left as ``msgspec.Raw`` (the payload's JSON text): the
reader decodes each distinct small payload once (``decode_payload``) and shares it."""

decode_payload: Callable[[bytes], dict[str, Any]] = msgspec.json.Decoder(dict[str, Any]).decode
"""A payload's JSON text as ``Event.data``; raises ``msgspec.MsgspecError`` if it is not an object."""


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
