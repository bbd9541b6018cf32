"""The per-device event logs in the data folder: appending, reading everything, merging.

Layout: ``<data>/devices/<device-id>/events-YYYY-MM.jsonl`` (month of the
event's wall clock, UTC), one compact JSON event per line (``events.to_json``).
A device only ever appends to its own files, so no file is written by two
machines and a sync engine never has to choose between two versions.

Reading (``read_events(data_dir)``, or ``LogReader(data_dir).read()`` to re-read cheaply)
takes every ``*.jsonl`` directly inside ``devices/*/``, which includes the
conflict copies sync engines make (Syncthing ``NAME.sync-conflict-...``,
Dropbox and Nextcloud ``NAME (... conflicted copy ...)``, Nextcloud
``NAME_conflict-...``, OneDrive ``NAME-COMPUTER``, iCloud ``NAME 2``): they are
read and de-duplicated by event id, never skipped. Hidden and ``~`` files
(sync engines' temp files ``.syncthing.*.tmp``, ``~syncthing~*.tmp``, ``.~*``,
and our own ``.growthcourse-*.tmp``) are ignored; iCloud ``.NAME.icloud``
placeholders (files not downloaded yet) are listed in the ``ReadReport``. A
truncated or garbage line is skipped and reported with file and line number.
The reader never writes a file in the data folder. It keeps this machine's
parse of each file in a cache outside it (``growthcourse.store.logcache``),
used only when the file still starts with the bytes that were parsed; the
events and the ``ReadReport`` are the same with or without it.

``merge(*groups)`` is the union by event id, sorted by ``Event.order_key``:
commutative, associative and idempotent, so the result does not depend on
which device reads, in which order files are read, or on duplicates.
"""

from __future__ import annotations

import functools
import gc
import os
import re
from array import array
from datetime import datetime, timezone
from collections import deque
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, eq, ge, is_
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

import msgspec

if TYPE_CHECKING:
    from growthcourse.store.logcache import LogCache

from growthcourse.store.events import (
    EVENT_TYPES,
    REFLECTION_SAVED,
    SCHEMA_VERSION,
    Event,
    EventFormatError,
    decode_line,
    decode_line_lazily,
    decode_payload,
    from_dict,
    is_understood,
    to_json,
)
from growthcourse.store.fsutil import append_line, ensure_private_dir
from growthcourse.store.stored import DEFER_CHARS, LogFile, defer_text
from growthcourse.store.table import (
    Columns,
    EventTable,
    distinct_ids,
    payload_keys,
    sorted_rows,
)

DEVICES_DIR = "devices"
LOG_SUFFIX = ".jsonl"
LOG_NAME = re.compile(r"^events-\d{4}-\d{2}\.jsonl$")
PLACEHOLDER_SUFFIX = ".icloud"

# Conflict copies, recognised for the report (every *.jsonl is read anyway).
_ENGINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Syncthing", re.compile(r"\.sync-conflict-\d{8}-\d{6}-[0-9A-Za-z]+")),
    ("Nextcloud", re.compile(r" \(conflicted copy[^)]*\)")),
    ("Dropbox", re.compile(r" \([^)]*conflicted copy[^)]*\)")),
    ("Nextcloud", re.compile(r"_conflict-\d{8}-\d{6}")),
    ("OneDrive", re.compile(r" \(\d+\)$")),
    ("iCloud", re.compile(r" \d+$")),
    ("OneDrive", re.compile(r"^events-\d{4}-\d{2}-.+$")),
)


def device_dir(data_dir: Path, device_id: str) -> Path:
    return Path(data_dir) / DEVICES_DIR / device_id


