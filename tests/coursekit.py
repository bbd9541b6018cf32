"""Test helpers shared by the loader, validate, CLI, export and sync tests.

Courses on disk:

    write_course(tmp_path / "c")                     # the fixed two-module course below (every kind)
    write_course(tmp_path / "c", modules={"01-a.toml": module_dict("a")})
    write_course(tmp_path / "c", course={...}, modules={"01-a.toml": "raw toml text"})

With ``course`` or ``modules`` given, module values may be a dict (written with
tomli_w), a str (written as UTF-8 as-is) or bytes (written as-is), so tests can
build broken files; ``course`` then defaults to ``minimal_course_dict`` listing
the module files in order. ``minimal_course_dict``/``module_dict``/
``every_kind_module_dict`` build valid pieces to break.

Events: ``make_event`` builds events with chosen devices and times;
``Device`` runs the CLI as one simulated machine.
"""

from __future__ import annotations

import copy
import itertools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import tomli_w

from growthcourse.store.events import HLC, Event, format_wall

COURSE_ID = "steady-steps"

COURSE_TOML = '''format = 1
id = "steady-steps"
title = "Steady <steps> & [bold]care[/bold]"
version = "2"

modules = ["01-first.toml", "02-second.toml"]

[pacing]
min_days_between_modules = 7
'''

FIRST_TOML = '''id = "first"
title = "Week one"

[[lessons]]
id = "start"
title = "Starting out"
body = "Welcome."

[[lessons.exercises]]
id = "mood-1"
kind = "scale"
title = "How settled"
prompt = "How settled do you feel?"
min = 0
max = 10
series = "settled"

[[lessons.exercises]]
id = "hopes"
kind = "reflection"
title = "Your hopes"
prompt = "What do you hope for?"

[[lessons.exercises]]
id = "move"
kind = "choice"
question = "Fix-it move or growth move?"
options = [
  { text = "Text them ten times", feedback = "That is fixing." },
  { text = "Go for a walk", correct = true },
]

[[lessons.exercises]]
id = "steps"
kind = "checklist"
prompt = "Small steps"
items = ["Drink water", "Call a friend"]

[[lessons.exercises]]
id = "pause"
kind = "practice"
prompt = "Pause before reaching out"
times = 2

[[lessons.exercises]]
id = "extra"
kind = "reflection"
prompt = "Anything else?"
required = false
'''

SECOND_TOML = '''id = "second"
title = "Week two"

[[lessons]]
id = "deeper"
title = "Going deeper"
body = "More."

[[lessons.exercises]]
id = "mood-2"
kind = "scale"
title = "How settled"
prompt = "How settled do you feel now?"
min = 0
max = 10
series = "settled"

[[lessons.exercises]]
id = "letter"
kind = "reflection"
prompt = "Write a letter to yourself."
'''

FIRST_MODULE_EXERCISES = ("mood-1", "hopes", "move", "steps", "pause")


def minimal_course_dict(module_files: list[str] | tuple[str, ...] = ("01-first.toml", "02-second.toml"),
                        **overrides: Any) -> dict[str, Any]:
    """A valid course.toml listing ``module_files``."""
    course: dict[str, Any] = {
        "format": 1,
        "id": "test-course",
        "title": "A test course",
        "modules": list(module_files),
    }
    course.update(overrides)
    return course


def module_dict(module_id: str = "first", *, lessons: int = 1, exercise_prefix: str | None = None,
                **overrides: Any) -> dict[str, Any]:
    """A valid module file with ``lessons`` lessons, each holding one reflection."""
    prefix = exercise_prefix if exercise_prefix is not None else module_id
    module: dict[str, Any] = {
        "id": module_id,
        "title": f"Module {module_id}",
        "lessons": [
            {
                "id": f"lesson-{number}",
                "title": f"Lesson {number}",
                "body": "Some *Markdown* text.",
                "minutes": 5,
                "exercises": [
                    {"id": f"{prefix}-reflect-{number}", "kind": "reflection", "prompt": "What did you notice?"},
                ],
            }
            for number in range(1, lessons + 1)
        ],
    }
    module.update(overrides)
    return module


