"""The export: md and html for a person, json complete and deterministic."""

from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from coursekit import BASE_MS, DAY_MS, make_event, write_course
from growthcourse.course.loader import load_course
from growthcourse.course.model import Course
from growthcourse.export import ExportError, export
from growthcourse.store import events as E

UTC = timezone.utc
A, B = "dev-aaaa", "dev-bbbb"
SECRET = "I *hope* <b>we</b> talk & [bold]listen[/bold]\n# not a heading\n\x1b[31mred"


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return load_course(write_course(tmp_path / "course"))


def history() -> list[E.Event]:
    """Two devices working through week one, editing one reflection on both."""
    t = BASE_MS
    return [
        make_event(E.DEVICE_NAMED, {"name": "laptop"}, device=A, ms=t, id="a-name"),
        make_event(E.COURSE_STARTED, device=A, ms=t + 1, id="a-start"),
        make_event(E.LESSON_OPENED, {"module": "first", "lesson": "start"}, device=A, ms=t + 2, id="a-open"),
        make_event(E.SCALE_RECORDED, {"exercise": "mood-1", "value": 3}, device=A, ms=t + 3, id="a-s1"),
        make_event(E.REFLECTION_SAVED, {"exercise": "hopes", "text": SECRET, "parents": []}, device=A,
                   ms=t + 4, id="rev-1"),
        make_event(E.CHOICE_ANSWERED, {"exercise": "move", "option": 0}, device=A, ms=t + 5, id="a-c1"),
        make_event(E.ITEM_TICKED, {"exercise": "steps", "item": 0, "ticked": True}, device=A, ms=t + 6, id="a-t1"),
        make_event(E.PRACTICE_LOGGED, {"exercise": "pause", "note": "Waited an hour <ok>"}, device=A,
                   ms=t + 7, id="a-p1"),
        make_event(E.REFLECTION_SHARED, {"exercise": "hopes", "shared": True}, device=A, ms=t + 8, id="a-sh"),
        make_event(E.DEVICE_NAMED, {"name": "desktop"}, device=B, ms=t + DAY_MS, id="b-name"),
        make_event(E.REFLECTION_SAVED, {"exercise": "hopes", "text": "Written on the desktop", "parents": ["rev-1"]},
                   device=B, ms=t + DAY_MS + 1, id="rev-b"),
        make_event(E.REFLECTION_SAVED, {"exercise": "hopes", "text": "Written on the laptop", "parents": ["rev-1"]},
                   device=A, ms=t + DAY_MS + 2, id="rev-a"),
        make_event(E.SCALE_RECORDED, {"exercise": "mood-1", "value": 7}, device=B, ms=t + 2 * DAY_MS, id="b-s1"),
        make_event(E.REFLECTION_SAVED, {"exercise": "extra", "text": "Private, not shared", "parents": []},
                   device=B, ms=t + 2 * DAY_MS + 1, id="b-extra"),
    ]


def as_json(course: Course, events, **kwargs) -> dict:
    return json.loads(export(course, events, "json", **kwargs))


def exercise(document: dict, exercise_id: str) -> dict:
    for module in document["modules"]:
        for lesson in module["lessons"]:
            for entry in lesson["exercises"]:
                if entry["id"] == exercise_id:
                    return entry
    raise AssertionError(f"{exercise_id} not in export")


# --- json -----------------------------------------------------------------


def test_json_keeps_every_revision_with_device_name_time_and_parents(course: Course) -> None:
    document = as_json(course, history())
    hopes = exercise(document, "hopes")
    assert [r["id"] for r in hopes["revisions"]] == ["rev-1", "rev-b", "rev-a"]
    first = hopes["revisions"][0]
    assert first["text"] == SECRET
    assert first["device"] == A and first["device_name"] == "laptop"
    assert first["time"] == "2026-11-02T10:00:00.004Z"
    assert first["parents"] == []
    assert hopes["revisions"][1]["device_name"] == "desktop"
    assert hopes["revisions"][1]["parents"] == ["rev-1"]
    assert sorted(hopes["heads"]) == ["rev-a", "rev-b"]
    assert hopes["current"] == "rev-a"
    assert hopes["edited_on_two_devices"] is True
    assert hopes["shared"] is True
    assert [c["shared"] for c in hopes["shared_changes"]] == [True]