def log_name(wall_ms: int) -> str:
    """``events-YYYY-MM.jsonl`` for the UTC month of ``wall_ms``."""
    moment = datetime.fromtimestamp(wall_ms // 1000, tz=timezone.utc)
    return f"events-{moment.year:04d}-{moment.month:02d}{LOG_SUFFIX}"


def append_event(data_dir: Path, event: Event, wall_ms: int) -> Path:
    """Append ``event`` durably to its device's log for the month of ``wall_ms``; return the file.

    Raises ``StorageError`` (nothing is written) when the disk is full or read-only.
    """
    folder = ensure_private_dir(device_dir(data_dir, event.device))
    path = folder / log_name(wall_ms)
    append_line(path, to_json(event), what="save your progress to")
    return path


def is_ignored(name: str) -> bool:
    """Temp and lock files of sync engines and of growthcourse (hidden or ``~`` names)."""
    return name.startswith((".", "~"))


def is_placeholder(name: str) -> bool:
    """An iCloud Drive stub ``.NAME.icloud`` standing for a file not downloaded yet."""
    return name.startswith(".") and name.endswith(PLACEHOLDER_SUFFIX) and len(name) > len(PLACEHOLDER_SUFFIX) + 1


def placeholder_target(name: str) -> str:
    """The real name behind ``.NAME.icloud``."""
    return name[1 : -len(PLACEHOLDER_SUFFIX)]


def copy_engine(name: str) -> str | None:
    """The sync engine that made this conflict copy (by its name), "unknown", or None for a plain log."""
    if LOG_NAME.match(name):
        return None
    stem = name[: -len(LOG_SUFFIX)] if name.endswith(LOG_SUFFIX) else name
    for engine, pattern in _ENGINES:
        if pattern.search(stem):
            return engine
    return "unknown"


def _folder_engine(name: str) -> str | None:
    """A copied device folder ("abc123 2", "abc123.sync-conflict-...") or None."""
    for engine, pattern in _ENGINES[:-1]:
        if pattern.search(name):
            return engine
    return None


class SkippedLine(msgspec.Struct, frozen=True):
    path: Path
    line: int
    """1-based line number."""
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: line {self.line}: {self.reason}"


class ConflictCopy(msgspec.Struct, frozen=True):
    path: Path
    engine: str
    """"Syncthing", "Dropbox", "Nextcloud", "OneDrive", "iCloud" or "unknown"."""
    events: int
    """Events in the copy."""
    new_events: int
    """Events found only in copies (none of the regular logs has them): kept, not lost."""

    def __str__(self) -> str:
        found = f"{self.new_events} found only here" if self.new_events else "all already known"
        return f"{self.path}: {self.engine} conflict copy, {self.events} events merged ({found})"


class ReadReport(msgspec.Struct):
    """What a read of the data folder found besides the events."""

    files: list[Path] = msgspec.field(default_factory=list)
    """Every log file read (regular logs and conflict copies)."""
    conflict_copies: list[ConflictCopy] = msgspec.field(default_factory=list)
    placeholders: list[Path] = msgspec.field(default_factory=list)
    """iCloud ``.NAME.icloud`` stubs: files not downloaded to this machine yet."""
    skipped: list[SkippedLine] = msgspec.field(default_factory=list)
    unknown: list[Event] = msgspec.field(default_factory=list)
    """Events kept but not understood by this version (unknown type or newer schema)."""
    duplicates: int = 0
    """Copies of events already read elsewhere (normal with conflict copies)."""
    devices: list[str] = msgspec.field(default_factory=list)
    """Ids of every device that wrote an event, sorted."""
    event_count: int = 0
    unreadable_files: list[str] = msgspec.field(default_factory=list)
    """Files or folders that could not be opened, as sentences."""

    @property
    def clean(self) -> bool:
        """True when nothing needs the learner's attention."""
        return not (self.placeholders or self.skipped or self.unknown or self.unreadable_files)

    def messages(self) -> list[str]:
        """One sentence per thing worth telling a person, most important first."""
        lines: list[str] = []
        for path in self.placeholders:
            lines.append(
                f"{path.parent / placeholder_target(path.name)} is not downloaded to this machine yet "
                "(iCloud placeholder): progress from it is not shown until it is."
            )
        lines.extend(self.unreadable_files)
        for skipped in self.skipped:
            lines.append(f"Skipped {skipped}.")
        if self.unknown:
            kinds = sorted({f"{e.type} (v{e.v})" for e in self.unknown})
            lines.append(
                f"{len(self.unknown)} events from a newer growthcourse were kept but not understood: "
                + ", ".join(kinds)
                + "."
            )
        for copy in self.conflict_copies:
            lines.append(f"Merged {copy}.")
        return lines


# --- Parsing one file ---------------------------------------------------------


class _Parsed(msgspec.Struct):
    signature: tuple[int, int, int]
    rows: list[range]
    """The file's events: rows of the reader's ``Columns``, in file order."""
    skipped: list[SkippedLine]
    complete: int
    """Bytes up to and including the last newline: what a later append keeps unchanged."""
    lines: int
    """Number of complete lines in ``[0, complete)``."""
    whole: int
    """Number of events (the first rows) read from those complete lines (a last line without newline may add one)."""
    tail: bytes
    """The last bytes before ``complete``, to check that the file was only appended to."""
    hasher: Any = None
    """SHA-1 state of the bytes ``[0, complete)`` (only when reading with a cache)."""
    cached: int = -1
    """Bytes the on-disk cache entry of this file covers (-1: none known)."""

    @property
    def count(self) -> int:
        return sum(map(len, self.rows))


def _add_range(ranges: list[range], rows: range) -> None:
    """Append ``rows`` to ``ranges``, joining it to the last range when they touch."""
    if not rows:
        return
    if ranges and ranges[-1].stop == rows.start:
        ranges[-1] = range(ranges[-1].start, rows.stop)
    else:
        ranges.append(rows)


def _first_rows(ranges: list[range], count: int) -> list[range]:
    """The first ``count`` rows of ``ranges``."""
    taken: list[range] = []
    for rows in ranges:
        if count <= 0:
            break
        part = rows[:count]
        taken.append(part)
        count -= len(part)
    return taken


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


_scanner: Callable[[str, int], tuple[Any, int]] | None = None


def _scan(line: str, index: int) -> tuple[Any, int]:
    """The C scanner behind ``json.loads``, called directly (json.loads adds two Python layers per call).

    Only a damaged or unfinished line is read this way, so ``json`` is imported
    then, not at every start (issue 7, P1).
    """
    global _scanner
    if _scanner is None:
        import json.scanner

        _scanner = json.scanner.make_scanner(json.JSONDecoder(parse_constant=_no_constants))
    return _scanner(line, index)


_SLICE = 1024
"""Lines decoded and shared at a time (about 300 KB of a log)."""

_INCOMPLETE = "incomplete last line (the file may still be syncing, or a write was interrupted)"


def _load_line(line: str | bytes) -> Any:
    """Parse one line strictly; ``None`` for a blank line; ValueError/UnicodeDecodeError if unreadable."""
    if type(line) is bytes:
        line = line.decode("utf-8")
    try:
        obj, end = _scan(line, 0)
    except StopIteration:
        stripped = line.strip()
        if not stripped:
            return None
        try:
            obj, end = _scan(stripped, 0)
        except StopIteration:
            raise ValueError("not JSON") from None
        line = stripped
    if end != len(line) and not line[end:].isspace():
        raise ValueError("extra data after the JSON value")
    return obj


def _parse_lines(
    path: Path, chunk: bytes, first_line: int, columns: Columns, share: dict[Any, Any] | None = None,
    log: LogFile | None = None, base: int = 0, final: bool = True,
) -> tuple[list[range], list[SkippedLine], int, int, int]:
    """Parse ``chunk`` (starting at line ``first_line``) into new rows of ``columns``.

    ``share``: see ``SHARE_FROM_BYTES``. ``log``: the file, to leave long
    texts in (``stored``), ``chunk`` being its bytes from offset ``base``.
    ``final``: the chunk ends the file (else what follows its last newline is
    left to the caller, who reads on). Returns the rows added, the skipped
    lines, the bytes up to the last newline, the number of complete lines and
    the number of events read from them (the first rows).
    """
    end = chunk.rfind(b"\n") + 1
    lines = chunk[:end].split(b"\n")
    lines.pop()  # after the last newline: the partial line, handled below
    skipped: list[SkippedLine] = []
    ranges: list[range] = []
    offset = base  # of the slice's first line in the file
    for start in range(0, len(lines), _SLICE):
        part = lines[start : start + _SLICE]
        try:
            # The usual case, every line an event as growthcourse writes them: all in C, a
            # slice of lines at a time so that the lines, the events and their columns stay
            # in the CPU's cache. The events themselves live only until their columns are made.
            parsed = list(map(decode_line_lazily, part))
            payloads = _payloads_of(parsed, share)
            if log is not None:
                offset = _leave_texts(parsed, payloads, part, log, offset)
        except (msgspec.MsgspecError, UnicodeDecodeError):  # msgspec raises the latter for a cut character
            if log is not None:
                offset += sum(map(len, part)) + len(part)
            parsed, bad = _parse_each(path, part, first_line + start)
            skipped += bad
            _add_range(ranges, columns.add_events(parsed))  # texts kept: a rare slice with a damaged line
            continue
        _add_range(ranges, columns.add_events(parsed, payloads))
    complete_lines = len(lines)
    whole = sum(map(len, ranges))
    partial = chunk[end:] if final else b""
    if partial:
        number = first_line + complete_lines
        try:
            obj = _load_line(partial)
            if obj is not None:
                # a whole event that only lacks its newline
                _add_range(ranges, columns.add_events([from_dict(obj)]))
        except (ValueError, UnicodeDecodeError, StopIteration, RecursionError):
            skipped.append(SkippedLine(path, number, _INCOMPLETE))
    return ranges, skipped, end, complete_lines, whole


_payload = attrgetter("data")


def _leave_texts(
    parsed: list[Any], payloads: list[dict[str, Any]], lines: list[bytes], log: LogFile, offset: int
) -> int:
    """Leave the long reflection texts of ``lines`` (at ``offset`` in ``log``) there (``stored``).

    Returns the offset after the lines.
    """
    count = len(lines)
    reflections = list(compress(range(count), map(eq, map(_kind, parsed), repeat(REFLECTION_SAVED))))
    if not reflections:
        return offset + sum(map(len, lines)) + count
    ends = list(accumulate(map(len, lines)))  # of each line, newlines not counted
    for index in reflections:
        length = len(lines[index])
        if length >= DEFER_CHARS:  # a text of DEFER_CHARS characters takes at least as many bytes
            payloads[index] = defer_text(payloads[index], log, offset + ends[index] - length + index, length)
    return offset + ends[-1] + count


_kind = attrgetter("type")


def _payloads_of(parsed: list[Any], share: dict[Any, Any] | None) -> list[dict[str, Any]]:
    """The payloads of lines read by ``decode_line_lazily``, each distinct small one decoded once.

    ``share`` (the read's table, or None not to share) maps a payload's JSON
    text to its dict: equal texts are equal values of equal types, so events
    with the same small payload (the same lesson opened, the same item
    ticked: 90% of them) share one read-only dict. Raises ``msgspec.MsgspecError``
    for a payload that is not a JSON object, or UnicodeDecodeError for one cut inside a letter
    (the caller then reads line by line).
    """
    texts = list(map(bytes, map(_payload, parsed)))
    if share is None or len(share) >= _PAYLOADS_MAX:
        return list(map(decode_payload, texts))
    found = list(map(share.get, texts))
    missing = list(compress(range(len(texts)), map(is_, found, repeat(None))))
    if missing:
        new_texts = list(map(texts.__getitem__, missing))
        fresh = list(map(decode_payload, new_texts))
        small = list(compress(range(len(new_texts)), map(ge, repeat(_SHORT_PAYLOAD), map(len, new_texts))))
        if small:
            kept = map(share.setdefault, map(new_texts.__getitem__, small), map(fresh.__getitem__, small))
            deque(map(fresh.__setitem__, small, kept), maxlen=0)
        deque(map(found.__setitem__, missing, fresh), maxlen=0)
    return found

# Equal small payloads (the same lesson opened, the same item ticked: 90% of payloads) share one
# dict, about 230 bytes an event. So ``Event.data`` of a read event is read-only, like the frozen
# ``Event`` itself: nothing in growthcourse changes it (build a new dict instead). The table is
# bounded, so damaged logs full of distinct payloads cannot grow it without end.
# Each read has its own table (``LogReader.read``): kept for the process, its keys would hold as
# much memory again as the payloads they share.
_PAYLOADS_MAX = 50_000
_SHORT_PAYLOAD = 200
"""Payloads whose JSON is at most this long are shared; longer ones (reflections, notes) rarely repeat."""


def _parse_each(path: Path, lines: list[bytes], first_line: int) -> tuple[list[Event], list[SkippedLine]]:
    """Line by line, for lines with one that is not a plain event: each bad line reported.

    A line msgspec refuses goes through the json module and ``from_dict``,
    which accept the same events and a few more (integers beyond 64 bits, lone
    surrogates escaped in a text) and say precisely what is wrong with the rest.
    """
    events: list[Event] = []
    skipped: list[SkippedLine] = []
    for number, line in enumerate(lines, first_line):
        try:
            events.append(decode_line(line))
            continue
        except (msgspec.MsgspecError, UnicodeDecodeError):
            pass
        obj = None
        try:
            obj = _load_line(line)
            if obj is None:
                continue
            events.append(from_dict(obj))
        except UnicodeDecodeError:
            skipped.append(SkippedLine(path, number, "not UTF-8 text"))
        except EventFormatError as exc:
            skipped.append(SkippedLine(path, number, _describe_bad_event(obj, exc)))
        except (ValueError, StopIteration, RecursionError):
            skipped.append(SkippedLine(path, number, "unreadable (not a JSON event)"))
    return events, skipped


def _describe_bad_event(obj: Any, exc: EventFormatError) -> str:
    version = obj.get("v") if isinstance(obj, dict) else None
    if type(version) is int and version > SCHEMA_VERSION:
        return f"written by a newer growthcourse (event schema v{version}); update growthcourse to read it"
    return f"not a growthcourse event ({exc})"


def _signature(stat: os.stat_result) -> tuple[int, int, int]:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _parse_file(
    path: Path, stat: os.stat_result, previous: _Parsed | None, columns: Columns,
    cache: LogCache | None = None, share: dict[Any, Any] | None = None,
) -> _Parsed:
    """Parse ``path`` into rows of ``columns``, reusing ``previous`` when the file has only grown since.

    With a ``cache``, a file this process has not parsed yet is taken from its
    cache entry when the file still starts with the bytes the entry covers
    (then only the bytes after them are parsed).
    """
    signature = _signature(stat)
    if previous is not None and previous.signature == signature:
        return previous
    with open(path, "rb") as handle:
        if (
            previous is not None
            and previous.signature[0] == stat.st_ino
            and stat.st_size >= previous.complete
            and previous.complete > 0
        ):
            handle.seek(previous.complete - len(previous.tail))
            if handle.read(len(previous.tail)) == previous.tail:
                chunk = handle.read()
                ranges, skipped, end, lines, whole = _parse_lines(
                    path, chunk, previous.lines + 1, columns, share, _log_of(path, share), previous.complete
                )
                hasher = None
                if previous.hasher is not None:
                    hasher = previous.hasher.copy()
                    hasher.update(memoryview(chunk)[:end])
                # The old last line without a newline (event or skipped) is read again with the new bytes.
                rows = _first_rows(previous.rows, previous.whole)
                for part in ranges:
                    _add_range(rows, part)
                kept_skipped = [s for s in previous.skipped if s.line <= previous.lines]
                return _Parsed(
                    signature,
                    rows,
                    kept_skipped + skipped,
                    previous.complete + end,
                    previous.lines + lines,
                    previous.whole + whole,
                    (previous.tail + chunk[:end])[-64:],
                    hasher,
                    previous.cached,
                )
            handle.seek(0)
        if cache is not None:
            parsed = _from_cache(path, signature, handle, columns, cache, share)
            if parsed is not None:
                return parsed
            handle.seek(0)
        return _parse_whole(path, signature, handle, columns, share, hashing=cache is not None)


_BLOCK = 1 << 20
"""Bytes of a log read at a time (``_parse_whole``, ``_hash_prefix``)."""


def _parse_whole(
    path: Path, signature: tuple[int, int, int], handle: Any, columns: Columns, share: dict[Any, Any] | None,
    *, hashing: bool,
) -> _Parsed:
    """Parse the file open in ``handle`` from its start, a block at a time.

    A large log is never held whole: its bytes, and the lines split from them,
    take a block's worth of memory at a time (issue 7, P7: a 4 MB log read
    whole made the start's peak 4-8 MB higher).
    """
    log = _log_of(path, share)
    hasher = _sha1(b"") if hashing else None
    hashed: Any = None  # the last block handed to the hashing thread (``_hash_beside``)
    rows: list[range] = []
    skipped: list[SkippedLine] = []
    complete = lines = whole = 0
    tail = b""
    pending: list[bytes] = []  # read, but no line ends in them yet (a long line spans blocks)
    while True:
        block = handle.read(_BLOCK)
        final = not block
        if not final and b"\n" not in block:
            pending.append(block)  # joined once a line ends: a huge line is not copied again per block
            continue
        chunk = b"".join(pending + [block]) if pending else block
        pending = []
        if final and not chunk:
            if hashed is not None:
                hashed.result()  # every block hashed, in order
            return _Parsed(signature, rows, skipped, complete, lines, whole, tail, hasher)
        ranges, bad, end, count, events = _parse_lines(
            path, chunk, lines + 1, columns, share, log, complete, final=final
        )
        for part in ranges:
            _add_range(rows, part)
        skipped += bad
        if end:
            if hasher is not None:
                hashed = _hash_beside().submit(hasher.update, memoryview(chunk)[:end])
            tail = (tail + chunk[max(0, end - 64) : end])[-64:]
        complete += end
        lines += count
        whole += events
        if final:
            if hashed is not None:
                hashed.result()  # every block hashed, in order
            return _Parsed(signature, rows, skipped, complete, lines, whole, tail, hasher)
        if end < len(chunk):
            pending.append(chunk[end:])


def _log_of(path: Path, share: dict[Any, Any] | None) -> LogFile | None:
    """Where a read leaves the long texts of ``path``: only a large read (one that shares payloads) does."""
    return LogFile(path) if share is not None else None


@functools.cache
def _hash_beside() -> Any:
    """One thread that hashes the blocks of a large first read while the parse goes on.

    ``hashlib`` lets go of the interpreter while it hashes a large block, so on
    a second core the SHA-1 a cache entry needs costs the parse nothing: 20 ms
    of a first read of 100,000 events (issue 7, P5 cold). One worker: the
    blocks of a file are hashed in the order they were read. A block is a
    ``bytes`` object the parse never changes.
    """
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="growthcourse-hash")


