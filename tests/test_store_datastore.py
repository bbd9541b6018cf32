"""The DataStore facade: appending, reading merged events, identity events, errors."""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from pathlib import Path

import msgspec
import pytest

from growthcourse.store import fsutil
from growthcourse.store.datastore import DataStore
from growthcourse.store.events import DEVICE_NAMED, HLC, ITEM_TICKED, LESSON_OPENED, REFLECTION_SAVED
from growthcourse.store.fsutil import StorageError

DAY_MS = 86_400_000
T0 = 1_795_680_000_000  # 2026-11-26T08:00Z


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        self.ms += 1
        return self.ms


def open_store(tmp_path: Path, name: str, wall: int = T0) -> DataStore:
    return DataStore.open(tmp_path / "data", tmp_path / f"config-{name}", wall_ms=FakeWall(wall))


def test_open_creates_a_private_data_folder(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    assert store.data_dir == tmp_path / "data"
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    assert store.events("c1") == [] and store.report.clean


def test_append_records_device_name_once_per_course(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    store.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l1"})
    store.append("c1", ITEM_TICKED, {"exercise": "e1", "item": 0, "ticked": True})
    store.append("c2", LESSON_OPENED, {"module": "m1", "lesson": "l1"})
    assert [e.type for e in store.events("c1")] == [DEVICE_NAMED, LESSON_OPENED, ITEM_TICKED]
    assert store.events("c1")[0].data == {"name": store.device_name}
    assert [e.type for e in store.events("c2")] == [DEVICE_NAMED, LESSON_OPENED]
    # a new process on the same device does not repeat it...
    again = open_store(tmp_path, "a", wall=T0 + 1000)
    again.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l2"})
    assert [e.type for e in again.events("c1")].count(DEVICE_NAMED) == 1
    # ...until the device is renamed
    again.rename_device("Desk PC")
    again.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l3"})
    named = [e.data["name"] for e in again.events("c1") if e.type == DEVICE_NAMED]
    assert named == [store.device_name, "Desk PC"]


def test_events_are_written_as_json_lines_in_own_folder(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    event = store.append("c1", REFLECTION_SAVED, {"exercise": "r1", "text": "Ünïcode\nand lines", "parents": []})
    log = tmp_path / "data" / "devices" / store.device_id / "events-2026-11.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["data"]["text"] == "Ünïcode\nand lines"
    assert json.loads(lines[-1])["id"] == event.id
    assert event.wall.endswith("Z") and event.device == store.device_id
    if sys.platform != "win32":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_device_a_day_behind_still_writes_after_what_it_read(tmp_path: Path) -> None:
    ahead = open_store(tmp_path, "ahead", wall=T0 + DAY_MS)
    behind = open_store(tmp_path, "behind", wall=T0)
    ahead.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l1"})
    mine = behind.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l2"})
    assert behind.events("c1")[-1] == mine
    assert all(e.order_key < mine.order_key for e in ahead.events("c1") if e.id != mine.id)


def test_events_of_other_devices_appear_on_next_read(tmp_path: Path) -> None:
    a = open_store(tmp_path, "a")
    b = open_store(tmp_path, "b")
    a.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l1"})
    assert len(b.events("c1")) == 2
    b.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l2"})
    assert a.events("c1") == b.events("c1")
    assert a.report.devices == sorted([a.device_id, b.device_id])


def test_returned_tables_are_the_callers(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    first = store.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l1"})
    mine = store.events("c1")
    mine.append(msgspec.structs.replace(first, id="0" * 32, hlc=HLC(first.hlc.ms + 1, 0)))
    store.events(None).extend([first])
    assert len(mine) == 3
    assert len(store.events("c1")) == 2
    assert len(store.events(None)) == 2


@pytest.mark.parametrize("code, start", [(errno.EROFS, "The folder is read-only"), (errno.ENOSPC, "The disk is full")])
def test_read_only_or_full_disk_is_a_clear_error_and_loses_nothing(tmp_path: Path, monkeypatch, code, start) -> None:
    store = open_store(tmp_path, "a")
    kept = store.append("c1", REFLECTION_SAVED, {"exercise": "r1", "text": "first", "parents": []})
    before = store.events("c1")
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if flags & os.O_APPEND:
            raise OSError(code, os.strerror(code))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(fsutil.os, "open", refuse)
    with pytest.raises(StorageError) as info:
        store.append("c1", REFLECTION_SAVED, {"exercise": "r1", "text": "second", "parents": [kept.id]})
    assert str(info.value).startswith(start)
    assert "events-2026-11.jsonl" in str(info.value)
    assert store.events("c1") == before  # nothing already read or written is lost
    monkeypatch.undo()
    retried = store.append("c1", REFLECTION_SAVED, {"exercise": "r1", "text": "second", "parents": [kept.id]})
    assert store.events("c1") == before + [retried]
    assert [e.data["text"] for e in DataStore.open(tmp_path / "data", tmp_path / "config-a").events("c1")[1:]] == [
        "first",
        "second",
    ]


def test_open_on_a_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StorageError) as info:
        DataStore.open(blocker / "data", tmp_path / "cfg")
    assert str(blocker) in str(info.value)


def test_data_dir_resolved_from_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GROWTHCOURSE_DATA_DIR", str(tmp_path / "synced"))
    monkeypatch.setenv("GROWTHCOURSE_CONFIG_DIR", str(tmp_path / "cfg"))
    store = DataStore.open()
    assert store.data_dir == tmp_path / "synced"
    assert store.config_dir == tmp_path / "cfg"
    assert (tmp_path / "cfg" / "device.json").is_file()


def test_unknown_events_are_reported_by_the_store(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    future = store.append("c1", "mood_logged", {"mood": 3})
    assert future in store.events("c1")
    assert store.report.unknown == [future]


def test_after_a_crash_mid_line_new_events_are_whole(tmp_path: Path) -> None:
    store = open_store(tmp_path, "a")
    first = store.append("c1", LESSON_OPENED, {"module": "m1", "lesson": "l1"})
    log = tmp_path / "data" / "devices" / store.device_id / "events-2026-11.jsonl"
    with log.open("a") as handle:
        handle.write('{"course":"c1","data":{"exe')  # the machine lost power mid-write
    restarted = open_store(tmp_path, "a", wall=T0 + 10_000)
    assert [e.id for e in restarted.events("c1")][-1] == first.id
    assert "incomplete last line" in restarted.report.skipped[0].reason
    after = restarted.append("c1", ITEM_TICKED, {"exercise": "e1", "item": 1, "ticked": True})
    events = restarted.events("c1")
    assert events[-1] == after
    assert [(s.line, s.reason) for s in restarted.report.skipped] == [(3, "unreadable (not a JSON event)")]
    assert open_store(tmp_path, "b").events("c1") == events
