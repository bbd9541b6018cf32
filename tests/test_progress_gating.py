"""The gating engine with a fake clock: what is locked, why, when it opens, where to resume."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import time

import pytest

from growthcourse.progress import course_state, fold
from test_progress_kit import (
    Device,
    at,
    build_course,
    checklist,
    choice,
    lesson,
    module,
    reflection,
    scale,
    weekly_course,
)

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def state_at(course, events, now, tz=LONDON, **options):
    return course_state(course, fold(course, events), now, tz, **options)


def statuses(state):
    return {module.id: module.status for module in state.modules}


def test_a_fresh_course_opens_the_first_week_only():
    course = weekly_course(3)
    state = state_at(course, [], london("2026-12-01 10:00"))
    assert statuses(state) == {"w1": "open", "w2": "locked", "w3": "locked"}
    assert state.module("w2").reason == "Complete “Week 1” first"
    assert state.module("w2").waiting_for == ("w1",)
    assert state.module("w2").opens_at is None
    assert state.module("w3").reason == "Complete “Week 2” first"
    assert state.resume == ("w1", "w1l1")
    assert state.next_step == "Start with \u201cLesson w1l1\u201d in \u201cWeek 1\u201d."
    assert not state.started and state.days_since_start == 0
    assert (state.done, state.total) == (0, 3)


def test_after_lists_every_unfinished_prerequisite_by_title():
    course = build_course(
        module("a", lesson("la", choice("qa")), title="Noticing"),
        module("b", lesson("lb", choice("qb")), title="Pausing"),
        module("c", lesson("lc", choice("qc")), after=["b", "a"], title="Space"),
    )
    state = state_at(course, [], london("2026-12-01 10:00"))
    assert state.module("c").reason == "Complete “Noticing” and “Pausing” first"


def test_the_next_week_opens_at_local_midnight_min_days_after_completion():
    course = weekly_course(3, min_days=7)
    laptop = Device("laptop")
    events = [laptop.start(london("2026-12-01 20:00")), laptop.answer("w1-q", 0, london("2026-12-01 21:00"))]

    state = state_at(course, events, london("2026-12-05 10:00"))
    week2 = state.module("w2")
    assert statuses(state) == {"w1": "complete", "w2": "locked", "w3": "locked"}
    assert week2.reason == "Opens Tue 8 Dec, in 3 days"
    assert week2.opens_at == london("2026-12-08 00:00")
    assert state.next_opening == london("2026-12-08 00:00") and state.next_opening_module == "w2"
    assert state.next_step == "Everything open is done. \u201cWeek 2\u201d opens Tue 8 Dec, in 3 days."
    assert state.module("w1").completed_at == london("2026-12-01 21:00")
    assert state.days_since_start == 4

    assert state_at(course, events, london("2026-12-07 10:00")).module("w2").reason == "Opens tomorrow"
    assert state_at(course, events, london("2026-12-07 23:59:59")).module("w2").locked
    opened = state_at(course, events, london("2026-12-08 00:00"))
    assert opened.module("w2").status == "open" and opened.module("w2").reason is None
    assert opened.next_opening is None
    assert opened.next_step == "Next: \u201cLesson w2l1\u201d in \u201cWeek 2\u201d."


def test_local_midnight_depends_on_the_time_zone():
    course = weekly_course(2, min_days=7)
    # 23:30 UTC on 1 June is 00:30 on 2 June in London (summer time).
    events = [Device("laptop").answer("w1-q", 0, at("2026-06-01 23:30"))]
    in_london = state_at(course, events, at("2026-06-05 12:00"), LONDON).module("w2")
    in_utc = state_at(course, events, at("2026-06-05 12:00"), UTC).module("w2")
    assert in_london.opens_at == london("2026-06-09 00:00") == at("2026-06-08 23:00")
    assert in_utc.opens_at == at("2026-06-08 00:00")
    assert in_london.reason == "Opens Tue 9 Jun, in 4 days"
    assert in_utc.reason == "Opens Mon 8 Jun, in 3 days"
    assert state_at(course, events, at("2026-06-08 23:00"), LONDON).module("w2").status == "open"
    assert state_at(course, events, at("2026-06-08 22:59"), LONDON).module("w2").locked


def test_opening_across_the_clocks_going_back_is_midnight_local():
    course = weekly_course(2, min_days=7)
    events = [Device("laptop").answer("w1-q", 0, london("2026-10-20 12:00"))]
    week2 = state_at(course, events, london("2026-10-21 12:00")).module("w2")
    assert week2.opens_at == london("2026-10-27 00:00") == at("2026-10-27 00:00")


@pytest.fixture
def new_york_computer(monkeypatch):
    """Pretend the computer's own time zone is New York (POSIX TZ)."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset (POSIX)")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_default_time_zone_is_the_computers_own(new_york_computer):
    course = weekly_course(2, min_days=7)
    # 03:00 UTC on 1 December is 22:00 on 30 November in New York.
    events = [Device("laptop").answer("w1-q", 0, at("2026-12-01 03:00"))]
    week2 = state_at(course, events, at("2026-12-02 12:00"), tz=None).module("w2")
    assert week2.opens_at == datetime(2026, 12, 7, tzinfo=ZoneInfo("America/New_York"))
    assert week2.reason == "Opens Mon 7 Dec, in 5 days"


