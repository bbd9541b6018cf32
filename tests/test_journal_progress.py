"""Pilot tests of the journal (entries, filter, open, shared marked) and the progress screen."""

from __future__ import annotations

from rich.cells import cell_len

from exercisekit import FakeClock, exercise_app, exercise_course, open_store, reopen, screen_text

from growthcourse.store import events as ev
from growthcourse.tui.exercises.practice import PracticeScreen
from growthcourse.tui.exercises.reflection import ReflectionScreen
from growthcourse.tui.screens.help import HelpScreen
from growthcourse.tui.screens.journal import JournalScreen
from growthcourse.tui.screens.progress_view import ProgressScreen

COURSE = "practice-course"


def _written(tmp_path):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock)
    store.append(COURSE, ev.REFLECTION_SAVED,
                 {"exercise": "w1-write", "text": "I noticed [bold]panic[/] when she went quiet.", "parents": []})
    store.append(COURSE, ev.REFLECTION_SHARED, {"exercise": "w1-write", "shared": True})
    clock.advance(days=1)
    store.append(COURSE, ev.PRACTICE_LOGGED, {"exercise": "w1-pause", "note": "Paused and asked how she felt."})
    for value in (3, 5, 6):
        store.append(COURSE, ev.SCALE_RECORDED, {"exercise": "w1-settled", "value": value})
        clock.advance(days=1)
    return clock, course, store


async def test_journal_lists_newest_first_with_module_lesson_date_and_shared_mark(tmp_path):
    clock, course, store = _written(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        text = screen_text(app)
        assert "2 entries." in text
        assert "Fri 27 Nov 2026, 09:00 · Practice note" in text
        assert "Thu 26 Nov 2026, 09:00 · Reflection · ★ shared" in text
        assert "Week 1: Noticing › Noticing the urge › What I noticed" in text
        assert "I noticed [bold]panic[/] when she went quiet." in text  # literally
        assert text.index("Practice note") < text.index("Reflection ·")


async def test_journal_filter_and_open(tmp_path):
    clock, course, store = _written(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_journal()
        await pilot.pause()
        await pilot.press("slash", *"QUIET")
        await pilot.pause()
        text = screen_text(app)
        assert "1 of 2 entries match." in text
        assert "went quiet" in text and "Paused and asked" not in text
        await pilot.press("enter", "enter")  # to the list, then open the entry
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.editor.text == "I noticed [bold]panic[/] when she went quiet."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("slash", *"nothing like this")
        await pilot.pause()
        assert "0 of 2 entries match." in screen_text(app)
        await pilot.press(*["backspace"] * len("nothing like this"), *"paused", "enter", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)


async def test_journal_follows_new_writing_and_an_empty_journal_says_so(tmp_path):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_journal()
        await pilot.pause()
        assert "Nothing written yet." in screen_text(app)
        app.open_exercise("w1-pause")
        await pilot.pause()
        await pilot.press(*"a first try", "enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert "a first try" in screen_text(app)


async def test_progress_screen_in_words_and_charts(tmp_path):
    clock, course, store = _written(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        text = screen_text(app)
        assert "You started this course 4 days ago." in text
        assert "◐ Week 1: Noticing: In progress" in text
        assert "🔒 Week 2: Space: Locked · Complete “Week 1: Noticing” first" in text
        assert "3 (Fri 27 Nov) → 5 (Sat 28 Nov) → 6 (Sun 29 Nov)" in text
        assert "latest 6, lowest 3, highest 6, 3 check-ins" in text
        assert "· Pause before fixing: 1 of 2 times" in text
        assert app.screen.query_one("#chart-settled").data == [3, 5, 6]


async def test_progress_shows_the_next_opening_date(tmp_path):
    clock, course, store = _written(tmp_path)
    store.append(COURSE, ev.CHOICE_ANSWERED, {"exercise": "w1-quiz", "option": 0})
    store.append(COURSE, ev.REFLECTION_SAVED,
                 {"exercise": "w1-write", "text": "one two three four five six", "parents": []})
    for item in range(3):
        store.append(COURSE, ev.ITEM_TICKED, {"exercise": "w1-list", "item": item, "ticked": True})
    store.append(COURSE, ev.PRACTICE_LOGGED, {"exercise": "w1-pause", "note": "again"})
    session = reopen(course, tmp_path, clock)
    assert session.state.module("week-one").complete
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_progress()
        await pilot.pause()
        text = screen_text(app)
        assert "✓ Week 1: Noticing: Complete" in text
        assert "Next opening: Week 2: Space, Thu 3 Dec 2026 at 00:00." in text


async def test_a_wrapped_module_line_continues_under_its_title_not_its_symbol(tmp_path):
    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    clock = FakeClock()
    store = open_store(tmp_path, clock)
    app = exercise_app(load_course(builtin_course_dir()), store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_progress()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        start = next(i for i, line in enumerate(lines) if "🔒 Where the panic comes from: Locked" in line)
        continued = lines[start + 1].strip()
        assert continued == "away\u201d first"
        # The wrapped words line up under the module's title, not under its symbol (🔒 is two cells wide).
        title_column = cell_len(lines[start][: lines[start].index("Where the panic")])
        assert lines[start + 1].index(continued) == title_column


async def test_journal_and_progress_in_the_palette_and_in_help(tmp_path):
    clock, course, store = _written(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Journal" in titles and "Progress" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Journal")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Journal" in text and "Progress" in text


async def test_a_second_app_on_the_same_data_folder_sees_the_writing_and_the_shared_mark(tmp_path):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    laptop = open_store(tmp_path, clock)
    app = exercise_app(course, laptop, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_exercise("w1-write")
        await pilot.pause(0.3)
        await pilot.press(*"written on the laptop", "ctrl+b", "escape")
        await pilot.pause()
    desktop = open_store(tmp_path, clock, device="b")
    other = exercise_app(course, desktop, clock, tmp_path, device="b")
    async with other.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        text = screen_text(other)
        assert "Reflection · ★ shared" in text and "written on the laptop" in text
