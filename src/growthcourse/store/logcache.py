"""A per-machine cache of parsed event logs, so a start does not parse all of history's JSON again.

    cache = LogCache()                       # or LogCache(folder); LogCache.default() may be None
    entry = cache.load(path)                 # CachedLog or None (missing, stale format, damaged)
    cache.store(path, entry)                 # best effort: never raises

Where: ``store.paths.cache_root()/logs`` (``GROWTHCOURSE_CACHE_DIR``, else the platform's cache folder)
(folder 0700, files 0600), like the course cache (``growthcourse.course.cache``).
Never in the synced data folder: a cache is this machine's throw-away copy,
and a sync engine would only make conflict copies of it.

One entry per log file (conflict copies included), named by a hash of the
file's absolute path. It holds the parse of the file's first ``length`` bytes
(everything up to its last newline when it was stored), validated by content:
``digest`` is the SHA-1 of those bytes. The reader (``eventlog``) uses an entry
only when the file still starts with exactly those bytes; it then parses only
what was appended after them. A file that shrank or changed is parsed whole,
as if there were no cache. The entry also keeps the skipped lines (number and
reason) of the part it covers, so the ``ReadReport`` is the same either way.

Format: ``marshal`` of plain values only (tuples, lists, dicts, bytes, texts, numbers):
a 4-byte length, a header tuple, then the payload (the events' compact columns,
``growthcourse.store.table.Columns.segment``, so a load makes no object per event but its payload). marshal loads
about twice as fast as pickle and cannot build any object but those plain
values. The header records the payload's SHA-1, so a torn or damaged entry is
a miss (the file is parsed again), never wrong events. Any problem with the
cache (unreadable, damaged, unwritable folder, full disk) only means parsing
again; it never raises and never hides an event.

Entries unused for two months (a log moved, deleted or no longer read) are
removed the next time an entry is stored, so the folder does not grow without end.

SHA-1 (``usedforsecurity=False``) because it only has to notice a change and is
the fastest hashlib digest here (about 20 ms for 40 MB of logs).
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

import msgspec

from growthcourse.store.fsutil import map_file, replace_cache_file
from growthcourse.store.table import SEGMENT_SIZE, segment_rows


__all__ = ["CACHE_FORMAT", "CachedLog", "LogCache", "cache_dir", "content_digest"]

CACHE_FORMAT = 4
UNUSED_DAYS = 60
"""An entry neither stored nor used for this long is removed (see ``LogCache.prune``)."""
_MARSHAL_VERSION = 4  # shares repeated objects (keys, ids interned by the parser) within an entry
_MAGIC = "growthcourse-log-cache"


def cache_dir() -> Path:
    """This machine's folder for parsed logs (under ``GROWTHCOURSE_CACHE_DIR`` when it is set)."""
    from growthcourse.store.paths import cache_root

    return cache_root() / "logs"


def content_digest(data: bytes | memoryview) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


class CachedLog(msgspec.Struct):
    """The parse of the first ``length`` bytes of one log file, as plain columns."""

    length: int
    """Bytes covered: up to and including the last newline of the file when stored."""
    digest: str
    """``content_digest`` of those bytes."""
    lines: int
    """Complete lines in those bytes."""
    skipped: list[tuple[int, str]]
    """(1-based line, reason) of every line skipped in those bytes."""
    columns: tuple[Any, ...]
    """The events as compact columns: ``growthcourse.store.table.Columns.segment`` (checked when added back)."""

    @property
    def count(self) -> int:
        return segment_rows(self.columns)


