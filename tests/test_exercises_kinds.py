"""Pilot tests: choice, checklist, scale and practice screens, each reaching the merged state."""

from __future__ import annotations

from exercisekit import FakeClock, exercise_app, exercise_course, open_exercise, open_store, reopen, screen_text

from growthcourse.store import events as ev
from growthcourse.tui.exercises.checklist import ChecklistScreen
from growthcourse.tui.exercises.choice import ChoiceScreen
from growthcourse.tui.exercises.practice import PracticeScreen
from growthcourse.tui.exercises.scale import ScaleScreen


def _setup(tmp_path):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock)
    return clock, course, store


async def test_choice_feedback_retry_and_correct_marked(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-quiz")
        assert isinstance(screen, ChoiceScreen)
        await pilot.press("down", "enter")  # the second option: not the one the course marks correct
        await pilot.pause()
        text = screen_text(app)
        assert "✗ Not quite" in text
        assert "A natural wish. This week we only watch." in text
        assert "✗ your answer: not quite" in text
        await pilot.press("1")  # try again, by digit
        await pilot.pause()
        text = screen_text(app)
        assert "✓ Yes, that's it." in text
        assert "Noticing comes before any change." in text
        assert "✓ your answer: yes" in text
        assert "not this one" not in text
    session = reopen(course, tmp_path, clock)
    answers = session.state.progress.choices["w1-quiz"].answers
    assert [a.option for a in answers] == [1, 0]
    assert session.exercise_done("w1-quiz")


async def test_poll_records_any_answer_without_right_or_wrong(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-poll")
        assert "no right or wrong" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "your answer is noted" in text and "That is something." in text
        assert "✓" not in text and "✗" not in text
    assert reopen(course, tmp_path, clock).state.progress.choices["w1-poll"].latest.option == 1


async def test_checklist_tick_untick_and_complete(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-list")
        assert isinstance(screen, ChecklistScreen)
        await pilot.press("space")
        await pilot.pause()
        assert "[x] Breathe out slowly" in screen_text(app)
        assert "1 of 3 ticked." in screen_text(app)
        await pilot.press("space")  # untick
        await pilot.pause()
        assert "[ ] Breathe out slowly" in screen_text(app)
        assert "0 of 3 ticked." in screen_text(app)
        await pilot.press("space", "down", "enter", "down", "space")
        await pilot.pause()
        text = screen_text(app)
        assert "[x] Put the phone in another room" in text and "[x] Walk around the block" in text
        assert "3 of 3 ticked. ✓ This checklist is complete." in text
    session = reopen(course, tmp_path, clock)
    facts = session.state.progress.checklists["w1-list"]
    assert [(t.item, t.ticked) for t in facts.ticks] == [(0, True), (0, False), (0, True), (1, True), (2, True)]
    assert session.exercise_done("w1-list")


async def test_choice_feedback_is_brought_into_view_at_80x24(tmp_path):
    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    clock = FakeClock()
    store = open_store(tmp_path, clock)
    app = exercise_app(load_course(builtin_course_dir()), store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-porn-growth-move")
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause(0.1)
        text = " ".join(screen_text(app).replace("│", " ").split())
        assert "✗ Not quite." in text
        assert "understanding. ╰" in text  # the feedback's last words, and the bottom of its box


async def test_a_long_choice_option_wraps_under_its_text_not_its_number(tmp_path):
    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    clock = FakeClock()
    store = open_store(tmp_path, clock)
    app = exercise_app(load_course(builtin_course_dir()), store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-porn-growth-move")
        lines = screen_text(app).splitlines()
        start = next(i for i, line in enumerate(lines) if "3. Listen to how it felt" in line)
        continued = lines[start + 1].strip("▊▎ ")
        assert "counsellor what the habit does for you." in continued
        # The wrapped words line up under the option's text, not under its number.
        assert lines[start + 1].index(continued) == lines[start].index("Listen")


async def test_a_long_checklist_item_wraps_instead_of_being_cut_off(tmp_path):
    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    clock = FakeClock()
    course = load_course(builtin_course_dir())
    store = open_store(tmp_path, clock)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-safety-steps")
        lines = screen_text(app).splitlines()
        text = " ".join(" ".join(lines).split())
        assert "[ ] I noted the contact that fits me best, for example the Respect Phone Line if I worry" in text
        assert "about my own anger." in text
        # The wrapped words line up under the item's text, not under its box.
        start = next(i for i, line in enumerate(lines) if "I noted the contact" in line)
        assert lines[start + 1].index(lines[start + 1].strip()) == lines[start].index("I noted")


async def test_scale_by_keys_records_each_check_in_with_its_time_and_shows_the_series(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-settled")
        assert isinstance(screen, ScaleScreen)
        text = screen_text(app)
        assert "0: very unsettled" in text and "10: calm and steady" in text
        assert "[5]" in text  # the middle is chosen to start
        await pilot.press("left", "left", "enter")
        await pilot.pause()
        assert "Thu 26 Nov: 3" in screen_text(app)
        clock.advance(days=1)
        await pilot.press("7", "enter")
        await pilot.pause()
        clock.advance(days=1)
        await pilot.press("1", "0", "enter")  # "1" then "0" quickly: ten
        await pilot.pause()
        text = screen_text(app)
        assert "[10]" in text
        assert "Sat 28 Nov: 10" in text and "Fri 27 Nov: 7" in text
        assert "Last check-in here: 10, Sat 28 Nov 2026, 09:00." in text
        assert screen.query_one("#chart").data == [3, 7, 10]
    session = reopen(course, tmp_path, clock)
    check_ins = session.state.progress.scales["w1-settled"].check_ins
    assert [c.value for c in check_ins] == [3, 7, 10]
    assert [c.time.day for c in check_ins] == [26, 27, 28]


async def test_scale_by_mouse(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-settled")
        await pilot.click("#picker", offset=(2 * 4 + 1, 0))  # the third value: 2
        await pilot.pause()
        assert screen.query_one("#picker").value == 2
        await pilot.click("#record")
        await pilot.pause()
    assert reopen(course, tmp_path, clock).state.progress.scales["w1-settled"].latest.value == 2


async def test_scale_chart_joins_a_series_across_modules(tmp_path):
    clock, course, store = _setup(tmp_path)
    store.append(course.id, ev.SCALE_RECORDED, {"exercise": "w2-settled", "value": 4})
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-settled")
        await pilot.press("8", "enter")
        await pilot.pause()
        assert screen.query_one("#chart").data == [4, 8]


async def test_practice_log_counts_and_lists_earlier_entries(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-pause")
        assert isinstance(screen, PracticeScreen)
        assert "0 of 2 times done" in screen_text(app)
        await pilot.press(*"paused before offering a fix [b]", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "1 of 2 times done" in text
        assert "Thu 26 Nov 2026, 09:00: paused before offering a fix [b]" in text
        clock.advance(hours=5)
        await pilot.press(*"asked how she felt", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "2 of 2 times done ✓" in text
        # newest first
        assert text.index("14:00: asked how she felt") < text.index("09:00: paused before")
    session = reopen(course, tmp_path, clock)
    assert [log.note for log in session.state.progress.practices["w1-pause"].logs] == [
        "paused before offering a fix [b]", "asked how she felt"]
    assert session.exercise_done("w1-pause")


async def test_last_required_exercise_of_a_module_says_so_and_when_the_next_opens(tmp_path):
    clock, course, store = _setup(tmp_path)
    store.append(course.id, ev.REFLECTION_SAVED, {"exercise": "w1-write", "text": "one two three four five",
                                                  "parents": []})
    store.append(course.id, ev.CHOICE_ANSWERED, {"exercise": "w1-quiz", "option": 0})
    for item in range(3):
        store.append(course.id, ev.ITEM_TICKED, {"exercise": "w1-list", "item": item, "ticked": True})
    store.append(course.id, ev.PRACTICE_LOGGED, {"exercise": "w1-pause", "note": "once"})
    store.append(course.id, ev.PRACTICE_LOGGED, {"exercise": "w1-pause", "note": "twice"})
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-settled")
        assert "last exercise" not in screen_text(app)
        await pilot.press("6", "enter")
        await pilot.pause()
        text = " ".join(screen_text(app).replace("│", " ").split())  # wrapped inside its box
        assert "That was the last exercise of “Week 1: Noticing”." in text
        assert "“Week 2: Space” opens Sun 29 Nov, in 3 days." in text
        assert "no hurry" in text
    assert reopen(course, tmp_path, clock).state.module("week-one").complete


async def test_preview_records_nothing(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, None, clock, tmp_path, preview=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-quiz")
        await pilot.press("1")
        await pilot.pause()
        assert "Yes, that's it." in screen_text(app)
    assert reopen(course, tmp_path, clock).state.progress.choices == {}
