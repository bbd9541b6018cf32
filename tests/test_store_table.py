"""Events kept as columns give back exactly the events put in, in the merged order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from growthcourse.store.events import HLC, Event, format_wall, new_event_id
from growthcourse.store.table import Columns, EventTable, distinct_ids, sorted_rows

BASE = 1_795_680_000_000

# Ids and wall times as growthcourse writes them, and anything else a log from elsewhere may hold.
ids = st.one_of(
    st.builds(lambda: new_event_id()),
    st.text(min_size=1, max_size=40),
    st.text(alphabet="0123456789abcdefABCDEF ", min_size=32, max_size=32),
)
walls = st.one_of(st.integers(0, 2**42).map(format_wall), st.text(max_size=30))
numbers = st.one_of(st.integers(0, 2**40), st.integers(-(2**70), 2**70))
events_st = st.builds(
    Event,
    id=ids,
    device=st.sampled_from(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "ünïcode"]),
    course=st.sampled_from(["c1", "c2"]),
    hlc=st.builds(HLC, numbers, st.integers(0, 3) | numbers),
    wall=walls,
    type=st.sampled_from(["item_ticked", "lesson_opened", "from_the_future"]),
    data=st.dictionaries(st.sampled_from(["exercise", "text"]), st.integers(0, 3) | st.text(max_size=5)),
    v=st.integers(0, 2) | numbers,
)


def _fill(events: list[Event], cuts: list[int]) -> tuple[Columns, list[int]]:
    """Add ``events`` in slices cut at ``cuts``, as the reader adds a log slice by slice."""
    columns = Columns()
    rows: list[int] = []
    position = 0
    for size in cuts + [len(events)]:
        part = events[position : position + size]
        position += len(part)
        rows += columns.add_events(part)
    return columns, rows


@given(st.lists(events_st, max_size=30), st.lists(st.integers(0, 10), max_size=5))
def test_every_row_is_the_event_that_was_added(events, cuts) -> None:
    columns, rows = _fill(events, cuts)
    assert rows == list(range(len(events)))
    assert [columns.event(row) for row in rows] == events
    assert [columns.order_key(row) for row in rows] == [event.order_key for event in events]
    assert [columns.wall_text(row) for row in rows] == [event.wall for event in events]


@given(st.lists(events_st, max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_a_stored_segment_adds_back_the_same_events(events, start, stop) -> None:
    columns, _rows = _fill([Event("f" * 32, "zz", "c9", HLC(1, 1), "x", "other", {})] + events, [])
    part = range(min(start, stop, len(columns)), min(max(start, stop), len(columns)))
    other = Columns()
    other.add_events([Event("e" * 32, "yy", "c1", HLC(2, 0), "y", "lesson_opened", {})])
    added = other.add_segment(columns.segment(part))
    assert [other.event(row) for row in added] == [columns.event(row) for row in part]


@pytest.mark.parametrize("damage", range(16))
def test_a_damaged_segment_adds_nothing(damage: int) -> None:
    columns, _rows = _fill([Event(new_event_id(), "aa", "c1", HLC(BASE + n, 0), format_wall(BASE + n), "lesson_opened",
                                  {"n": n}) for n in range(3)], [])
    segment = list(columns.segment(range(3)))
    segment[damage] = {"bytes": b"", "list": [1]}.get("list" if isinstance(segment[damage], bytes) else "bytes")
    other = Columns()
    with pytest.raises(ValueError):
        other.add_segment(tuple(segment))
    assert len(other) == 0 and not other.ids and not other.wall and len(other.device) == 0 and len(other.ms) == 0


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2), st.sampled_from("abc")), unique=True, max_size=40),
       st.randoms(use_true_random=False))
def test_rows_are_sorted_by_the_order_key(keys, rnd) -> None:
    """Distinct events (many with equal clock readings on two devices) in any order."""
    events = [Event(new_event_id(), device * 12, "c1", HLC(BASE + ms, counter), "w", "lesson_opened", {})
              for ms, counter, device in keys]
    rnd.shuffle(events)
    columns, rows = _fill(events, [7])
    ordered = sorted_rows(columns, rows)
    assert [columns.event(row) for row in ordered] == sorted(events, key=lambda event: event.order_key)
    # Every row in another order (taken from the columns directly), and some of them (looked up).
    assert list(sorted_rows(columns, rnd.sample(rows, len(rows)))) == list(ordered)
    some = rnd.sample(rows, len(rows) // 2)
    assert [columns.event(row) for row in sorted_rows(columns, some)] == sorted(
        (columns.event(row) for row in some), key=lambda event: event.order_key)


def test_rows_with_clocks_beyond_the_one_number_key_are_still_sorted() -> None:
    events = [Event(new_event_id(), "aa", "c1", HLC(ms, counter), "w", "lesson_opened", {})
              for ms, counter in [(5, 2**30), (5, 1), (-3, 0), (2**70, 0), (5, 0)]]
    columns, rows = _fill(events, [])
    ordered = [columns.event(row) for row in sorted_rows(columns, rows)]
    assert ordered == sorted(events, key=lambda event: event.order_key)


@given(st.lists(ids, max_size=30))
def test_distinct_ids_never_says_distinct_when_two_are_the_same(event_ids) -> None:
    events = [Event(event_id, "aa", "c1", HLC(1, n), "w", "x", {}) for n, event_id in enumerate(event_ids)]
    columns, rows = _fill(events, [])
    if distinct_ids(columns, rows):
        assert len(set(event_ids)) == len(event_ids)
    hexed = [new_event_id() for _ in range(50)]
    columns, rows = _fill([Event(i, "aa", "c1", HLC(1, n), "w", "x", {}) for n, i in enumerate(hexed)], [])
    assert distinct_ids(columns, rows)
    columns.add_events([Event(hexed[7], "bb", "c1", HLC(9, 0), "w", "x", {})])
    assert not distinct_ids(columns, range(len(columns)))


def _event(ms: int, course: str = "c1", kind: str = "lesson_opened") -> Event:
    return Event(new_event_id(), "aa", course, HLC(BASE + ms, 0), format_wall(BASE + ms), kind, {"ms": ms})


def test_a_table_is_a_sequence_of_its_events() -> None:
    events = [_event(1), _event(2, "c2"), _event(3)]
    table = EventTable.of(events, ordered=True)
    assert len(table) == 3 and table[0] == events[0] and table[-1] == events[2] and table[1:] == events[1:]
    assert list(table) == events and table == events and table + [events[0]] == events + [events[0]]
    assert table.for_course("c1") == [events[0], events[2]]
    assert table.for_course("nowhere") == [] and table.for_course(None) == events
    assert [table.columns.event(row) for row in table.rows_of("lesson_opened")] == events


def test_appending_keeps_the_order_flag_only_for_a_later_event() -> None:
    table = EventTable.of([_event(1), _event(5)], ordered=True)
    view = table.copy()
    view.append(_event(9))
    assert view.ordered and len(view) == 3 and len(table) == 2  # the copy is the caller's
    view.append(_event(2))
    assert not view.ordered
    assert view[-1].data == {"ms": 2}