class LogCache:
    """Entries for log files, kept in one folder of this machine."""

    def __init__(self, folder: str | os.PathLike[str] | None = None, *, min_bytes: int = 0):
        """``min_bytes``: smaller log files are not worth an entry (the reader parses them)."""
        self.folder = Path(folder) if folder is not None else cache_dir()
        self.min_bytes = min_bytes
        self._pruned = False
        self._ready: bool | None = None  # the folder exists (True) or cannot be made (False); None: not tried

    def can_store(self) -> bool:
        """True once the folder exists (made 0700 if needed); False for good if it cannot be made.

        Lets a reader skip preparing entries (about 1 ms per 1,000 events) for a cache it cannot write.
        """
        if self._ready is None:
            from growthcourse.store.fsutil import ensure_private_dir

            try:
                ensure_private_dir(self.folder)
                self._ready = True
            except Exception:
                self._ready = False
        return self._ready

    def entry_path(self, path: str | os.PathLike[str]) -> Path:
        """The cache file of one log file (one per absolute path)."""
        key = os.fsencode(os.path.abspath(path))
        return self.folder / f"{hashlib.sha1(key, usedforsecurity=False).hexdigest()}.marshal"

    # -- reading ---------------------------------------------------------------

    def load(self, path: str | os.PathLike[str]) -> CachedLog | None:
        """The entry of ``path`` if it is present and intact, else None (never raises)."""
        try:
            with open(self.entry_path(path), "rb") as handle:
                raw = map_file(handle.fileno())
        except (OSError, ValueError):
            return None
        try:
            entry = _decode(raw, os.path.abspath(path))
        except Exception:  # a damaged entry of any kind is a miss, never a crash
            return None
        finally:
            if type(raw) is not bytes:
                try:
                    raw.close()
                except BufferError:  # a view still alive somewhere: unmapped when it is freed
                    pass
        if entry is not None:
            try:
                os.utime(self.entry_path(path))  # in use: ``prune`` keeps it
            except OSError:
                pass
        return entry

    # -- writing ---------------------------------------------------------------

    def store(self, path: str | os.PathLike[str], entry: CachedLog) -> bool:
        """Write the entry of ``path`` atomically (temp file 0600 + ``os.replace``); False if it could not.

        Not fsynced: after a crash an entry is whole, or damaged and so a miss.
        """
        try:
            payload = marshal.dumps((entry.skipped, entry.columns), _MARSHAL_VERSION)
            header = marshal.dumps(
                (_MAGIC, CACHE_FORMAT, os.path.abspath(path), entry.length, entry.digest, entry.lines,
                 entry.count, len(payload), content_digest(payload)),
                _MARSHAL_VERSION,
            )
            if not self.can_store():
                return False
            replace_cache_file(self.entry_path(path), (len(header).to_bytes(4, "big"), header, payload))
            if not self._pruned:
                self._pruned = True
                self.prune()
            return True
        except Exception as exc:  # unwritable folder, full disk, a value marshal refuses: parse again next time
            if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                self._ready = False  # no use preparing more entries in this process
            return False

    def prune(self, *, now: float | None = None) -> int:
        """Remove entries unused for ``UNUSED_DAYS`` and temp files left by a crash; return how many.

        An entry's modification time is when it was last stored or used, so
        what goes is the parse of a log that has been moved, deleted or left
        unread for months (it would only be parsed again). Best effort: never raises.
        Called once per process, after the first entry it stores.
        """
        from growthcourse.store.fsutil import prune_unused

        return prune_unused(self.folder, (".marshal",), days=UNUSED_DAYS, now=now)

    def forget(self, path: str | os.PathLike[str]) -> None:
        """Remove the entry of ``path`` if there is one (best effort)."""
        try:
            os.unlink(self.entry_path(path))
        except OSError:
            pass


def _decode(raw: Any, path: str) -> CachedLog | None:
    view = memoryview(raw)
    start = 4 + int.from_bytes(view[:4], "big")
    header = marshal.loads(view[4:start])
    if type(header) is not tuple or len(header) != 9:
        return None
    magic, version, stored_path, length, digest, lines, count, size, payload_digest = header
    if magic != _MAGIC or version != CACHE_FORMAT or stored_path != path:
        return None
    if not (type(length) is int and type(lines) is int and type(count) is int and type(size) is int):
        return None
    if type(digest) is not str or type(payload_digest) is not str:
        return None
    payload = view[start:]
    if len(payload) != size or content_digest(payload) != payload_digest:
        return None
    body = marshal.loads(payload)
    if type(body) is not tuple or len(body) != 2:
        return None
    skipped, columns = body
    if type(skipped) is not list or type(columns) is not tuple or len(columns) != SEGMENT_SIZE:
        return None
    if type(columns[10]) is not bytes or segment_rows(columns) != count:
        return None
    for item in skipped:
        if type(item) is not tuple or len(item) != 2 or type(item[0]) is not int or type(item[1]) is not str:
            return None
    return CachedLog(length, digest, lines, skipped, columns)
