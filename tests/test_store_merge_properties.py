"""The merge is commutative, associative and idempotent, whatever the file layout or read order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from growthcourse.store.eventlog import merge, read_events
from growthcourse.store.events import HLC, Event, to_json

DEVICES = ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"]
BASE = 1_795_680_000_000
DAY = 86_400_000

events_st = st.builds(
    Event,
    id=st.sampled_from([f"e{n:02d}" for n in range(40)]),  # small pool: same id, other content happens
    device=st.sampled_from(DEVICES),
    course=st.sampled_from(["c1", "c2"]),
    # clocks up to a day apart, many equal milliseconds
    hlc=st.builds(HLC, st.integers(BASE - DAY, BASE + DAY), st.integers(0, 3)),
    wall=st.just("2026-11-26T08:00:00.000Z"),
    type=st.sampled_from(["item_ticked", "reflection_saved", "lesson_opened", "from_the_future"]),
    data=st.dictionaries(st.sampled_from(["exercise", "text", "item"]), st.integers(0, 3) | st.text(max_size=5)),
)
groups = st.lists(events_st, max_size=25)


@given(groups, groups)
def test_merge_is_commutative(a, b) -> None:
    assert merge(a, b) == merge(b, a)


@given(groups, groups, groups)
def test_merge_is_associative(a, b, c) -> None:
    assert merge(merge(a, b), c) == merge(a, merge(b, c))


@given(groups)
def test_merge_is_idempotent(a) -> None:
    once = merge(a)
    assert merge(a, a) == once
    assert merge(once) == once
    assert merge(once, a) == once


@given(groups, st.randoms(use_true_random=False))
def test_shuffled_and_duplicated_input_gives_the_same_result(a, rnd) -> None:
    noisy = a + rnd.sample(a, k=len(a) // 2)
    rnd.shuffle(noisy)
    assert merge(noisy) == merge(a)


@given(groups)
def test_merge_is_sorted_by_order_key_with_unique_ids(a) -> None:
    merged = merge(a)
    keys = [e.order_key for e in merged]
    assert keys == sorted(keys)
    assert len({e.id for e in merged}) == len(merged) == len({e.id for e in a})


NAMES = [
    "events-2026-11.jsonl",
    "events-2026-12.jsonl",
    "events-2026-11.sync-conflict-20261126-081300-ABCDEFG.jsonl",
    "events-2026-11 (conflicted copy 2026-11-26 081300).jsonl",
    "events-2026-11 2.jsonl",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups, st.randoms(use_true_random=False))
def test_reading_any_partition_into_files_equals_the_merge(a, rnd) -> None:
    """Spread the events (with duplicates) over device folders and conflict copies in
    two different random layouts: both reads equal the in-memory merge."""
    expected = merge(a)
    results = []
    for _layout in range(2):
        with tempfile.TemporaryDirectory() as tmp:
            files: dict[Path, list[Event]] = {}
            for event in a + rnd.sample(a, k=len(a) // 3):
                folder = rnd.choice(DEVICES + ["aaaaaaaaaaaa 2"])
                path = Path(tmp) / "devices" / folder / rnd.choice(NAMES)
                files.setdefault(path, []).append(event)
            for path, events in files.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                rnd.shuffle(events)
                path.write_text("".join(to_json(e) + "\n" for e in events), encoding="utf-8")
            events, report = read_events(Path(tmp))
            results.append(events)
            assert report.skipped == []
    assert results[0] == results[1] == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups, st.lists(st.integers(1, 400), max_size=8))
def test_incremental_reading_of_a_growing_file_equals_a_fresh_read(a, cuts) -> None:
    """A file arriving in pieces cut anywhere (mid-line too): the caching reader agrees with a fresh read."""
    from growthcourse.store.eventlog import LogReader

    payload = "".join(to_json(e) + "\n" for e in a).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
        path.parent.mkdir(parents=True)
        reader = LogReader(Path(tmp))
        position = 0
        for size in cuts + [len(payload)]:
            piece = payload[position : position + size]
            position += len(piece)
            with path.open("ab") as handle:
                handle.write(piece)
            cached_events, cached_report = reader.read()
            fresh_events, fresh_report = read_events(Path(tmp))
            assert cached_events == fresh_events
            assert cached_report.skipped == fresh_report.skipped
            assert cached_report.duplicates == fresh_report.duplicates
        assert reader.read()[0] == merge(a)
