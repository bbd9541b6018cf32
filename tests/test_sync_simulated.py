"""Two devices work offline on copies of one data folder, then sync the way a sync engine does.

The exchange below mimics Syncthing: a file new or grown on one side is copied
to the other (through a temp file renamed into place); a file changed
differently on both sides keeps the newer version and the other becomes a
``.sync-conflict-`` copy on both sides; a transfer can be seen half done.
Both devices must end with the identical, complete list of events.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from growthcourse.store.datastore import DataStore
from growthcourse.store.events import (
    COURSE_STARTED,
    HLC,
    ITEM_TICKED,
    LESSON_OPENED,
    REFLECTION_SAVED,
    SCALE_RECORDED,
    Event,
    to_json,
)

COURSE = "fix-it-to-growth"
T0 = 1_795_680_000_000  # 2026-11-26T08:00Z
DAY_MS = 86_400_000


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        self.ms += 1000
        return self.ms


def files_under(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}


def deliver(source: Path, target: Path, data: bytes | None = None) -> None:
    """Write a received file the way Syncthing does: temp file in the folder, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".syncthing.{target.name}.tmp")
    temp.write_bytes(source.read_bytes() if data is None else data)
    os.replace(temp, target)


def conflict_name(path: Path, winner_short_id: str) -> str:
    stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    return f"{path.stem}.sync-conflict-{stamp}-{winner_short_id}{path.suffix}"


def exchange(a: Path, b: Path) -> list[str]:
    """Make the folders ``a`` and ``b`` agree like a sync engine; return the conflict copies made."""
    conflicts: list[str] = []
    a_files, b_files = files_under(a), files_under(b)
    for rel in sorted(set(a_files) | set(b_files)):
        left, right = a_files.get(rel), b_files.get(rel)
        if right is None:
            deliver(left, b / rel)
        elif left is None:
            deliver(right, a / rel)
        else:
            x, y = left.read_bytes(), right.read_bytes()
            if x == y:
                continue
            if y.startswith(x):  # appended on b's side
                deliver(right, a / rel)
            elif x.startswith(y):
                deliver(left, b / rel)
            else:  # changed on both sides: newer wins, the other is kept as a conflict copy
                winner, loser = (left, right) if left.stat().st_mtime_ns >= right.stat().st_mtime_ns else (right, left)
                copy_name = conflict_name(loser, "WINNER7")
                for root in (a, b):
                    deliver(loser, (root / rel).with_name(copy_name), loser.read_bytes())
                deliver(winner, (b if winner is left else a) / rel, winner.read_bytes())
                conflicts.append(str(Path(rel).with_name(copy_name)))
    return conflicts


