"""Reading the per-device logs: conflict copies merged, temp files ignored, damage reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from growthcourse.store.eventlog import LogReader, append_event, copy_engine, log_name, read_events
from growthcourse.store.events import (
    HLC,
    ITEM_TICKED,
    REFLECTION_SAVED,
    Event,
    format_wall,
    from_json,
    to_json,
)

MS = 1_795_680_000_000  # 2026-11-26


def ev(n: int, device: str = "aaaaaaaaaaaa", course: str = "c1", type: str = ITEM_TICKED, **data) -> Event:
    data = data or {"exercise": "e1", "item": n % 3, "ticked": True}
    return Event(f"id{n:04d}", device, course, HLC(MS + n, 0), format_wall(MS + n), type, data)


def write_log(path: Path, events: list[Event], tail: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(to_json(e) + "\n" for e in events) + tail, encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_json_round_trip_is_compact_and_stable() -> None:
    event = ev(1, type=REFLECTION_SAVED, exercise="r1", text="Space; not \"fixing\".\nLine two ✓", parents=[])
    line = to_json(event)
    assert "\n" not in line and ", " not in line
    assert line.startswith('{"course":"c1","data":{"exercise":"r1","parents":[],"text":')
    assert "✓" in line  # readable, not \u-escaped
    assert from_json(line) == event
    assert to_json(from_json(line)) == line


def test_append_event_goes_to_the_device_month_file(tmp_path: Path) -> None:
    event = ev(1)
    path = append_event(tmp_path, event, MS)
    assert path == tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
    assert log_name(MS + 40 * 24 * 3600 * 1000) == "events-2027-01.jsonl"
    events, report = read_events(tmp_path)
    assert events == [event]
    assert report.clean and report.devices == ["aaaaaaaaaaaa"]


CONFLICT_NAMES = [
    ("events-2026-11.sync-conflict-20261126-081300-ABCDEFG.jsonl", "Syncthing"),
    ("events-2026-11 (Ana's conflicted copy 2026-11-26).jsonl", "Dropbox"),
    ("events-2026-11 (conflicted copy 2026-11-26 081300).jsonl", "Nextcloud"),
    ("events-2026-11_conflict-20261126-081300.jsonl", "Nextcloud"),
    ("events-2026-11-DESKTOP-PC.jsonl", "OneDrive"),
    ("events-2026-11 (2).jsonl", "OneDrive"),
    ("events-2026-11 2.jsonl", "iCloud"),
]


@pytest.mark.parametrize("name, engine", CONFLICT_NAMES)
def test_conflict_copies_are_read_and_deduplicated(tmp_path: Path, name: str, engine: str) -> None:
    folder = tmp_path / "devices" / "aaaaaaaaaaaa"
    # The regular log holds 0..4; the copy an older version (0..2) plus an event only it has (7).
    write_log(folder / "events-2026-11.jsonl", [ev(n) for n in range(5)])
    write_log(folder / name, [ev(0), ev(1), ev(2), ev(7)])
    events, report = read_events(tmp_path)
    assert [e.id for e in events] == ["id0000", "id0001", "id0002", "id0003", "id0004", "id0007"]
    assert report.duplicates == 3
    [copy] = report.conflict_copies
    assert copy.path == folder / name and copy.engine == engine
    assert (copy.events, copy.new_events) == (4, 1)
    assert copy_engine(name) == engine
    assert any(name in message for message in report.messages())


def test_a_copied_device_folder_is_read_too(tmp_path: Path) -> None:
    write_log(tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl", [ev(1)])
    write_log(tmp_path / "devices" / "aaaaaaaaaaaa 2" / "events-2026-11.jsonl", [ev(1), ev(2)])
    events, report = read_events(tmp_path)
    assert [e.id for e in events] == ["id0001", "id0002"]
    assert [c.engine for c in report.conflict_copies] == ["iCloud"]


@pytest.mark.parametrize(
    "name",
    [
        ".syncthing.events-2026-11.jsonl.tmp",
        "~syncthing~events-2026-11.jsonl.tmp",
        ".~lock.events-2026-11.jsonl#",
        ".growthcourse-k3j2h1.tmp",
        ".events-2026-11.jsonl.~7fa3",
        "~$events.jsonl",
    ],
)
def test_temp_files_are_ignored(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "devices" / "aaaaaaaaaaaa"
    write_log(folder / "events-2026-11.jsonl", [ev(1)])
    write_log(folder / name, [ev(99)], tail="garbage half line")
    events, report = read_events(tmp_path)
    assert [e.id for e in events] == ["id0001"]
    assert report.clean and report.files == [folder / "events-2026-11.jsonl"]


def test_icloud_placeholder_is_reported_not_silent(tmp_path: Path) -> None:
    folder = tmp_path / "devices" / "bbbbbbbbbbbb"
    write_log(tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl", [ev(1)])
    folder.mkdir(parents=True)
    (folder / ".events-2026-11.jsonl.icloud").write_bytes(b"bplist00")
    events, report = read_events(tmp_path)
    assert len(events) == 1
    assert report.placeholders == [folder / ".events-2026-11.jsonl.icloud"]
    assert not report.clean
    assert f"{folder / 'events-2026-11.jsonl'} is not downloaded to this machine yet" in report.messages()[0]


def test_truncated_last_line_is_skipped_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
    whole = to_json(ev(3))
    write_log(path, [ev(1), ev(2)], tail=whole[: len(whole) // 2])
    before = snapshot(tmp_path)
    events, report = read_events(tmp_path)
    assert [e.id for e in events] == ["id0001", "id0002"]
    [skipped] = report.skipped
    assert (skipped.path, skipped.line) == (path, 3)
    assert "incomplete last line" in skipped.reason
    assert f"{path}: line 3: incomplete last line" in report.messages()[0]
    assert snapshot(tmp_path) == before  # the reader never rewrites a file


def test_garbage_line_in_the_middle_is_skipped_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
    path.parent.mkdir(parents=True)
    lines = [to_json(ev(1)), "\x00\x00garbage{{", to_json(ev(2)), '{"not": "an event"}', "", to_json(ev(3))]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe\n")
    before = snapshot(tmp_path)
    events, report = read_events(tmp_path)
    assert [e.id for e in events] == ["id0001", "id0002", "id0003"]
    assert [(s.line, s.reason) for s in report.skipped] == [
        (2, "unreadable (not a JSON event)"),
        (4, "not a growthcourse event (missing 'id')"),
        (7, "not UTF-8 text"),
    ]
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("cached", [False, True])
def test_a_line_cut_inside_a_letter_and_joined_by_the_next_event_is_skipped(tmp_path: Path, cached: bool) -> None:
    """A write cut inside a two-byte letter ("é"), then the next event appended to it: that line
    is "not UTF-8 text" (msgspec says so with a UnicodeDecodeError), every other event is read."""
    path = tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
    cut = ev(2, note="écrit " * 30)
    raw = to_json(cut).encode()
    inside = raw.index("é".encode()) + 1  # after the first of its two bytes
    path.parent.mkdir(parents=True)
    path.write_bytes(to_json(ev(1)).encode() + b"\n" + raw[:inside] + to_json(ev(3)).encode() + b"\n"
                     + to_json(ev(4)).encode() + b"\n" + raw[:inside])
    before = snapshot(tmp_path)
    events, report = read_events(tmp_path, cache=cached)
    assert [e.id for e in events] == ["id0001", "id0004"]
    assert [(s.line, s.reason) for s in report.skipped] == [
        (2, "not UTF-8 text"), (4, "incomplete last line (the file may still be syncing, or a write was interrupted)")]
    assert snapshot(tmp_path) == before


def test_a_whole_event_without_final_newline_is_read(tmp_path: Path) -> None:
    path = tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
    write_log(path, [ev(1)], tail=to_json(ev(2)))
    events, report = read_events(tmp_path)
    assert [e.id for e in events] == ["id0001", "id0002"] and report.clean


def test_unknown_types_and_newer_schema_are_kept_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
    future_type = Event("id0001", "aaaaaaaaaaaa", "c1", HLC(MS, 0), "w", "mood_logged", {"mood": 3})
    future_schema = Event("id0002", "aaaaaaaaaaaa", "c1", HLC(MS + 1, 0), "w", ITEM_TICKED, {"x": 1}, v=2)
    write_log(path, [future_type, future_schema, ev(3)])
    # a v3 line we cannot even shape into an Event: skipped, but said to be from a newer version
    with path.open("a") as handle:
        handle.write('{"v": 3, "id": "id0009", "stamp": "2026-11-26"}\n')
    events, report = read_events(tmp_path)
    assert [e.id for e in events] == ["id0001", "id0002", "id0003"]
    assert report.unknown == [future_type, future_schema]
    assert "newer growthcourse (event schema v3)" in report.skipped[0].reason
    assert any("kept but not understood: item_ticked (v2), mood_logged (v1)" in m for m in report.messages())


def test_same_id_with_different_content_resolves_the_same_way_in_any_order(tmp_path: Path) -> None:
    a = ev(1)
    b = Event(a.id, a.device, a.course, a.hlc, a.wall, a.type, {"exercise": "e1", "item": 2, "ticked": False})
    write_log(tmp_path / "one" / "devices" / "d1" / "events-2026-11.jsonl", [a])
    write_log(tmp_path / "one" / "devices" / "d2" / "events-2026-11.jsonl", [b])
    write_log(tmp_path / "two" / "devices" / "d1" / "events-2026-11.jsonl", [b])
    write_log(tmp_path / "two" / "devices" / "d2" / "events-2026-11.jsonl", [a])
    assert read_events(tmp_path / "one")[0] == read_events(tmp_path / "two")[0]


def test_reader_reads_only_what_was_appended_and_sees_replaced_files(tmp_path: Path) -> None:
    path = tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
    whole = to_json(ev(3))
    write_log(path, [ev(1), ev(2)], tail=whole[:10])
    reader = LogReader(tmp_path)
    events, report = reader.read()
    assert len(events) == 2 and len(report.skipped) == 1
    with path.open("a") as handle:  # the rest of the line arrives (sync finished)
        handle.write(whole[10:] + "\n" + to_json(ev(4)) + "\n")
    events, report = reader.read()
    assert [e.id for e in events] == ["id0001", "id0002", "id0003", "id0004"]
    assert report.clean
    # A sync engine replaces the file with another version (new inode): fully re-read.
    temp = path.with_name(".syncthing.events-2026-11.jsonl.tmp")
    write_log(temp, [ev(1), ev(5)])
    os.replace(temp, path)
    events, _ = reader.read()
    assert [e.id for e in events] == ["id0001", "id0005"]


def test_empty_or_missing_data_folder_reads_nothing(tmp_path: Path) -> None:
    events, report = read_events(tmp_path / "nope")
    assert events == [] and report.clean and report.event_count == 0


def test_last_line_without_newline_is_not_counted_twice_when_the_file_grows(tmp_path: Path) -> None:
    path = tmp_path / "devices" / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
    write_log(path, [ev(1)], tail=to_json(ev(2)))
    reader = LogReader(tmp_path)
    assert [e.id for e in reader.read()[0]] == ["id0001", "id0002"]
    with path.open("a") as handle:
        handle.write("\n" + to_json(ev(3)) + "\n")
    events, report = reader.read()
    assert [e.id for e in events] == ["id0001", "id0002", "id0003"]
    assert report.duplicates == 0 and report.clean


# --------------------------------------------------------------------------- the C fast path


def _reference_parse(chunk: bytes) -> tuple[list[str], list[int]]:
    """What a log means, read the simple way: each line alone with the json module and ``from_dict``.

    Returns the events (as their JSON) and the numbers of the lines skipped.
    """
    import json

    from growthcourse.store.events import EventFormatError, from_dict

    def strict(name: str) -> None:
        raise ValueError(name)

    events, skipped = [], []
    *complete, partial = chunk.split(b"\n")
    for number, line in enumerate([*complete, partial], 1):
        try:
            text = line.decode("utf-8")
            if not text.strip():
                continue
            # Whitespace around the value is any that Python knows (a stray \x0b or \u2028 is harmless).
            events.append(to_json(from_dict(json.loads(text.strip(), parse_constant=strict))))
        except (ValueError, EventFormatError, RecursionError):
            skipped.append(number)
    return events, skipped


_texts = st.text(st.characters(blacklist_categories=("Cc",)), max_size=8) | st.sampled_from(["\ud800", "é", "[bold]x"])
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
                     _texts)
_payload = st.dictionaries(st.sampled_from(["exercise", "item", "ticked", "note", "parents"]),
                           _scalars | st.lists(_scalars, max_size=2), max_size=4)
_event = st.builds(
    Event,
    id=st.text("0123456789abcdef", min_size=1, max_size=6),
    device=st.sampled_from(["aaaaaaaaaaaa", "bbbbbbbbbbbb"]),
    course=st.sampled_from(["c1", "c2"]),
    hlc=st.builds(HLC, st.integers(0, 2**66), st.integers(-1, 2**64)),
    wall=_texts,
    type=st.sampled_from([ITEM_TICKED, REFLECTION_SAVED, "from_the_future"]),
    data=_payload,
    v=st.integers(0, 2**65),
)


def _damage(line: str, how: int) -> str:
    """Ways a line gets damaged or written oddly: cut, doubled, split, padded, a BOM, blank."""
    return [
        line,
        line,
        line[: len(line) // 2],
        line + line,
        line[: len(line) // 2] + "\n" + line[len(line) // 2 :],
        "  " + line + " \r",
        "\ufeff" + line,
        "",
        line.replace('"v":', '"v":1.5,"x":'),
        line.replace('"hlc":[', '"hlc":[1,'),
    ][how]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_event, st.integers(0, 9)), max_size=8),
       st.binary(max_size=3) | st.sampled_from(["\x0b", "\u2028", "\x1c", "\xa0"]).map(str.encode), st.booleans())
def test_the_c_reader_reads_exactly_what_a_line_by_line_json_reader_reads(items, noise, newline_at_end) -> None:
    from growthcourse.store.eventlog import _parse_lines
    from growthcourse.store.table import Columns

    text = "\n".join(_damage(to_json(event), how) for event, how in items)
    chunk = text.encode("utf-8", "surrogatepass") + noise + (b"\n" if newline_at_end else b"")
    for share in (None, {}):  # payloads decoded each, or each distinct one once and shared
        columns = Columns()
        rows, skipped, *_ = _parse_lines(Path("log.jsonl"), chunk, 1, columns, share)
        events = [columns.event(row) for part in rows for row in part]
        assert ([to_json(e) for e in events], [s.line for s in skipped]) == _reference_parse(chunk)
