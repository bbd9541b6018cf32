"""Long reflection texts of a large history are left in their log file and read back exactly as written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursekit import COURSE_ID, make_event, write_course
from growthcourse.course.loader import load_course
from growthcourse.export import export
from growthcourse.progress import Fold
from growthcourse.store import eventlog
from growthcourse.store.events import LESSON_OPENED, PRACTICE_LOGGED, REFLECTION_SAVED, to_json
from growthcourse.store.fsutil import StorageError
from growthcourse.store.logcache import LogCache
from growthcourse.store.stored import DEFER_CHARS, STORED, StoredPayload, TextUnavailable
from growthcourse.store.table import Columns

DEVICE = "aaaaaaaaaaaa"
LOG = Path("devices") / DEVICE / "events-2026-11.jsonl"


def long_text(n: int) -> str:
    """A reflection longer than DEFER_CHARS, with what a writer types: accents, markup, quotes, lines."""
    body = f"Version {n}: I noticed [bold]the urge[/bold] to fix it, \"again\" — and waited.\n" * 12
    assert len(body) >= DEFER_CHARS
    return body


def history(revisions: int = 4) -> list:
    """Revisions of one reflection (each naming the one before), a short one, a lesson and a long note."""
    events, parent = [], None
    for n in range(revisions):
        event = make_event(REFLECTION_SAVED, {"exercise": "hopes", "text": long_text(n),
                                              "parents": [parent] if parent else []},
                           device=DEVICE, ms=1_793_613_600_000 + n * 60_000)
        events.append(event)
        parent = event.id
    later = 1_793_613_600_000 + revisions * 60_000
    events.append(make_event(REFLECTION_SAVED, {"exercise": "extra", "text": "Short.", "parents": []},
                             device=DEVICE, ms=later))
    events.append(make_event(LESSON_OPENED, {"module": "first", "lesson": "start"}, device=DEVICE, ms=later + 1))
    events.append(make_event(PRACTICE_LOGGED, {"exercise": "pause", "note": "n" * (DEFER_CHARS + 5)},
                             device=DEVICE, ms=later + 2))
    return events


def write_log(data: Path, events: list, mode: str = "w") -> Path:
    path = data / LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, mode + "b") as handle:
        handle.write("".join(to_json(event) + "\n" for event in events).encode("utf-8"))
    return path


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read counts as large (``SHARE_FROM_BYTES``): texts are left in the log as in a long history."""
    monkeypatch.setattr(eventlog, "SHARE_FROM_BYTES", 0)


def stored_rows(columns: Columns) -> dict[int, StoredPayload]:
    return {row: data for row, data in enumerate(columns.data) if type(data) is StoredPayload}


def assert_spans_exact(columns: Columns) -> None:
    """Each stored payload's span is exactly its event's line (found where it was read, not looked for)."""
    for row, data in stored_rows(columns).items():
        with open(data.log.path, "rb") as handle:
            handle.seek(data.offset)
            line = handle.read(data.length)
        assert to_json(columns.event(row)).encode("utf-8") == line


def test_a_large_read_leaves_long_reflection_texts_in_the_log_and_reads_them_back_as_written(
    tmp_path: Path, large: None
) -> None:
    written = history()
    write_log(tmp_path, written)
    table, report = eventlog.read_events(tmp_path, cache=False)
    assert report.clean and list(table) == written  # every event as written, texts read back from the file
    columns = table.columns
    stored = stored_rows(columns)
    # Only the long reflection texts: not the short one, not the practice note (shown all together).
    assert sorted(columns.type_name(row) for row in stored) == [REFLECTION_SAVED] * 4
    for data in stored.values():
        assert data["text"] is STORED and data["exercise"] == "hopes" and data.stored_keys == ("text",)
    assert_spans_exact(columns)


def test_a_small_read_keeps_every_text_in_memory(tmp_path: Path) -> None:
    write_log(tmp_path, history())
    table, _report = eventlog.read_events(tmp_path, cache=False)
    assert stored_rows(table.columns) == {}


def test_the_fold_keeps_the_current_text_and_reads_earlier_versions_when_asked(tmp_path: Path, large: None) -> None:
    course = load_course(write_course(tmp_path / "course"))
    written = history()
    write_log(tmp_path / "data", written)
    table, _report = eventlog.read_events(tmp_path / "data", cache=False)
    facts = Fold(course, table.for_course(COURSE_ID)).progress.reflections["hopes"]
    current_row = facts.current._row
    assert type(table.columns.data[current_row]) is dict  # pinned: the editor never needs the file
    assert facts.text == long_text(3) and facts.words == len(long_text(3).split())
    assert [revision.text for revision in facts.revisions] == [long_text(n) for n in range(4)]
    assert len(stored_rows(table.columns)) == 3  # the earlier versions are still only in the file


def test_a_log_replaced_by_a_copy_laid_out_differently_still_gives_every_text(tmp_path: Path, large: None) -> None:
    written = history()
    path = write_log(tmp_path, written)
    table, _report = eventlog.read_events(tmp_path, cache=False)
    # A sync engine replaces the file by another copy: other lines first, so every offset moved.
    replacement = path.with_name("incoming.tmp")
    replacement.write_bytes(b"".join(to_json(e).encode() + b"\n" for e in reversed(written)))
    os.replace(replacement, path)
    assert list(table) == written


