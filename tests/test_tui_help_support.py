"""Pilot tests: F1 help and F2 support open from every screen, and close again with escape."""

from __future__ import annotations

import pytest
from tuikit import SHOWN_DATA_DIR, FakeClock, make_app, screen_text, started_app

from growthcourse.tui.screens.help import HelpScreen
from growthcourse.tui.screens.support import SupportScreen


async def _go_to(app, pilot, where: str) -> None:
    if where == "about":
        app.open_about(welcome=True)
    elif where == "module":
        app.open_module("week-one")
    elif where == "locked module":
        app.open_module("week-three")
    elif where == "lesson":
        app.open_lesson("week-one", "urge")
    elif where == "exercise":
        app.open_exercise("w1-notice")
    await pilot.pause()


SCREENS = ["dashboard", "about", "module", "locked module", "lesson", "exercise"]


@pytest.mark.parametrize("where", SCREENS)
async def test_help_and_support_open_from_every_screen(tmp_path, where):
    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _go_to(app, pilot, where)
        underneath = app.screen

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Help" in text and SHOWN_DATA_DIR in text
        assert "f2" in text and "Support" in text
        if where == "lesson":
            assert "Next lesson" in text and "Previous lesson" in text
        if where == "dashboard":
            assert "About" in text and "Continue where you left off" in text

        await pilot.press("f2")  # support is one key away, even from help
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        text = screen_text(app)
        assert "If you need support" in text and "Test Helpline" in text and "0800 000 000" in text

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is underneath


async def test_support_without_a_support_section_points_to_emergency_services(tmp_path):
    from tuikit import write_tui_course

    from growthcourse.course.loader import load_course

    course_dir = write_tui_course(tmp_path / "course")
    text = (course_dir / "course.toml").read_text(encoding="utf-8")
    (course_dir / "course.toml").write_text(text.split("[support]")[0], encoding="utf-8")
    course = load_course(course_dir)
    assert course.support is None
    clock = FakeClock()
    app = make_app(course, None, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        assert "emergency" in screen_text(app).lower()
