"""Events kept as columns: what the reader, the fold and the app hold instead of one object per event.

    table = EventTable.of(events)           # from Event objects (already unique and in order)
    len(table); table[-1]; list(table)      # a read-only sequence of Event, built on demand
    table.append(event)                     # this device's new event (after everything in it)
    table.for_course("fix-it-to-growth")    # the rows of one course (shares the columns)

Why: an ``Event`` held as Python objects costs about 300 bytes before its
payload (the struct, its id and wall texts, its clock), so 100,000 events of
history took about 60 MB and most of a first start went on making and
freeing those objects (issue 7, P5 and P7). ``Columns`` keeps each field of
every event in one compact array instead: the id as 16 raw bytes, the wall
time as 24 ASCII bytes, device, course and type as small indexes into lists
of their texts, the clock in 64-bit arrays, and only the payload as an object
(equal small payloads share one dict, see ``eventlog._payloads_of``; in a large
read, a long reflection text stays in its log file, see ``stored``: ``payload``
and ``event`` read it back). That is about 80 bytes an event plus its payload. Anything that does not fit a compact
column (an id that is not 32 lowercase hex digits, a wall time of another
length, a number beyond 64 bits) is kept as written in a side table, so what
is read is never changed.

An ``EventTable`` is an order of rows over ``Columns``: the reader merges
every file's rows into one order (``merged_order``), and views (one course,
a copy the app appends to) share the columns. The fold and the facts refer
to rows (``Columns.event(row)`` builds the ``Event`` when something asks).
Appending is safe from several threads (a lock); rows never move.
"""

from __future__ import annotations

import threading
from array import array
from collections import deque
from itertools import compress, islice, repeat
from operator import and_, attrgetter, eq, ge, lshift, lt, mul, or_, rshift, sub, xor
from typing import Any, Callable, Iterable, Iterator, Sequence, overload

import msgspec

from growthcourse.store.events import HLC, Event
from growthcourse.store.fsutil import StorageError
from growthcourse.store.stored import STORED, LogFile, StoredPayload
from growthcourse.store.stored import stored as stored_payload

_ID_HEX = 32
_ID_BYTES = 16
_WALL_CHARS = 24
_ZERO_ID = bytes(_ID_BYTES)
_BLANK_WALL = b" " * _WALL_CHARS

_id = attrgetter("id")
_device = attrgetter("device")
_course = attrgetter("course")
_ms = attrgetter("hlc.ms")
_counter = attrgetter("hlc.counter")
_wall = attrgetter("wall")
_type = attrgetter("type")
_data = attrgetter("data")
_v = attrgetter("v")


class _Index(dict):
    """Text -> small index, adding unseen texts (``map(index.__getitem__, texts)`` runs in C)."""

    def __init__(self, names: list[Any]) -> None:
        super().__init__((name, number) for number, name in enumerate(names))
        self.names = names

    def __missing__(self, name: Any) -> int:
        number = self[name] = len(self.names)
        self.names.append(name)
        return number


def _numbers(values: Iterable[int]) -> array | list:
    """64-bit integers in an array; a plain list when one does not fit (data from elsewhere)."""
    values = list(values)
    try:
        return array("q", values)
    except OverflowError:
        return values


def _extend_numbers(column: array | list, values: Iterable[int], again: Callable[[], Iterable[int]]) -> array | list:
    """``column`` extended by ``values``: a 64-bit array while they fit, else a plain list.

    ``again`` gives the values anew (``values`` may be a used-up iterator when one did not fit).
    """
    if type(column) is array:
        size = len(column)
        try:
            column.extend(values)
            return column
        except OverflowError:
            del column[size:]  # what was added before the value that did not fit
            column = list(column)
            values = again()
    column.extend(values)
    return column


