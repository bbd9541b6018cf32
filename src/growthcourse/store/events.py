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
    v: int = SCHEMA_VERSION

    @property
    def order_key(self) -> tuple[int, int, str, str]:
        """Total order used by every fold: (HLC, device id, event id)."""
        return (self.hlc.ms, self.hlc.counter, self.device, self.id)
