"""``DataStore``: the one object the app and the CLI use to read and record a learner's data.

    store = DataStore.open(data_dir)            # or DataStore.open(None): resolved as paths.py says
    store.device_id, store.device_name
    events = store.events("fix-it-to-growth")   # an EventTable: merged from every device, in Event.order_key order
    store.report                                # ReadReport of that read: conflict copies, skipped lines...
    event = store.append("fix-it-to-growth", LESSON_OPENED, {"module": "m1", "lesson": "l1"})
    store.save_draft(course, exercise, text, base=revision_id)   # autosave, atomic
    store.load_drafts(course, exercise)         # Drafts(own=..., other=...)
    store.clear_draft(course, exercise)         # after the revision was saved
    store.install_course(folder, course_id, version); store.remember_course(course_id, version)
    store.last_course()                         # LastCourse from any device, or None

Every write raises ``StorageError`` (a message for a person) when the disk is
full or read-only; nothing already read or written is lost, and the same call
can simply be retried.

Timestamps: every event gets an HLC from the store's clock, which has
observed every event read (the store reads the data folder before its first
write), and a UTC wall time. ``wall_ms`` lets tests fix the clock.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Callable, Mapping

import msgspec

from growthcourse.store import courses as _courses
from growthcourse.store import drafts as _drafts
from growthcourse.store.device import Device, load_device, rename_device
from growthcourse.store.eventlog import LogReader, ReadReport, append_event
from growthcourse.store.events import (
    DEVICE_NAMED,
    HLC,
    SCHEMA_VERSION,
    Event,
    format_wall,
    new_event_id,
)
from growthcourse.store.fsutil import StorageError, check_name, ensure_private_dir
from growthcourse.store.hlc import HybridClock, system_wall_ms
from growthcourse.store.table import EventTable
from growthcourse.store.paths import config_dir as default_config_dir
from growthcourse.store.paths import resolve_data_dir


class Drafts(msgspec.Struct, frozen=True):
    """The drafts of one reflection: this device's, and the newest of any other device."""

    own: _drafts.Draft | None
    other: _drafts.Draft | None
    problems: tuple[str, ...] = ()
    """Damaged or unreadable draft files (left as they are), as sentences."""