class Columns:
    """Every field of every event added, one compact column per field; rows never move."""

    __slots__ = (
        "ids", "odd_ids", "devices", "device", "courses", "course", "types", "type",
        "ms", "counter", "wall", "odd_walls", "data", "v", "_device_index", "_course_index",
        "_type_index", "_lock",
    )

    def __init__(self) -> None:
        self.ids = bytearray()  # 16 bytes a row: the id's 32 hex digits as bytes
        self.odd_ids: dict[int, str] = {}  # row -> id, for ids that are not 32 lowercase hex digits
        self.devices: list[str] = []
        self.device = array("I")  # index into ``devices``
        self.courses: list[str] = []
        self.course = array("I")
        self.types: list[str] = []
        self.type = array("I")
        self.ms: array | list = array("q")
        self.counter: array | list = array("q")
        self.wall = bytearray()  # 24 ASCII bytes a row: "2026-11-26T08:13:50.123Z"
        self.odd_walls: dict[int, str] = {}  # row -> wall, for any other text
        self.data: list[dict[str, Any]] = []
        self.v: array | list = array("q")
        self._device_index = _Index(self.devices)
        self._course_index = _Index(self.courses)
        self._type_index = _Index(self.types)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.data)

    # -- adding ------------------------------------------------------------------

    def add_events(self, events: Sequence[Event], payloads: list[dict[str, Any]] | None = None) -> range:
        """Add ``events`` as new rows (``payloads``: their data, if already shared); return the rows."""
        with self._lock:
            start = len(self.data)
            count = len(events)
            _add_texts(self.ids, self.odd_ids, list(map(_id, events)), start, hexadecimal=True)
            _add_numbers(self.device, self._device_index, list(map(_device, events)))
            _add_numbers(self.course, self._course_index, list(map(_course, events)))
            _add_numbers(self.type, self._type_index, list(map(_type, events)))
            self.ms = _extend_numbers(self.ms, map(_ms, events), lambda: map(_ms, events))
            self.counter = _extend_numbers(self.counter, map(_counter, events), lambda: map(_counter, events))
            _add_texts(self.wall, self.odd_walls, list(map(_wall, events)), start, hexadecimal=False)
            self.data.extend(payloads if payloads is not None else map(_data, events))
            self.v = _extend_numbers(self.v, map(_v, events), lambda: map(_v, events))
            return range(start, start + count)

    def add_segment(
        self, segment: tuple[Any, ...], share: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
        log: LogFile | None = None,
    ) -> range:
        """Add rows stored by ``segment()`` (a cache entry's columns).

        ``share`` gets the payloads that were shared when the segment was made
        and returns the dicts to use for them (see ``eventlog._share_stored``), so
        equal payloads of different files are one dict again. ``log``: the file
        the segment was read from, where its payloads' stored texts are.

        Everything is checked before anything is added: a segment that is not
        one (damaged, from another version) raises ValueError and adds nothing.
        """
        if type(segment) is not tuple or len(segment) != SEGMENT_SIZE:
            raise ValueError("not a segment")
        (ids, odd_ids, devices, device, courses, course, types, kinds, ms, counter, wall, odd_walls, unique,
         which, flags, versions, stored) = segment
        if type(ids) is not bytes or type(wall) is not bytes or type(which) is not bytes or type(flags) is not bytes:
            raise ValueError("not a segment")
        count = segment_rows(segment)
        if len(ids) != count * _ID_BYTES or len(wall) != count * _WALL_CHARS:
            raise ValueError("columns of different lengths")
        if type(unique) is not list or not all(type(item) is dict for item in unique) or len(flags) != len(unique):
            raise ValueError("payloads are not tables")
        payload_rows = array("I")
        payload_rows.frombytes(which)
        if len(payload_rows) != count or (count and max(payload_rows) >= len(unique)):
            raise ValueError("columns of different lengths")
        if type(stored) is not list:
            raise ValueError("not a segment")
        if stored:
            unique = list(unique)  # the stored payloads are replaced, in a copy only: nothing is added yet
            _restore(unique, stored, flags, log)
        if share is not None and flags.count(1):
            chosen = list(compress(range(len(unique)), flags))
            deque(map(unique.__setitem__, chosen, share(list(map(unique.__getitem__, chosen)))), maxlen=0)
        data = list(map(unique.__getitem__, payload_rows))
        for odd in (odd_ids, odd_walls):
            if type(odd) is not dict or not all(
                type(row) is int and 0 <= row < count and type(text) is str for row, text in odd.items()
            ):
                raise ValueError("not a segment")
        device_rows, course_rows, type_rows = array("I"), array("I"), array("I")
        for rows, raw, names in ((device_rows, device, devices), (course_rows, course, courses),
                                 (type_rows, kinds, types)):
            if type(raw) is not bytes or type(names) is not list or not all(type(n) is str for n in names):
                raise ValueError("not a segment")
            rows.frombytes(raw)
            if len(rows) != count or (count and max(rows) >= len(names)):
                raise ValueError("columns of different lengths")
        ms_rows, counter_rows, v_rows = (_from_stored(value, count) for value in (ms, counter, versions))
        with self._lock:
            start = len(self.data)
            self.ids += ids
            self.odd_ids.update(zip(map(start.__add__, odd_ids), odd_ids.values()))
            for column, index, names, rows in (
                (self.device, self._device_index, devices, device_rows),
                (self.course, self._course_index, courses, course_rows),
                (self.type, self._type_index, types, type_rows),
            ):
                ours = list(map(index.__getitem__, names))
                column.extend(map(ours.__getitem__, rows))
            self.ms = _extend_numbers(self.ms, ms_rows, lambda: ms_rows)
            self.counter = _extend_numbers(self.counter, counter_rows, lambda: counter_rows)
            self.wall += wall
            self.odd_walls.update(zip(map(start.__add__, odd_walls), odd_walls.values()))
            self.data.extend(data)
            self.v = _extend_numbers(self.v, v_rows, lambda: v_rows)
            return range(start, start + count)

    def segment(self, rows: range, share_below: int = 0) -> tuple[Any, ...]:
        """Rows ``rows`` (contiguous) as plain values for ``marshal`` (see ``add_segment``).

        Each payload is stored once with, per row, its number; payloads whose
        compact JSON is at most ``share_below`` bytes are flagged for
        ``add_segment``'s ``share``.
        """
        start, stop = rows.start, rows.stop
        parts: list[Any] = [
            bytes(self.ids[start * _ID_BYTES : stop * _ID_BYTES]),
            {row - start: text for row, text in self.odd_ids.items() if start <= row < stop},
        ]
        for column, names in ((self.device, self.devices), (self.course, self.courses), (self.type, self.types)):
            used = column[start:stop]
            local = sorted(set(used))
            renumber = {number: position for position, number in enumerate(local)}
            parts.append([names[number] for number in local])
            parts.append(array("I", map(renumber.__getitem__, used)).tobytes())
        parts.append(_to_stored(self.ms[start:stop]))
        parts.append(_to_stored(self.counter[start:stop]))
        parts.append(bytes(self.wall[start * _WALL_CHARS : stop * _WALL_CHARS]))
        parts.append({row - start: text for row, text in self.odd_walls.items() if start <= row < stop})
        payloads = self.data[start:stop]
        keys = list(map(id, payloads))
        firsts = dict(zip(keys, payloads))  # one entry per distinct dict, in order of first use
        numbering = dict(zip(firsts, range(len(firsts))))
        unique = list(firsts.values())
        stored = [(number, payload.span, payload.stored_keys) for number, payload in enumerate(unique)
                  if type(payload) is StoredPayload]
        for number, _span, names in stored:  # a plain dict with None for each text left in the log
            unique[number] = {key: None if key in names else value for key, value in unique[number].items()}
        parts.append(unique)
        parts.append(array("I", map(numbering.__getitem__, keys)).tobytes())
        flags = bytearray(map(ge, repeat(share_below), map(len, payload_keys(unique)))) if share_below \
            else bytearray(len(unique))
        for number, _span, _names in stored:
            flags[number] = 0  # never shared: equal values, but each names its own line
        parts.append(bytes(flags))
        parts.append(_to_stored(self.v[start:stop]))
        parts.append(stored)
        return tuple(parts)

    # -- reading one row ---------------------------------------------------------

    def id(self, row: int) -> str:
        odd = self.odd_ids
        if odd and row in odd:
            return odd[row]
        return self.ids[row * _ID_BYTES : row * _ID_BYTES + _ID_BYTES].hex()

    def wall_text(self, row: int) -> str:
        odd = self.odd_walls
        if odd and row in odd:
            return odd[row]
        return self.wall[row * _WALL_CHARS : row * _WALL_CHARS + _WALL_CHARS].decode("ascii")

    def device_id(self, row: int) -> str:
        return self.devices[self.device[row]]

    def course_id(self, row: int) -> str:
        return self.courses[self.course[row]]

    def type_name(self, row: int) -> str:
        return self.types[self.type[row]]

    def order_key(self, row: int) -> tuple[int, int, str, str]:
        """``Event.order_key`` of a row."""
        return (self.ms[row], self.counter[row], self.devices[self.device[row]], self.id(row))

    def event(self, row: int) -> Event:
        """The row as an ``Event`` (equal to the one added; a new object each call)."""
        return self._event(row, self.payload(row))

    def event_as_held(self, row: int) -> Event:
        """The row as an ``Event`` without reading texts left in its log file (``STORED`` in their place).

        For what needs an event's time and identity, not its text (the fold's
        first activity of a module, its last event): it can never fail.
        """
        return self._event(row, self.data[row])

    def _event(self, row: int, data: dict[str, Any]) -> Event:
        return Event(
            self.id(row),
            self.devices[self.device[row]],
            self.courses[self.course[row]],
            HLC(self.ms[row], self.counter[row]),
            self.wall_text(row),
            self.types[self.type[row]],
            data,
            self.v[row],
        )

    def payload(self, row: int) -> dict[str, Any]:
        """``Event.data`` of a row, with any text left in its log file read again (``stored``).

        Raises ``stored.TextUnavailable`` (a ``StorageError``) if that text cannot be read.
        """
        data = self.data[row]
        if type(data) is StoredPayload:
            return data.read(self.id(row))
        return data

    def pin(self, row: int) -> bool:
        """Keep the row's texts in memory from now on (read them now if they were left in the log).

        False (and still left there) if they cannot be read.
        """
        data = self.data[row]
        if type(data) is StoredPayload:
            try:
                self.data[row] = data.read(self.id(row))
            except StorageError:
                return False
        return True

    def same(self, row: int, other: int) -> bool:
        """The two rows hold equal events."""
        return self.event(row) == self.event(other)

    def type_number(self, kind: str) -> int | None:
        """The number of a type name in ``type`` (None when no row has it); likewise devices and courses."""
        return self._type_index.get(kind)

    def device_number(self, device_id: str) -> int | None:
        return self._device_index.get(device_id)

    def course_number(self, course_id: str) -> int | None:
        return self._course_index.get(course_id)


