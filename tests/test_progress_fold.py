"""The fold: facts from merged events, revisions and heads, and a course that changed."""

from __future__ import annotations

import msgspec
import random
from datetime import timedelta

from growthcourse.progress import fold
from growthcourse.store import events as ev
from growthcourse.store.events import HLC, Event
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

T0 = at("2026-12-01 09:00")


def minutes(n: int):
    return T0 + timedelta(minutes=n)


def journal_course():
    return build_course(
        module(
            "m1",
            lesson("l1", reflection("r1", min_words=3), choice("c1", options=3)),
            lesson("l2", checklist("k1", items=2), scale("s1", series="calm")),
            title="Week 1",
        ),
        module("m2", lesson("l3", scale("s2", series="calm"), practice("p1", times=2)), after=["m1"], title="Week 2"),
    )


def test_two_devices_editing_one_reflection_keep_both_heads_until_resolved():
    course = journal_course()
    laptop, desktop = Device("laptop"), Device("desktop")
    base = laptop.save("r1", "first thoughts here", minutes(1))
    desktop.receive([base])
    on_desktop = desktop.save("r1", "desktop version of it", minutes(10), parents=[base.id])
    on_laptop = laptop.save("r1", "laptop version of it", minutes(20), parents=[base.id])  # offline, newer
    progress = fold(course, [base, on_desktop, on_laptop])
    facts = progress.reflections["r1"]
    assert facts.conflicted
    assert {head.id for head in facts.heads} == {on_desktop.id, on_laptop.id}
    assert facts.current.id == on_laptop.id  # newest by HLC is shown
    assert [r.id for r in facts.revisions] == [base.id, on_desktop.id, on_laptop.id]

    laptop.receive([on_desktop])
    merged = laptop.save("r1", "both versions, merged", minutes(30), parents=[on_desktop.id, on_laptop.id])
    progress = fold(course, [base, on_desktop, on_laptop, merged])
    facts = progress.reflections["r1"]
    assert not facts.conflicted
    assert facts.current.id == merged.id and facts.text == "both versions, merged"
    assert len(facts.revisions) == 4  # nothing dropped
    assert facts.revision(on_desktop.id).text == "desktop version of it"


def test_a_revision_resolving_only_one_head_leaves_the_mark():
    course = journal_course()
    laptop, desktop = Device("laptop"), Device("desktop")
    base = laptop.save("r1", "base", minutes(1))
    a = laptop.save("r1", "a", minutes(2), parents=[base.id])
    b = desktop.save("r1", "b", minutes(3), parents=[base.id])
    c = desktop.save("r1", "c", minutes(4), parents=[b.id])
    facts = fold(course, [base, a, b, c]).reflections["r1"]
    assert facts.conflicted and {h.id for h in facts.heads} == {a.id, c.id}


def test_every_revision_is_listed_for_export_with_device_name_and_time():
    course = journal_course()
    laptop, desktop = Device("laptop-id"), Device("desktop-id")
    events = [
        laptop.named("Sam's laptop", minutes(0)),
        laptop.save("r1", "one", minutes(1)),
        desktop.save("r1", "two", minutes(2)),
        desktop.named("Desk", minutes(3)),
        desktop.named("Study desktop", minutes(4)),
    ]
    progress = fold(course, events)
    listed = [(r.exercise_id, r.text, progress.device_label(r.device), r.time) for r in progress.all_revisions()]
    assert listed == [("r1", "one", "Sam's laptop", minutes(1)), ("r1", "two", "Study desktop", minutes(2))]
    assert progress.device_label("never-named-device") == "device never-na"
    assert progress.devices() == ["desktop-id", "laptop-id"]
    assert progress.device_event_counts == {"desktop-id": 3, "laptop-id": 2}


