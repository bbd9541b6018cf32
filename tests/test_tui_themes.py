"""Pilot tests: shipped themes, switching (also from the palette), remembering per machine, broken files."""

from __future__ import annotations

import shutil
import tomllib

from tuikit import FakeClock, make_app, open_store, screen_text, tui_course, started_app

from growthcourse.resources import themes_dir
from growthcourse.tui.themes import DEFAULT_THEME

SHIPPED = ["growthcourse-calm", "growthcourse-high-contrast", "growthcourse-warm"]


async def _wait_for(app, pilot, text: str) -> None:
    for _ in range(100):
        await pilot.pause(0.1)
        if text in screen_text(app):
            return
    raise AssertionError(f"{text!r} never appeared:\n{screen_text(app)}")


def _config(tmp_path, device="a"):
    path = tmp_path / f"config-{device}" / "config.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


async def test_shipped_themes_are_registered_and_the_calm_one_is_the_default(tmp_path):
    clock = FakeClock()
    app = make_app(tui_course(tmp_path), None, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in SHIPPED:
            assert name in app.available_themes
        assert "textual-dark" in app.available_themes  # Textual's own stay available
        assert app.theme == DEFAULT_THEME == "growthcourse-calm"
    assert "theme" not in _config(tmp_path)  # starting does not write the config


async def test_the_chosen_theme_is_remembered_on_this_machine_only(tmp_path):
    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "growthcourse-warm"
        await pilot.pause()
    assert _config(tmp_path)["theme"] == "growthcourse-warm"

    app = make_app(course, open_store(tmp_path, clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "growthcourse-warm"

    # Another machine sharing the data folder keeps its own choice.
    other = open_store(tmp_path, clock, device="b")
    app = make_app(course, other, clock, tmp_path, device="b")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "growthcourse-calm"


async def test_the_theme_can_be_switched_from_the_command_palette(tmp_path):
    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await _wait_for(app, pilot, "Change the current theme")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"high-contrast")
        await _wait_for(app, pilot, "growthcourse-high-contrast")
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.1)
            if app.theme == "growthcourse-high-contrast":
                break
        assert app.theme == "growthcourse-high-contrast"
        await pilot.pause()
    assert _config(tmp_path)["theme"] == "growthcourse-high-contrast"


async def test_broken_theme_files_give_one_notification_and_the_app_starts(tmp_path):
    folder = tmp_path / "themes"
    shutil.copytree(themes_dir(), folder)
    (folder / "zz-broken.toml").write_text('primary = "#12345"\nbakground = "#000000"\n', encoding="utf-8")
    (folder / "zz-not-toml.toml").write_text("primary = \n", encoding="utf-8")
    clock = FakeClock()
    app = make_app(tui_course(tmp_path), None, clock, tmp_path, themes_dir=folder)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert "zz-broken.toml" in errors[0].message and "bakground" in errors[0].message
        assert "zz-not-toml.toml" in errors[0].message and "not valid TOML" in errors[0].message
        assert app.theme == "growthcourse-calm"
        for name in SHIPPED:
            assert name in app.available_themes


async def test_a_remembered_theme_that_no_longer_exists_falls_back_calmly(tmp_path):
    config = tmp_path / "config-a"
    config.mkdir()
    (config / "config.toml").write_text('theme = "gone-theme"\n', encoding="utf-8")
    clock = FakeClock()
    app = make_app(tui_course(tmp_path), None, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "growthcourse-calm"
        assert not [n for n in app._notifications if n.severity == "error"]