def _add_numbers(column: array, index: _Index, names: list[Any]) -> None:
    """Append the numbers of ``names`` (one device, course or type for a whole log slice: one lookup)."""
    if names and names.count(names[0]) == len(names):
        column.extend(array("I", (index[names[0]],)) * len(names))
    else:
        column.extend(map(index.__getitem__, names))


def _add_texts(blob: bytearray, odd: dict[int, str], values: list[Any], start: int, *, hexadecimal: bool) -> None:
    """Append fixed-width texts to ``blob``: ids as 16 bytes (32 hex digits), walls as 24 ASCII bytes.

    All in C when every value fits (the usual case); otherwise value by value,
    the odd ones kept as written in ``odd`` (row -> text) with a blank cell.
    """
    width = _ID_HEX if hexadecimal else _WALL_CHARS
    count = len(values)
    try:
        joined = "".join(values)
    except TypeError:
        joined = None
    if joined is not None and len(joined) == width * count and joined.isascii():
        if not count or set(map(len, values)) == {width}:
            if hexadecimal:
                try:
                    raw = bytes.fromhex(joined)
                except ValueError:
                    raw = b""
                if len(raw) == _ID_BYTES * count and raw.hex() == joined:
                    blob += raw
                    return
            else:
                blob += joined.encode("ascii")
                return
    for row, value in enumerate(values, start):
        cell = _cell(value, hexadecimal)
        if cell is None:
            odd[row] = value
            cell = _ZERO_ID if hexadecimal else _BLANK_WALL
        blob += cell