def test_json_has_answers_ticks_checkins_logs_and_devices(course: Course) -> None:
    document = as_json(course, history())
    move = exercise(document, "move")
    assert [(a["option"], a["text"]) for a in move["answers"]] == [(0, "Text them ten times")]
    assert move["complete"] is True
    steps = exercise(document, "steps")
    assert [i["ticked"] for i in steps["items"]] == [True, False]
    assert [(t["item"], t["ticked"], t["device_name"]) for t in steps["ticks"]] == [(0, True, "laptop")]
    assert steps["complete"] is False
    mood = exercise(document, "mood-1")
    assert [(c["value"], c["device_name"]) for c in mood["checkins"]] == [(3, "laptop"), (7, "desktop")]
    assert mood["series"] == "settled"
    pause = exercise(document, "pause")
    assert [log["note"] for log in pause["logs"]] == ["Waited an hour <ok>"]
    assert pause["complete"] is False  # 1 of 2 times
    assert document["devices"] == [
        {"id": A, "name": "laptop", "events": 10},
        {"id": B, "name": "desktop", "events": 4},
    ]
    first, second = document["modules"]
    assert (first["state"], first["exercises_done"], first["exercises_required"]) == ("in_progress", 3, 5)
    assert second["state"] == "locked" and "Week one" in second["reason"]
    assert document["as_of"] == "2026-11-04T10:00:00.001Z"
    assert document["started"] == "2026-11-02T10:00:00.001Z"


def test_json_is_deterministic_whatever_the_order_duplicates_or_now(course: Course) -> None:
    events = history()
    expected = export(course, events, "json")
    for seed in range(5):
        shuffled = events + events[: seed + 2]
        random.Random(seed).shuffle(shuffled)
        later = datetime(2030, 1, 1, tzinfo=UTC)
        assert export(course, shuffled, "json", now=later, tz=timezone(timedelta(hours=9))) == expected


def test_json_state_is_as_of_the_last_event_not_now(course: Course) -> None:
    # Week one complete; week two opens 7 days later. As of the last event it is still locked,
    # with its opening date, however late the export is made.
    t = BASE_MS
    events = [
        make_event(E.COURSE_STARTED, ms=t),
        make_event(E.SCALE_RECORDED, {"exercise": "mood-1", "value": 5}, ms=t + 1),
        make_event(E.REFLECTION_SAVED, {"exercise": "hopes", "text": "x", "parents": []}, ms=t + 2),
        make_event(E.CHOICE_ANSWERED, {"exercise": "move", "option": 1}, ms=t + 3),
        make_event(E.ITEM_TICKED, {"exercise": "steps", "item": 0, "ticked": True}, ms=t + 4),
        make_event(E.ITEM_TICKED, {"exercise": "steps", "item": 1, "ticked": True}, ms=t + 5),
        make_event(E.PRACTICE_LOGGED, {"exercise": "pause", "note": "one"}, ms=t + 6),
        make_event(E.PRACTICE_LOGGED, {"exercise": "pause", "note": "two"}, ms=t + 7),
    ]
    document = as_json(course, events)
    first, second = document["modules"]
    assert first["state"] == "complete"
    assert first["completed_at"] == "2026-11-02T10:00:00.007Z"
    assert second["state"] == "locked"
    assert second["opens_at"] == "2026-11-09T00:00:00.000Z"
    # md for a person uses the real "now": by then week two is open.
    text = export(course, events, "md", now=datetime(2026, 12, 1, tzinfo=UTC), tz=UTC)
    assert "## Week two\n\n*Open (0 of 2 exercises done)*" in text


def test_json_has_no_local_paths_and_utc_times(course: Course, tmp_path: Path) -> None:
    text = export(course, history(), "json")
    assert str(tmp_path) not in text
    times = re.findall(r'"(?:time|as_of|started|completed_at|opens_at)": "([^"]+)"', text)
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", t) for t in times)
    assert text.endswith("}\n")
    assert json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n" == text


def test_json_keeps_writing_for_exercises_the_course_no_longer_has(course: Course) -> None:
    events = history() + [
        make_event(E.REFLECTION_SAVED, {"exercise": "removed-one", "text": "Old words", "parents": []},
                   ms=BASE_MS + 3 * DAY_MS, id="old"),
    ]
    document = as_json(course, events)
    assert [(o["exercise"], [r["text"] for r in o["revisions"]]) for o in document["orphaned_reflections"]] == [
        ("removed-one", ["Old words"])
    ]
    assert any(u["id"] == "old" and u["data"]["text"] == "Old words" for u in document["unknown"])
    assert "Old words" in export(course, events, "md")


def test_empty_history_exports_cleanly(course: Course) -> None:
    document = as_json(course, [])
    assert document["as_of"] is None and document["devices"] == []
    assert exercise(document, "hopes")["revisions"] == []
    assert "Nothing has been recorded yet." in export(course, [], "md")


# --- filters --------------------------------------------------------------


