"""Courses travel with the data: --course copies the course in; other devices open it with no extra step."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from coursekit import Device, write_course
from growthcourse.resources import builtin_course_dir


def status(device: Device, *args: str) -> dict:
    result = device.run(*args, "status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_any_course_the_built_in_course_is_used(tmp_path: Path) -> None:
    device = Device(config=tmp_path / "config", data=tmp_path / "data")
    document = status(device)
    assert document["course"]["source"] == "the built-in course"
    assert document["course"]["id"] == "fix-it-to-growth"


def test_a_course_given_once_is_copied_and_opens_on_another_device(tmp_path: Path) -> None:
    laptop = Device(config=tmp_path / "laptop-config", data=tmp_path / "laptop-data")
    course = write_course(tmp_path / "from-counsellor")
    assert status(laptop, "--course", str(course))["course"]["id"] == "steady-steps"
    copy = laptop.data / "courses" / "steady-steps" / "2"
    assert (copy / "course.toml").read_text(encoding="utf-8") == (course / "course.toml").read_text(encoding="utf-8")
    assert laptop.run("reflect", "hopes", "--text", "From the laptop").returncode == 0

    # The counsellor's folder goes away; the desktop gets the data folder through sync.
    shutil.rmtree(course)
    desktop = Device(config=tmp_path / "desktop-config", data=tmp_path / "desktop-data")
    shutil.copytree(laptop.data, desktop.data)
    document = status(desktop)
    assert document["course"] == {"id": "steady-steps", "source": "the last course used",
                                  "title": "Steady <steps> & [bold]care[/bold]", "version": "2"}
    assert document["modules"][0]["done"] == 1
    assert status(laptop)["course"]["source"] == "the last course used"


def test_the_latest_choice_on_any_device_wins(tmp_path: Path) -> None:
    one = Device(config=tmp_path / "one", data=tmp_path / "data")
    two = Device(config=tmp_path / "two", data=tmp_path / "data")
    status(one, "--course", str(write_course(tmp_path / "course")))
    assert status(two)["course"]["id"] == "steady-steps"
    status(two, "--course", str(builtin_course_dir()))  # back to the built-in course (not copied)
    assert status(one)["course"]["id"] == "fix-it-to-growth"
    assert not (tmp_path / "data" / "courses" / "fix-it-to-growth").exists()


def test_a_course_copy_that_has_not_arrived_yet_is_said_plainly(tmp_path: Path) -> None:
    device = Device(config=tmp_path / "config", data=tmp_path / "data")
    status(device, "--course", str(write_course(tmp_path / "course")))
    shutil.rmtree(device.data / "courses")
    result = device.run("status")
    assert result.returncode == 1
    assert ": The course last used (steady-steps, version 2) is not in the data folder yet" in result.stderr
    assert "--course DIR" in result.stderr