def _cell(value: Any, hexadecimal: bool) -> bytes | None:
    if type(value) is not str:
        return None
    if hexadecimal:
        if len(value) != _ID_HEX:
            return None
        try:
            raw = bytes.fromhex(value)
        except ValueError:
            return None
        return raw if len(raw) == _ID_BYTES and raw.hex() == value else None
    if len(value) != _WALL_CHARS or not value.isascii():
        return None
    return value.encode("ascii")


SEGMENT_SIZE = 17
"""Values in a ``Columns.segment``."""


def _restore(unique: list[Any], stored: list[Any], flags: bytes, log: LogFile | None) -> None:
    """Make the payloads a segment lists in ``stored`` (number, span, keys) ``StoredPayload`` again."""
    if log is None:
        raise ValueError("a segment with texts left in its log needs that log")
    for item in stored:
        if type(item) is not tuple or len(item) != 3:
            raise ValueError("not a segment")
        number, span, names = item
        if type(number) is not int or not 0 <= number < len(unique) or flags[number]:
            raise ValueError("not a segment")
        if type(span) is int and span >= 0:
            offset, length = span >> 32, span & 0xFFFFFFFF
        elif type(span) is tuple and len(span) == 2 and all(type(n) is int and n >= 0 for n in span):
            offset, length = span
        else:
            raise ValueError("not a segment")
        values = unique[number]
        if type(names) is not tuple or not names or not all(type(n) is str and n in values for n in names):
            raise ValueError("not a segment")
        unique[number] = stored_payload({key: STORED if key in names else value for key, value in values.items()},
                                        log, offset, length)


