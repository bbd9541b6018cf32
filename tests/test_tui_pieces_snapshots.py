"""Snapshots (80x24) of the lesson text, help and support screens in the harness app.

Update after an intended visual change with ``pytest tests/test_tui_pieces_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/__snapshots__/`` before committing.
"""

from __future__ import annotations

import pytest

from tui_pieces_harness import PiecesApp


def test_lesson_text(snap_compare) -> None:
    assert snap_compare(PiecesApp(), terminal_size=(80, 24))


def test_lesson_text_warm_theme(snap_compare) -> None:
    assert snap_compare(PiecesApp(theme="growthcourse-warm"), terminal_size=(80, 24))


def test_lesson_text_high_contrast_theme(snap_compare) -> None:
    assert snap_compare(PiecesApp(theme="growthcourse-high-contrast"), terminal_size=(80, 24))


def test_lesson_text_no_color(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(PiecesApp(), terminal_size=(80, 24))


def test_help_screen(snap_compare) -> None:
    assert snap_compare(PiecesApp(), press=["f1"], terminal_size=(80, 24))


def test_support_screen(snap_compare) -> None:
    assert snap_compare(PiecesApp(), press=["f2"], terminal_size=(80, 24))


def test_support_screen_scrolled_to_contacts(snap_compare) -> None:
    assert snap_compare(PiecesApp(), press=["f2", "end"], terminal_size=(80, 24))


def test_support_screen_default(snap_compare) -> None:
    assert snap_compare(PiecesApp(support=None), press=["f2"], terminal_size=(80, 24))
