"""The real thing: two devices whose data folders are synced by two real Syncthing instances.

Device A and device B each have their own identity (config folder) and their
own data folder, shared through Syncthing on 127.0.0.1 (see ``syncthing.py``).
They use the CLI as a learner would, B goes offline (paused) while both keep
working, including on the same reflection; after B comes back, both folders
converge with nothing lost, both json exports are byte-identical, and the
reflection shows as edited on two devices on both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coursekit import Device, write_course
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import CHOICE_ANSWERED, ITEM_TICKED, PRACTICE_LOGGED, SCALE_RECORDED
from syncthing import FOLDER_ID, SyncthingPair, syncthing_pair  # noqa: F401  (fixture)

pytestmark = [pytest.mark.syncthing, pytest.mark.timeout(180)]

COURSE = "steady-steps"


def answer(device: Device, type: str, data: dict[str, Any]) -> None:
    """Record an answer the way the app does (there is no CLI command for answers)."""
    DataStore.open(device.data, config_dir=device.config).append(COURSE, type, data)


def ok(device: Device, *args: str, input: str | None = None) -> str:
    result = device.run(*args, input=input)
    assert result.returncode == 0, f"{args}: {result.stderr}"
    return result.stdout


def find(document: dict, exercise_id: str) -> dict:
    for module in document["modules"]:
        for lesson in module["lessons"]:
            for entry in lesson["exercises"]:
                if entry["id"] == exercise_id:
                    return entry
    raise AssertionError(exercise_id)


def test_offline_work_on_two_synced_devices_converges(syncthing_pair: SyncthingPair, tmp_path: Path) -> None:
    pair = syncthing_pair
    a = Device(config=tmp_path / "a" / "config", data=pair.a.folder)
    b = Device(config=tmp_path / "b" / "config", data=pair.b.folder)
    course = write_course(tmp_path / "course-from-counsellor")
    # Both folders use the .stignore docs/sync.md ships; Syncthing must accept every line.
    ignore_file = Path(__file__).resolve().parent.parent / "docs" / "stignore.example"
    for node in pair.nodes:
        (node.folder / ".stignore").write_bytes(ignore_file.read_bytes())
        ignores = node.api("GET", f"/rest/db/ignores?folder={FOLDER_ID}")
        assert ignores.get("error") in (None, ""), ignores
        assert "(?d).growthcourse-*.tmp" in ignores["ignore"]

    # A starts the course from the counsellor's folder and does some work.
    ok(a, "status", "--course", str(course))
    ok(a, "reflect", "hopes", "--text", "First thoughts, on the laptop.")
    answer(a, SCALE_RECORDED, {"exercise": "mood-1", "value": 3})
    pair.wait_in_sync()

    # B opens the same course with no extra step: it came with the data folder.
    status_b = json.loads(ok(b, "status", "--json"))
    assert status_b["course"]["id"] == COURSE and status_b["course"]["source"] == "the last course used"
    assert status_b["modules"][0]["done"] == 2
    ok(b, "reflect", "extra", "--text", "A note from the desktop.")
    pair.wait_in_sync()
    assert ok(a, "export", "--format", "json") == ok(b, "export", "--format", "json")

    # B goes offline. Both keep working, both on the same reflection.
    pair.pause()
    ok(a, "reflect", "hopes", "--text", "Rewritten on the laptop, on the train.")
    answer(a, CHOICE_ANSWERED, {"exercise": "move", "option": 1})
    answer(a, ITEM_TICKED, {"exercise": "steps", "item": 0, "ticked": True})
    ok(b, "reflect", "hopes", "-", input="Rewritten on the desktop, at home.\n")
    answer(b, PRACTICE_LOGGED, {"exercise": "pause", "note": "Went for a walk instead."})
    answer(b, SCALE_RECORDED, {"exercise": "mood-1", "value": 6})
    pair.scan()
    offline_a, offline_b = ok(a, "export", "--format", "json"), ok(b, "export", "--format", "json")
    assert offline_a != offline_b
    assert "Rewritten on the desktop" not in offline_a and "Rewritten on the laptop" not in offline_b

    # Back online: both converge.
    pair.resume()
    pair.wait_in_sync()
    export_a, export_b = ok(a, "export", "--format", "json"), ok(b, "export", "--format", "json")
    assert export_a == export_b

    document = json.loads(export_a)
    hopes = find(document, "hopes")
    texts = [revision["text"] for revision in hopes["revisions"]]
    assert texts[0] == "First thoughts, on the laptop."
    assert sorted(texts[1:]) == ["Rewritten on the desktop, at home.\n", "Rewritten on the laptop, on the train."]
    assert hopes["edited_on_two_devices"] is True and len(hopes["heads"]) == 2
    assert [r["text"] for r in find(document, "extra")["revisions"]] == ["A note from the desktop."]
    assert sorted(c["value"] for c in find(document, "mood-1")["checkins"]) == [3, 6]
    assert [a["option"] for a in find(document, "move")["answers"]] == [1]
    assert [i["ticked"] for i in find(document, "steps")["items"]] == [True, False]
    assert [log["note"] for log in find(document, "pause")["logs"]] == ["Went for a walk instead."]
    assert len(document["devices"]) == 2

    for device in (a, b):
        human = " ".join(ok(device, "status").split())
        assert "Edited on two devices: \u201cYour hopes\u201d." in human
        doctor = ok(device, "doctor")
        assert "Devices seen: 2" in doctor
        assert "Conflict copies: none" in doctor  # one log per device: Syncthing never had to choose
        assert "Permissions: private" in doctor and "Unreadable lines: none" in doctor

    # Resolving on A reaches B.
    ok(a, "reflect", "hopes", "--text", "Both versions, combined.")
    pair.wait_in_sync()
    export_a, export_b = ok(a, "export", "--format", "json"), ok(b, "export", "--format", "json")
    assert export_a == export_b
    hopes = find(json.loads(export_b), "hopes")
    assert hopes["edited_on_two_devices"] is False and len(hopes["revisions"]) == 4
