"""A checklist: tick and untick items (space or enter); each change is recorded."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Label, ListItem, ListView, Static

from growthcourse.course.model import Checklist
from growthcourse.store import events as ev
from growthcourse.tui.exercises.common import ExerciseScreenBase
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.markdown_text import CourseMarkdown


class ChecklistItem(ListItem):
    def __init__(self, index: int, text: str, ticked: bool) -> None:
        super().__init__(id=f"item-{index}")
        self.index = index
        self.text = text
        self.ticked = ticked

    def compose(self) -> ComposeResult:
        # The box apart from the text, so a long item wraps under its own words, not under the box.
        with Horizontal():
            yield Label(self._box(), classes="box")
            yield Label(literal(self.text), classes="text")

    def _box(self) -> Content:
        return Content("[x]" if self.ticked else "[ ]")

    def show(self, ticked: bool) -> None:
        self.ticked = ticked
        self.query_one(".box", Label).update(self._box())


class ChecklistScreen(ExerciseScreenBase):
    AUTO_FOCUS = "#items"
    BINDINGS = [Binding("space", "toggle", "Tick / untick")]
    DEFAULT_CSS = """
    ChecklistScreen {
        #checklist { padding: 0 2; }
        #items { height: auto; margin-top: 1; background: $background; }
        #items ListItem { padding: 0 1; }
        #items Horizontal { height: auto; }
        #items .box { width: 4; }
        #items .text { width: 1fr; }
        #checklist-count { margin-top: 1; color: $text-muted; }
    }
    """

    exercise: Checklist

    def compose(self) -> ComposeResult:
        facts = self.session.state.progress.checklists.get(self.exercise.id)
        yield from self.header()
        with VerticalScroll(id="checklist"):
            yield self.title_widget()
            yield CourseMarkdown(self.exercise.prompt, id="prompt")
            yield ListView(
                *(ChecklistItem(i, text, facts.is_ticked(i) if facts else False)
                  for i, text in enumerate(self.exercise.items)),
                id="items",
            )
            yield Static(id="checklist-count")
            yield self.done_note()
        yield Footer()

    def on_mount(self) -> None:
        self._show_count()

    def _show_count(self) -> None:
        ticked = sum(1 for item in self.query(ChecklistItem) if item.ticked)
        total = len(self.exercise.items)
        words = f"{ticked} of {total} ticked."
        if self.session.exercise_done(self.exercise.id):
            words += " ✓ This checklist is complete."
        self.query_one("#checklist-count", Static).update(Content(words))

    def toggle(self, item: ChecklistItem) -> None:
        ticked = not item.ticked
        data = {"exercise": self.exercise.id, "item": item.index, "ticked": ticked}
        if self.record(ev.ITEM_TICKED, data) or self.session.preview:
            item.show(ticked)
            self._show_count()

    def action_toggle(self) -> None:
        item = self.query_one(ListView).highlighted_child
        if isinstance(item, ChecklistItem):
            self.toggle(item)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, ChecklistItem):
            self.toggle(event.item)
