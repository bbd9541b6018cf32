"""Pilot tests: the command palette jumps to open modules and lessons by name, and to help and support."""

from __future__ import annotations

from tuikit import FakeClock, make_app, open_store, screen_text, tui_course

from growthcourse.store.events import COURSE_STARTED
from growthcourse.tui.screens.about import AboutScreen
from growthcourse.tui.screens.help import HelpScreen
from growthcourse.tui.screens.lesson import LessonScreen
from growthcourse.tui.screens.module import ModuleScreen
from growthcourse.tui.screens.support import SupportScreen


async def _palette(app, pilot, query: str, expect: str | None = None) -> str:
    """Open the palette, type ``query`` and wait (up to 10 s) until ``expect`` is on screen."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    text = ""
    for _ in range(100):
        await pilot.pause(0.1)
        text = screen_text(app)
        if expect is None or expect in text:
            break
    return text


async def _started_app(tmp_path):
    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    store.append(course.id, COURSE_STARTED, {})
    return make_app(course, store, clock, tmp_path)


async def test_jump_to_an_open_lesson_by_name(tmp_path):
    app = await _started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = await _palette(app, pilot, "a pause", "Lesson: A pause")
        assert "Lesson: A pause" in text and "In Week 1: When they pull away" in text
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "pause"


async def test_jump_to_an_open_module_by_name(tmp_path):
    app = await _started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _palette(app, pilot, "module week 1", "Module: Week 1")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ModuleScreen) and app.screen.module_id == "week-one"


async def test_locked_modules_and_their_lessons_are_not_offered(tmp_path):
    app = await _started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = await _palette(app, pilot, "roots of panic", "No matches found")
        assert "Roots of panic" not in text
        await pilot.press("escape")
        await pilot.pause()
        text = await _palette(app, pilot, "where the panic", "No matches found")
        assert "Module: Week 2" not in text


async def test_help_support_and_about_from_the_palette(tmp_path):
    app = await _started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for query, screen in (("help", HelpScreen), ("support", SupportScreen), ("about the course", AboutScreen)):
            await _palette(app, pilot, query, {"help": "Keys for this screen", "support": "Who to contact",
                                               "about the course": "Description, author"}[query])
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert isinstance(app.screen, screen), query
            await pilot.press("escape")
            await pilot.pause()


async def test_export_for_a_counselling_session_from_the_palette(tmp_path):
    from tuikit import FakeClock, make_app, open_store, tui_course

    from growthcourse.store.events import REFLECTION_SAVED

    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    store.append(course.id, COURSE_STARTED, {})
    store.append(course.id, REFLECTION_SAVED, {"exercise": "w1-notice", "text": "I paused [b]first[/b].",
                                               "parents": []})
    exports = tmp_path / "Documents"
    exports.mkdir()
    app = make_app(course, store, clock, tmp_path, export_dir=exports)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(2):
            await _palette(app, pilot, "export for my counselling", "Everything you wrote and did")
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
        files = sorted(p.name for p in exports.iterdir())
        assert files == ["growthcourse-tui-course-2026-11-26-everything-2.html",
                         "growthcourse-tui-course-2026-11-26-everything.html"]  # never overwritten
        html = (exports / files[1]).read_text(encoding="utf-8")
        assert "I paused [b]first[/b]." in html
        assert (exports / files[1]).stat().st_mode & 0o777 == 0o600
        messages = [n.message for n in app._notifications]
        assert any(str(exports / files[1]) in m for m in messages)
