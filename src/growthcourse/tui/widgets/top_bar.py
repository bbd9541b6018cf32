"""A one-line bar at the top of every screen: where you are, and the preview marker."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from growthcourse.tui.text import literal

PREVIEW_MARKER = " PREVIEW · records nothing "


class TopBar(Static):
    """Shows ``where`` (course text, shown literally) and, in preview mode, a PREVIEW marker."""

    DEFAULT_CSS = """
    TopBar {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        padding: 0 0 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, where: str, *, preview: bool = False) -> None:
        self.preview = preview
        text = literal(where)
        if preview:
            # The marker comes first so that a long title can never push it off screen.
            text = Content.styled(PREVIEW_MARKER, "bold reverse") + Content("  ") + text
        super().__init__(text)
