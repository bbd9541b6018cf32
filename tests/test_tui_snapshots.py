"""Snapshot tests of every screen, repeatable: fixed clock, fixed data path, fixed theme, pinned versions.

Update with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and LOOK at the result.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import tomli_w
from tuikit import FIXED_NOW, FakeClock, make_app, open_store

from growthcourse.course.loader import load_course
from growthcourse.store.events import CHOICE_ANSWERED, COURSE_STARTED, LESSON_OPENED, REFLECTION_SAVED

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SHIPPED_THEMES = ["growthcourse-calm", "growthcourse-warm", "growthcourse-high-contrast"]

LESSON_BODY = """\
When someone you love pulls away, the urge to *do something* can be strong. This lesson is about
noticing that urge, and letting it pass without acting on it straight away.

## What the urge feels like

- a tight chest, or a racing mind;
- a message typed and retyped;
- the feeling that **you** must make things right, now.

> Space is not the end of a relationship. It is often how people find their way back.

## A small practice

1. Notice the urge.
2. Name it: "this is the fix-it urge".
3. Breathe out slowly, and wait ten minutes.

| When | What I noticed |
| --- | --- |
| Morning | I wanted to text first |
| Evening | I waited, and felt calmer |

Read more in the [course notes](https://example.org/notes).
"""


def _exercise(exercise_id: str, kind: str, **fields) -> dict:
    return {"id": exercise_id, "kind": kind, **fields}


def _snapshot_course(root: Path) -> Path:
    modules = {
        "01.toml": {
            "id": "pull-away", "title": "When your partner pulls away",
            "summary": "What happens in you when someone needs space.",
            "lessons": [{"id": "start", "title": "Where we start", "body": "Welcome.", "minutes": 10,
                         "exercises": [_exercise("hopes", "reflection", prompt="What do you hope for?")]}],
        },
        "02.toml": {
            "id": "fix-it", "title": "The fix-it reflex",
            "summary": "Why we rush to repair, and what it costs us.",
            "lessons": [
                {"id": "urge", "title": "The urge to fix", "body": LESSON_BODY, "minutes": 15,
                 "exercises": [
                     _exercise("urge-notice", "reflection", title="What you noticed",
                               prompt="When did you feel the urge to fix this week?"),
                     _exercise("urge-quiz", "choice", question="What helps most when they need space?",
                               options=[{"text": "Giving space", "correct": True},
                                        {"text": "More messages"}]),
                 ]},
                {"id": "pause", "title": "Pausing before you act", "body": "Take a breath.", "minutes": 10,
                 "exercises": [_exercise("pause-log", "practice", prompt="Pause before replying.", times=2)]},
                {"id": "rest", "title": "A rest", "body": "Nothing to do.", "minutes": 5},
            ],
        },
        "03.toml": {
            "id": "your-day", "title": "Your own day", "unlock": {"after": []},
            "lessons": [{"id": "day", "title": "A day for you", "body": "Plan a day.", "minutes": 10}],
        },
        "04.toml": {
            "id": "patience", "title": "Space and patience", "unlock": {"after": [], "opens_on_day": 14},
            "summary": "Waiting without losing yourself.",
            "lessons": [{"id": "wait", "title": "Waiting well", "body": "Secret content.", "minutes": 10}],
        },
        "05.toml": {
            "id": "growing", "title": "Growing for yourself",
            "lessons": [{"id": "grow", "title": "Growing", "body": "Growth.", "minutes": 10}],
        },
    }
    course = {
        "format": 1, "id": "snapshot-course", "title": "From fix-it to growth",
        "subtitle": "Space, patience and growing for yourself", "author": "A. Counsellor", "version": "1.0",
        "description": "Six weeks on stepping out of fix-it mode.\n\n*Credits:* written for the tests.",
        "modules": list(modules),
        "support": {"title": "If you need support", "body": "You do not have to carry this alone.",
                    "contacts": [{"name": "Test Helpline", "phone": "0800 000 000", "hours": "24/7",
                                  "region": "UK"}]},
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "course.toml").write_text(tomli_w.dumps(course), encoding="utf-8")
    for name, module in modules.items():
        (root / name).write_text(tomli_w.dumps(module), encoding="utf-8")
    return root


def _app(tmp_path: Path, *, started: bool = True, preview: bool = False):
    """Started six days ago; week 1 complete, week 2 one of three done, and a lesson opened."""
    course = load_course(_snapshot_course(tmp_path / "course"))
    clock = FakeClock(FIXED_NOW - timedelta(days=6))
    store = None if preview else open_store(tmp_path, clock)
    if started and store is not None:
        store.append(course.id, COURSE_STARTED, {})
        clock.advance(hours=1)
        store.append(course.id, REFLECTION_SAVED, {"exercise": "hopes", "text": "To feel calm.", "parents": []})
        clock.advance(days=2)
        store.append(course.id, LESSON_OPENED, {"module": "fix-it", "lesson": "urge"})
        store.append(course.id, CHOICE_ANSWERED, {"exercise": "urge-quiz", "option": 0})
    clock.now = FIXED_NOW
    return make_app(course, store, clock, tmp_path, preview=preview)


async def _press(pilot, *keys):
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, tmp_path, size):
    assert snap_compare(_app(tmp_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_module(snap_compare, tmp_path, size):
    async def open_module(pilot):
        pilot.app.open_module("fix-it")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=open_module)


@pytest.mark.parametrize("size", SIZES)
def test_locked_module(snap_compare, tmp_path, size):
    async def open_module(pilot):
        pilot.app.open_module("patience")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=open_module)


@pytest.mark.parametrize("size", SIZES)
def test_lesson(snap_compare, tmp_path, size):
    async def open_lesson(pilot):
        await _press(pilot, "enter")  # Continue

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=open_lesson)


def test_lesson_end_with_exercises(snap_compare, tmp_path):
    async def open_lesson(pilot):
        await _press(pilot, "enter")
        await _press(pilot, "end")

    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=open_lesson)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, tmp_path, size):
    async def open_help(pilot):
        await _press(pilot, "f1")

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", SIZES)
def test_support(snap_compare, tmp_path, size):
    async def open_support(pilot):
        await _press(pilot, "f2")

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=open_support)


def test_welcome_on_first_start(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setattr("growthcourse.tui.screens.about.__version__", "0.1.0")  # a release must not break it
    assert snap_compare(_app(tmp_path, started=False), terminal_size=(80, 24))


def test_preview_dashboard(snap_compare, tmp_path):
    async def skip_welcome(pilot):
        await _press(pilot, "escape")

    assert snap_compare(_app(tmp_path, preview=True), terminal_size=(80, 24), run_before=skip_welcome)


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
def test_dashboard_in_each_shipped_theme(snap_compare, tmp_path, theme):
    app = _app(tmp_path)
    app.theme = theme
    assert snap_compare(app, terminal_size=(80, 24))


def test_dashboard_without_colour(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24))
