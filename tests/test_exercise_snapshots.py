"""Snapshots (80x24) of every exercise kind, the journal, the progress screen and the two-device view.

Fixed clock, fixed shown data path, fixed device names. Update after an
intended visual change with ``pytest tests/test_exercise_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/__snapshots__/`` before committing.
"""

from __future__ import annotations

import pytest
from exercisekit import FakeClock, exercise_app, exercise_course, open_store
from textual.widgets import Input, TextArea

from growthcourse.store import events as ev

COURSE = "practice-course"


def _app(tmp_path, *, history: bool = False, two_devices: bool = False):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock)
    if history:
        store.append(COURSE, ev.REFLECTION_SAVED, {
            "exercise": "w1-write", "parents": [],
            "text": "When she said she needed space, my chest went tight. I wanted to send a long message."})
        store.append(COURSE, ev.REFLECTION_SHARED, {"exercise": "w1-write", "shared": True})
        clock.advance(days=1)
        store.append(COURSE, ev.PRACTICE_LOGGED,
                     {"exercise": "w1-pause", "note": "Paused before offering a fix, asked how she felt instead."})
        for value in (3, 4, 6, 5, 7):
            store.append(COURSE, ev.SCALE_RECORDED, {"exercise": "w1-settled", "value": value})
            clock.advance(days=1)
        store.append(COURSE, ev.CHOICE_ANSWERED, {"exercise": "w1-quiz", "option": 1})
        store.append(COURSE, ev.ITEM_TICKED, {"exercise": "w1-list", "item": 1, "ticked": True})
    if two_devices:
        desktop = open_store(tmp_path, clock, device="b")
        base = store.append(COURSE, ev.REFLECTION_SAVED,
                            {"exercise": "w1-write", "text": "I felt the urge to fix.", "parents": []})
        desktop.events(COURSE)
        clock.advance(hours=3)
        store.append(COURSE, ev.REFLECTION_SAVED, {
            "exercise": "w1-write", "parents": [base.id],
            "text": "I felt the urge to fix. On the train I noticed it passing after a while."})
        clock.advance(minutes=1)  # a fixed order of the two heads (same time would order by random device id)
        desktop.append(COURSE, ev.REFLECTION_SAVED, {
            "exercise": "w1-write", "parents": [base.id],
            "text": "I felt the urge to fix. At home I wrote her a note and did not send it."})
    return exercise_app(course, open_store(tmp_path, clock), clock, tmp_path)


def _steady(app) -> None:
    """No blinking cursors in a snapshot."""
    for screen in app.screen_stack:
        for widget in screen.query(TextArea):
            widget.cursor_blink = False
        for widget in screen.query(Input):
            widget.cursor_blink = False


def _open(exercise_id: str, *keys: str, wait: float = 0.3):
    async def run_before(pilot):
        pilot.app.open_exercise(exercise_id)
        await pilot.pause(wait)
        if keys:
            await pilot.press(*keys)
        await pilot.pause(wait)
        _steady(pilot.app)
        await pilot.pause()

    return run_before


def test_reflection(snap_compare, tmp_path):
    typing = _open("w1-write", *"I noticed the urge to fix it straight away.")

    async def run_before(pilot):
        await typing(pilot)
        await pilot.pause(1.0)  # past the autosave delay: the draft is written and the status says so
        await pilot.app.screen.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_reflection_wide(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(120, 30), run_before=_open("w1-write"))


def test_revision_history(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(80, 24),
                        run_before=_open("w1-write", "ctrl+r"))


def test_two_devices(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, two_devices=True), terminal_size=(80, 24), run_before=_open("w1-write"))


def test_choice(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(80, 24), run_before=_open("w1-quiz"))


def test_checklist(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(80, 24), run_before=_open("w1-list"))


def test_scale(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(80, 24), run_before=_open("w1-settled"))


def test_practice(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(80, 24), run_before=_open("w1-pause"))


def _screen(action: str):
    async def run_before(pilot):
        await pilot.pause()
        getattr(pilot.app, action)()
        await pilot.pause(0.3)
        _steady(pilot.app)
        await pilot.pause()

    return run_before


def test_journal(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(80, 24), run_before=_screen("action_journal"))


def test_progress(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(80, 24), run_before=_screen("action_progress"))


def test_progress_no_color(snap_compare, tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(_app(tmp_path, history=True), terminal_size=(80, 24), run_before=_screen("action_progress"))


def test_two_devices_wide(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path, two_devices=True), terminal_size=(120, 30), run_before=_open("w1-write"))
