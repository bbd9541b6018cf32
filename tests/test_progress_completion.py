"""What "complete" means (issue 2): one rule per exercise kind, and completion stays."""

from __future__ import annotations

from datetime import timedelta

from growthcourse.progress import ChoiceFacts, ReflectionFacts, fold, is_complete
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


def one_exercise_course(exercise):
    return build_course(module("m1", lesson("l1", exercise)))


def test_nothing_recorded_is_not_complete():
    assert not is_complete(reflection("r"), None)
    assert not is_complete(choice("c"), None)


def test_reflection_needs_a_saved_revision_with_min_words():
    course = one_exercise_course(reflection("r", min_words=5))
    laptop = Device("laptop")
    short = laptop.save("r", words(4), minutes(1))
    progress = fold(course, [short])
    assert not is_complete(course.exercise("r"), progress.facts("r"))
    assert progress.completed("r") is None

    enough = laptop.save("r", words(5), minutes(2), parents=[short.id])
    progress = fold(course, [short, enough])
    assert is_complete(course.exercise("r"), progress.facts("r"))
    assert progress.completed("r").id == enough.id
    assert progress.completed("r").time == minutes(2)


def test_reflection_with_no_minimum_is_complete_once_saved():
    course = one_exercise_course(reflection("r"))
    saved = Device("laptop").save("r", "ok", minutes(1))
    assert fold(course, [saved]).completed("r").id == saved.id


def test_editing_a_reflection_below_min_words_later_keeps_it_complete():
    course = one_exercise_course(reflection("r", min_words=5))
    laptop = Device("laptop")
    long = laptop.save("r", words(8), minutes(1))
    cut = laptop.save("r", "shorter now", minutes(2), parents=[long.id])
    progress = fold(course, [long, cut])
    assert progress.reflections["r"].text == "shorter now"
    assert progress.reflections["r"].words == 2
    assert progress.completed("r").id == long.id


def test_choice_any_answer_completes_even_a_wrong_one():
    course = one_exercise_course(choice("c", options=3, correct=0))
    wrong = Device("laptop").answer("c", 2, minutes(1))
    progress = fold(course, [wrong])
    assert progress.completed("c").id == wrong.id
    assert progress.choices["c"].latest.option == 2


def test_checklist_needs_every_item_ticked():
    course = one_exercise_course(checklist("k", items=3))
    laptop = Device("laptop")
    first = [laptop.tick("k", 0, minutes(1)), laptop.tick("k", 2, minutes(2))]
    assert fold(course, first).completed("k") is None
    last = laptop.tick("k", 1, minutes(3))
    progress = fold(course, first + [last])
    assert progress.completed("k").id == last.id


def test_unticking_later_keeps_the_checklist_complete():
    course = one_exercise_course(checklist("k", items=2))
    laptop = Device("laptop")
    events = [laptop.tick("k", 0, minutes(1)), laptop.tick("k", 1, minutes(2))]
    events.append(laptop.tick("k", 0, minutes(3), ticked=False))
    progress = fold(course, events)
    facts = progress.checklists["k"]
    assert facts.is_ticked(0) is False and facts.is_ticked(1) is True
    assert progress.completed("k").id == events[1].id


def test_checklist_ticks_from_two_devices_complete_it():
    course = one_exercise_course(checklist("k", items=2))
    laptop, desktop = Device("laptop"), Device("desktop")
    events = [laptop.tick("k", 0, minutes(1)), desktop.tick("k", 1, minutes(5))]
    assert fold(course, events).completed("k").id == events[1].id


def test_scale_is_complete_once_a_value_is_recorded():
    course = one_exercise_course(scale("s"))
    assert fold(course, []).completed("s") is None
    rated = Device("laptop").rate("s", 4, minutes(1))
    assert fold(course, [rated]).completed("s").id == rated.id


def test_practice_needs_times_logs():
    course = one_exercise_course(practice("p", times=3))
    laptop, desktop = Device("laptop"), Device("desktop")
    logs = [laptop.log("p", "walked", minutes(1)), desktop.log("p", "breathed", minutes(2))]
    assert fold(course, logs).completed("p") is None
    logs.append(laptop.log("p", "waited", minutes(3)))
    progress = fold(course, logs)
    assert progress.completed("p").id == logs[2].id
    assert [log.note for log in progress.practices["p"].logs] == ["walked", "breathed", "waited"]


def test_facts_of_another_kind_never_complete_and_never_raise():
    answers = ChoiceFacts("x")
    assert not is_complete(reflection("x"), answers)
    assert not is_complete(checklist("x"), ReflectionFacts("x"))


def test_module_completes_with_its_last_required_exercise():
    course = build_course(
        module("m1", lesson("l1", choice("a"), reflection("optional", required=False)), lesson("l2", scale("b")))
    )
    laptop = Device("laptop")
    first = laptop.answer("a", 0, minutes(1))
    progress = fold(course, [first])
    assert "m1" not in progress.module_completions
    last = laptop.rate("b", 3, minutes(7))
    progress = fold(course, [first, last])
    completion = progress.module_completions["m1"]
    assert completion.event.id == last.id
    assert completion.at == minutes(7)


def test_module_without_required_exercises_completes_when_each_lesson_is_opened():
    course = build_course(module("m1", lesson("l1"), lesson("l2", reflection("r", required=False))))
    laptop = Device("laptop")
    first = laptop.open("m1", "l1", minutes(1))
    assert "m1" not in fold(course, [first]).module_completions
    second = laptop.open("m1", "l2", minutes(2))
    again = laptop.open("m1", "l1", minutes(3))
    assert fold(course, [first, second, again]).module_completions["m1"].at == minutes(2)
