"""Helpers for the exercise, journal and progress tests: a course with every kind, apps on it.

    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock)          # device "a" (config-a), named "Laptop"
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-write")
"""

from __future__ import annotations

from datetime import timezone
from pathlib import Path
from typing import Any

import tomli_w
from tuikit import FakeClock, screen_text  # noqa: F401  (re-exported for the tests)

from growthcourse.course.loader import load_course
from growthcourse.course.model import Course
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import COURSE_STARTED
from growthcourse.tui.app import GrowthcourseApp
from growthcourse.tui.session import Session

SHOWN_DATA_DIR = "/home/learner/.local/share/growthcourse"
DEVICE_NAMES = {"a": "Laptop", "b": "Desktop"}

WEEK_ONE: dict[str, Any] = {
    "id": "week-one",
    "title": "Week 1: Noticing",
    "summary": "Watching the urge to fix, without acting on it.",
    "lessons": [
        {
            "id": "notice",
            "title": "Noticing the urge",
            "body": "When your partner pulls away, notice what happens in you.",
            "exercises": [
                {"id": "w1-write", "kind": "reflection", "title": "What I noticed",
                 "prompt": "What did you notice in yourself when they asked for space? [bold]Take your time.[/bold]",
                 "guidance": "A few sentences are enough. Nobody reads this unless you share it.",
                 "min_words": 5},
                {"id": "w1-quiz", "kind": "choice", "title": "What helps first",
                 "question": "What helps first when the urge to fix comes?",
                 "options": [
                     {"text": "Noticing it, without acting", "correct": True,
                      "feedback": "Yes. Noticing comes before any change."},
                     {"text": "Sending a long message to explain",
                      "feedback": "A natural wish. This week we only watch."},
                 ]},
                {"id": "w1-poll", "kind": "choice", "title": "How it feels", "required": False,
                 "question": "How does waiting feel today?",
                 "options": [{"text": "Hard"}, {"text": "Bearable", "feedback": "That is something."}]},
            ],
        },
        {
            "id": "settle",
            "title": "Settling",
            "body": "Small things that settle you.",
            "exercises": [
                {"id": "w1-list", "kind": "checklist", "title": "Settling steps",
                 "prompt": "Tick what you tried this week.",
                 "items": ["Breathe out slowly", "Put the phone in another room", "Walk around the block"]},
                {"id": "w1-settled", "kind": "scale", "title": "How settled",
                 "prompt": "How settled do you feel right now?", "min": 0, "max": 10,
                 "labels": {"0": "very unsettled", "10": "calm and steady"}, "series": "settled"},
                {"id": "w1-pause", "kind": "practice", "title": "Pause before fixing",
                 "prompt": "Pause before offering a fix; ask how they feel instead.", "times": 2},
            ],
        },
    ],
}

WEEK_TWO: dict[str, Any] = {
    "id": "week-two",
    "title": "Week 2: Space",
    "unlock": {"after": ["week-one"], "min_days": 3},
    "lessons": [
        {
            "id": "space",
            "title": "Giving space",
            "body": "Space is not the end.",
            "exercises": [
                {"id": "w2-settled", "kind": "scale", "title": "How settled",
                 "prompt": "How settled do you feel this week?", "min": 0, "max": 10,
                 "labels": {"0": "very unsettled", "10": "calm and steady"}, "series": "settled"},
                {"id": "w2-write", "kind": "reflection", "title": "Space",
                 "prompt": "What is it like to give space?"},
            ],
        }
    ],
}


def write_exercise_course(root: Path) -> Path:
    course = {
        "format": 1,
        "id": "practice-course",
        "title": "Steady steps",
        "version": "1.0",
        "modules": ["01-week-one.toml", "02-week-two.toml"],
        "support": {"title": "If you need support", "body": "You are not alone.",
                    "contacts": [{"name": "Test Helpline", "phone": "0800 000 000"}]},
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "course.toml").write_text(tomli_w.dumps(course), encoding="utf-8")
    (root / "01-week-one.toml").write_text(tomli_w.dumps(WEEK_ONE), encoding="utf-8")
    (root / "02-week-two.toml").write_text(tomli_w.dumps(WEEK_TWO), encoding="utf-8")
    return root


def exercise_course(tmp_path: Path) -> Course:
    return load_course(write_exercise_course(tmp_path / "course"))


def open_store(tmp_path: Path, clock: FakeClock, *, device: str = "a", data: str = "data",
               started: bool = True) -> DataStore:
    """A store for device ``device`` with a fixed name; the course is started (no welcome screen)."""
    store = DataStore.open(tmp_path / data, config_dir=tmp_path / f"config-{device}", wall_ms=clock.wall_ms)
    if store.device_name != DEVICE_NAMES.get(device, device):
        store.rename_device(DEVICE_NAMES.get(device, device))
    if started and not any(e.type == COURSE_STARTED and e.device == store.device_id
                           for e in store.events("practice-course")):
        store.append("practice-course", COURSE_STARTED, {})
    return store


def exercise_app(course: Course, store: DataStore | None, clock: FakeClock, tmp_path: Path, *,
                 device: str = "a", preview: bool = False) -> GrowthcourseApp:
    session = Session(course, store, preview=preview, clock=clock, tz=timezone.utc, data_dir=SHOWN_DATA_DIR)
    return GrowthcourseApp(session, config_dir=tmp_path / f"config-{device}")


async def open_exercise(pilot, app: GrowthcourseApp, exercise_id: str):
    """Open an exercise the way the lesson does; return its screen."""
    from growthcourse.tui.exercises.common import ExerciseScreenBase

    app.open_exercise(exercise_id)
    await pilot.pause()
    await pilot.pause(0.1)
    return next(s for s in reversed(app.screen_stack) if isinstance(s, ExerciseScreenBase))


def reopen(course: Course, tmp_path: Path, clock: FakeClock, *, device: str = "a") -> Session:
    """A second session on the same data folder: what another app instance would see."""
    return Session(course, open_store(tmp_path, clock, device=device, started=False), clock=clock,
                   tz=timezone.utc, data_dir=SHOWN_DATA_DIR)