def _sha1(data: bytes | memoryview) -> Any:
    import hashlib

    return hashlib.sha1(data, usedforsecurity=False)


def _from_cache(
    path: Path, signature: tuple[int, int, int], handle: Any, columns: Columns, cache: LogCache,
    share: dict[Any, Any] | None = None,
) -> _Parsed | None:
    """The parse of the file open in ``handle`` (at its start) from its cache entry plus the bytes after it, or None.

    The part the entry covers is only hashed, a block at a time into one buffer: never read whole.
    """
    entry = cache.load(path)
    if entry is None or not 0 < entry.length <= signature[1]:
        return None
    hasher, last = _hash_prefix(handle, entry.length)
    if hasher is None or hasher.hexdigest() != entry.digest:
        return None  # rewritten, not appended to: parse it all
    try:
        # Payloads stay shared within the file as they were when stored (marshal keeps
        # shared objects shared); a few copies across files are not worth looking each one up.
        shared = None if share is None else functools.partial(_share_stored, share)
        log = LogFile(path)
        rows = [columns.add_segment(entry.columns, shared, log)]
    except Exception:
        return None
    rest = handle.read()
    cached_skipped = [SkippedLine(path, line, reason) for line, reason in entry.skipped]
    ranges, skipped, end, lines, whole = _parse_lines(
        path, rest, entry.lines + 1, columns, share, log if share is not None else None, entry.length
    )
    for part in ranges:
        _add_range(rows, part)
    if end:
        hasher.update(memoryview(rest)[:end])
    return _Parsed(
        signature,
        rows,
        cached_skipped + skipped,
        entry.length + end,
        entry.lines + lines,
        entry.count + whole,
        (last + rest[:end])[-64:],
        hasher,
        entry.length,
    )


