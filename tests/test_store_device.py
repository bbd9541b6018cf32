"""Device identity: local to the machine, created once, never inside the data folder."""

from __future__ import annotations

import json
import stat
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from growthcourse.store.datastore import DataStore
from growthcourse.store.device import load_device, rename_device
from growthcourse.store.fsutil import StorageError


def test_identity_is_created_once_and_stays(tmp_path: Path) -> None:
    first = load_device(tmp_path / "cfg")
    again = load_device(tmp_path / "cfg")
    assert first == again
    assert len(first.id) == 12 and int(first.id, 16) >= 0
    assert first.name
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / "cfg" / "device.json").stat().st_mode) == 0o600


def test_two_config_dirs_are_two_devices(tmp_path: Path) -> None:
    a = load_device(tmp_path / "a")
    b = load_device(tmp_path / "b")
    assert a.id != b.id


def test_concurrent_first_use_agrees_on_one_identity(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(lambda _: load_device(tmp_path / "cfg").id, range(16)))
    assert len(ids) == 1
    assert [p.name for p in (tmp_path / "cfg").iterdir()] == ["device.json"]


def test_given_name_used_on_creation_and_rename_keeps_id(tmp_path: Path) -> None:
    device = load_device(tmp_path / "cfg", name="Laptop\x1b[31m")
    assert device.name == "Laptop [31m"  # control characters never reach a terminal
    renamed = rename_device(tmp_path / "cfg", "Desk PC")
    assert renamed.id == device.id and renamed.name == "Desk PC"
    assert load_device(tmp_path / "cfg") == renamed


def test_damaged_identity_is_explained_and_kept(tmp_path: Path) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "device.json").write_text("{not json")
    with pytest.raises(StorageError) as info:
        load_device(cfg)
    assert str(cfg / "device.json") in str(info.value)
    assert (cfg / "device.json").read_text() == "{not json"


def test_identity_lives_in_config_not_data(tmp_path: Path) -> None:
    store = DataStore.open(tmp_path / "data", tmp_path / "cfg")
    store.append("course-a", "lesson_opened", {"module": "m", "lesson": "l"})
    assert json.loads((tmp_path / "cfg" / "device.json").read_text())["id"] == store.device_id
    assert not list((tmp_path / "data").rglob("device.json"))
    # A copy of the data folder used with another config dir is another device.
    other = DataStore.open(tmp_path / "data", tmp_path / "cfg-other")
    assert other.device_id != store.device_id
