"""``growthcourse status``: human and --json output, common options anywhere, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit import Device, write_course
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import REFLECTION_SAVED, SCALE_RECORDED


@pytest.fixture
def device(tmp_path: Path) -> Device:
    return Device(config=tmp_path / "config", data=tmp_path / "data")


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    return write_course(tmp_path / "course")


def status_json(device: Device, *args: str) -> dict:
    result = device.run(*args, "status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_human_status_of_a_new_learner(device: Device, course_dir: Path) -> None:
    result = device.run("status", "--course", str(course_dir))
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Steady <steps> & [bold]care[/bold]" in out  # course text shown literally
    assert "You have not started yet." in out
    assert "Week one open 0 of 5" in out
    assert "Week two locked 0 of 2 Complete “Week one” first" in out
    assert "Start with \u201cStarting out\u201d in \u201cWeek one\u201d." in out
    assert "\x1b[" not in result.stdout  # NO_COLOR / not a terminal
    assert result.stderr == ""


@pytest.mark.parametrize("columns", ["100", "60"])
def test_human_status_lines_never_end_in_spaces(device: Device, course_dir: Path, columns: str) -> None:
    result = device.run("status", "--course", str(course_dir), COLUMNS=columns)
    assert result.returncode == 0, result.stderr
    assert "Week one open 0 of 5" in " ".join(result.stdout.split())  # a row whose Notes cell is empty
    padded = [line for line in result.stdout.splitlines() if line != line.rstrip()]
    assert padded == []


def test_human_status_after_some_work_names_two_device_edits(device: Device, course_dir: Path, tmp_path: Path) -> None:
    device.run("status", "--course", str(course_dir))
    first = DataStore.open(device.data, config_dir=device.config)
    base = first.append("steady-steps", REFLECTION_SAVED, {"exercise": "hopes", "text": "one", "parents": []})
    first.append("steady-steps", SCALE_RECORDED, {"exercise": "mood-1", "value": 4})
    other = DataStore.open(device.data, config_dir=tmp_path / "other-config")
    other.append("steady-steps", REFLECTION_SAVED, {"exercise": "hopes", "text": "two", "parents": [base.id]})
    first.append("steady-steps", REFLECTION_SAVED, {"exercise": "hopes", "text": "three", "parents": [base.id]})
    result = device.run("status")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Week one in progress 2 of 5" in out
    assert "Edited on two devices: \u201cYour hopes\u201d. Both versions are kept" in out


def test_json_shape_is_stable(device: Device, course_dir: Path) -> None:
    document = status_json(device, "--course", str(course_dir))
    assert sorted(document) == [
        "complete", "course", "data_dir", "done", "edited_on_two_devices", "modules", "next",
        "next_opening", "notices", "now", "started", "status_format", "total",
    ]
    assert document["status_format"] == 1
    assert document["course"] == {
        "id": "steady-steps", "source": f"--course {course_dir}", "title": "Steady <steps> & [bold]care[/bold]",
        "version": "2",
    }
    assert document["data_dir"] == str(device.data)
    assert (document["done"], document["total"], document["complete"]) == (0, 7, False)
    first, second = document["modules"]
    assert sorted(first) == [
        "completed_at", "done", "id", "lessons", "opens_at", "reason", "state", "title", "total",
        "unlock_reason", "unlocked_by_counsellor",
    ]
    assert (first["id"], first["state"], first["done"], first["total"], first["reason"]) == ("first", "open", 0, 5, None)
    assert first["lessons"] == [
        {"complete": False, "done": 0, "id": "start", "opened": False, "title": "Starting out", "total": 5}
    ]
    assert (second["state"], second["reason"], second["opens_at"]) == ("locked", "Complete “Week one” first", None)
    assert document["next"] == {"lesson": "start", "module": "first",
                                "text": "Start with \u201cStarting out\u201d in \u201cWeek one\u201d."}
    assert document["edited_on_two_devices"] == [] and document["notices"] == []
    assert document["started"] is None and document["now"].endswith("Z")
    again = status_json(device)  # the last course used, now without --course
    document.pop("now"), again.pop("now")
    document["course"].pop("source"), again["course"].pop("source")
    assert again == document


@pytest.mark.parametrize("where", ["before", "after"])
def test_common_options_before_or_after_the_command(device: Device, course_dir: Path, tmp_path: Path,
                                                    where: str) -> None:
    data = tmp_path / f"data-{where}"
    options = ["--data-dir", str(data), "--course", str(course_dir)]
    args = [*options, "status", "--json"] if where == "before" else ["status", "--json", *options]
    result = device.run(*args)  # Device.run puts its own --data-dir first: the later one wins
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["data_dir"] == str(data)
    assert document["course"]["id"] == "steady-steps"


def test_status_says_when_lines_were_skipped(device: Device, course_dir: Path) -> None:
    device.run("status", "--course", str(course_dir))
    store = DataStore.open(device.data, config_dir=device.config)
    event = store.append("steady-steps", SCALE_RECORDED, {"exercise": "mood-1", "value": 4})
    log = next((device.data / "devices" / event.device).glob("events-*.jsonl"))
    with open(log, "ab") as handle:
        handle.write(b'{"id": "cut-short", "dev')
    result = device.run("status")
    assert result.returncode == 0, result.stderr
    assert f"Note: Skipped an unreadable line: {log}: line" in " ".join(result.stdout.split())
    notices = status_json(device)["notices"]
    assert len(notices) == 1 and str(log) in notices[0]
    assert log.read_bytes().endswith(b'{"id": "cut-short", "dev')  # never rewritten by the reader


def test_status_says_when_icloud_has_not_downloaded_a_log(device: Device, course_dir: Path) -> None:
    device.run("status", "--course", str(course_dir))
    folder = device.data / "devices" / "otherdevice1"
    folder.mkdir(parents=True)
    (folder / ".events-2026-11.jsonl.icloud").write_bytes(b"bplist00")
    notices = status_json(device)["notices"]
    assert notices == [
        f"{folder / 'events-2026-11.jsonl'} is not downloaded to this computer yet (iCloud placeholder): "
        "the progress in it is not shown until it is."
    ]


def test_broken_course_is_explained_without_traceback(device: Device, tmp_path: Path) -> None:
    broken = write_course(tmp_path / "broken")
    (broken / "01-first.toml").write_text('id = "first"\ntitle = \n', encoding="utf-8")
    result = device.run("status", "--course", str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "growthcourse status: The course has problems:" in result.stderr
    assert "01-first.toml: line 2" in result.stderr


def test_missing_course_folder(device: Device, tmp_path: Path) -> None:
    result = device.run("status", "--course", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert f"status: No course folder at {tmp_path / 'nowhere'}" in result.stderr


def test_broken_config_file_is_named(device: Device, course_dir: Path) -> None:
    device.config.mkdir(parents=True)
    (device.config / "config.toml").write_text("data_dir = [unclosed\n", encoding="utf-8")
    result = device.run("status", "--course", str(course_dir))
    # --data-dir is given, but the device identity still lives in the config folder: the file is not needed
    assert result.returncode == 0, result.stderr
    env_only = Device(config=device.config, data=device.data)
    import subprocess
    import sys

    plain = subprocess.run([sys.executable, "-m", "growthcourse", "status"], capture_output=True, text=True,
                           env=env_only.env(), timeout=60)
    assert plain.returncode == 1
    assert str(device.config / "config.toml") in plain.stderr and "not valid TOML" in plain.stderr
    assert "Traceback" not in plain.stderr


def test_usage_errors_exit_2(device: Device) -> None:
    result = device.run("status", "--colour")
    assert result.returncode == 2
    assert "unrecognized arguments: --colour" in result.stderr
