"""``growthcourse reflect``: save a revision from the command line, refuse what cannot be saved."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coursekit import Device, write_course
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import REFLECTION_SAVED


@pytest.fixture
def device(tmp_path: Path) -> Device:
    device = Device(config=tmp_path / "config", data=tmp_path / "data")
    course = write_course(tmp_path / "course")
    assert device.run("status", "--course", str(course)).returncode == 0
    return device


def revisions(device: Device, exercise: str = "hopes") -> list[dict]:
    result = device.run("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    for module in json.loads(result.stdout)["modules"]:
        for lesson in module["lessons"]:
            for entry in lesson["exercises"]:
                if entry["id"] == exercise:
                    return entry["revisions"]
    raise AssertionError(exercise)


def test_text_is_saved_as_a_revision_and_the_next_names_it_as_parent(device: Device) -> None:
    result = device.run("reflect", "hopes", "--text", "To feel steady [bold]again[/bold].")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Saved \u201cYour hopes\u201d (4 words).\n"
    result = device.run("reflect", "hopes", "--text", "To feel steady.\nAnd kind to myself.")
    assert result.returncode == 0, result.stderr
    first, second = revisions(device)
    assert first["text"] == "To feel steady [bold]again[/bold]." and first["parents"] == []
    assert second["text"] == "To feel steady.\nAnd kind to myself." and second["parents"] == [first["id"]]


def test_text_from_a_file_and_from_standard_input(device: Device, tmp_path: Path) -> None:
    text_file = tmp_path / "note.txt"
    text_file.write_text("Written in my editor.\n", encoding="utf-8")
    assert device.run("reflect", "hopes", "--file", str(text_file)).returncode == 0
    result = device.run("reflect", "extra", "-", input="Piped in, with ünïcode.\n")
    assert result.returncode == 0, result.stderr
    assert [r["text"] for r in revisions(device)] == ["Written in my editor.\n"]
    assert [r["text"] for r in revisions(device, "extra")] == ["Piped in, with ünïcode.\n"]


def test_saving_the_same_text_again_adds_nothing(device: Device) -> None:
    device.run("reflect", "hopes", "--text", "Same")
    result = device.run("reflect", "hopes", "--text", "Same")
    assert result.returncode == 0
    assert "No change" in result.stdout
    assert len(revisions(device)) == 1


def test_a_new_revision_resolves_an_edit_on_two_devices(device: Device, tmp_path: Path) -> None:
    mine = DataStore.open(device.data, config_dir=device.config)
    base = mine.append("steady-steps", REFLECTION_SAVED, {"exercise": "hopes", "text": "base", "parents": []})
    other = DataStore.open(device.data, config_dir=tmp_path / "laptop-config")
    a = other.append("steady-steps", REFLECTION_SAVED, {"exercise": "hopes", "text": "laptop", "parents": [base.id]})
    b = mine.append("steady-steps", REFLECTION_SAVED, {"exercise": "hopes", "text": "desktop", "parents": [base.id]})
    status = json.loads(device.run("status", "--json").stdout)
    assert [c["exercise"] for c in status["edited_on_two_devices"]] == ["hopes"]
    result = device.run("reflect", "hopes", "--text", "laptop and desktop, combined")
    assert result.returncode == 0, result.stderr
    assert "replaces the versions edited on two devices; both stay in the history" in result.stdout
    last = revisions(device)[-1]
    assert sorted(last["parents"]) == sorted([a.id, b.id])
    assert json.loads(device.run("status", "--json").stdout)["edited_on_two_devices"] == []
    assert len(revisions(device)) == 4  # nothing dropped


def test_a_saved_revision_clears_this_devices_matching_draft(device: Device) -> None:
    store = DataStore.open(device.data, config_dir=device.config)
    store.save_draft("steady-steps", "hopes", "draft text")
    assert device.run("reflect", "hopes", "--text", "draft text").returncode == 0
    assert store.load_drafts("steady-steps", "hopes").own is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["move", "--text", "x"], "'move' is a choice exercise, not a reflection"),
        (["mood-1", "--text", "x"], "'mood-1' is a scale exercise, not a reflection"),
        (["no-such", "--text", "x"], "reflect: The course 'Steady <steps> & [bold]care[/bold]' has no exercise 'no-such'. "
                                         "Its reflections are: hopes, extra, letter."),
        (["hopes", "--text", "  \n "], "reflect: Nothing to save: the text is empty."),
        (["letter", "--text", "Dear me"], "'Write a letter to yourself.' is in 'Week two', which is not open yet: "
                                          "Complete “Week one” first."),
    ],
)
def test_refusals_exit_1_with_a_clear_message(device: Device, args: list[str], message: str) -> None:
    result = device.run("reflect", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.startswith("growthcourse reflect: ")
    assert "Traceback" not in result.stderr
    if args[0] in ("hopes", "letter"):
        assert revisions(device, args[0]) == []


def test_locked_module_says_when_it_opens(device: Device) -> None:
    # Complete week one now: week two opens at midnight seven days later.
    store = DataStore.open(device.data, config_dir=device.config)
    from growthcourse.store import events as E

    for type, data in [
        (E.SCALE_RECORDED, {"exercise": "mood-1", "value": 5}),
        (E.REFLECTION_SAVED, {"exercise": "hopes", "text": "x", "parents": []}),
        (E.CHOICE_ANSWERED, {"exercise": "move", "option": 1}),
        (E.ITEM_TICKED, {"exercise": "steps", "item": 0, "ticked": True}),
        (E.ITEM_TICKED, {"exercise": "steps", "item": 1, "ticked": True}),
        (E.PRACTICE_LOGGED, {"exercise": "pause", "note": "one"}),
        (E.PRACTICE_LOGGED, {"exercise": "pause", "note": "two"}),
    ]:
        store.append("steady-steps", type, data)
    result = device.run("reflect", "letter", "--text", "Dear me")
    assert result.returncode == 1
    # opens at local midnight seven days after today (six if the clock just passed midnight)
    assert re.search(r"which is not open yet: Opens \w{3} \d{1,2} \w{3}, in [67] days\.", result.stderr), result.stderr


def test_file_problems(device: Device, tmp_path: Path) -> None:
    missing = device.run("reflect", "hopes", "--file", str(tmp_path / "missing.txt"))
    assert missing.returncode == 1 and f"reflect: No file at {tmp_path / 'missing.txt'}" in missing.stderr
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    bad = device.run("reflect", "hopes", "--file", str(latin))
    assert bad.returncode == 1 and "is not UTF-8 text" in bad.stderr
    folder = device.run("reflect", "hopes", "--file", str(tmp_path))
    assert folder.returncode == 1 and "is a folder" in folder.stderr


def test_usage_errors_exit_2(device: Device, tmp_path: Path) -> None:
    both = device.run("reflect", "hopes", "--text", "a", "--file", str(tmp_path / "x"))
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    assert device.run("reflect").returncode == 2
