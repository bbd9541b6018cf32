"""Build small courses on disk for tests (importable by every test file).

    from coursekit import write_course, minimal_course_dict, module_dict

    root = write_course(tmp_path / "course")                       # a valid 2-module course
    root = write_course(tmp_path / "c", modules={"01-a.toml": module_dict("a")})
    root = write_course(tmp_path / "c", course={...}, modules={"01-a.toml": "raw toml text"})

Module values may be a dict (written with tomli_w), a str (written as UTF-8
as-is) or bytes (written as-is), so tests can also build broken files.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Mapping

import tomli_w


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
    return {"01-first.toml": module_dict("first"), "02-second.toml": module_dict("second")}


def write_course(root: Path, course: Mapping[str, Any] | str | bytes | None = None,
                 modules: Mapping[str, Mapping[str, Any] | str | bytes] | None = None) -> Path:
    """Write a course folder at ``root`` and return ``root``.

    ``modules`` maps file names (relative to ``root``) to contents; ``course``
    defaults to ``minimal_course_dict`` listing those files in order.
    """
    if modules is None:
        modules = default_modules()
    if course is None:
        course = minimal_course_dict(list(modules))
    root.mkdir(parents=True, exist_ok=True)
    _write(root / "course.toml", course)
    for name, content in modules.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, content)
    return root


def _write(path: Path, content: Mapping[str, Any] | str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(tomli_w.dumps(copy.deepcopy(dict(content))), encoding="utf-8")
