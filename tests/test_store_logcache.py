"""The per-machine parse cache of event logs: the same events and report as parsing every line, always."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cachekit import age, crumb_and_stray
from growthcourse.store import eventlog, stored
from growthcourse.store.datastore import DataStore
from growthcourse.store.eventlog import LogReader, read_events
from growthcourse.store.events import (
    HLC,
    ITEM_TICKED,
    LESSON_OPENED,
    REFLECTION_SAVED,
    Event,
    format_wall,
    from_json,
    to_json,
)
from growthcourse.store.logcache import LogCache, cache_dir
from growthcourse.store.table import Columns

MS = 1_795_680_000_000  # 2026-11-26
LOG = Path("devices") / "aaaaaaaaaaaa" / "events-2026-11.jsonl"
COPY = Path("devices") / "aaaaaaaaaaaa" / "events-2026-11.sync-conflict-20261126-101010-ABCDEFG.jsonl"
OTHER = Path("devices") / "bbbbbbbbbbbb" / "events-2026-11.jsonl"


def ev(n: int, device: str = "aaaaaaaaaaaa") -> Event:
    if n % 3 == 0:
        kind, data = REFLECTION_SAVED, {"exercise": "w1-reflect", "text": f"écrit {n} " * 20, "parents": []}
    elif n % 3 == 1:
        kind, data = LESSON_OPENED, {"module": "week-1", "lesson": f"l{n % 4}"}
    else:
        kind, data = ITEM_TICKED, {"exercise": "w1-list", "item": n % 5, "ticked": n % 2 == 0}
    return Event(f"id{n:06d}{device[:4]}", device, "c1", HLC(MS + n, n % 2), format_wall(MS + n), kind, data)


def lines(events: list[Event]) -> str:
    return "".join(to_json(event) + "\n" for event in events)


def write(path: Path, text: str | bytes, mode: str = "w") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open(path, mode + "b") as handle:
        handle.write(data)


def files_in(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cache(tmp_path: Path) -> LogCache:
    return LogCache(tmp_path / "cache")


class ParseCounter:
    """Wraps ``eventlog._parse_lines`` to record which lines each read really parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.calls: list[tuple[str, int, int]] = []
        real = eventlog._parse_lines

        def counting(path, chunk, first_line, *rest, **options):  # type: ignore[no-untyped-def]
            self.calls.append((Path(path).name, first_line, chunk.count(b"\n")))
            return real(path, chunk, first_line, *rest, **options)

        monkeypatch.setattr(eventlog, "_parse_lines", counting)

    def take(self) -> list[tuple[str, int, int]]:
        calls, self.calls = self.calls, []
        return calls


def cached_read(data: Path, cache: LogCache):  # type: ignore[no-untyped-def]
    """A read by a new process: nothing parsed in memory, only what the cache folder holds."""
    return LogReader(data, cache).read()


def assert_same_as_uncached(data: Path, cache: LogCache) -> list[Event]:
    expected_events, expected_report = read_events(data, cache=False)
    events, report = cached_read(data, cache)
    assert events == expected_events
    assert report == expected_report
    # The events are the same values, field by field, as a parse makes.
    for got, want in zip(events, expected_events):
        assert (got.id, got.device, got.course, got.hlc.ms, got.hlc.counter, got.wall, got.type, got.data, got.v) == (
            want.id, want.device, want.course, want.hlc.ms, want.hlc.counter, want.wall, want.type, want.data, want.v)
    return events


# --------------------------------------------------------------------------- the cases


def test_fresh_file_is_parsed_then_served_from_the_cache(data: Path, cache: LogCache, monkeypatch) -> None:
    write(data / LOG, lines([ev(n) for n in range(30)]))
    counter = ParseCounter(monkeypatch)
    assert len(assert_same_as_uncached(data, cache)) == 30
    assert ("events-2026-11.jsonl", 1, 30) in counter.take()  # cold: every line parsed

    events, _report = cached_read(data, cache)
    assert len(events) == 30
    assert counter.take() == [("events-2026-11.jsonl", 31, 0)]  # warm: nothing left to parse


