"""About the course: its description (with credits), author and version.

Also the welcome shown once, the first time a learner opens a course.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.screen import Screen
from textual.widgets import Footer, Static

from growthcourse import __version__
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.course_text import course_text
from growthcourse.tui.widgets.top_bar import TopBar


class CloseAction(Static, can_focus=True):
    """The screen's one action ("Begin" on the welcome, else "Back"): it has focus, and Enter
    or a click closes the screen. The welcome's footer shows Enter for "Begin" (About's
    footer already shows escape for "Back").

    Not a ``Button``: parsing and applying Button's stylesheet (every variant, every
    state) took about 14 ms of a first start, before the welcome could be painted.
    """

    DEFAULT_CSS = """
    CloseAction {
        dock: bottom;
        width: auto;
        min-width: 16;
        margin: 0 2 1 2;
        text-align: center;
        background: $boost;
        &:hover { background: $primary-muted; }
        &:focus { background: $primary; color: $text; text-style: bold underline; }
    }
    """

    def __init__(self, label: str, *, in_footer: bool = True) -> None:
        super().__init__(Content(label), id="close")
        self._bindings.bind("enter", "close", label, show=in_footer)

    def action_close(self) -> None:
        self.app.back()

    def on_click(self, event: Click) -> None:
        event.stop()
        self.app.back()


class AboutScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        # The action has focus; these keys still scroll the text above it.
        Binding("down", "scroll('down')", "Scroll down", show=False),
        Binding("up", "scroll('up')", "Scroll up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "End", show=False),
    ]
    AUTO_FOCUS = "#close"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = []  # no width classes needed here (see DashboardScreen)

    def __init__(self, *, welcome: bool = False) -> None:
        super().__init__()
        self.welcome = welcome

    def compose(self) -> ComposeResult:
        session = self.app.session
        course = session.course
        yield TopBar(f"{course.title} › About", preview=session.preview)
        with VerticalScroll(id="about"):
            if self.welcome:
                yield Static(Content("Welcome"), id="welcome")
            yield Static(literal(course.title), id="course-title")
            if course.subtitle:
                yield Static(literal(course.subtitle), id="course-subtitle")
            if course.description:
                yield course_text(course.description, id="description")
            facts = []
            if course.author:
                facts.append(f"Written by {course.author}")
            if course.version:
                facts.append(f"Course version {course.version}")
            facts.append(f"growthcourse {__version__}")
            yield Static(literal("\n".join(facts)), id="facts")
            if self.welcome:
                yield Static(
                    Content(
                        "Go at your own pace. Some modules open a few days after the one before: "
                        "the pause is part of the course. Press F1 for help at any time, "
                        "and F2 if you need support."
                    ),
                    id="welcome-note",
                    classes="calm-note",
                )
        yield CloseAction("Begin" if self.welcome else "Back", in_footer=self.welcome)
        yield Footer()

    def action_scroll(self, where: str) -> None:
        """Scroll the description (``where`` is a scroll method of the container: down, page_up...)."""
        getattr(self.query_one("#about", VerticalScroll), f"scroll_{where}")()