def segment_rows(segment: tuple[Any, ...]) -> int:
    """The number of rows in a segment (its wall column has 24 bytes a row)."""
    return len(segment[10]) // _WALL_CHARS


def _to_stored(column: array | list) -> bytes | list:
    return column.tobytes() if type(column) is array else list(column)


def _from_stored(value: bytes | list, count: int) -> array | list:
    if type(value) is bytes:
        column = array("q")
        column.frombytes(value)
    elif type(value) is list and all(type(item) is int for item in value):
        column = value
    else:
        raise ValueError("not a column of numbers")
    if len(column) != count:
        raise ValueError("columns of different lengths")
    return column


# --- order ----------------------------------------------------------------------

def sorted_rows(columns: Columns, rows: Sequence[int]) -> array:
    """``rows`` (distinct row numbers) sorted by ``Event.order_key``, as an array of rows.

    Each row gets one integer, ``(ms - earliest) << c | counter) << b | row``,
    built in C and sorted in place: no key list beside it, so 100,000 rows
    take about 4 MB while sorting. Only rows whose clock readings are equal
    (two devices in the same millisecond) are then ordered by device and
    event id in Python.
    """
    ms, counter = columns.ms, columns.counter
    count = len(rows)
    if not count:
        return array("q")
    if type(ms) is not array or type(counter) is not array:
        return array("q", sorted(rows, key=columns.order_key))
    if count == len(columns):
        # Every row once (the usual read): the same (clock, row) pairs, taken from the columns in
        # index order, without looking each row up (half the time: 33 ms instead of 62 for 100,000).
        ms_of: Any = ms
        counter_of: Any = counter
        rows = range(count)
    else:
        ms_of, counter_of = None, None
    earliest = min(ms_of if ms_of is not None else map(ms.__getitem__, rows))
    lowest_counter = min(counter_of if counter_of is not None else map(counter.__getitem__, rows))
    highest_counter = max(counter_of if counter_of is not None else map(counter.__getitem__, rows))
    if lowest_counter < 0:
        return array("q", sorted(rows, key=columns.order_key))
    counter_bits = highest_counter.bit_length()
    bits = max(len(columns), 2).bit_length()
    clocks = map(or_, map(lshift, map(sub, ms_of if ms_of is not None else map(ms.__getitem__, rows),
                                      repeat(earliest)), repeat(counter_bits)),
                 counter_of if counter_of is not None else map(counter.__getitem__, rows))
    keys = list(map(or_, map(lshift, clocks, repeat(bits)), rows))
    keys.sort()
    ordered = array("q", map(and_, keys, repeat((1 << bits) - 1)))
    # Equal clocks differ only in their row bits: any two neighbours closer than that?
    if any(map(lt, map(xor, keys, islice(keys, 1, None)), repeat(1 << bits))):
        clock_of = list(map(rshift, keys, repeat(bits)))
        ties = list(compress(range(count - 1), map(eq, clock_of, islice(clock_of, 1, None))))
        _order_ties(columns, ordered, clock_of, ties)
    return ordered