def test_cache_files_are_private_and_only_in_the_cache_folder(data: Path, cache: LogCache) -> None:
    write(data / LOG, lines([ev(n) for n in range(5)]))
    write(data / OTHER, lines([ev(n, "bbbbbbbbbbbb") for n in range(5)]))
    before = files_in(data)
    cached_read(data, cache)
    cached_read(data, cache)
    assert files_in(data) == before  # nothing new, nothing changed in the synced folder
    entries = sorted(cache.folder.iterdir())
    assert len(entries) == 2 and all(entry.suffix == ".marshal" for entry in entries)
    for entry in entries:
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.folder.stat().st_mode) == 0o700


def test_appended_file_parses_only_the_new_lines(data: Path, cache: LogCache, monkeypatch) -> None:
    write(data / LOG, lines([ev(n) for n in range(20)]))
    cached_read(data, cache)
    write(data / LOG, lines([ev(n) for n in range(20, 23)]), mode="a")
    counter = ParseCounter(monkeypatch)
    events, report = cached_read(data, cache)
    assert counter.take() == [("events-2026-11.jsonl", 21, 3)]
    assert [e.id for e in events] == [ev(n).id for n in range(23)]
    assert report == read_events(data, cache=False)[1]
    counter.take()
    # The entry now covers the appended lines too.
    cached_read(data, cache)
    assert counter.take() == [("events-2026-11.jsonl", 24, 0)]


def test_rewritten_file_of_the_same_length_is_read_again(data: Path, cache: LogCache, monkeypatch) -> None:
    original = lines([ev(n) for n in range(10)])
    write(data / LOG, original)
    cached_read(data, cache)
    changed = original.replace("id000003", "id000099")
    assert len(changed) == len(original) and changed != original
    write(data / LOG, changed)
    counter = ParseCounter(monkeypatch)
    events = assert_same_as_uncached(data, cache)
    assert ("events-2026-11.jsonl", 1, 10) in counter.take()
    assert "id000099aaaa" in {e.id for e in events} and "id000003aaaa" not in {e.id for e in events}


