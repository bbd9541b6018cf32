"""The home screen: the course, every module's state, and Continue."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from growthcourse.tui.text import literal
from growthcourse.tui.widgets.module_list import CONTINUE, ModuleList
from growthcourse.tui.widgets.top_bar import TopBar
from growthcourse.tui.wording import days_since_start_words


class DashboardScreen(Screen):
    AUTO_FOCUS = "#modules"  # its first row, Continue, is highlighted
    # The app's width classes (-wide, -narrow) style the lesson and the editors, not
    # this screen: without them its first resize does not restyle every widget again.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = []
    BINDINGS = [
        # Continue is the first row on screen; the footer keeps room for f1 and f2 at 80 columns.
        Binding("c", "continue", "Continue where you left off", show=False),
        Binding("a", "about", "About"),
        Binding("j", "app.journal", "Journal"),
        Binding("g", "app.progress", "Progress"),
    ]

    def compose(self) -> ComposeResult:
        session = self.app.session
        course = session.course
        yield TopBar(course.title, preview=session.preview)
        with Vertical(id="dashboard"):  # the heading stays; a long list of modules scrolls in the room left
            heading = literal(course.title).stylize("bold $text-primary")
            if course.subtitle:
                heading = Content("\n").join([heading, literal(course.subtitle).stylize("$text-muted")])
            yield Static(heading, id="course-heading")
            yield Static(id="since-start")
            yield Static(id="warning", classes="warning")
            yield ModuleList(session.state.modules, self._resume_title(), id="modules")
        yield Footer()

    def on_mount(self) -> None:
        self.show_state()
        self.watch(self.app, "state_version", self.show_state, init=False)

    def _resume_title(self) -> str | None:
        resume = self.app.session.resume()
        return resume[1].title if resume else None

    def show_state(self, _version: int = 0) -> None:
        session = self.app.session
        self.query_one(ModuleList).show(session.state.modules, self._resume_title())
        warning = self.query_one("#warning", Static)
        warning.display = bool(session.warning)
        if session.warning:
            warning.update(literal(f"⚠ {session.warning}"))
        since = self.query_one("#since-start", Static)
        if session.preview:
            since.update(Content("Preview: every module is open and nothing you do is recorded."))
        else:
            since.update(Content(days_since_start_words(session.state.days_since_start)))

    def action_continue(self) -> None:
        resume = self.app.session.resume()
        if resume is not None:
            self.app.open_lesson(resume[0].id, resume[1].id)

    def action_about(self) -> None:
        self.app.open_about()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == CONTINUE:
            self.action_continue()
        elif (module_id := self.query_one(ModuleList).module_of(event.option_id)) is not None:
            self.app.open_module(module_id)
