"""Pilot tests: a locked module shows why and when it opens, then opens when the clock passes it."""

from __future__ import annotations

from datetime import datetime, timezone

from tuikit import FakeClock, make_app, open_store, screen_text, tui_course, wait_for_text, started_app

from growthcourse.store.events import COURSE_STARTED, REFLECTION_SAVED
from growthcourse.tui.screens.dashboard import DashboardScreen
from growthcourse.tui.screens.lesson import LessonScreen
from growthcourse.tui.screens.module import ModuleScreen


def _finish_week_one(store, course_id):
    store.append(course_id, COURSE_STARTED, {})
    store.append(course_id, REFLECTION_SAVED, {"exercise": "w1-notice", "text": "I noticed the urge.", "parents": []})


async def test_locked_module_shows_its_opening_date_then_opens_when_the_clock_passes_it(tmp_path):
    clock = FakeClock()  # Thu 26 Nov 2026, 09:00 UTC
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    _finish_week_one(store, course.id)
    app = make_app(course, store, clock, tmp_path, clock_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "✓  Week 1: When they pull away" in text and "Complete" in text
        assert "Locked · Opens Sat 28 Nov, in 2 days" in text

        await pilot.press("down", "down", "enter")  # below Continue: week one, week two
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen) and app.screen.module_id == "week-two"
        text = screen_text(app)
        assert "This module is not open yet." in text
        assert "Opens Sat 28 Nov, in 2 days" in text
        assert "It opens on Sat 28 Nov 2026 at 00:00." in text
        assert "Roots of panic" not in text  # never its content
        assert "Old patterns, new choices." not in text

        clock.now = datetime(2026, 11, 27, 23, 59, tzinfo=timezone.utc)
        await wait_for_text(app, pilot, "Opens tomorrow")

        clock.now = datetime(2026, 11, 28, 0, 0, 1, tzinfo=timezone.utc)
        text = await wait_for_text(app, pilot, "1. Roots of panic")
        assert "This module is not open yet." not in text
        assert "Open · ready when you are" in text
        assert "1. Roots of panic" in text
        assert app.focused is not None and app.focused.id == "lessons"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "roots"

        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = screen_text(app)
        assert "Locked · Opens" not in text
        assert "Week 2: Where the panic comes from" in text and "In progress · 0 of 1 done" in text
        assert "You started this course 2 days ago." in text


async def test_a_locked_module_cannot_be_reached_through_a_lesson(tmp_path):
    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("week-three", "grow")
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        text = screen_text(app)
        assert "Complete “Week 2: Where the panic comes from” first" in text
        assert "Growth is yours." not in text


async def test_preview_opens_every_module_shows_a_marker_and_records_nothing(tmp_path):
    clock = FakeClock()
    course = tui_course(tmp_path)
    app = make_app(course, None, clock, tmp_path, preview=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, DashboardScreen):
            await pilot.press("escape")
            await pilot.pause()
        text = screen_text(app)
        assert "PREVIEW" in text
        assert "Locked" not in text
        assert text.count("Open · ready when you are") == 3
        app.open_lesson("week-three", "grow")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        text = screen_text(app)
        assert "Growth is yours." in text and "PREVIEW" in text
    assert not (tmp_path / "data").exists()


async def test_next_leads_into_a_module_that_opened_while_reading(tmp_path):
    from textual.widgets import Button

    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    _finish_week_one(store, course.id)
    app = make_app(course, store, clock, tmp_path, clock_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("week-one", "pause")
        await pilot.pause()
        assert app.screen.query_one("#next", Button).disabled
        clock.now = datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc)
        await pilot.press("end")
        await wait_for_text(app, pilot, "Next: Roots of panic ▶")
        assert not app.screen.query_one("#next", Button).disabled
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "roots"
