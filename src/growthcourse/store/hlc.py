"""A hybrid logical clock: timestamps that order events right when machine clocks disagree.

``HybridClock.now()`` returns an ``HLC`` greater than every HLC it has issued
or observed: the wall clock in milliseconds when that is ahead, else the last
timestamp with its counter raised. ``observe(hlc)`` is called for every event
read from any device, so a device whose clock runs behind still stamps its
new events after what it has seen (a laptop a day behind the desktop writes
after the desktop's events, not before them).

The wall clock is injectable: ``HybridClock(wall_ms=lambda: 1_764_000_000_000)``.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Iterable

from growthcourse.store.events import HLC


def system_wall_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    def __init__(self, wall_ms: Callable[[], int] = system_wall_ms, last: HLC | None = None):
        self._wall_ms = wall_ms
        self._ms = last.ms if last else 0
        self._counter = last.counter if last else 0
        self._lock = threading.Lock()  # the app may autosave drafts from a worker thread

    @property
    def last(self) -> HLC:
        """The greatest HLC issued or observed so far."""
        return HLC(self._ms, self._counter)

    def wall_ms(self) -> int:
        """The wall clock, in milliseconds since the epoch."""
        return int(self._wall_ms())

    def now(self, wall_ms: int | None = None) -> HLC:
        """A new timestamp, greater than every one issued or observed.

        ``wall_ms`` is the wall-clock reading to use (default: read the clock),
        so a caller can stamp an event's HLC and wall time from one reading.
        """
        physical = self.wall_ms() if wall_ms is None else int(wall_ms)
        with self._lock:
            if physical > self._ms:
                self._ms, self._counter = physical, 0
            else:
                self._counter += 1
            return HLC(self._ms, self._counter)

    def observe(self, hlc: HLC) -> None:
        """Remember a timestamp read from any device: later ``now()`` calls exceed it."""
        with self._lock:
            if (hlc.ms, hlc.counter) > (self._ms, self._counter):
                self._ms, self._counter = hlc.ms, hlc.counter

    def observe_all(self, hlcs: Iterable[HLC]) -> None:
        best = (0, 0)
        for hlc in hlcs:
            key = (hlc.ms, hlc.counter)
            if key > best:
                best = key
        with self._lock:
            if best > (self._ms, self._counter):
                self._ms, self._counter = best
