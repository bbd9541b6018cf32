"""A first start does not wait for this machine's log cache: it is stored after the first screen
(the app) or once the command has printed (the CLI), and the next start uses it."""

from __future__ import annotations

from pathlib import Path

from growthcourse import cli
from growthcourse.store import eventlog
from growthcourse.store.events import HLC, LESSON_OPENED, Event, format_wall, new_event_id, to_json
from growthcourse.store.logcache import cache_dir
from tuikit import FakeClock, make_app, open_store, tui_course

MS = 1_795_680_000_000


def _big_log(data: Path, course_id: str) -> Path:
    """Another device's log, large enough to be worth caching (``eventlog.SMALL_LOG_BYTES``)."""
    device = "dddddddddddd"
    log = data / "devices" / device / "events-2026-11.jsonl"
    log.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        to_json(Event(new_event_id(), device, course_id, HLC(MS + n, 0), format_wall(MS + n), LESSON_OPENED,
                      {"module": "elsewhere", "lesson": f"l{n % 7}"}))
        for n in range(eventlog.SMALL_LOG_BYTES // 200 + 1)
    ]
    log.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert log.stat().st_size >= eventlog.SMALL_LOG_BYTES
    return log


def test_a_command_stores_the_cache_after_it_has_done_its_work(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GROWTHCOURSE_CONFIG_DIR", str(tmp_path / "config"))
    data = tmp_path / "data"
    _big_log(data, "fix-it-to-growth")
    assert cli.main(["status", "--data-dir", str(data)]) == 0
    assert "fix-it-to-growth" not in capsys.readouterr().err
    assert len(list(cache_dir().glob("*.marshal"))) == 1

    counted: list[int] = []
    real = eventlog._parse_lines

    def counting(path, chunk, first_line, *rest, **options):  # type: ignore[no-untyped-def]
        counted.append(chunk.count(b"\n"))
        return real(path, chunk, first_line, *rest, **options)

    monkeypatch.setattr(eventlog, "_parse_lines", counting)
    assert cli.main(["status", "--data-dir", str(data)]) == 0
    assert sum(counted) == 0  # the second command read the big log from the cache


async def test_the_app_stores_the_cache_once_its_first_screen_is_painted(tmp_path: Path) -> None:
    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    _big_log(store.data_dir, course.id)
    app = make_app(course, store, clock, tmp_path)
    assert not cache_dir().exists()  # reading the history for the first screen stored nothing
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert len(list(cache_dir().glob("*.marshal"))) == 1
