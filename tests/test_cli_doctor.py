"""``growthcourse doctor``: where the data is, the devices seen, and everything that needs attention."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from coursekit import Device, write_course
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import SCALE_RECORDED


@pytest.fixture
def device(tmp_path: Path) -> Device:
    device = Device(config=tmp_path / "config", data=tmp_path / "data")
    assert device.run("status", "--course", str(write_course(tmp_path / "course"))).returncode == 0
    assert device.run("reflect", "hopes", "--text", "hello").returncode == 0
    return device


def test_a_healthy_folder(device: Device) -> None:
    store = DataStore.open(device.data, config_dir=device.config)
    result = device.run("doctor")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"Data folder:    {device.data}  (--data-dir)" in out
    assert f"Config folder:  {device.config}" in out
    assert f"This device:    {store.device_name}  (id {store.device_id})" in out
    assert "Course:         Steady <steps> & [bold]care[/bold] (steady-steps 2), the last course used" in out
    assert "Devices seen: 1" in out
    assert f"  {store.device_id}  {store.device_name}: 3 events  (this device)" in out
    assert "Conflict copies: none" in out and "Unreadable lines: none" in out
    assert "Permissions: private (folders 0700, files 0600)" in out
    assert out.endswith("Everything looks fine.\n")


def test_data_folder_from_the_environment_and_from_the_config_file(device: Device, tmp_path: Path) -> None:
    import subprocess
    import sys

    env = device.env(GROWTHCOURSE_DATA_DIR=str(device.data))
    result = subprocess.run([sys.executable, "-m", "growthcourse", "doctor"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert f"Data folder:    {device.data}  (GROWTHCOURSE_DATA_DIR)" in result.stdout
    (device.config / "config.toml").write_text(f'data_dir = "{device.data}"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "growthcourse", "doctor"], capture_output=True, text=True,
                            env=device.env(), timeout=60)
    assert f"Data folder:    {device.data}  (data_dir in {device.config / 'config.toml'})" in result.stdout


def test_everything_that_needs_attention_is_named(device: Device, tmp_path: Path) -> None:
    store = DataStore.open(device.data, config_dir=device.config)
    folder = device.data / "devices" / store.device_id
    log = next(folder.glob("events-*.jsonl"))
    # a second device whose log came with a Syncthing conflict copy holding one event only it has
    other = DataStore.open(device.data, config_dir=tmp_path / "other-config")
    other.append("steady-steps", SCALE_RECORDED, {"exercise": "mood-1", "value": 2})
    other_log = next((device.data / "devices" / other.device_id).glob("events-*.jsonl"))
    copy = other_log.with_name(other_log.stem + ".sync-conflict-20261126-101500-ABCDEFG.jsonl")
    shutil.copy(other_log, copy)
    extra = DataStore.open(device.data, config_dir=tmp_path / "other-config")
    extra.append("steady-steps", SCALE_RECORDED, {"exercise": "mood-1", "value": 3})
    lines = other_log.read_bytes().splitlines(keepends=True)
    copy.write_bytes(copy.read_bytes() + lines[-1])  # the copy also has the newest event
    other_log.write_bytes(b"".join(lines[:-1]))      # ... which the main log lost
    # a truncated line, an iCloud placeholder, a file others can read, an event from a newer version
    with open(log, "ab") as handle:
        handle.write(b'{"id": "half')
    (folder / ".events-2026-10.jsonl.icloud").write_bytes(b"")
    os.chmod(log, 0o644)
    (device.data / "devices 2").mkdir(mode=0o700)  # iCloud copied the whole folder
    newer = json.loads(log.read_bytes().splitlines()[0])
    newer.update(id="from-the-future", type="mood_journal", v=2)
    (folder / "events-2026-01.jsonl").write_text(json.dumps(newer) + "\n", encoding="utf-8")
    os.chmod(folder / "events-2026-01.jsonl", 0o600)

    result = device.run("doctor")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Devices seen: 2" in out
    assert "Conflict copies found and merged: 1" in out
    assert f"  {copy}: Syncthing conflict copy, 3 events merged (1 found only here)" in out
    assert "Unreadable lines skipped (the files were left as they are): 1" in out
    assert f"  {log}:4: incomplete last line" in out
    assert "Not downloaded to this computer yet (iCloud placeholders): 1" in out
    assert f"  {folder / 'events-2026-10.jsonl'}" in out
    assert f"file {log} is mode 0644, readable by others; fix: chmod 600 '{log}'" in out
    assert "Events kept but not used: 1\n  from-the-future (mood_journal): written by a newer version" in out
    assert f"Copies of the devices folder made by a sync tool (their events are not read yet):\n  {device.data / 'devices 2'}\n" in out
    assert out.endswith("5 things above may need your attention.\n")
    assert log.read_bytes().endswith(b'{"id": "half')  # doctor changes nothing


def test_a_broken_course_does_not_stop_the_doctor(device: Device, tmp_path: Path) -> None:
    broken = write_course(tmp_path / "broken")
    (broken / "course.toml").write_text("format = 1\n", encoding="utf-8")
    result = device.run("doctor", "--course", str(broken))
    assert result.returncode == 0
    assert "Course:         cannot be loaded:" in result.stdout
    assert "Devices seen: 1" in result.stdout


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can always read")
def test_unreadable_data_folder_is_exit_1(device: Device) -> None:
    os.chmod(device.data, 0)
    try:
        result = device.run("doctor")
    finally:
        os.chmod(device.data, 0o700)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