@pytest.mark.parametrize("cut", ["whole lines", "mid-line", "empty"])
def test_truncated_file_is_read_again(data: Path, cache: LogCache, cut: str) -> None:
    text = lines([ev(n) for n in range(12)])
    write(data / LOG, text)
    cached_read(data, cache)
    if cut == "whole lines":
        kept = "".join(text.splitlines(keepends=True)[:7])
    elif cut == "mid-line":
        kept = text[: len(text) // 2]
    else:
        kept = ""
    write(data / LOG, kept)
    events = assert_same_as_uncached(data, cache)
    assert len(events) == kept.count("\n")


def test_conflict_copy_gives_the_same_events_and_report(data: Path, cache: LogCache) -> None:
    write(data / LOG, lines([ev(n) for n in range(10)]))
    write(data / COPY, lines([ev(n) for n in range(5, 14)]))
    cached_read(data, cache)
    assert_same_as_uncached(data, cache)
    _events, report = cached_read(data, cache)
    assert [(c.path.name, c.events, c.new_events) for c in report.conflict_copies] == [(COPY.name, 9, 4)]
    assert len(list(cache.folder.iterdir())) == 2  # the copy has its own entry


def test_garbage_and_partial_lines_are_reported_the_same_from_the_cache(data: Path, cache: LogCache) -> None:
    good = [ev(n) for n in range(6)]
    partial = to_json(ev(6))[:40]
    write(data / LOG, lines(good[:3]) + "this is not json\n" + "\xff\n" + lines(good[3:]) + partial)
    write(data / OTHER, b'{"id": 1}\n' + b"\xff\xfe not utf-8\n")
    _events, cold = cached_read(data, cache)
    events, warm = cached_read(data, cache)
    assert warm == cold == read_events(data, cache=False)[1]
    assert [(s.path.name, s.line) for s in warm.skipped] == [
        (LOG.name, 4), (LOG.name, 5), (LOG.name, 9), (OTHER.name, 1), (OTHER.name, 2)]
    assert len(events) == 6
    # The partial line completes: it is an event now, and the earlier skips are still reported.
    write(data / LOG, to_json(ev(6))[40:] + "\n", mode="a")
    events = assert_same_as_uncached(data, cache)
    assert len(events) == 7


def test_a_whole_last_line_without_newline_is_read_and_never_cached_as_complete(data: Path, cache: LogCache) -> None:
    write(data / LOG, lines([ev(0)]) + to_json(ev(1)))  # the last event lacks only its newline
    assert len(assert_same_as_uncached(data, cache)) == 2
    write(data / LOG, "\n" + lines([ev(2)]), mode="a")
    assert len(assert_same_as_uncached(data, cache)) == 3


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped byte", "empty", "other file's entry"])
def test_a_damaged_cache_entry_is_ignored_and_rebuilt(data: Path, cache: LogCache, damage: str,
                                                     monkeypatch) -> None:
    write(data / LOG, lines([ev(n) for n in range(15)]))
    write(data / OTHER, lines([ev(n, "bbbbbbbbbbbb") for n in range(4)]))
    cached_read(data, cache)
    entry = cache.entry_path(data / LOG)
    raw = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x00garbage" * 10)
    elif damage == "truncated":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped byte":
        flipped = bytearray(raw)
        position = raw.index("écrit".encode("utf-8"))  # inside a reflection's text in the payload
        flipped[position + 2] ^= 0x01
        entry.write_bytes(bytes(flipped))
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        entry.write_bytes(cache.entry_path(data / OTHER).read_bytes())
    counter = ParseCounter(monkeypatch)
    assert len(assert_same_as_uncached(data, cache)) == 19
    assert ("events-2026-11.jsonl", 1, 15) in counter.take()  # parsed whole again
    cached_read(data, cache)
    assert ("events-2026-11.jsonl", 16, 0) in counter.take()  # and the entry was rebuilt


@pytest.mark.parametrize("how", ["parent is a file", "read-only folder"])
def test_an_unwritable_cache_folder_only_means_parsing(data: Path, tmp_path: Path, how: str) -> None:
    write(data / LOG, lines([ev(n) for n in range(8)]))
    if how == "parent is a file":
        (tmp_path / "blocker").write_text("not a folder")
        cache = LogCache(tmp_path / "blocker" / "cache")
    else:
        if os.geteuid() == 0:
            pytest.skip("root can write to a read-only folder")
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o500)
        cache = LogCache(folder)
    assert len(assert_same_as_uncached(data, cache)) == 8
    assert len(assert_same_as_uncached(data, cache)) == 8


def test_a_failing_write_of_the_cache_does_not_fail_the_read(data: Path, cache: LogCache, monkeypatch) -> None:
    write(data / LOG, lines([ev(n) for n in range(8)]))

    def disk_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("growthcourse.store.fsutil.tempfile.mkstemp", disk_full)
    assert len(assert_same_as_uncached(data, cache)) == 8
    assert not cache.folder.exists() or not any(cache.folder.iterdir())


def test_an_unreadable_cache_entry_only_means_parsing(data: Path, cache: LogCache) -> None:
    write(data / LOG, lines([ev(n) for n in range(8)]))
    cached_read(data, cache)
    entry = cache.entry_path(data / LOG)
    entry.unlink()
    entry.mkdir()  # open() fails with IsADirectoryError
    assert len(assert_same_as_uncached(data, cache)) == 8


def test_reader_that_appends_and_rereads_keeps_the_cache_right(data: Path, cache: LogCache) -> None:
    write(data / LOG, lines([ev(n) for n in range(5)]))
    reader = LogReader(data, cache)
    reader.read()
    write(data / LOG, lines([ev(n) for n in range(5, 9)]), mode="a")
    write(data / OTHER, lines([ev(n, "bbbbbbbbbbbb") for n in range(3)]))
    events, report = reader.read()
    assert (events, report) == read_events(data, cache=False)
    assert len(assert_same_as_uncached(data, cache)) == 12


