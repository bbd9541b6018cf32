"""Properties of the fold and the gating engine, on event histories hypothesis invents.

Histories are written the way real devices write them (see ``Device``): three
devices with hybrid logical clocks that sometimes sync, the true time moving
forward, and a mix of every event type including ones the course does not
know (removed exercises, a bogus lesson, out-of-range answers).
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from growthcourse.progress import course_state, fold
from growthcourse.store import events as ev
from test_progress_kit import (
    Device,
    at,
    build_course,
    checklist,
    choice,
    lesson,
    module,
    practice,
    reflection,
    scale,
    words,
)

T0 = at("2026-12-01 08:00")

COURSE = build_course(
    module(
        "m1",
        lesson("l1", reflection("r1", min_words=3), choice("c1", options=3)),
        lesson("l2", checklist("k1", items=2), scale("s1", series="calm")),
        title="Week 1",
    ),
    module(
        "m2",
        lesson("l3", practice("p1", times=2), scale("s2", series="calm")),
        lesson("l4"),
        after=["m1"],
        min_days=2,
        title="Week 2",
    ),
    module("m3", lesson("l5", choice("c3"), reflection("r3", required=False)), after=["m2"], opens_on_day=5, title="Week 3"),
    module("m4", lesson("l6", checklist("k4", items=1)), opens_on_day=3, title="Extra"),
)

LESSONS = [("m1", "l1"), ("m1", "l2"), ("m2", "l3"), ("m2", "l4"), ("m3", "l5"), ("m4", "l6"), ("m9", "gone")]
REFLECTIONS = ["r1", "r3", "removed-reflection"]
CHOICES = ["c1", "c3", "k1"]  # k1 is a checklist: a kind mismatch
CHECKLISTS = ["k1", "k4"]
SCALES = ["s1", "s2"]
MODULES = ["m1", "m2", "m3", "m4", "m9"]

action = st.tuples(
    st.integers(0, 2),  # device
    st.sampled_from(["start", "name", "open", "answer", "tick", "rate", "log", "save", "share", "unlock"]),
    st.integers(0, 6),  # which target
    st.integers(-1, 11),  # a value
    st.integers(0, 2**6 - 1),  # parent choice bitmask / flags
    st.integers(0, 36 * 60),  # minutes that pass first
    st.booleans(),  # sync (receive everything written so far) first
)


def write_history(actions) -> list:
    devices = [Device("dev-a"), Device("dev-b"), Device("dev-c")]
    written: list = []
    revisions: dict[str, list[str]] = {}
    now = T0
    for device_index, kind, target, value, bits, wait, sync in actions:
        device = devices[device_index]
        now += timedelta(minutes=wait)
        if sync:
            device.receive(written)
        if kind == "start":
            event = device.start(now)
        elif kind == "name":
            event = device.named(f"Device {value}", now)
        elif kind == "open":
            event = device.open(*LESSONS[target % len(LESSONS)], now)
        elif kind == "answer":
            event = device.answer(CHOICES[target % len(CHOICES)], value % 4, now)
        elif kind == "tick":
            event = device.tick(CHECKLISTS[target % len(CHECKLISTS)], value % 3, now, ticked=bool(bits & 1))
        elif kind == "rate":
            event = device.rate(SCALES[target % len(SCALES)], value, now)
        elif kind == "log":
            event = device.log("p1", f"note {value}", now)
        elif kind == "save":
            exercise = REFLECTIONS[target % len(REFLECTIONS)]
            known = revisions.setdefault(exercise, [])
            parents = [rid for n, rid in enumerate(known[-6:]) if bits >> n & 1]
            event = device.save(exercise, words(max(value, 0) % 6), now, parents=parents)
            known.append(event.id)
        elif kind == "share":
            event = device.share(REFLECTIONS[target % len(REFLECTIONS)], bool(bits & 1), now)
        else:
            event = device.unlock(MODULES[target % len(MODULES)], "in session", now)
        written.append(event)
    return written


histories = st.lists(action, max_size=40).map(write_history)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(events=histories, data=st.data())
def test_fold_does_not_depend_on_order(events, data):
    shuffled = data.draw(st.permutations(events))
    assert fold(COURSE, shuffled) == fold(COURSE, events)


@PROPERTY
@given(events=histories, data=st.data())
def test_fold_of_any_split_with_overlaps_is_the_fold_of_the_union(events, data):
    """Files read in any order, conflict copies holding events twice: same progress."""
    parts = data.draw(st.integers(1, 4))
    files: list[list] = [[] for _ in range(parts)]
    for event in events:
        homes = data.draw(st.sets(st.integers(0, parts - 1), min_size=1))
        for home in homes:
            files[home].append(event)
    files = data.draw(st.permutations(files))
    read = [event for file in files for event in file]
    merged = fold(COURSE, read)
    assert merged == fold(COURSE, events)
    assert merged.event_count == len(events)


@PROPERTY
@given(events=histories)
def test_nothing_written_is_ever_dropped(events):
    progress = fold(COURSE, events)
    saved = sorted(e.id for e in events if e.type == ev.REFLECTION_SAVED)
    assert sorted(r.id for r in progress.all_revisions()) == saved
    assert {u.event.id for u in progress.unknown} <= {e.id for e in events}
    for facts in progress.reflections.values():
        assert (facts.current in facts.revisions) if facts.revisions else facts.current is None
        assert facts.conflicted == (len(facts.heads) > 1)


@PROPERTY
@given(events=histories, data=st.data())
def test_completion_stays_as_later_events_arrive(events, data):
    cut = data.draw(st.integers(0, len(events)))
    earlier, later = fold(COURSE, events[:cut]), fold(COURSE, events)
    for exercise_id, completion in earlier.completions.items():
        assert later.completions[exercise_id] == completion
    for module_id in earlier.module_completions:
        assert module_id in later.module_completions


@PROPERTY
@given(events=histories, data=st.data())
def test_adding_events_never_locks_an_open_or_complete_module(events, data):
    keep = data.draw(st.lists(st.booleans(), min_size=len(events), max_size=len(events)))
    subset = [event for event, kept in zip(events, keep) if kept]
    now = T0 + timedelta(minutes=data.draw(st.integers(0, 40 * 24 * 60)))
    tz = data.draw(st.sampled_from([None, "Europe/London", "UTC"]))
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz) if tz else None
    before = course_state(COURSE, fold(COURSE, subset), now, zone)
    after = course_state(COURSE, fold(COURSE, events), now, zone)
    for small, big in zip(before.modules, after.modules):
        if small.is_open:
            assert big.is_open, (small.id, big.reason)
        if small.complete:
            assert big.complete and big.completed_at <= small.completed_at  # type: ignore[operator]
        if small.locked and big.locked and small.opens_at and big.opens_at:
            assert big.opens_at <= small.opens_at
        for small_lesson, big_lesson in zip(small.lessons, big.lessons):
            if small_lesson.complete:
                assert big_lesson.complete
    assert after.done >= before.done
    assert after.days_since_start >= before.days_since_start


@PROPERTY
@given(events=histories, data=st.data())
def test_a_fold_extended_with_later_events_is_the_fold_of_all(events, data):
    """What the app does after each recorded event: only the new events folded, same progress."""
    from growthcourse.progress import Fold

    ordered = sorted(events, key=lambda event: event.order_key)
    cut = data.draw(st.integers(0, len(ordered)))
    folding = Fold(COURSE, ordered[:cut])
    rest = ordered[cut:]
    while rest:
        step = data.draw(st.integers(1, len(rest)))
        assert folding.extend(rest[:step])
        rest = rest[step:]
    assert folding.progress == fold(COURSE, events)


@PROPERTY
@given(events=histories, data=st.data())
def test_an_event_from_before_the_last_one_is_refused_and_changes_nothing(events, data):
    from growthcourse.progress import Fold

    ordered = sorted(events, key=lambda event: event.order_key)
    if len(ordered) < 2:
        return
    cut = data.draw(st.integers(1, len(ordered) - 1))
    late = data.draw(st.sampled_from(ordered[:cut]))
    folding = Fold(COURSE, [e for e in ordered if e is not late])
    before = fold(COURSE, [e for e in ordered if e is not late])
    assert not folding.extend([late])
    assert folding.progress == before