def test_min_days_has_no_effect_without_prerequisites():
    course = build_course(module("solo", lesson("l1", choice("q")), min_days=5, title="Alone"))
    assert state_at(course, [], london("2026-12-01 10:00")).module("solo").status == "open"


def test_opens_on_day_counts_from_the_earliest_start_on_any_device():
    course = build_course(
        module("w1", lesson("l1", choice("q1")), title="Week 1"),
        module("extra", lesson("l2", choice("q2")), opens_on_day=3, title="Extra"),
    )
    laptop, desktop = Device("laptop"), Device("desktop")
    events = [desktop.start(london("2026-12-02 09:00")), laptop.start(london("2026-12-01 23:00"))]
    state = state_at(course, events, london("2026-12-02 10:00"))
    assert state.started and state.started_at == london("2026-12-01 23:00")
    assert state.module("extra").opens_at == london("2026-12-04 00:00")
    assert state.module("extra").reason == "Opens Fri 4 Dec, in 2 days"
    assert state_at(course, events, london("2026-12-04 00:00")).module("extra").status == "open"


def test_a_course_not_started_counts_as_starting_now():
    course = build_course(module("later", lesson("l1", choice("q")), opens_on_day=1, title="Later"))
    state = state_at(course, [], london("2026-12-01 15:00"))
    assert state.module("later").reason == "Opens tomorrow"
    assert state.module("later").opens_at == london("2026-12-02 00:00")


def test_both_gates_must_hold_and_the_later_date_wins():
    course = build_course(
        module("w1", lesson("l1", choice("q1")), title="Week 1"),
        module("w2", lesson("l2", choice("q2")), after=["w1"], min_days=1, opens_on_day=10, title="Week 2"),
    )
    laptop = Device("laptop")
    events = [laptop.start(london("2026-12-01 09:00")), laptop.answer("q1", 0, london("2026-12-01 10:00"))]
    week2 = state_at(course, events, london("2026-12-03 10:00")).module("w2")
    assert week2.opens_at == london("2026-12-11 00:00")
    assert week2.reason == "Opens Fri 11 Dec, in 8 days"


def test_a_counsellor_unlock_opens_a_module_regardless_of_gates():
    course = weekly_course(3)
    counsellor = Device("laptop")
    unlocked = counsellor.unlock("w2", "We covered week 1 in session", london("2026-12-01 11:00"))
    state = state_at(course, [unlocked], london("2026-12-01 12:00"))
    week2 = state.module("w2")
    assert week2.status == "open" and week2.reason is None
    assert week2.unlocked_by_counsellor and week2.unlock_reason == "We covered week 1 in session"
    assert state.module("w1").status == "open"
    assert state.module("w3").reason == "Complete “Week 2” first"


def test_work_in_a_counsellor_unlocked_module_does_not_complete_its_prerequisites():
    course = weekly_course(3)
    laptop = Device("laptop")
    events = [laptop.unlock("w2", "early", london("2026-12-01 11:00")), laptop.open("w2", "w2l1", london("2026-12-01 12:00"))]
    state = state_at(course, events, london("2026-12-01 13:00"))
    assert statuses(state) == {"w1": "open", "w2": "in_progress", "w3": "locked"}


def test_preview_mode_opens_every_module():
    course = weekly_course(3)
    state = state_at(course, [], london("2026-12-01 10:00"), preview=True)
    assert statuses(state) == {"w1": "open", "w2": "open", "w3": "open"}
    assert state.preview