# --------------------------------------------------------------------------- the store uses it


def test_the_store_caches_under_growthcourse_cache_dir_never_in_the_data_folder(tmp_path: Path) -> None:
    assert Path(os.environ["GROWTHCOURSE_CACHE_DIR"]) in cache_dir().parents  # the conftest's per-test folder
    data = tmp_path / "data"
    store = DataStore.open(data, config_dir=tmp_path / "config")
    for n in range(3):
        store.append("c1", LESSON_OPENED, {"module": "m1", "lesson": f"l{n}"})
    (log,) = (data / "devices").rglob("*.jsonl")
    assert DataStore.open(data, config_dir=tmp_path / "config").events("c1") and not cache_dir().exists()  # small
    # A log large enough to be worth caching (eventlog.SMALL_LOG_BYTES).
    big = [to_json(ev(n)) for n in range(eventlog.SMALL_LOG_BYTES // 150)]
    with open(log, "a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in big))
    assert log.stat().st_size >= eventlog.SMALL_LOG_BYTES
    before = files_in(data)
    fresh = DataStore.open(data, config_dir=tmp_path / "config")
    assert [e.id for e in fresh.events("c1")] == [e.id for e in store.events("c1")]
    assert not cache_dir().exists()  # a read does not wait for the cache to be stored...
    assert fresh.save_cache() == 1  # ...the app stores it after its first frame, a command when it ends
    assert files_in(data) == before
    entries = list(cache_dir().iterdir())
    assert len(entries) == 1 and stat.S_IMODE(entries[0].stat().st_mode) == 0o600
    again = DataStore.open(data, config_dir=tmp_path / "config")
    assert again.events("c1") == store.events("c1") and again.report == store.report


def test_a_row_is_the_same_event_as_the_one_added() -> None:
    event = ev(3)
    columns = Columns()
    (row,) = columns.add_events([event])
    built = columns.event(row)
    assert built == event and hash(built.hlc) == hash(event.hlc) and repr(built) == repr(event)
    assert from_json(to_json(event)) == event
    with pytest.raises(AttributeError):
        built.id = "changed"  # type: ignore[misc]


# --------------------------------------------------------------------------- any history


_op = st.one_of(
    st.tuples(st.just("append"), st.integers(1, 6)),
    st.tuples(st.just("garbage"), st.sampled_from(["{not json}\n", "\xff\n", "[]\n", '{"id": 3}\n', "\n"])),
    st.tuples(st.just("partial"), st.integers(1, 60)),
    st.tuples(st.just("rewrite"), st.integers(0, 6)),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("copy"), st.integers(0, 3)),
)


# Files are read a block at a time (``eventlog._BLOCK``, 1 MB): small blocks split lines anywhere.
_block = st.sampled_from([1, 7, 97, 1 << 20])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_op, min_size=1, max_size=8), _block)
def test_any_sequence_of_appends_and_rewrites_reads_as_uncached(tmp_path_factory, ops, block) -> None:  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eventlog, "_BLOCK", block)
        _replay(tmp_path_factory.mktemp("history"), ops)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_op, min_size=1, max_size=8), _block)