def _order_ties(columns: Columns, ordered: array, clocks: list[int], ties: list[int]) -> None:
    """Sort, in place, each run of equal clock readings by device id then event id."""
    done = -1
    for first in ties:
        if first <= done:
            continue
        last = first + 1
        while last + 1 < len(clocks) and clocks[last + 1] == clocks[first]:
            last += 1
        ordered[first : last + 1] = array("q", sorted(ordered[first : last + 1], key=columns.order_key))
        done = last


def distinct_ids(columns: Columns, rows: Sequence[int]) -> bool:
    """True when no two of ``rows`` (distinct row numbers) can share an id (checked in C on 60 bits of
    the ids' first 8 bytes).

    False means "maybe": the caller then compares the ids themselves.

    Sorted, not put in a set: a set of 100,000 numbers takes about 9 MB while
    it exists, at the moment the whole history has just been read (the start's
    peak of memory, issue 7 P7); a sorted list takes half that, for about
    15 ms more. 60 bits keep each number in two of Python's 30-bit digits.
    """
    if len(rows) < 2:
        return True
    if columns.odd_ids and sum(1 for row in rows if row in columns.odd_ids) > 1:
        return False  # ids of another shape all have a blank cell
    with columns._lock:  # no row is added while the view of the ids exists
        halves = memoryview(columns.ids).cast("Q")
        try:
            if len(rows) == len(columns):  # distinct rows, all of them: the same ids in another order
                firsts = list(map(rshift, halves[::2], repeat(4)))
            else:
                firsts = list(map(rshift, map(halves.__getitem__, map(mul, rows, repeat(2))), repeat(4)))
        finally:
            halves.release()
    firsts.sort()
    return not any(map(eq, firsts, islice(firsts, 1, None)))


# --- tables ---------------------------------------------------------------------


