"""A one-line bar at the top of every screen: where you are, and the preview marker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from growthcourse.tui.text import literal


class TopBar(Horizontal):
    """Shows ``where`` (course text, shown literally) and, in preview mode, a PREVIEW marker."""

    DEFAULT_CSS = """
    TopBar {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        #where { width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
        #preview {
            width: auto;
            padding: 0 1;
            background: $warning;
            color: $text-warning;
            text-style: bold;
            background: $warning-muted;
        }
    }
    """

    def __init__(self, where: str, *, preview: bool = False) -> None:
        super().__init__()
        self._where = where
        self._preview = preview

    def compose(self) -> ComposeResult:
        yield Static(literal(self._where), id="where")
        if self._preview:
            yield Static(Content("PREVIEW · records nothing"), id="preview")