class DataStore:
    def __init__(self, data_dir: Path, config_dir: Path, device: Device, clock: HybridClock):
        self.data_dir = data_dir
        self.config_dir = config_dir
        self.device = device
        self.clock = clock
        self._reader = LogReader(data_dir, defer_cache=True)
        self._read_once = False
        self._named: dict[str, str] = {}
        self._observed: EventTable | None = None
        self._lock = threading.RLock()  # reads and writes may come from the app's worker threads
        self.report = ReadReport()
        """The ReadReport of the last read of the data folder."""

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        config_dir: str | os.PathLike[str] | None = None,
        *,
        wall_ms: Callable[[], int] | None = None,
    ) -> "DataStore":
        """Open (creating it 0700 if needed) the data folder, with this device's identity.

        ``data_dir`` None: resolved from the environment and config
        (``paths.resolve_data_dir``). ``config_dir`` None: ``GROWTHCOURSE_CONFIG_DIR``
        or the platform's config folder. Raises ``StorageError`` (``ConfigError``
        for a broken config file) with a message naming the file.
        """
        config = Path(config_dir) if config_dir is not None else default_config_dir()
        data = Path(data_dir) if data_dir is not None else resolve_data_dir(config=config)
        data = Path(os.path.abspath(os.path.expanduser(data)))
        ensure_private_dir(data)
        device = load_device(config)
        return cls(data, config, device, HybridClock(wall_ms or system_wall_ms))

    # --- identity ---------------------------------------------------------------

    @property
    def device_id(self) -> str:
        return self.device.id

    @property
    def device_name(self) -> str:
        return self.device.name

    def rename_device(self, name: str) -> None:
        """Change this device's human name; the next event in each course records it."""
        self.device = rename_device(self.config_dir, name)

    # --- events -----------------------------------------------------------------

    def _read(self) -> EventTable:
        table, report = self._reader.read()
        # The reader returns the same table while nothing changed on disk but our own appends.
        if table is not self._observed:
            columns = table.columns
            if table:  # sorted by HLC first: the last one has the greatest
                last = table.order[-1]
                self.clock.observe(HLC(columns.ms[last], columns.counter[last]))
            self._named = {}
            for row in table.rows_of(DEVICE_NAMED, self.device.id):
                name = columns.data[row].get("name")
                if isinstance(name, str):
                    self._named[columns.course_id(row)] = name
            self._observed = table
        self.report = report
        self._read_once = True
        if self._reader.has_unsaved_cache():
            _unsaved.add(self)
        return table

    def events(self, course_id: str | None = None) -> EventTable:
        """Every event of ``course_id`` (of all courses if None) from all devices, merged and sorted.

        An ``EventTable`` (a sequence of ``Event``) that is the caller's to keep
        and append to. Updates ``report``.
        """
        with self._lock:
            return self._read().for_course(course_id)

    def has_cache_to_save(self) -> bool:
        """Reads left parses of large logs to store (``save_cache``); False for most data folders."""
        return self._reader.has_unsaved_cache()

    def save_cache(self) -> int:
        """Store this machine's parse of the logs read so far (``eventlog.LogReader.save_cache``).

        Reads do not wait for it: the app calls it once its first screen is
        painted, and ``save_caches`` at the end of every command. Never raises.
        """
        with self._lock:
            _unsaved.discard(self)
            try:
                return self._reader.save_cache()
            except Exception:  # a cache is only ever a shortcut
                return 0

    def append(self, course_id: str, type: str, data: Mapping[str, Any] | None = None) -> Event:
        """Record one event of this device, durably; return it (``record`` also returns the name before it).

        Raises ``StorageError`` if it cannot be written.
        """
        return self.record(course_id, type, data)[-1]

    def record(self, course_id: str, type: str, data: Mapping[str, Any] | None = None) -> list[Event]:
        """Record one event of this device, durably; return the events written, it last.

        The first event this device writes in a course (or the first after the
        device was renamed) is preceded by a ``device_named`` event, so exports
        and the history of a reflection can name the device: it is returned
        too, for a caller keeping its own progress up to date (the app).
        Raises ``StorageError`` if it cannot be written.
        """
        check_name(course_id, "course id")
        with self._lock:
            if not self._read_once:
                self._read()
            written = []
            if type != DEVICE_NAMED and self._named.get(course_id) != self.device.name:
                written.append(self._write(course_id, DEVICE_NAMED, {"name": self.device.name}))
            written.append(self._write(course_id, type, dict(data or {})))
            return written

    def _write(self, course_id: str, type: str, data: dict[str, Any]) -> Event:
        wall = self.clock.wall_ms()
        hlc = self.clock.now(wall)
        event = Event(new_event_id(), self.device.id, course_id, hlc, format_wall(wall), type, data, SCHEMA_VERSION)
        path = append_event(self.data_dir, event, wall)
        self._reader.note_appended(path, event)
        self.report = self._reader.report
        if type == DEVICE_NAMED:
            self._named[course_id] = data.get("name", "")
        return event

    # --- drafts -----------------------------------------------------------------

    def save_draft(self, course_id: str, exercise_id: str, text: str, base: str | None = None) -> _drafts.Draft:
        """Autosave this device's draft of a reflection (replaced whole, atomically)."""
        if not self._read_once:
            self.events(None)
        wall = self.clock.wall_ms()
        draft = _drafts.Draft(
            course_id, exercise_id, self.device.id, text, self.clock.now(wall), format_wall(wall), base
        )
        _drafts.write_draft(self.data_dir, draft)
        return draft

    def load_drafts(self, course_id: str, exercise_id: str) -> Drafts:
        """This device's draft and the newest draft of another device (each None if there is none)."""
        drafts, problems = _drafts.read_drafts(self.data_dir, course_id, exercise_id)
        for draft in drafts:
            self.clock.observe(draft.hlc)
        own = next((d for d in drafts if d.device == self.device.id), None)
        others = [d for d in drafts if d.device != self.device.id]
        return Drafts(own, others[-1] if others else None, tuple(problems))

    def clear_draft(self, course_id: str, exercise_id: str, *, if_text: str | None = None) -> bool:
        """Remove this device's draft (after its revision was saved); True if one was removed.

        With ``if_text``, only a draft holding exactly that text is removed, so
        typing autosaved after the revision is kept.
        """
        if if_text is not None:
            own = self.load_drafts(course_id, exercise_id).own
            if own is None or own.text != if_text:
                return False
        return _drafts.delete_draft(self.data_dir, self.device.id, course_id, exercise_id)

    # --- courses ----------------------------------------------------------------

    def install_course(self, source: str | os.PathLike[str], course_id: str, version: str | None) -> Path:
        """Copy a course folder into the data folder (see ``courses.install_course``); return the copy."""
        return _courses.install_course(self.data_dir, Path(source), course_id, version)

    def remember_course(self, course_id: str, version: str | None = None, *, builtin: bool = False) -> None:
        """Record that this device now uses this course (``last_course`` on any device finds it)."""
        self._observe_last_courses()
        wall = self.clock.wall_ms()
        _courses.remember_last_course(
            self.data_dir,
            self.device.id,
            course_id,
            version,
            builtin=builtin,
            hlc=self.clock.now(wall),
            wall=format_wall(wall),
        )

    def last_course(self) -> _courses.LastCourse | None:
        """The course used last on any device that shares this data folder, or None."""
        return self._observe_last_courses()

    def _observe_last_courses(self) -> _courses.LastCourse | None:
        if not self._read_once:
            self.events(None)
        records, _problems = _courses.read_last_courses(self.data_dir)
        for record in records:
            self.clock.observe(record.hlc)
        return records[-1] if records else None


_unsaved: set[DataStore] = set()
"""Stores whose reads left parses to store (kept alive until ``save_caches``)."""


def save_caches() -> int:
    """``save_cache`` of every store with parses to store (the CLI calls it when a command ends)."""
    return sum(store.save_cache() for store in list(_unsaved))


__all__ = ["DataStore", "Drafts", "StorageError", "save_caches"]