class EventTable(Sequence[Event]):
    """A read-only sequence of events (rows of ``columns`` in ``order``), that can take new ones.

    Built by the reader already merged (unique ids, ``Event.order_key`` order)
    and by ``of``; ``ordered`` says the rows are known to be so. Iterating
    builds each ``Event`` when it is reached; the fold reads the columns directly.
    """

    __slots__ = ("columns", "order", "ordered")

    def __init__(self, columns: Columns | None = None, order: Iterable[int] = (), *, ordered: bool = True) -> None:
        self.columns = columns if columns is not None else Columns()
        self.order = order if type(order) is array else array("q", order)
        self.ordered = ordered
        """Rows known to have distinct ids and to be in ``Event.order_key`` order."""

    @classmethod
    def of(cls, events: Iterable[Event], *, ordered: bool = False) -> "EventTable":
        """A table of ``events`` in the order given (``ordered``: the caller knows it is the merged order)."""
        columns = Columns()
        events = events if isinstance(events, list) else list(events)
        rows = columns.add_events(events)
        return cls(columns, rows, ordered=ordered)

    def __len__(self) -> int:
        return len(self.order)

    def __bool__(self) -> bool:
        return len(self.order) > 0

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        if isinstance(index, slice):
            return list(map(self.columns.event, self.order[index]))
        return self.columns.event(self.order[index])

    def __iter__(self) -> Iterator[Event]:
        return map(self.columns.event, self.order)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (EventTable, list, tuple)):
            return len(self) == len(other) and all(map(eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Iterable[Event]) -> list[Event]:
        return list(self) + list(other)

    def __repr__(self) -> str:
        return f"EventTable({len(self)} events)"

    def last_key(self) -> tuple[int, int, str, str] | None:
        return self.columns.order_key(self.order[-1]) if self.order else None

    def append(self, event: Event) -> int:
        """Add one event at the end; return its row. Keeps ``ordered`` only if it sorts after the last."""
        (row,) = self.columns.add_events([event])
        if self.ordered and self.order:
            if not self.columns.order_key(self.order[-1]) < self.columns.order_key(row):
                self.ordered = False
        self.order.append(row)
        return row

    def extend(self, events: Iterable[Event]) -> None:
        for event in events:
            self.append(event)

    def copy(self) -> "EventTable":
        """The same rows in a new table (appending to it does not change this one)."""
        return EventTable(self.columns, array("q", self.order), ordered=self.ordered)

    def for_course(self, course_id: str | None) -> "EventTable":
        """The rows of one course (all rows for None), as a new table sharing the columns."""
        if course_id is None:
            return self.copy()
        number = self.columns.course_number(course_id)
        if number is None:
            return EventTable(self.columns, (), ordered=True)
        course = self.columns.course
        order = self.order
        return EventTable(
            self.columns, compress(order, map(eq, map(course.__getitem__, order), repeat(number))),
            ordered=self.ordered,
        )

    def rows_of(self, kind: str, device: str | None = None) -> list[int]:
        """The rows (in order) of events of type ``kind`` (written by ``device``, if given)."""
        columns = self.columns
        number = columns.type_number(kind)
        if number is None:
            return []
        order = self.order
        rows = list(compress(order, map(eq, map(columns.type.__getitem__, order), repeat(number))))
        if device is not None:
            own = columns.device_number(device)
            rows = [row for row in rows if columns.device[row] == own]
        return rows


def payload_keys(payloads: list[dict[str, Any]]) -> list[Any]:
    """A key per payload that is equal only for payloads of equal keys, order, values and types.

    Their compact JSON (in C): ``1``, ``1.0`` and ``true``, or ``0.0`` and
    ``-0.0``, stay apart. A payload msgspec cannot write (an integer beyond
    64 bits, a lone surrogate) makes the whole list use ``repr`` (a ``str``,
    never equal to the JSON ``bytes``).
    """
    try:
        return list(map(_json, payloads))
    except (TypeError, ValueError, OverflowError, msgspec.MsgspecError):
        return list(map(repr, payloads))


_json = msgspec.json.encode
__all__ = [
    "SEGMENT_SIZE", "Columns", "EventTable", "distinct_ids", "payload_keys", "segment_rows", "sorted_rows",
]