def test_answers_ticks_check_ins_and_logs_are_all_kept_with_latest_state():
    course = journal_course()
    laptop, desktop = Device("laptop"), Device("desktop")
    events = [
        laptop.answer("c1", 0, minutes(1)),
        desktop.answer("c1", 2, minutes(2)),
        laptop.tick("k1", 0, minutes(3)),
        desktop.tick("k1", 0, minutes(4), ticked=False),
        laptop.rate("s1", 7, minutes(5)),
        desktop.rate("s2", 3, minutes(6)),
        laptop.log("p1", "took a walk", minutes(7)),
        laptop.share("r1", True, minutes(8)),
        desktop.share("r1", False, minutes(9)),
    ]
    progress = fold(course, events)
    assert [a.option for a in progress.choices["c1"].answers] == [0, 2]
    assert progress.choices["c1"].latest.option == 2
    assert progress.checklists["k1"].is_ticked(0) is False
    assert [t.ticked for t in progress.checklists["k1"].ticks] == [True, False]
    assert [(c.exercise_id, c.value, c.time) for c in progress.series["calm"]] == [
        ("s1", 7, minutes(5)),
        ("s2", 3, minutes(6)),
    ]
    assert progress.practices["p1"].logs[0].note == "took a walk"
    assert progress.reflections["r1"].shared is False
    assert progress.unknown == []


def test_course_start_is_the_earliest_on_any_device():
    course = journal_course()
    laptop, desktop = Device("laptop"), Device("desktop")
    events = [laptop.start(minutes(60)), desktop.start(minutes(5))]
    assert fold(course, events).started_at == minutes(5)
    assert fold(course, []).started_at is None


def test_last_lesson_opened_follows_the_clock_order_not_the_wall_clock():
    course = journal_course()
    ahead = Device("ahead", skew=timedelta(days=1))
    normal = Device("normal")
    first = ahead.open("m1", "l1", minutes(1))  # wall clock says tomorrow
    normal.receive([first])  # after sync the normal device's clock runs past it
    second = normal.open("m1", "l2", minutes(2))
    progress = fold(course, [second, first])
    assert second.wall < first.wall
    assert progress.last_visit.lesson_id == "l2"


def test_duplicates_and_order_do_not_change_the_result():
    course = journal_course()
    laptop, desktop = Device("laptop"), Device("desktop")
    events = [
        laptop.start(minutes(0)),
        laptop.save("r1", words(5), minutes(1)),
        desktop.answer("c1", 1, minutes(2)),
        desktop.tick("k1", 0, minutes(3)),
        laptop.tick("k1", 1, minutes(4)),
        laptop.open("m1", "l2", minutes(5)),
    ]
    expected = fold(course, events)
    shuffled = events * 3
    random.Random(7).shuffle(shuffled)
    again = fold(course, shuffled)
    assert again == expected
    assert again.event_count == len(events)
    assert set(again.completions) == {"r1", "c1", "k1"}


def test_two_different_events_with_one_id_keep_one_and_report_the_other():
    course = journal_course()
    laptop = Device("laptop")
    original = laptop.answer("c1", 0, minutes(1))
    damaged = msgspec.structs.replace(original, data={"exercise": "c1", "option": 1})
    one = fold(course, [original, damaged])
    other = fold(course, [damaged, original])
    assert one == other
    assert len(one.choices["c1"].answers) == 1
    assert [u.reason for u in one.unknown] == ["another, different event has the same id"]


def test_a_removed_exercise_keeps_its_events_and_reports_them():
    laptop = Device("laptop")
    old_course = journal_course()
    events = [
        laptop.save("r1", "words I wrote", minutes(1)),
        laptop.answer("c1", 1, minutes(2)),
        laptop.share("r1", True, minutes(3)),
    ]
    new_course = build_course(module("m1", lesson("l1", choice("c1", options=3)), title="Week 1"))
    assert fold(old_course, events).unknown == []
    progress = fold(new_course, events)
    assert "r1" not in progress.reflections
    orphan = progress.orphaned_reflections["r1"]
    assert orphan.text == "words I wrote" and orphan.shared
    assert [r.text for r in progress.all_revisions()] == ["words I wrote"]
    assert [(u.event.id, u.reason) for u in progress.unknown] == [
        (events[0].id, "names exercise 'r1', which this course no longer has"),
        (events[2].id, "names exercise 'r1', which this course no longer has"),
    ]
    assert progress.completed("c1") is not None