def test_statuses_and_counts_of_a_module_in_progress():
    course = build_course(
        module(
            "m1",
            lesson("l1", choice("q"), reflection("r", required=False)),
            lesson("l2", checklist("k", items=2)),
            lesson("reading"),
            title="Week 1",
        )
    )
    laptop = Device("laptop")
    events = [laptop.open("m1", "l1", london("2026-12-01 10:00")), laptop.answer("q", 1, london("2026-12-01 10:05"))]
    state = state_at(course, events, london("2026-12-01 11:00"))
    week = state.module("m1")
    assert week.status == "in_progress" and week.status_words == "in progress"
    assert (week.done, week.total) == (1, 2)
    l1, l2, reading = week.lessons
    assert l1.complete and (l1.done, l1.total) == (1, 1)
    assert [(e.id, e.complete, e.required) for e in l1.exercises] == [("q", True, True), ("r", False, False)]
    assert l1.exercises[0].completed_at == london("2026-12-01 10:05")
    assert l1.exercises[0].facts.latest.option == 1
    assert not l2.complete and not reading.complete and not reading.opened
    assert state.resume == ("m1", "l1")
    assert state.next_step == "Next: \u201cLesson l2\u201d in \u201cWeek 1\u201d."  # l1 is done
    events.append(laptop.open("m1", "reading", london("2026-12-01 10:30")))
    state = state_at(course, events, london("2026-12-01 11:00"))
    assert state.lesson("m1", "reading").complete
    assert state.next_step == "Next: \u201cLesson l2\u201d in \u201cWeek 1\u201d."


def test_resume_is_the_last_lesson_opened_on_any_device():
    course = build_course(module("w1", lesson("a", choice("qa")), lesson("b", choice("qb")), title="Week 1"))
    laptop, desktop = Device("laptop"), Device("desktop")
    first = laptop.open("w1", "a", london("2026-12-01 10:00"))
    desktop.receive([first])
    second = desktop.open("w1", "b", london("2026-12-01 18:00"))
    state = state_at(course, [second, first], london("2026-12-02 09:00"))
    assert state.resume == ("w1", "b")
    assert state.next_step == "Continue \u201cLesson b\u201d in \u201cWeek 1\u201d."


def test_resume_without_visits_is_the_first_incomplete_lesson_of_the_first_open_module():
    course = weekly_course(2, min_days=0)
    events = [Device("laptop").answer("w1-q", 0, london("2026-12-01 10:00"))]
    state = state_at(course, events, london("2026-12-01 11:00"))
    assert statuses(state) == {"w1": "complete", "w2": "open"}
    assert state.resume == ("w2", "w2l1")


def test_a_finished_course_says_so():
    course = weekly_course(2, min_days=0)
    laptop = Device("laptop")
    events = [laptop.answer("w1-q", 0, london("2026-12-01 10:00")), laptop.answer("w2-q", 0, london("2026-12-01 10:01"))]
    state = state_at(course, events, london("2026-12-01 11:00"))
    assert state.complete
    assert state.next_step == "You have completed every module. Well done for staying with it."


def test_clock_skew_orders_by_clock_and_times_by_the_completing_devices_wall():
    course = build_course(
        module("w1", lesson("l1", choice("q1"), scale("s1")), title="Week 1"),
        module("w2", lesson("l2", choice("q2")), after=["w1"], min_days=2, title="Week 2"),
    )
    ahead = Device("ahead", skew=timedelta(days=1))
    normal = Device("normal")
    first = ahead.answer("q1", 0, london("2026-12-01 10:00"))  # its wall clock says 2 Dec
    normal.receive([first])
    last = normal.rate("s1", 4, london("2026-12-01 12:00"))  # later by the clock, earlier by the wall
    state = state_at(course, [first, last], london("2026-12-01 13:00"))
    assert last.order_key > first.order_key and last.wall < first.wall
    assert state.module("w1").completed_at == london("2026-12-01 12:00")
    assert state.module("w2").opens_at == london("2026-12-03 00:00")