def _hash_prefix(handle: Any, length: int) -> tuple[Any, bytes]:
    """(SHA-1 of the first ``length`` bytes of ``handle``, their last 64 bytes); (None, b"") if the file is shorter."""
    hasher = _sha1(b"")
    block = bytearray(min(_BLOCK, length))
    view = memoryview(block)
    left = length
    last = b""
    while left:
        count = handle.readinto(view[: min(left, len(block))])
        if not count:
            return None, b""
        hasher.update(view[:count])
        last = (last + bytes(view[max(0, count - 64) : count]))[-64:]
        left -= count
    return hasher, last


def _share_stored(table: dict[Any, Any], payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The shared dicts (through ``table``) for payloads a cache entry flags as small."""
    if len(table) >= _PAYLOADS_MAX:
        return payloads
    return list(map(table.setdefault, payload_keys(payloads), payloads))


def _worth_storing(parsed: _Parsed) -> bool:
    """The parse covers more complete lines than the file's cache entry (and was read with a cache)."""
    return parsed.hasher is not None and parsed.complete > 0 and parsed.cached != parsed.complete


def _store_in_cache(cache: LogCache, path: Path, parsed: _Parsed, columns: Columns) -> bool:
    """Record the parse of ``path``'s complete lines in the cache, if it covers more than the entry there."""
    if not _worth_storing(parsed) or not cache.can_store():
        return False
    rows = _first_rows(parsed.rows, parsed.whole)
    if len(rows) > 1:
        return False  # rows not next to each other (another table appended meanwhile): stored next time
    from growthcourse.store.logcache import CachedLog

    entry = CachedLog(
        parsed.complete,
        parsed.hasher.hexdigest(),
        parsed.lines,
        [(s.line, s.reason) for s in parsed.skipped if s.line <= parsed.lines],
        columns.segment(rows[0] if rows else range(0), share_below=_SHORT_PAYLOAD),
    )
    if cache.store(path, entry):
        parsed.cached = parsed.complete
        return True
    return False


# --- Merging ------------------------------------------------------------------


# ``Event.order_key`` as one C call per event (the sort of 100k events calls it 100k times).
_order: Any = attrgetter("hlc.ms", "hlc.counter", "device", "id")
_event_id = attrgetter("id")
_event_device = attrgetter("device")


def merge(*groups: Iterable[Event]) -> list[Event]:
    """The union of events by id, sorted by ``Event.order_key``.

    Commutative, associative and idempotent. Two different events claiming one
    id (a damaged file) resolve to the same one whatever the order: the one
    whose JSON sorts first.
    """
    by_id: dict[str, Event] = {}
    for group in groups:
        _union_into(by_id, group)
    return sorted(by_id.values(), key=_order)


def _union_into(by_id: dict[str, Event], events: Iterable[Event]) -> int:
    """Add ``events`` to ``by_id``; return how many were already there."""
    if type(events) is list:
        ids = list(map(_event_id, events))
        if by_id.keys().isdisjoint(ids) and len(set(ids)) == len(ids):  # the usual case: all new
            by_id.update(zip(ids, events))
            return 0
    duplicates = 0
    get = by_id.get
    for event in events:
        known = get(event.id)
        if known is None:
            by_id[event.id] = event
        else:
            duplicates += 1
            if known != event and to_json(event) < to_json(known):
                by_id[event.id] = event
    return duplicates


# --- Reading the data folder ------------------------------------------------------


class _Listing(msgspec.Struct):
    logs: list[tuple[Path, os.stat_result, str | None]]
    """(path, stat, engine or None for a regular log)"""
    placeholders: list[Path]
    problems: list[str]


def _list_logs(data_dir: Path) -> _Listing:
    root = Path(data_dir) / DEVICES_DIR
    listing = _Listing([], [], [])
    try:
        folders = sorted(os.scandir(root), key=lambda entry: entry.name)
    except FileNotFoundError:
        return listing
    except OSError as exc:
        listing.problems.append(f"Could not open {root}: {exc.strerror}.")
        return listing
    for folder in folders:
        if is_ignored(folder.name):
            if is_placeholder(folder.name):
                listing.placeholders.append(Path(folder.path))
            continue
        if not folder.is_dir():
            continue
        folder_engine = _folder_engine(folder.name)
        try:
            entries = sorted(os.scandir(folder.path), key=lambda entry: entry.name)
        except OSError as exc:
            listing.problems.append(f"Could not open {folder.path}: {exc.strerror}.")
            continue
        for entry in entries:
            name = entry.name
            if is_ignored(name):
                if is_placeholder(name) and placeholder_target(name).endswith(LOG_SUFFIX):
                    listing.placeholders.append(Path(entry.path))
                continue
            if not name.endswith(LOG_SUFFIX):
                continue
            try:
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError as exc:
                listing.problems.append(f"Could not open {entry.path}: {exc.strerror}.")
                continue
            engine = copy_engine(name) or folder_engine
            listing.logs.append((Path(entry.path), stat, engine))
    return listing


SHARE_FROM_BYTES = 2 << 20
"""Equal small payloads of the events read are shared (``_payloads_of``) only when the
logs add up to this much (about 8,000 events): below it the memory saved (a couple of MB at most)
is not worth the time (about 2 us an event, a tenth of a small data folder's start-up)."""

SMALL_LOG_BYTES = 256 << 10
"""Log files smaller than this are parsed rather than taken from this machine's cache: msgspec
reads 256 KB (about 1,000 events) in about a millisecond, less than loading the cache costs."""


class LogReader:
    """Reads and merges every device's log in a data folder, re-parsing only what changed.

    ``read()`` returns ``(table, report)``: all events of all courses, merged
    (distinct ids) and sorted, as an ``EventTable`` over this reader's
    ``Columns``. A file that only grew since the last read is parsed from
    where the last read stopped, so re-reading after each action stays cheap.
    """

    def __init__(self, data_dir: Path, cache: LogCache | bool | None = True, *, defer_cache: bool = False):
        """``cache``: True for this machine's parse cache (``logcache``, for files of at least
        ``SMALL_LOG_BYTES``), a ``LogCache``, or False/None for none.

        ``defer_cache``: a read only notes which files' parses to store, and
        ``save_cache()`` stores them (the app calls it once its first screen
        is painted, so a first start does not wait for the cache); otherwise
        each read stores them before it returns."""
        self.data_dir = Path(data_dir)
        self._defer_cache = defer_cache
        self._unsaved: set[Path] = set()
        self._cache_wanted = cache is True
        self._cache: LogCache | None = None if cache is True else (cache or None)
        self._columns = Columns()
        self._files: dict[Path, _Parsed] = {}
        self._snapshot: tuple[dict[Path, tuple[int, int, int]], tuple, tuple] | None = None
        self._merged = EventTable(self._columns)
        self._report = ReadReport()

    def _cache_for(self, size: int) -> LogCache | None:
        """The cache to read a log file of ``size`` bytes with, or None to parse it.

        This machine's cache is made (and its module imported) only when a
        file is large enough to be worth it: most data folders never need it.
        """
        if self._cache is None and self._cache_wanted and size >= SMALL_LOG_BYTES:
            self._cache_wanted = False
            try:
                from growthcourse.store.logcache import LogCache

                self._cache = LogCache(min_bytes=SMALL_LOG_BYTES)
            except Exception:  # no cache folder can be found: read without one
                return None
        if self._cache is not None and size >= self._cache.min_bytes:
            return self._cache
        return None

    @property
    def report(self) -> ReadReport:
        """The report of the last read (kept up to date by ``note_appended``)."""
        return self._report

    def read(self) -> tuple[EventTable, ReadReport]:
        """All events (the reader's own table: ``copy()`` it before appending) and the report."""
        listing = _list_logs(self.data_dir)
        snapshot = (
            {path: _signature(stat) for path, stat, _ in listing.logs},
            tuple(listing.placeholders),
            tuple(listing.problems),
        )
        if snapshot == self._snapshot:
            return self._merged, self._report

        columns = self._columns
        report = ReadReport(placeholders=listing.placeholders, unreadable_files=list(listing.problems))
        parsed: dict[Path, _Parsed] = {}
        large = sum(stat.st_size for _path, stat, _engine in listing.logs) >= SHARE_FROM_BYTES
        share: dict[Any, Any] | None = {} if large else None
        gc_was_enabled = gc.isenabled()
        gc.disable()  # parsing allocates many small objects; the cyclic GC only slows it down
        try:
            for path, stat, _engine in listing.logs:
                try:
                    parsed[path] = _parse_file(
                        path, stat, self._files.get(path), columns, self._cache_for(stat.st_size), share
                    )
                except OSError as exc:
                    report.unreadable_files.append(f"Could not read {path}: {exc.strerror}.")
            live = sum(entry.count for entry in parsed.values())
            if len(columns) > 2 * live + 4096:
                # Mostly rows of files since rewritten: read everything again into new columns.
                self._columns = Columns()
                self._files = {}
                self._snapshot = None
                return self.read()
            merged = self._merge(listing, parsed, report)
        finally:
            if gc_was_enabled:
                gc.enable()
        report.unknown = _not_understood(columns, merged)
        devices = columns.devices
        report.devices = sorted({devices[number] for number in set(map(columns.device.__getitem__, merged))})
        report.event_count = len(merged)
        self._files = parsed
        self._snapshot = snapshot
        self._merged = EventTable(columns, merged, ordered=True)
        self._report = report
        if self._cache is not None:
            self._unsaved.update(path for path, entry in parsed.items() if _worth_storing(entry))
            if not self._defer_cache:
                self.save_cache()
        return self._merged, report

    def has_unsaved_cache(self) -> bool:
        return bool(self._unsaved)

    def save_cache(self) -> int:
        """Store in this machine's cache the parses the reads since the last call made; return how many.

        Best effort (never raises: a cache that cannot be written only means parsing again).
        """
        unsaved, self._unsaved = self._unsaved, set()
        if self._cache is None or not unsaved:
            return 0
        stored = 0
        for path in sorted(unsaved):
            entry = self._files.get(path)
            if entry is not None and _worth_storing(entry):
                stored += _store_in_cache(self._cache, path, entry, self._columns)
        return stored

    def _merge(self, listing: _Listing, parsed: dict[Path, _Parsed], report: ReadReport) -> array:
        """The rows of every file, without duplicates, in ``Event.order_key`` order; fills in ``report``."""
        columns = self._columns
        regular: list[range] = []
        copies: list[tuple[Path, str, list[range]]] = []
        for path, _stat, engine in listing.logs:
            entry = parsed.get(path)
            if entry is None:
                continue
            report.files.append(path)
            report.skipped.extend(entry.skipped)
            if engine is None:
                regular += entry.rows
            else:
                copies.append((path, engine, entry.rows))
        everything = array("q", chain.from_iterable(regular + [part for *_, rows in copies for part in rows]))
        if distinct_ids(columns, everything):  # the usual case: no event twice
            for path, engine, rows in copies:
                count = sum(map(len, rows))
                report.conflict_copies.append(ConflictCopy(path, engine, count, count))
            return sorted_rows(columns, everything)
        del everything
        # Some event is in two files (a conflict copy, a copied device folder): the union by id,
        # regular logs first, as ``merge`` does it.
        by_id: dict[str, int] = {}
        report.duplicates += _union_rows(columns, by_id, chain.from_iterable(regular))
        regular_ids = set(by_id) if copies else set()
        for path, engine, rows in copies:
            new = sum(1 for row in chain.from_iterable(rows) if columns.id(row) not in regular_ids)
            report.duplicates += _union_rows(columns, by_id, chain.from_iterable(rows))
            report.conflict_copies.append(ConflictCopy(path, engine, sum(map(len, rows)), new))
        return sorted_rows(columns, array("q", by_id.values()))

    def note_appended(self, path: Path, event: Event) -> None:
        """Record that this process appended ``event`` to ``path``, without re-merging everything.

        Valid only for an event ordered after everything read (what a
        HybridClock that observed every event guarantees); otherwise the next
        ``read()`` simply merges again.
        """
        if self._snapshot is None:
            return
        columns = self._columns
        try:
            stat = path.stat()
            parsed = _parse_file(path, stat, self._files.get(path), columns, self._cache_for(stat.st_size))
        except OSError:
            self._snapshot = None
            return
        previous = self._files.get(path)
        before = previous.whole if previous else 0
        fresh = [row for part in parsed.rows for row in part][before:]
        merged = self._merged
        last = merged.last_key()
        in_order = last is None or last < event.order_key
        known_skips = previous.skipped if previous else []
        if len(fresh) != 1 or columns.event(fresh[0]) != event or not in_order or parsed.skipped != known_skips:
            self._files[path] = parsed
            self._snapshot = None
            return
        self._files[path] = parsed
        merged.order.append(fresh[0])
        report = self._report
        if path not in report.files:
            report.files.append(path)
        if not is_understood(event):
            report.unknown.append(event)
        if event.device not in report.devices:
            report.devices = sorted({*report.devices, event.device})
        report.event_count = len(merged)
        signatures, placeholders, problems = self._snapshot
        self._snapshot = ({**signatures, path: _signature(stat)}, placeholders, problems)


def _union_rows(columns: Columns, by_id: dict[str, int], rows: Iterable[int]) -> int:
    """Add ``rows`` to ``by_id`` (id -> row) as ``_union_into`` does events; return how many were there."""
    duplicates = 0
    for row in rows:
        event_id = columns.id(row)
        known = by_id.get(event_id)
        if known is None:
            by_id[event_id] = row
        else:
            duplicates += 1
            if not columns.same(known, row) and to_json(columns.event(row)) < to_json(columns.event(known)):
                by_id[event_id] = row
    return duplicates


def _not_understood(columns: Columns, rows: Sequence[int]) -> list[Event]:
    """Events of types or schema versions this version does not know (usually none: checked in C)."""
    unknown_types = {number for number, name in enumerate(columns.types) if name not in EVENT_TYPES}
    versions = columns.v
    if not unknown_types and versions.count(SCHEMA_VERSION) == len(versions):  # every row, read or not
        return []
    return [
        columns.event(row) for row in rows
        if columns.type[row] in unknown_types or columns.v[row] != SCHEMA_VERSION
    ]


def read_events(data_dir: Path, *, cache: LogCache | bool | None = True) -> tuple[EventTable, ReadReport]:
    """Every event in the data folder, merged and sorted, and what the read found.

    ``cache`` as for ``LogReader`` (this machine's parse cache by default; False to parse every line).
    """
    return LogReader(data_dir, cache).read()
