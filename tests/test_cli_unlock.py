"""``growthcourse unlock``: a counsellor opens a module early, recorded with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit import Device, write_course


@pytest.fixture
def device(tmp_path: Path) -> Device:
    device = Device(config=tmp_path / "config", data=tmp_path / "data")
    assert device.run("status", "--course", str(write_course(tmp_path / "course"))).returncode == 0
    return device


def test_unlock_opens_the_module_and_records_why(device: Device) -> None:
    result = device.run("unlock", "second", "--reason", "Talked it through in session <3>")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Opened \u201cWeek two\u201d early. Reason recorded: Talked it through in session <3>\n"
    status = json.loads(device.run("status", "--json").stdout)
    second = status["modules"][1]
    assert (second["state"], second["unlocked_by_counsellor"], second["unlock_reason"]) == (
        "open", True, "Talked it through in session <3>")
    assert device.run("reflect", "letter", "--text", "Dear me").returncode == 0
    exported = json.loads(device.run("export", "--format", "json").stdout)
    unlocks = exported["modules"][1]["unlocks"]
    assert [u["reason"] for u in unlocks] == ["Talked it through in session <3>"]


def test_unlocking_an_open_module_records_nothing(device: Device) -> None:
    result = device.run("unlock", "first", "--reason", "already open")
    assert result.returncode == 0
    assert result.stdout == "\u201cWeek one\u201d is already open; nothing to unlock.\n"
    exported = json.loads(device.run("export", "--format", "json").stdout)
    assert exported["modules"][0]["unlocks"] == []


def test_errors(device: Device) -> None:
    unknown = device.run("unlock", "third", "--reason", "x")
    assert unknown.returncode == 1
    assert "unlock: The course 'Steady <steps> & [bold]care[/bold]' has no module 'third'. Its modules are: first, second." in unknown.stderr
    empty = device.run("unlock", "second", "--reason", "   ")
    assert empty.returncode == 1 and "unlock: Give a reason" in empty.stderr
    missing = device.run("unlock", "second")
    assert missing.returncode == 2 and "--reason" in missing.stderr
    assert json.loads(device.run("status", "--json").stdout)["modules"][1]["state"] == "locked"