def test_two_offline_devices_converge_with_nothing_lost(tmp_path: Path) -> None:
    # The laptop starts the course; the folder is synced to the desktop (a plain copy).
    laptop_dir, desktop_dir = tmp_path / "laptop" / "data", tmp_path / "desktop" / "data"
    laptop = DataStore.open(laptop_dir, tmp_path / "laptop" / "config", wall_ms=FakeWall(T0))
    laptop.append(COURSE, COURSE_STARTED, {})
    base = laptop.append(COURSE, REFLECTION_SAVED, {"exercise": "w1-why", "text": "First thoughts.", "parents": []})
    shutil.copytree(laptop_dir, desktop_dir)
    # The desktop's clock runs a day ahead.
    desktop = DataStore.open(desktop_dir, tmp_path / "desktop" / "config", wall_ms=FakeWall(T0 + DAY_MS))
    assert desktop.device_id != laptop.device_id
    assert desktop.events(COURSE) == laptop.events(COURSE)
    desktop.append(COURSE, COURSE_STARTED, {})

    # Both offline: both edit the same reflection, and do other work.
    mine: dict[str, list[Event]] = {"laptop": [], "desktop": []}
    for n in range(3):
        mine["laptop"].append(laptop.append(COURSE, LESSON_OPENED, {"module": "m1", "lesson": f"l{n}"}))
        mine["desktop"].append(
            desktop.append(COURSE, ITEM_TICKED, {"exercise": "w1-list", "item": n, "ticked": True})
        )
    mine["laptop"].append(
        laptop.append(COURSE, REFLECTION_SAVED, {"exercise": "w1-why", "text": "Laptop: giving space.", "parents": [base.id]})
    )
    mine["desktop"].append(
        desktop.append(
            COURSE, REFLECTION_SAVED, {"exercise": "w1-why", "text": "Desktop: growing for me.", "parents": [base.id]}
        )
    )
    mine["desktop"].append(desktop.append(COURSE, SCALE_RECORDED, {"exercise": "w1-settled", "value": 4}))
    desktop.save_draft(COURSE, "w1-next", "Half a sentence on the desk")

    # Meanwhile the laptop's log was rolled back on the laptop (restored from a backup)
    # after an event had already reached the desktop: the two versions now differ.
    laptop_log = laptop_dir / "devices" / laptop.device_id / "events-2026-11.jsonl"
    reached_desktop = Event(
        "restoredevent0000000000000000001", laptop.device_id, COURSE, HLC(base.hlc.ms, 99),
        base.wall, SCALE_RECORDED, {"exercise": "w1-settled", "value": 2},
    )
    desktop_copy_of_laptop_log = desktop_dir / "devices" / laptop.device_id / "events-2026-11.jsonl"
    with desktop_copy_of_laptop_log.open("a", encoding="utf-8") as handle:
        handle.write(to_json(reached_desktop) + "\n")
    os.utime(desktop_copy_of_laptop_log, ns=(1, 1))  # older: the laptop's version will win

    # Sync starts: the desktop's log reaches the laptop half-transferred, cut mid-line.
    desktop_log = desktop_dir / "devices" / desktop.device_id / "events-2026-11.jsonl"
    whole = desktop_log.read_bytes()
    deliver(desktop_log, laptop_dir / "devices" / desktop.device_id / desktop_log.name, whole[: len(whole) - 25])
    partial = laptop.events(COURSE)
    assert len(laptop.report.skipped) == 1
    assert laptop.report.skipped[0].line == whole.count(b"\n")
    assert "incomplete last line" in laptop.report.skipped[0].reason
    assert all(e in partial for e in mine["laptop"])

    # Then the sync completes.
    conflicts = exchange(laptop_dir, desktop_dir)
    assert conflicts == [f"devices/{laptop.device_id}/" + conflicts[0].split("/")[-1]]
    assert ".sync-conflict-" in conflicts[0]
    assert exchange(laptop_dir, desktop_dir) == []  # settled

    on_laptop, on_desktop = laptop.events(COURSE), desktop.events(COURSE)
    assert on_laptop == on_desktop
    assert laptop.events(None) == desktop.events(None)
    ids = {e.id for e in on_laptop}
    for event in mine["laptop"] + mine["desktop"] + [base, reached_desktop]:
        assert event.id in ids, f"lost: {event}"
    assert len(ids) == len(on_laptop)
    keys = [e.order_key for e in on_laptop]
    assert keys == sorted(keys)
    # Both reflection revisions survive as two heads naming the same parent.
    revisions = [e for e in on_laptop if e.type == REFLECTION_SAVED and e.data["parents"] == [base.id]]
    assert sorted(e.data["text"] for e in revisions) == ["Desktop: growing for me.", "Laptop: giving space."]
    # Each side reports the merged conflict copy and the event only it held; nothing is skipped now.
    for store in (laptop, desktop):
        assert store.report.skipped == []
        [copy] = store.report.conflict_copies
        assert copy.engine == "Syncthing" and copy.new_events == 1
    # Each device wrote only in its own folder.
    assert {p.parent.name for p in (laptop_dir / "devices").glob("*/events-*.jsonl")} == {
        laptop.device_id,
        desktop.device_id,
    }
    # The desktop's draft is offered on the laptop; it never became an event.
    other = laptop.load_drafts(COURSE, "w1-next").other
    assert other is not None and other.text == "Half a sentence on the desk" and other.device == desktop.device_id
    assert not any(e.data.get("exercise") == "w1-next" for e in on_laptop)

    # Work continues after the merge: the laptop (a day behind) writes after everything it read.
    after = laptop.append(COURSE, REFLECTION_SAVED, {"exercise": "w1-why", "text": "Both, together.",
                                                      "parents": sorted(e.id for e in revisions)})
    assert laptop.events(COURSE)[-1] == after
    exchange(laptop_dir, desktop_dir)
    assert desktop.events(COURSE) == laptop.events(COURSE)
