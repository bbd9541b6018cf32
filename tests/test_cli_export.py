"""``growthcourse export``: formats, files written privately, filters, drafts never exported."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from coursekit import Device, write_course
from growthcourse.course.loader import load_course
from growthcourse.export import export
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import REFLECTION_SHARED, SCALE_RECORDED


@pytest.fixture
def device(tmp_path: Path) -> Device:
    device = Device(config=tmp_path / "config", data=tmp_path / "data")
    course = write_course(tmp_path / "course")
    assert device.run("status", "--course", str(course)).returncode == 0
    assert device.run("reflect", "hopes", "--text", "Shared <words> & more").returncode == 0
    assert device.run("reflect", "extra", "--text", "Kept to myself").returncode == 0
    store = DataStore.open(device.data, config_dir=device.config)
    store.append("steady-steps", REFLECTION_SHARED, {"exercise": "hopes", "shared": True})
    store.append("steady-steps", SCALE_RECORDED, {"exercise": "mood-1", "value": 6})
    return device


def test_markdown_to_standard_output_by_default(device: Device) -> None:
    result = device.run("export")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Steady \\<steps\\> \\& \\[bold\\]care\\[/bold\\]\n")
    assert "> Shared \\<words\\> \\& more" in result.stdout
    assert "> Kept to myself" in result.stdout
    assert result.stderr == ""


def test_json_equals_the_library_export_of_the_same_events(device: Device, tmp_path: Path) -> None:
    result = device.run("export", "--format", "json")
    assert result.returncode == 0, result.stderr
    store = DataStore.open(device.data, config_dir=device.config)
    course = load_course(tmp_path / "course")
    assert result.stdout == export(course, store.events("steady-steps"), "json")
    document = json.loads(result.stdout)
    assert str(tmp_path) not in result.stdout  # no local paths
    assert document["devices"][0]["name"] == store.device_name


def test_output_file_is_private_and_reported_on_stderr(device: Device, tmp_path: Path) -> None:
    target = tmp_path / "out" / "session.html"
    target.parent.mkdir()
    target.write_text("old content", encoding="utf-8")
    target.chmod(0o644)
    result = device.run("export", "--format", "html", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Exported to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Shared &lt;words&gt; &amp; more" in text
    assert [p.name for p in target.parent.iterdir()] == ["session.html"]  # no temp file left


def test_shared_only_and_module_filters(device: Device) -> None:
    shared = device.run("export", "--shared-only")
    assert shared.returncode == 0, shared.stderr
    assert "Shared \\<words\\>" in shared.stdout and "Kept to myself" not in shared.stdout
    second = device.run("export", "--format", "json", "--module", "second")
    assert [m["id"] for m in json.loads(second.stdout)["modules"]] == ["second"]


def test_drafts_are_never_exported(device: Device) -> None:
    store = DataStore.open(device.data, config_dir=device.config)
    store.save_draft("steady-steps", "letter", "an unsaved draft, private")
    store.save_draft("steady-steps", "hopes", "another unsaved draft")
    for fmt in ("md", "html", "json"):
        result = device.run("export", "--format", fmt)
        assert result.returncode == 0
        assert "unsaved draft" not in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--module", "third"], 1, "growthcourse export: The course 'Steady <steps> & [bold]care[/bold]' has no module 'third'"),
        (["--format", "pdf"], 2, "invalid choice: 'pdf'"),
        (["--output", "{tmp}/missing/out.md"], 1, "growthcourse export: The folder {tmp}/missing does not exist."),
        (["--output", "{tmp}"], 1, "is a folder; give a file name"),
    ],
)
def test_errors(device: Device, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    result = device.run("export", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.returncode == code
    assert message.replace("{tmp}", str(tmp_path)) in result.stderr
    assert "Traceback" not in result.stderr
