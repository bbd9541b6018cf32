"""Starting the app: course choice and validation before full-screen mode, data folder problems,
and course text shown literally."""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap

import pytest
from tuikit import FakeClock, make_app, screen_text, write_tui_course

from growthcourse.commands import app as app_command
from growthcourse.course.model import Course, Lesson, Module, Reflection
from growthcourse.tui.screens.dashboard import DashboardScreen
from growthcourse.tui.screens.lesson import LessonScreen
from growthcourse.tui.screens.module import ModuleScreen


@pytest.fixture
def started(monkeypatch, tmp_path):
    """Run ``growthcourse`` in-process up to the app, and keep the app instead of running it."""
    from growthcourse.tui.app import GrowthcourseApp

    apps: list[GrowthcourseApp] = []
    monkeypatch.setattr(GrowthcourseApp, "run", lambda self, *a, **k: apps.append(self))
    monkeypatch.setenv("GROWTHCOURSE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("GROWTHCOURSE_DATA_DIR", raising=False)

    def start(*argv: str):
        from growthcourse.cli import build_parser

        args = build_parser().parse_args(list(argv))
        status = app_command.run(args)
        return status, (apps[-1] if apps and status == 0 else None)

    return start


def test_a_broken_course_prints_the_problems_and_exits_1_without_starting_the_tui(tmp_path):
    course = write_tui_course(tmp_path / "course")
    module = course / "01-week-one.toml"
    module.write_text(module.read_text(encoding="utf-8").replace('kind = "reflection"', 'kind = "quizz"'),
                      encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import sys
        from growthcourse.cli import main
        status = main(["--course", {str(course)!r}, "--data-dir", {str(tmp_path / "data")!r}])
        print("textual loaded:", any(m == "textual" or m.startswith("textual.") for m in sys.modules))
        sys.exit(status)
        """
    )
    env = {"GROWTHCOURSE_CONFIG_DIR": str(tmp_path / "config"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "01-week-one.toml" in result.stderr and "quizz" in result.stderr
    assert "Traceback" not in result.stderr
    assert "textual loaded: False" in result.stdout
    assert "\x1b[?1049h" not in result.stdout  # never entered the alternate screen


def test_a_course_given_once_is_copied_and_opened_next_time(started, tmp_path):
    course_dir = write_tui_course(tmp_path / "course")
    status, app = started("--course", str(course_dir), "--data-dir", str(tmp_path / "data"))
    assert status == 0
    assert app.session.course.id == "tui-course" and app.session.warning is None
    assert (tmp_path / "data" / "courses" / "tui-course").is_dir()

    status, app = started("--data-dir", str(tmp_path / "data"))
    assert status == 0
    assert app.session.course.id == "tui-course"
    assert app.session.course.root is not None and "courses" in app.session.course.root.parts


def test_without_a_course_the_built_in_course_opens(started, tmp_path):
    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    status, app = started("--data-dir", str(tmp_path / "data"))
    assert status == 0
    assert app.session.course.id == load_course(builtin_course_dir()).id
    assert not app.session.preview


def test_preview_records_nothing(started, tmp_path):
    course_dir = write_tui_course(tmp_path / "course")
    status, app = started("--preview", "--course", str(course_dir), "--data-dir", str(tmp_path / "data"))
    assert status == 0
    assert app.session.preview and app.session.store is None
    assert not (tmp_path / "data").exists()


async def test_an_unusable_data_folder_starts_the_app_with_a_clear_warning(started, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    course_dir = write_tui_course(tmp_path / "course")
    status, app = started("--course", str(course_dir), "--data-dir", str(blocker / "data"))
    assert status == 0
    assert app.session.store is None
    assert "nothing you do will be saved" in app.session.warning

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, DashboardScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert "⚠ Your data folder cannot be used, so nothing you do will be saved." in screen_text(app)
        assert any(n.severity == "warning" for n in app._notifications)
        await pilot.press("enter")  # Continue still works: reading never needs the folder
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_course_text_is_shown_literally(tmp_path):
    markup = "[bold]x[/bold]"
    escape = "\x1b[31mred"
    lesson = Lesson(id="l1", title=f"Lesson {markup} {escape}", body=f"Body {markup} {escape}", minutes=5,
                    module_id="m1", exercises=(Reflection(id="e1", prompt=f"Prompt {markup}", title=f"Ex {markup}",
                                                          module_id="m1", lesson_id="l1"),))
    course = Course(
        id="literal",
        title=f"Course {markup}",
        subtitle=f"Sub {escape}",
        modules=(Module(id="m1", title=f"Module {markup} {escape}", file="m1.toml", summary=f"Sum {markup}",
                        lessons=(lesson,)),),
    )
    clock = FakeClock()
    app = make_app(course, None, clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, DashboardScreen):
            await pilot.press("escape")
            await pilot.pause()
        text = screen_text(app)
        assert "Course [bold]x[/bold]" in text
        assert "Sub ␛[31mred" in text
        assert "Module [bold]x[/bold] ␛[31mred" in text
        app.open_module("m1")
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        text = screen_text(app)
        assert "Sum [bold]x[/bold]" in text and "Lesson [bold]x[/bold] ␛[31mred" in text
        app.open_lesson("m1", "l1")
        await pilot.pause()
        text = screen_text(app)
        assert "Body [bold]x[/bold] ␛[31mred" in text
        assert "Reflection: Ex [bold]x[/bold]" in text
        assert "\x1b" not in app.export_screenshot()


def test_a_last_course_not_synced_yet_falls_back_to_the_built_in_course_and_says_so(started, tmp_path):
    import shutil

    course_dir = write_tui_course(tmp_path / "course")
    status, app = started("--course", str(course_dir), "--data-dir", str(tmp_path / "data"))
    assert status == 0
    shutil.rmtree(tmp_path / "data" / "courses")  # as if the copy had not arrived on this machine yet

    status, app = started("--data-dir", str(tmp_path / "data"))
    assert status == 0
    assert app.session.course.id != "tui-course"
    assert "The course you used last (tui-course) is not in your data folder" in app.session.warning


async def test_a_failed_save_is_said_once_and_shown_on_the_dashboard(tmp_path):
    from tuikit import FakeClock, open_store, tui_course

    from growthcourse.store.events import COURSE_STARTED
    from growthcourse.store.fsutil import StorageError

    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    store.append(course.id, COURSE_STARTED, {})

    def full_disk(*args, **kwargs):
        raise StorageError("Could not save to /data/events.jsonl: No space left on device.")

    store.record = full_disk
    app = make_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(2):
            await pilot.press("enter")  # Continue: the lesson opens all the same
            await pilot.pause()
            assert isinstance(app.screen, LessonScreen)
            await pilot.press("escape")
            await pilot.pause()
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1 and "No space left on device" in warnings[0].message
        assert "⚠ Your progress could not be saved." in screen_text(app)


def test_a_broken_course_creates_nothing(started, tmp_path):
    status, app = started("--course", str(tmp_path / "missing"), "--data-dir", str(tmp_path / "data"))
    assert status == 1 and app is None
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "config").exists()