def test_an_exercise_whose_kind_changed_does_not_crash_and_is_reported():
    laptop = Device("laptop")
    events = [laptop.tick("k1", 0, minutes(1)), laptop.save("r1", "kept", minutes(2))]
    changed = build_course(module("m1", lesson("l1", reflection("k1"), checklist("r1", items=1))))
    progress = fold(changed, events)
    assert progress.completions == {}
    assert [u.reason for u in progress.unknown] == [
        "exercise 'k1' is now a reflection, not a checklist",
        "exercise 'r1' is now a checklist, not a reflection",
    ]
    assert progress.orphaned_reflections["r1"].text == "kept"


def test_answers_outside_a_changed_exercise_are_reported():
    laptop = Device("laptop")
    events = [laptop.answer("c1", 2, minutes(1)), laptop.tick("k1", 1, minutes(2)), laptop.rate("s1", 9, minutes(3))]
    smaller = build_course(
        module("m1", lesson("l1", choice("c1", options=2), checklist("k1", items=1), scale("s1", low=1, high=5)))
    )
    progress = fold(smaller, events)
    assert progress.completions == {}
    assert [u.reason for u in progress.unknown] == [
        "answer 2 to 'c1', which now has 2 options",
        "ticks item 1 of 'k1', which now has 1 items",
        "value 9 for 's1', whose scale is now 1 to 5",
    ]


def test_lessons_and_modules_the_course_no_longer_has_are_reported():
    laptop = Device("laptop")
    course = journal_course()
    events = [
        laptop.open("m1", "gone", minutes(1)),
        laptop.open("m9", "l1", minutes(2)),
        laptop.unlock("m9", "counsellor said so", minutes(3)),
    ]
    progress = fold(course, events)
    assert progress.last_visit is None and progress.unlocks == {}
    assert [u.reason for u in progress.unknown] == [
        "opens lesson 'gone' of 'm1', which this course no longer has",
        "opens a lesson in module 'm9', which this course no longer has",
        "unlocks module 'm9', which this course no longer has",
    ]


def test_unknown_types_newer_schemas_other_courses_and_bad_payloads_are_kept_and_reported():
    course = journal_course()
    laptop = Device("laptop")
    future = laptop.event("mood_logged", {"x": 1}, when=minutes(1))
    newer = msgspec.structs.replace(laptop.answer("c1", 0, minutes(2)), v=ev.SCHEMA_VERSION + 1)
    elsewhere = laptop.event(ev.CHOICE_ANSWERED, {"exercise": "c1", "option": 0}, when=minutes(3), course="other")
    bad_option = laptop.event(ev.CHOICE_ANSWERED, {"exercise": "c1", "option": "first"}, when=minutes(4))
    missing = laptop.event(ev.REFLECTION_SAVED, {"exercise": "r1"}, when=minutes(5))
    not_a_table = Event("x1", "laptop", course.id, HLC(10**13, 0), "garbage wall", ev.SCALE_RECORDED, [1, 2])  # type: ignore[arg-type]
    bool_value = laptop.event(ev.SCALE_RECORDED, {"exercise": "s1", "value": True}, when=minutes(6))
    events = [future, newer, elsewhere, bad_option, missing, not_a_table, bool_value]
    progress = fold(course, events)
    assert progress.completions == {} and progress.reflections == {}
    reasons = {u.event.id: u.reason for u in progress.unknown}
    assert reasons == {
        future.id: "unknown event type 'mood_logged'",
        newer.id: f"written by a newer version of growthcourse (schema {ev.SCHEMA_VERSION + 1})",
        elsewhere.id: "belongs to another course ('other')",
        bad_option.id: "malformed choice_answered payload",
        missing.id: "malformed reflection_saved payload",
        "x1": "malformed scale_recorded payload",
        bool_value.id: "malformed scale_recorded payload",
    }
    assert progress.event_count == 7


def test_an_unreadable_wall_time_falls_back_to_the_clock():
    course = journal_course()
    event = Event("e1", "laptop", course.id, HLC(int(minutes(1).timestamp() * 1000), 0), "not a time", ev.COURSE_STARTED, {})
    assert fold(course, [event]).started_at == minutes(1)
