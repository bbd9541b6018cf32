"""Completing a module in the app records it, so it stays complete if the course grows."""

from __future__ import annotations

from pathlib import Path

from tuikit import FakeClock, event_types, open_store, tui_course

from growthcourse.store import events as ev
from growthcourse.tui.session import Session


def test_the_session_records_a_module_completion_once(tmp_path: Path) -> None:
    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    session = Session(course, store, clock=clock)
    session.start_course()
    assert session.record(ev.REFLECTION_SAVED, {"exercise": "w1-notice", "text": "I noticed the urge.", "parents": []})
    assert session.module("week-one").status == "complete"
    assert event_types(store, course.id).count(ev.MODULE_COMPLETED) == 1

    # Later events do not record it again; a second session on the same folder agrees.
    session.open_lesson("week-one", "pause")
    assert event_types(store, course.id).count(ev.MODULE_COMPLETED) == 1
    again = Session(course, open_store(tmp_path, clock), clock=clock)
    assert again.module("week-one").status == "complete"


def test_preview_records_no_completion(tmp_path: Path) -> None:
    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    session = Session(course, store, clock=clock, preview=True)
    assert not session.record(ev.REFLECTION_SAVED, {"exercise": "w1-notice", "text": "x", "parents": []})
    assert ev.MODULE_COMPLETED not in event_types(store, course.id)