def test_shared_only_keeps_only_reflections_marked_for_the_session(course: Course) -> None:
    events = history()
    for fmt in ("md", "html", "json"):
        text = export(course, events, fmt, shared_only=True)
        assert "Private, not shared" not in text
        assert "Waited an hour" not in text
        assert "Text them ten times" not in text
        assert "Written on the laptop" in text
    document = as_json(course, events, shared_only=True)
    assert [m["id"] for m in document["modules"]] == ["first"]
    listed = [e["id"] for m in document["modules"] for l in m["lessons"] for e in l["exercises"]]
    assert listed == ["hopes"]
    assert document["scope"] == {"module": None, "shared_only": True}


def test_shared_flag_cleared_later_is_not_exported(course: Course) -> None:
    events = history() + [
        make_event(E.REFLECTION_SHARED, {"exercise": "hopes", "shared": False}, device=B,
                   ms=BASE_MS + 3 * DAY_MS),
    ]
    document = as_json(course, events, shared_only=True)
    assert document["modules"] == []
    assert "Written on the laptop" not in export(course, events, "md", shared_only=True)


def test_module_filter(course: Course) -> None:
    document = as_json(course, history(), module="second")
    assert [m["id"] for m in document["modules"]] == ["second"]
    text = export(course, history(), "md", module="second")
    assert "Week two" in text and "Written on the laptop" not in text
    with pytest.raises(ExportError, match="no module 'nope'.*first, second"):
        export(course, history(), "md", module="nope")


def test_unknown_format_is_refused(course: Course) -> None:
    with pytest.raises(ExportError, match="pdf"):
        export(course, [], "pdf")


# --- md and html ------------------------------------------------------------


def test_markdown_reads_well_and_escapes_learner_text(course: Course) -> None:
    text = export(course, history(), "md", now=datetime(2026, 11, 5, tzinfo=UTC), tz=UTC)
    assert text.startswith("# Steady \\<steps\\> \\& \\[bold\\]care\\[/bold\\]\n")
    assert "Edited on two devices: 2 versions are kept, newest last." in text
    assert "> Written on the desktop\n\nSaved Tue 03 Nov 2026, 10:00 on desktop." in text
    assert "> Written on the laptop\n\nSaved Tue 03 Nov 2026, 10:00 on laptop." in text
    assert "1 earlier version kept" in text
    assert "- [x] Drink water\n- [ ] Call a friend" in text
    assert "Done 1 of 2 times." in text and "Waited an hour \\<ok\\>" in text
    assert "| Wed 04 Nov 2026, 10:00 | 7 |" in text
    assert "Complete “Week one” first." in text
    assert "Marked to bring to the next session." in text
    # the first revision's markup is not in the md (only heads are shown) but escaping holds for heads too
    shared = export(course, history()[:9], "md", tz=UTC)
    assert "> I \\*hope\\* \\<b\\>we\\</b\\> talk \\& \\[bold\\]listen\\[/bold\\]  \n> \\# not a heading" in shared


def test_html_is_self_contained_printable_and_escaped(course: Course) -> None:
    text = export(course, history()[:9], "html", tz=UTC)
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//|file:)""", text)
    assert "@media print" in text
    assert "<b>we</b>" not in text
    assert "I *hope* &lt;b&gt;we&lt;/b&gt; talk &amp; [bold]listen[/bold]\n# not a heading" in text
    assert "Steady &lt;steps&gt; &amp; [bold]care[/bold]" in text
    assert "Waited an hour &lt;ok&gt;" in text


def test_html_has_a_chart_per_series_with_a_point_per_checkin(course: Course) -> None:
    events = history() + [
        make_event(E.SCALE_RECORDED, {"exercise": "mood-2", "value": 9}, device=B, ms=BASE_MS + 9 * DAY_MS),
    ]
    text = export(course, events, "html", tz=UTC)
    charts = re.findall(r"<svg.*?</svg>", text, flags=re.S)
    assert len(charts) == 1  # mood-1 and mood-2 share the "settled" series
    chart = charts[0]
    assert chart.count("<circle") == 3
    assert "<polyline" in chart
    assert "7 on 04 Nov" in chart and "9 on 11 Nov" in chart
    assert [int(v) for v in re.findall(r'text-anchor="middle">(\d+)</text>', chart)] == [3, 7, 9]  # printable
    assert "How settled (0 to 10)" in chart


def test_export_to_file_for_the_app(course: Course, tmp_path: Path) -> None:
    from growthcourse.export import default_file_name, export_to_file

    name = default_file_name(course, "html", datetime(2026, 11, 26, 9, 0))
    assert name == "growthcourse-steady-steps-2026-11-26.html"
    written = export_to_file(course, history(), "html", tmp_path / name, shared_only=True)
    assert written == tmp_path / name
    assert (written.stat().st_mode & 0o777) == 0o600
    assert written.read_text(encoding="utf-8") == export(course, history(), "html", shared_only=True)
