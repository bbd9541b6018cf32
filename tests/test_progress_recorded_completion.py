"""A module once complete stays complete, even when the course later gains a
required exercise: the completion is recorded as a ``module_completed`` event
by whoever records the completing event (see ``completions_to_record``)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from test_progress_kit import Device, build_course, choice, lesson, module, reflection, weekly_course

from growthcourse.progress import completions_to_record, course_state, fold
from growthcourse.store import events as ev

LONDON = ZoneInfo("Europe/London")


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def record_completions(device: Device, course, events, when):
    """What the app and the CLI do after appending an event."""
    payloads = completions_to_record(course, fold(course, events))
    return [device.event(ev.MODULE_COMPLETED, payload, when=when) for payload in payloads]


def test_nothing_to_record_until_a_module_is_complete():
    course = weekly_course(2)
    laptop = Device("laptop")
    events = [laptop.open("w1", "w1l1", london("2026-12-01 09:00"))]
    assert completions_to_record(course, fold(course, events)) == []


def test_the_completing_events_wall_time_is_recorded_once():
    course = weekly_course(2)
    laptop = Device("laptop")
    answer = laptop.answer("w1-q", 0, london("2026-12-01 10:00"))
    assert completions_to_record(course, fold(course, [answer])) == [{"module": "w1", "at": answer.wall}]
    recorded = record_completions(laptop, course, [answer], london("2026-12-01 10:00"))
    assert completions_to_record(course, fold(course, [answer, *recorded])) == []


def test_a_recorded_completion_survives_a_course_that_gained_a_required_exercise():
    laptop = Device("laptop")
    original = weekly_course(2)
    answer = laptop.answer("w1-q", 0, london("2026-12-01 10:00"))
    events = [answer, *record_completions(laptop, original, [answer], london("2026-12-01 10:00"))]

    edited = build_course(
        module("w1", lesson("w1l1", choice("w1-q"), reflection("new-one")), title="Week 1"),
        module("w2", lesson("w2l1", choice("w2-q")), after=["w1"], min_days=7, title="Week 2"),
    )
    before = course_state(edited, fold(edited, events), london("2026-12-05 10:00"), LONDON)
    assert before.module("w1").status == "complete"
    # Week 2 waits only for its days, counted from the original completion.
    assert before.module("w2").status == "locked"
    assert before.module("w2").reason == "Opens Tue 8 Dec, in 3 days"
    after = course_state(edited, fold(edited, events), london("2026-12-08 00:00"), LONDON)
    assert after.module("w2").status == "open"
    # The new exercise is simply there to do; nothing was reported as unknown.
    assert after.exercise("new-one").complete is False
    assert fold(edited, events).unknown == []


def test_the_earliest_record_counts_when_two_devices_recorded_it():
    course = weekly_course(2)
    laptop, desktop = Device("laptop"), Device("desktop")
    early = laptop.event(ev.MODULE_COMPLETED, {"module": "w1", "at": "2026-12-01T10:00:00.000Z"}, when=london("2026-12-01 10:00"))
    late = desktop.event(ev.MODULE_COMPLETED, {"module": "w1", "at": "2026-12-02T10:00:00.000Z"}, when=london("2026-12-02 10:00"))
    for events in ([early, late], [late, early]):
        state = course_state(course, fold(course, events), london("2026-12-08 00:00"), LONDON)
        assert state.module("w2").status == "open"
        assert state.module("w1").completed_at == datetime.fromisoformat("2026-12-01T10:00:00+00:00")


def test_a_record_for_a_module_the_course_no_longer_has_is_kept_and_reported():
    course = weekly_course(1)
    laptop = Device("laptop")
    stray = laptop.event(ev.MODULE_COMPLETED, {"module": "gone", "at": "2026-12-01T10:00:00.000Z"}, when=london("2026-12-01 10:00"))
    progress = fold(course, [stray])
    assert [u.event.id for u in progress.unknown] == [stray.id]