def every_kind_module_dict(module_id: str = "kinds") -> dict[str, Any]:
    """A valid module with one exercise of every kind, every optional key used."""
    return {
        "id": module_id,
        "title": "Every kind of exercise",
        "summary": "One of each.",
        "unlock": {"after": [], "min_days": 0, "opens_on_day": 0},
        "lessons": [
            {
                "id": "all",
                "title": "All kinds",
                "body": "Read this, then try each exercise.",
                "minutes": 20,
                "exercises": [
                    {"id": f"{module_id}-reflection", "kind": "reflection", "title": "Write",
                     "prompt": "What happened?", "guidance": "Take your time.", "min_words": 10},
                    {"id": f"{module_id}-choice", "kind": "choice", "question": "Which helps?", "required": False,
                     "options": [{"text": "Waiting", "correct": True, "feedback": "Yes."},
                                 {"text": "Fixing", "feedback": "Not quite."}]},
                    {"id": f"{module_id}-checklist", "kind": "checklist", "prompt": "Tick these.",
                     "items": ["Breathe", "Walk"]},
                    {"id": f"{module_id}-scale", "kind": "scale", "prompt": "How settled?", "min": 0, "max": 10,
                     "labels": {"0": "not at all", "10": "completely"}, "series": "settled"},
                    {"id": f"{module_id}-practice", "kind": "practice", "prompt": "Take a walk.", "times": 3},
                ],
            }
        ],
    }


def default_modules() -> dict[str, Any]:
    """Two valid modules (one reflection each) for ``write_course(folder, course=...)``."""
    return {"01-first.toml": module_dict("first"), "02-second.toml": module_dict("second")}


def write_course(folder: Path, course: Mapping[str, Any] | str | bytes | None = None,
                 modules: Mapping[str, Mapping[str, Any] | str | bytes] | None = None) -> Path:
    """Write a course folder at ``folder`` (created) and return it.

    Without ``course`` and ``modules``: the fixed test course (COURSE_TOML, FIRST_TOML,
    SECOND_TOML). Otherwise ``modules`` maps file names (relative to ``folder``) to
    contents (default ``default_modules()``) and ``course`` defaults to
    ``minimal_course_dict`` listing those files in order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if course is None and modules is None:
        (folder / "course.toml").write_text(COURSE_TOML, encoding="utf-8")
        (folder / "01-first.toml").write_text(FIRST_TOML, encoding="utf-8")
        (folder / "02-second.toml").write_text(SECOND_TOML, encoding="utf-8")
        return folder
    if modules is None:
        modules = default_modules()
    if course is None:
        course = minimal_course_dict(list(modules))
    _write(folder / "course.toml", course)
    for name, content in modules.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, content)
    return folder


def _write(path: Path, content: Mapping[str, Any] | str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(tomli_w.dumps(copy.deepcopy(dict(content))), encoding="utf-8")


_ids = itertools.count(1)

# 2026-11-02T10:00:00Z
BASE_MS = 1_793_613_600_000
DAY_MS = 86_400_000


def make_event(
    type: str,
    data: dict[str, Any] | None = None,
    *,
    device: str = "dev-aaaa",
    ms: int = BASE_MS,
    counter: int = 0,
    id: str | None = None,
    course: str = COURSE_ID,
) -> Event:
    """An event written by ``device`` at wall time ``ms`` (HLC = wall)."""
    return Event(
        id=id or f"ev{next(_ids):06d}",
        device=device,
        course=course,
        hlc=HLC(ms, counter),
        wall=format_wall(ms),
        type=type,
        data=dict(data or {}),
    )


@dataclass
class Device:
    """One simulated machine for CLI tests: its own config dir, a data dir."""

    config: Path
    data: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("GROWTHCOURSE_DATA_DIR", None)
        env["GROWTHCOURSE_CONFIG_DIR"] = str(self.config)
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = "100"
        env.update(extra)
        return env

    def run(self, *args: str, input: str | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
        """Run ``python -m growthcourse --data-dir DATA ARGS...`` as this device."""
        return subprocess.run(
            [sys.executable, "-m", "growthcourse", "--data-dir", str(self.data), *args],
            capture_output=True,
            text=True,
            input=input,
            env=self.env(**extra),
            timeout=60,
        )