def test_a_start_recorded_by_a_machine_a_day_ahead_never_counts_as_the_future():
    course = build_course(module("later", lesson("l1", choice("q")), opens_on_day=1, title="Later"))
    ahead = Device("ahead", skew=timedelta(days=1))
    events = [ahead.start(london("2026-12-01 10:00"))]
    state = state_at(course, events, london("2026-12-01 10:30"))
    assert state.started_at == london("2026-12-01 10:30")
    assert state.days_since_start == 0
    assert state.module("later").reason == "Opens tomorrow"


def test_completion_on_a_machine_a_day_ahead_counts_from_its_wall_clock():
    course = weekly_course(2, min_days=1)
    ahead = Device("ahead", skew=timedelta(days=1))
    events = [ahead.answer("w1-q", 0, london("2026-12-01 10:00"))]
    week2 = state_at(course, events, london("2026-12-01 11:00")).module("w2")
    assert week2.opens_at == london("2026-12-03 00:00")
    assert week2.reason == "Opens Thu 3 Dec, in 2 days"


def test_a_required_exercise_added_after_the_learner_moved_on_locks_nothing():
    laptop = Device("laptop")
    events = [
        laptop.answer("w1-q", 0, london("2026-12-01 10:00")),
        laptop.open("w2", "w2l1", london("2026-12-08 09:00")),
    ]
    original = weekly_course(3)
    assert statuses(state_at(original, events, london("2026-12-09 10:00")))["w2"] == "in_progress"

    edited = build_course(
        module("w1", lesson("w1l1", choice("w1-q"), reflection("new-one")), title="Week 1"),
        module("w2", lesson("w2l1", choice("w2-q")), after=["w1"], min_days=7, title="Week 2"),
        module("w3", lesson("w3l1", choice("w3-q")), after=["w2"], min_days=7, title="Week 3"),
    )
    state = state_at(edited, events, london("2026-12-09 10:00"))
    # Week 1 shows the new exercise as not done; week 2, where the learner
    # already is, stays open; nothing is lost or reported.
    assert statuses(state) == {"w1": "in_progress", "w2": "in_progress", "w3": "locked"}
    week1 = state.module("w1")
    assert (week1.done, week1.total) == (1, 2)
    assert state.module("w2").reason is None
    assert state.module("w3").reason == "Complete “Week 2” first"
    assert state.progress.unknown == []


def test_a_required_exercise_added_before_the_learner_moved_on_is_simply_new_work():
    # Documented: with no event in week 2 yet, the course as it is now decides,
    # so the new exercise comes first.
    laptop = Device("laptop")
    events = [laptop.answer("w1-q", 0, london("2026-12-01 10:00"))]
    edited = build_course(
        module("w1", lesson("w1l1", choice("w1-q"), reflection("new-one")), title="Week 1"),
        module("w2", lesson("w2l1", choice("w2-q")), after=["w1"], min_days=7, title="Week 2"),
    )
    state = state_at(edited, events, london("2026-12-03 10:00"))
    assert statuses(state) == {"w1": "in_progress", "w2": "locked"}
    assert state.module("w2").reason == "Complete “Week 1” first"


def test_a_removed_required_exercise_can_complete_a_module():
    laptop = Device("laptop")
    events = [laptop.answer("q1", 0, london("2026-12-01 10:00"))]
    edited = build_course(module("w1", lesson("l1", choice("q1")), title="Week 1"))
    state = state_at(edited, events + [laptop.answer("gone", 0, london("2026-12-01 11:00"))], london("2026-12-02 10:00"))
    assert state.module("w1").status == "complete"
    assert len(state.progress.unknown) == 1


def test_reflections_edited_on_two_devices_are_listed():
    course = build_course(module("w1", lesson("l1", reflection("r"), choice("q")), title="Week 1"))
    laptop, desktop = Device("laptop"), Device("desktop")
    base = laptop.save("r", "base", london("2026-12-01 10:00"))
    events = [
        base,
        laptop.save("r", "one", london("2026-12-01 11:00"), parents=[base.id]),
        desktop.save("r", "two", london("2026-12-01 12:00"), parents=[base.id]),
    ]
    state = state_at(course, events, london("2026-12-02 10:00"))
    assert [e.id for e in state.conflicted()] == ["r"]
    assert state.exercise("r").conflicted and not state.exercise("q").conflicted
    assert state.module_of("q").id == "w1"


def test_now_must_know_its_time_zone():
    course = weekly_course(1)
    with pytest.raises(ValueError):
        course_state(course, fold(course, []), datetime(2026, 12, 1, 10, 0))
