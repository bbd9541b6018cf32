"""Reflection drafts: autosaved per device, offered back, visible on the other device, never events."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from growthcourse.store.datastore import DataStore
from growthcourse.store.fsutil import StorageError

T0 = 1_795_680_000_000


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        self.ms += 1
        return self.ms


def open_store(tmp_path: Path, name: str, wall: int = T0) -> DataStore:
    return DataStore.open(tmp_path / "data", tmp_path / f"config-{name}", wall_ms=FakeWall(wall))


def test_draft_is_replaced_whole_and_offered_back(tmp_path: Path) -> None:
    store = open_store(tmp_path, "laptop")
    store.save_draft("c1", "r1", "I keep trying to")
    store.save_draft("c1", "r1", "I keep trying to fix it.", base="rev1")
    restarted = open_store(tmp_path, "laptop", wall=T0 + 5000)
    drafts = restarted.load_drafts("c1", "r1")
    assert drafts.own is not None and drafts.other is None
    assert (drafts.own.text, drafts.own.base) == ("I keep trying to fix it.", "rev1")
    path = tmp_path / "data" / "devices" / store.device_id / "drafts" / "c1" / "r1.json"
    assert json.loads(path.read_text(encoding="utf-8"))["text"] == "I keep trying to fix it."
    assert [p.name for p in path.parent.iterdir()] == ["r1.json"]  # no temp files left
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_newest_draft_of_another_device_is_visible(tmp_path: Path) -> None:
    laptop = open_store(tmp_path, "laptop")
    desktop = open_store(tmp_path, "desktop", wall=T0 + 60_000)
    phone = open_store(tmp_path, "phone", wall=T0 + 30_000)
    laptop.save_draft("c1", "r1", "started on the laptop")
    phone.save_draft("c1", "r1", "older idea on the phone")
    desktop.save_draft("c1", "r1", "desktop's own")
    laptop.save_draft("c1", "r1", "newest words, on the laptop")  # the laptop's clock observed nothing...
    drafts = desktop.load_drafts("c1", "r1")
    assert drafts.own is not None and drafts.own.text == "desktop's own"
    assert drafts.other is not None
    # ...so the newest by HLC is the phone's (the laptop wrote at an earlier clock)
    assert drafts.other.text == "older idea on the phone"
    laptop.load_drafts("c1", "r1")  # now the laptop has seen the others' clocks
    laptop.save_draft("c1", "r1", "continued on the laptop")
    assert desktop.load_drafts("c1", "r1").other.text == "continued on the laptop"


def test_clear_draft_after_saving_the_revision(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    store.save_draft("c1", "r1", "text")
    assert store.clear_draft("c1", "r1", if_text="other text") is False  # newer typing is kept
    assert store.load_drafts("c1", "r1").own is not None
    assert store.clear_draft("c1", "r1", if_text="text") is True
    assert store.load_drafts("c1", "r1").own is None
    assert store.clear_draft("c1", "r1") is False


def test_drafts_are_not_events(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    store.save_draft("c1", "r1", "private draft")
    assert store.events("c1") == []
    assert store.events(None) == []


def test_damaged_draft_is_reported_and_kept(tmp_path: Path) -> None:
    a = open_store(tmp_path, "a")
    b = open_store(tmp_path, "b")
    a.save_draft("c1", "r1", "fine")
    b.save_draft("c1", "r1", "fine too")
    path = tmp_path / "data" / "devices" / b.device_id / "drafts" / "c1" / "r1.json"
    path.write_text('{"text": "cut')
    drafts = a.load_drafts("c1", "r1")
    assert drafts.own.text == "fine" and drafts.other is None
    assert len(drafts.problems) == 1 and str(path) in drafts.problems[0]
    assert path.read_text() == '{"text": "cut'


def test_ids_that_would_escape_the_folder_are_refused(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    with pytest.raises(StorageError):
        store.save_draft("c1", "../../escape", "text")
    with pytest.raises(StorageError):
        store.save_draft("..", "r1", "text")


@pytest.mark.parametrize(
    "text",
    [
        "Plain words.\n\nA second paragraph, \"quoted\", with a \\ backslash and a\ttab.",
        "[bold]markup[/bold] and \x1b[31mescapes\x1b[0m stay literal\r\nwindows line",
        "Ünïcödé, 漢字, emoji 🌱 and a no-break\u00a0space",
        "pasted from a broken source: \udc80 alone",
    ],
)
def test_a_draft_reads_back_exactly_as_it_was_typed(tmp_path: Path, text: str) -> None:
    store = open_store(tmp_path, "laptop")
    store.save_draft("c1", "r1", text, base="rev1")
    drafts = open_store(tmp_path, "laptop", wall=T0 + 5000).load_drafts("c1", "r1")
    assert drafts.problems == ()
    assert drafts.own is not None and (drafts.own.text, drafts.own.base) == (text, "rev1")
    path = tmp_path / "data" / "devices" / store.device_id / "drafts" / "c1" / "r1.json"
    assert json.loads(path.read_bytes().decode("utf-8"))["text"] == text  # plain JSON any reader can open
