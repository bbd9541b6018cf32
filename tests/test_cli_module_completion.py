"""A module completed from the command line stays complete when the course later grows."""

from __future__ import annotations

import json
from pathlib import Path

from coursekit import Device, default_modules, minimal_course_dict, module_dict, write_course


def module_states(device: Device, course: Path) -> dict[str, str]:
    result = device.run("status", "--json", "--course", str(course))
    assert result.returncode == 0, result.stderr
    return {module["id"]: module["state"] for module in json.loads(result.stdout)["modules"]}


def test_completion_is_recorded_and_survives_a_new_required_exercise(tmp_path: Path) -> None:
    device = Device(config=tmp_path / "config", data=tmp_path / "data")
    course = write_course(tmp_path / "course", minimal_course_dict(), default_modules())
    result = device.run("reflect", "first-reflect-1", "--text", "I noticed I wanted to fix it.", "--course", str(course))
    assert result.returncode == 0, result.stderr
    assert module_states(device, course)["first"] == "complete"

    # The counsellor adds a required exercise to the first module (a new version of the course).
    grown = module_dict("first")
    grown["lessons"][0]["exercises"].append({"id": "first-extra", "kind": "reflection", "prompt": "And now?"})
    course = write_course(tmp_path / "course-v2", minimal_course_dict(version="2"), {**default_modules(), "01-first.toml": grown})
    assert module_states(device, course)["first"] == "complete"
