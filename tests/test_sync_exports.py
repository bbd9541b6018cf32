"""Two devices on copies of one data folder, offline, then synced by hand: identical, complete exports.

Device A and device B are two config folders (two identities) with their own
copy of the data folder, driven through the CLI. Both work offline, including
on the same reflection; then their files are exchanged the way a sync engine
delivers them: one log arrives cut short mid-line, and the full version
arrives as a Syncthing conflict copy. Both ``export --format json`` outputs
must be byte-identical and hold every piece of work.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from coursekit import Device, write_course
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import PRACTICE_LOGGED, REFLECTION_SHARED, SCALE_RECORDED

COURSE = "steady-steps"


def export_json(device: Device) -> str:
    result = device.run("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    return result.stdout


def copy_tree(source: Path, target: Path) -> None:
    """Deliver every file of ``source`` missing or different in ``target`` (temp file, then rename)."""
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        destination = target / path.relative_to(source)
        if destination.exists() and destination.read_bytes() == path.read_bytes():
            continue
        destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = destination.with_name(f".syncthing.{destination.name}.tmp")
        shutil.copy2(path, temp)
        os.replace(temp, destination)


def find(document: dict, exercise_id: str) -> dict:
    for module in document["modules"]:
        for lesson in module["lessons"]:
            for entry in lesson["exercises"]:
                if entry["id"] == exercise_id:
                    return entry
    raise AssertionError(exercise_id)


def test_offline_work_on_two_devices_exports_identically(tmp_path: Path) -> None:
    a = Device(config=tmp_path / "a-config", data=tmp_path / "a-data")
    b = Device(config=tmp_path / "b-config", data=tmp_path / "b-data")
    course = write_course(tmp_path / "course")

    # A starts the course and writes a first version; the folder syncs to B.
    assert a.run("status", "--course", str(course)).returncode == 0
    assert a.run("reflect", "hopes", "--text", "First thoughts").returncode == 0
    copy_tree(a.data, b.data)
    assert json.loads(b.run("status", "--json").stdout)["course"]["id"] == COURSE

    # Offline: both edit the same reflection and do other work.
    assert a.run("reflect", "hopes", "--text", "Edited on the laptop").returncode == 0
    store_a = DataStore.open(a.data, config_dir=a.config)
    store_a.append(COURSE, SCALE_RECORDED, {"exercise": "mood-1", "value": 3})
    store_a.append(COURSE, REFLECTION_SHARED, {"exercise": "hopes", "shared": True})
    assert b.run("reflect", "hopes", "--text", "Edited on the desktop").returncode == 0
    assert b.run("reflect", "extra", "-", input="Only on the desktop\n").returncode == 0
    store_b = DataStore.open(b.data, config_dir=b.config)
    store_b.append(COURSE, SCALE_RECORDED, {"exercise": "mood-1", "value": 6})
    store_b.append(COURSE, PRACTICE_LOGGED, {"exercise": "pause", "note": "Walked instead of texting"})
    assert export_json(a) != export_json(b)

    # Sync. A -> B whole. B -> A: B's log arrives cut short in its last line, and
    # its full version arrives as a conflict copy (as after a clash mid-transfer).
    copy_tree(a.data, b.data)
    copy_tree(b.data, a.data)
    b_log = next((a.data / "devices" / store_b.device_id).glob("events-*.jsonl"))
    full = b_log.read_bytes()
    conflict = b_log.with_name(f"{b_log.stem}.sync-conflict-20261126-101500-{store_a.device_id[:7].upper()}.jsonl")
    conflict.write_bytes(full)
    b_log.write_bytes(full[: full.rindex(b"\n", 0, len(full) - 1) + 1 + 25])  # last line cut after 25 bytes

    exported_a, exported_b = export_json(a), export_json(b)
    assert exported_a == exported_b
    document = json.loads(exported_a)
    hopes = find(document, "hopes")
    assert [r["text"] for r in hopes["revisions"]][0] == "First thoughts"
    assert sorted(r["text"] for r in hopes["revisions"][1:]) == ["Edited on the desktop", "Edited on the laptop"]
    assert hopes["edited_on_two_devices"] is True and len(hopes["heads"]) == 2
    assert hopes["shared"] is True
    assert {r["device"] for r in hopes["revisions"]} == {store_a.device_id, store_b.device_id}
    assert [r["text"] for r in find(document, "extra")["revisions"]] == ["Only on the desktop\n"]
    assert sorted(c["value"] for c in find(document, "mood-1")["checkins"]) == [3, 6]
    assert [log["note"] for log in find(document, "pause")["logs"]] == ["Walked instead of texting"]
    assert sorted(d["id"] for d in document["devices"]) == sorted([store_a.device_id, store_b.device_id])

    # A's doctor names the cut line and the merged copy; nothing was rewritten.
    doctor = a.run("doctor").stdout
    assert f"{b_log}:" in doctor and "incomplete last line" in doctor
    assert f"{conflict}: Syncthing conflict copy" in doctor
    assert conflict.read_bytes() == full

    # B combines the two versions; once synced, both agree that the mark is gone.
    assert b.run("reflect", "hopes", "--text", "Laptop and desktop, together").returncode == 0
    copy_tree(b.data, a.data)
    exported_a, exported_b = export_json(a), export_json(b)
    assert exported_a == exported_b
    hopes = find(json.loads(exported_a), "hopes")
    assert hopes["edited_on_two_devices"] is False and len(hopes["revisions"]) == 4