def test_any_sequence_reads_as_uncached_with_reflection_texts_left_in_the_log(tmp_path_factory, ops, block) -> None:  # type: ignore[no-untyped-def]
    """As above, in a large history: the reflection texts are left in the log (``store.stored``)
    and every one of them, cached or appended, points at exactly its own line."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eventlog, "_BLOCK", block)
        patch.setattr(eventlog, "SHARE_FROM_BYTES", 0)
        patch.setattr(eventlog, "DEFER_CHARS", 50)
        patch.setattr(stored, "DEFER_CHARS", 50)
        _replay(tmp_path_factory.mktemp("history"), ops, check=_spans_are_exact)


def _spans_are_exact(table) -> None:  # type: ignore[no-untyped-def]
    for row in table.order:
        payload = table.columns.data[row]
        if type(payload) is stored.StoredPayload:
            with open(payload.log.path, "rb") as handle:
                handle.seek(payload.offset)
                assert handle.read(payload.length) == to_json(table.columns.event(row)).encode()


def _replay(root: Path, ops, check=None) -> None:  # type: ignore[no-untyped-def]
    data, cache = root / "data", LogCache(root / "cache")
    live = LogReader(data, cache)  # one long-lived reader too, as the app has
    counter = 0
    for kind, arg in ops:
        path = data / (COPY if kind == "copy" else LOG)
        if kind == "append" or kind == "copy":
            write(path, lines([ev(counter + n) for n in range(max(arg, 1))]), mode="a")
            counter += max(arg, 1)
        elif kind == "garbage":
            write(path, arg, mode="a")
        elif kind == "partial":
            write(path, to_json(ev(counter))[:arg], mode="a")
        elif kind == "rewrite":
            write(path, lines([ev(1000 + counter + n) for n in range(arg)]))
            counter += arg
        else:
            text = path.read_bytes() if path.exists() else b""
            write(path, text[: int(len(text) * arg)])
        assert_same_as_uncached(data, cache)
        os.utime(path, ns=(0, counter))  # a new mtime every step, so the live reader sees each change
        result = live.read()
        assert result == read_events(data, cache=False)
        for name, parsed in live._files.items():  # what tells a later read the file was only appended to
            assert parsed.tail == name.read_bytes()[: parsed.complete][-64:]
        with pytest.MonkeyPatch.context() as whole:  # the file in one block, as small files always are
            whole.setattr(eventlog, "_BLOCK", 1 << 20)
            assert result == read_events(data, cache=False)
        if check is not None:
            check(result[0])
            check(cached_read(data, cache)[0])


# --------------------------------------------------------------------------- lean events


def test_payloads_that_compare_equal_but_are_written_differently_stay_as_written(
    data: Path, cache: LogCache, monkeypatch
) -> None:
    monkeypatch.setattr(eventlog, "SHARE_FROM_BYTES", 0)  # share even in a small data folder
    payloads = [{"exercise": "e1", "item": 1, "ticked": True}, {"exercise": "e1", "item": True, "ticked": 1},
                {"exercise": "e1", "value": 0.0}, {"exercise": "e1", "value": -0.0}, {"exercise": "e1", "value": 0},
                {"exercise": "e1", "item": 1, "ticked": True}, {"exercise": "e1", "note": "x" * 500}]
    written = [Event(f"id{n}", "aaaaaaaaaaaa", "c1", HLC(MS + n, 0), format_wall(MS + n), ITEM_TICKED, payload)
               for n, payload in enumerate(payloads)]
    write(data / LOG, lines(written))
    for _ in range(2):  # cold, then from the cache
        events, _report = cached_read(data, cache)
        assert [to_json(e) for e in events] == [to_json(e) for e in written]
        assert [repr(e.data) for e in events] == [repr(p) for p in payloads]
    # Equal small payloads share one (read-only) dict: that is where the memory goes.
    assert events[0].data is events[5].data and events[0].data is not events[1].data


def test_tests_never_use_the_real_cache_even_after_monkeypatch_undo(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VISUAL", "nano")
    monkeypatch.undo()
    assert "pytest" in os.environ.get("GROWTHCOURSE_CACHE_DIR", "")  # the conftest's folder, still set


def test_a_cache_that_cannot_be_written_is_not_prepared_again(data: Path, tmp_path: Path, monkeypatch) -> None:
    write(data / LOG, lines([ev(n) for n in range(8)]))
    (tmp_path / "blocker").write_text("not a folder")
    cache = LogCache(tmp_path / "blocker" / "cache")
    prepared: list[Path] = []
    monkeypatch.setattr(LogCache, "store", lambda self, path, entry: prepared.append(path) or False)
    reader = LogReader(data, cache)
    assert reader.read() == read_events(data, cache=False)
    write(data / LOG, lines([ev(8)]), mode="a")
    os.utime(data / LOG, ns=(0, 1))
    assert reader.read() == read_events(data, cache=False)
    assert cache.can_store() is False and prepared == []  # no entry built for a folder that cannot exist
    assert not (tmp_path / "blocker" / "cache").exists()


# --------------------------------------------------------------------------- pruning


def test_entries_unused_for_two_months_are_removed_and_used_ones_kept(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    write(data / LOG, lines([ev(n) for n in range(5)]))
    write(data / OTHER, lines([ev(n, "bbbbbbbbbbbb") for n in range(10, 15)]))
    cached_read(data, LogCache(folder))
    gone = data / "devices" / "cccccccccccc" / "events-2026-10.jsonl"  # a log since moved away
    write(gone, lines([ev(n, "cccccccccccc") for n in range(20, 25)]))
    cached_read(data, LogCache(folder))
    stale = LogCache(folder).entry_path(gone)
    gone.unlink()
    used = LogCache(folder).entry_path(data / OTHER)
    age(stale, 61)
    age(used, 61)
    crumb, stray = crumb_and_stray(folder)  # a crash's temp file, and a file not ours

    write(data / LOG, lines([ev(5)]), mode="a")  # the next start: OTHER is used, LOG stored again
    events, _report = cached_read(data, LogCache(folder))

    assert not stale.exists() and not crumb.exists()
    assert used.exists() and stray.exists()
    assert events == read_events(data, cache=False)[0]


def test_pruning_is_best_effort_on_a_missing_folder(tmp_path: Path) -> None:
    assert LogCache(tmp_path / "nowhere").prune() == 0


def test_equal_payloads_of_different_files_share_one_dict_also_from_the_cache(
    data: Path, cache: LogCache, monkeypatch
) -> None:
    """The cache stores each file's payloads once and says which were shared, so a later start
    shares them across files again (2,000 lessons opened on 10 devices: 2,000 dicts, not 20,000)."""
    monkeypatch.setattr(eventlog, "SHARE_FROM_BYTES", 0)
    write(data / LOG, lines([ev(n) for n in range(1, 40)]))
    write(data / OTHER, lines([ev(n, "bbbbbbbbbbbb") for n in range(1, 40)]))
    counter = ParseCounter(monkeypatch)
    for attempt in ("cold", "warm"):
        table, _report = cached_read(data, cache)
        parsed_lines = sum(count for _name, _first, count in counter.take())
        assert parsed_lines == (78 if attempt == "cold" else 0)
        columns = table.columns
        by_device: dict[str, dict[str, int]] = {}
        for row in table.order:
            if columns.type_name(row) == LESSON_OPENED:
                by_device.setdefault(columns.device_id(row), {}).setdefault(repr(columns.data[row]), id(columns.data[row]))
        assert by_device["aaaaaaaaaaaa"] == by_device["bbbbbbbbbbbb"], attempt
        reflections = [columns.data[row] for row in table.rows_of(REFLECTION_SAVED)]
        assert len({id(data) for data in reflections}) == len(reflections)  # long texts are each their own


@pytest.mark.parametrize("block", [1, 7, 97, 250])
def test_a_log_read_a_block_at_a_time_reads_as_in_one_piece(data: Path, cache: LogCache, monkeypatch, block) -> None:
    """Lines cut by blocks anywhere, a damaged and a short last line: the same events, skipped lines
    (with their numbers) and end as one read of the whole file, and the file's true last bytes."""
    text = lines([ev(n) for n in range(5)]) + "{not json}\n" + lines([ev(5)]) + "x\n" + to_json(ev(6))[:40]
    write(data / LOG, text)
    whole = read_events(data, cache=False)
    monkeypatch.setattr(eventlog, "_BLOCK", block)
    reader = LogReader(data, cache)
    assert reader.read() == whole
    (parsed,) = reader._files.values()
    raw = text.encode()
    assert parsed.complete == raw.rfind(b"\n") + 1 and parsed.tail == raw[: parsed.complete][-64:]
    assert [(s.line, s.reason) for s in whole[1].skipped] == [
        (6, "unreadable (not a JSON event)"), (8, "unreadable (not a JSON event)"), (9, eventlog._INCOMPLETE)]
    assert cached_read(data, cache) == whole  # stored from the blocks' hash, read back whole