def test_a_log_gone_since_the_read_is_named_and_nothing_is_lost(tmp_path: Path, large: None) -> None:
    course = load_course(write_course(tmp_path / "course"))
    written = history()
    path = write_log(tmp_path / "data", written)
    table, _report = eventlog.read_events(tmp_path / "data", cache=False)
    facts = Fold(course, table.for_course(COURSE_ID)).progress.reflections["hopes"]
    kept = path.read_bytes()
    path.unlink()

    assert facts.text == long_text(3)  # the current version is in memory
    with pytest.raises(TextUnavailable) as raised:
        facts.revisions[0].text
    assert isinstance(raised.value, StorageError) and str(path) in str(raised.value)
    assert "Nothing was changed" in str(raised.value) and "open it again" in str(raised.value)
    with pytest.raises(StorageError):  # an export says so rather than leave a version out
        export(course, table.for_course(COURSE_ID), "md")

    path.write_bytes(kept)  # the file is back (a sync finished): everything reads again
    assert facts.revisions[0].text == long_text(0)


def test_a_line_that_no_longer_holds_the_event_is_not_trusted(tmp_path: Path, large: None) -> None:
    written = history(1)
    path = write_log(tmp_path, written)
    table, _report = eventlog.read_events(tmp_path, cache=False)
    (row,) = stored_rows(table.columns)
    # Another event of the same length at the same place (a hand-edited file): its text is not shown instead.
    other = make_event(REFLECTION_SAVED, {"exercise": "hopes", "text": long_text(7), "parents": []},
                       device=DEVICE, ms=written[0].hlc.ms, id=written[0].id[:-1] + "x")
    assert len(to_json(other)) == len(to_json(written[0]))
    lines = path.read_bytes().split(b"\n")
    lines[0] = to_json(other).encode()
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(TextUnavailable, match="no longer holds that event"):
        table.columns.payload(row)


def test_texts_left_in_the_log_come_back_from_the_cache_and_from_appended_lines(tmp_path: Path, large: None) -> None:
    cache = LogCache(tmp_path / "cache", min_bytes=0)
    data = tmp_path / "data"
    written = history()
    write_log(data, written)
    reader = eventlog.LogReader(data, cache)
    assert list(reader.read()[0]) == written and reader.save_cache() == 0  # stored before read() returned

    warm = eventlog.LogReader(data, cache)
    table, _report = warm.read()
    assert list(table) == written and len(stored_rows(table.columns)) == 4
    assert_spans_exact(table.columns)

    more = [make_event(REFLECTION_SAVED, {"exercise": "hopes", "text": long_text(9), "parents": [written[3].id]},
                       device=DEVICE, ms=1_793_700_000_000)]
    write_log(data, more, mode="a")
    os.utime(data / LOG, ns=(0, 1))
    for reader_now in (warm, eventlog.LogReader(data, cache)):  # the live reader, and a new start
        table, _report = reader_now.read()
        assert list(table) == written + more and len(stored_rows(table.columns)) == 5
        assert_spans_exact(table.columns)


def test_a_damaged_list_of_stored_texts_in_a_cache_entry_adds_nothing(tmp_path: Path, large: None) -> None:
    write_log(tmp_path, history())
    table, _report = eventlog.read_events(tmp_path, cache=False)
    columns = table.columns
    segment = columns.segment(range(len(columns)))
    stored = segment[-1]
    assert len(stored) == 4
    number, span, names = stored[0]
    log = next(iter(stored_rows(columns).values())).log
    for bad in ([(number, span, ("missing",))], [(len(segment[12]), span, names)], [(number, -1, names)],
                [(number, span)], "not a list"):
        fresh = Columns()
        with pytest.raises(ValueError):
            fresh.add_segment(segment[:-1] + (bad,), log=log)
        assert len(fresh) == 0
    with pytest.raises(ValueError):
        Columns().add_segment(segment)  # stored texts, but no log to read them from
    again = Columns()
    again.add_segment(segment, log=log)
    assert [again.event(row) for row in range(len(again))] == [columns.event(row) for row in range(len(columns))]


def test_the_fold_itself_never_needs_a_text_left_in_the_log(tmp_path: Path, large: None) -> None:
    """A log gone between the read and the fold (a sync engine at that very moment): the fold
    still gives every module's state and times; only the texts themselves say they cannot be read."""
    course = load_course(write_course(tmp_path / "course"))
    written = history()
    written.append(make_event(REFLECTION_SAVED, {"exercise": "letter", "text": long_text(5), "parents": []},
                              device=DEVICE, ms=1_793_700_000_000))
    path = write_log(tmp_path / "data", written)
    table, _report = eventlog.read_events(tmp_path / "data", cache=False)
    path.unlink()
    progress = Fold(course, table.for_course(COURSE_ID)).progress
    assert set(progress.first_activity) == {"first", "second"} and progress.last_event.id == written[-1].id
    assert progress.last_event_at.isoformat() == "2026-11-03T10:00:00+00:00"
    with pytest.raises(TextUnavailable):
        progress.reflections["letter"].text
