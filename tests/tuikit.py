"""Helpers for the TUI tests: a fake clock, a small course on disk, a store, an app.

    clock = FakeClock()
    course = load_course(write_tui_course(tmp_path / "course"))
    store = open_store(tmp_path, clock)
    app = make_app(course, store, clock, tmp_path)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w

from growthcourse.course.loader import load_course
from growthcourse.course.model import Course
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import COURSE_STARTED
from growthcourse.tui.app import GrowthcourseApp
from growthcourse.tui.session import Session

FIXED_NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)  # a Thursday
SHOWN_DATA_DIR = "/home/learner/.local/share/growthcourse"


class FakeClock:
    """An injectable clock: ``clock()`` is now; ``advance(days=2)`` moves it on."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def wall_ms(self) -> int:
        return int(self.now.timestamp() * 1000)


def _lesson(lesson_id: str, title: str, body: str, exercises: list[dict[str, Any]], minutes: int = 10) -> dict:
    return {"id": lesson_id, "title": title, "body": body, "minutes": minutes, "exercises": exercises}


LESSON_BODY = """\
When someone you love pulls away, the urge to *do something* can be strong.

## Noticing the urge

- Pause before you reply.
- Breathe out slowly.
- Ask yourself: **what do I need right now?**

> Space is not the end of a relationship.

| Day | What I noticed |
| --- | --- |
| Mon | The urge to text |
"""


def tui_modules() -> dict[str, dict[str, Any]]:
    return {
        "01-week-one.toml": {
            "id": "week-one",
            "title": "Week 1: When they pull away",
            "summary": "What happens in you when your partner needs space.",
            "lessons": [
                _lesson("urge", "The urge to fix", LESSON_BODY, [
                    {"id": "w1-notice", "kind": "reflection", "title": "What you noticed",
                     "prompt": "What did you notice in yourself this week?"},
                ], minutes=12),
                _lesson("pause", "A pause", "Take a breath. Nothing to do here but read.", [], minutes=5),
            ],
        },
        "02-week-two.toml": {
            "id": "week-two",
            "title": "Week 2: Where the panic comes from",
            "summary": "Old patterns, new choices.",
            "unlock": {"after": ["week-one"], "min_days": 2},
            "lessons": [
                _lesson("roots", "Roots of panic", "Panic is old.", [
                    {"id": "w2-settled", "kind": "scale", "prompt": "How settled do you feel?", "min": 0,
                     "max": 10, "labels": {"0": "not at all", "10": "completely"}},
                ]),
            ],
        },
        "03-week-three.toml": {
            "id": "week-three",
            "title": "Week 3: Growing for yourself",
            "lessons": [
                _lesson("grow", "Growing", "Growth is yours.", [
                    {"id": "w3-walk", "kind": "practice", "prompt": "Take a walk alone.", "times": 2},
                ]),
            ],
        },
    }


def write_tui_course(root: Path, **course_overrides: Any) -> Path:
    modules = tui_modules()
    course = {
        "format": 1,
        "id": "tui-course",
        "title": "From fix-it to growth",
        "subtitle": "A test course in three weeks",
        "author": "A. Counsellor",
        "version": "1.0",
        "description": "A short course for tests.\n\n*Credits:* written for the test suite.",
        "modules": list(modules),
        "pacing": {"min_days_between_modules": 2},
        "support": {
            "title": "If you need support",
            "body": "You are not alone.",
            "contacts": [{"name": "Test Helpline", "phone": "0800 000 000", "hours": "24/7"}],
        },
    }
    course.update(course_overrides)
    root.mkdir(parents=True, exist_ok=True)
    (root / "course.toml").write_text(tomli_w.dumps(course), encoding="utf-8")
    for name, module in modules.items():
        (root / name).write_text(tomli_w.dumps(module), encoding="utf-8")
    return root


def tui_course(tmp_path: Path) -> Course:
    return load_course(write_tui_course(tmp_path / "course"))


def open_store(tmp_path: Path, clock: FakeClock, *, device: str = "a", data: str = "data") -> DataStore:
    return DataStore.open(tmp_path / data, config_dir=tmp_path / f"config-{device}", wall_ms=clock.wall_ms)


def make_app(
    course: Course,
    store: DataStore | None,
    clock: FakeClock,
    tmp_path: Path,
    *,
    preview: bool = False,
    themes_dir: Path | None = None,
    device: str = "a",
    clock_interval: float = 30.0,
    warning: str | None = None,
    data_dir: str | None = SHOWN_DATA_DIR,
    export_dir: Path | None = None,
) -> GrowthcourseApp:
    session = Session(course, store, preview=preview, clock=clock, tz=timezone.utc, data_dir=data_dir,
                      warning=warning)
    return GrowthcourseApp(session, config_dir=tmp_path / f"config-{device}", themes_dir=themes_dir,
                           clock_interval=clock_interval, export_dir=export_dir)


def started_app(tmp_path: Path, course: Course | None = None,
                **options: Any) -> tuple[GrowthcourseApp, DataStore, FakeClock, Course]:
    """``course`` (default: the test course), already started on this device, in an app at the fixed clock."""
    clock = FakeClock()
    course = course if course is not None else tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    store.append(course.id, COURSE_STARTED, {})
    return make_app(course, store, clock, tmp_path, **options), store, clock, course


def screen_text(app: GrowthcourseApp) -> str:
    """What the terminal shows right now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


def event_types(store: DataStore, course_id: str) -> list[str]:
    return [event.type for event in store.events(course_id)]


async def wait_for_text(app: GrowthcourseApp, pilot, text: str, *, present: bool = True, timeout: float = 10.0) -> str:
    """Pause until ``text`` is (or, with present=False, is no longer) on screen; the screen's text."""
    steps = int(timeout / 0.05)
    screen = ""
    for _ in range(steps):
        await pilot.pause(0.05)
        screen = screen_text(app)
        if (text in screen) == present:
            return screen
    raise AssertionError(f"{text!r} {'never appeared' if present else 'never went away'}:\n{screen}")
