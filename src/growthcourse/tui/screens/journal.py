"""The journal: every reflection and practice note, newest first, with module, lesson and date.

Filter by text; open any entry in its exercise screen. Reflections marked
"bring to my next session" carry a symbol and the word "shared".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from growthcourse.course.model import Exercise
from growthcourse.tui.exercises.common import when_words
from growthcourse.tui.session import Session
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.top_bar import TopBar

SNIPPET = 150


@dataclass(frozen=True)
class JournalEntry:
    kind: str
    """"reflection" or "practice"."""
    exercise: Exercise
    module_title: str
    lesson_title: str
    time: datetime
    text: str
    shared: bool
    order_key: tuple

    def matches(self, query: str) -> bool:
        words = query.casefold().split()
        haystack = " ".join((self.text, self.exercise.label, self.module_title, self.lesson_title)).casefold()
        return all(word in haystack for word in words)


def journal_entries(session: Session) -> list[JournalEntry]:
    """What the learner wrote: each reflection's current text and each practice note, newest first."""
    progress = session.state.progress
    entries: list[JournalEntry] = []
    for module in session.course.modules:
        for lesson in module.lessons:
            for exercise in lesson.exercises:
                reflection = progress.reflections.get(exercise.id)
                if reflection is not None and reflection.current is not None:
                    current = reflection.current
                    entries.append(JournalEntry("reflection", exercise, module.title, lesson.title, current.time,
                                                current.text, reflection.shared, current.order_key))
                practice = progress.practices.get(exercise.id)
                if practice is not None:
                    for log in practice.logs:
                        entries.append(JournalEntry("practice", exercise, module.title, lesson.title, log.time,
                                                    log.note, False, log.order_key))
    entries.sort(key=lambda entry: (entry.time, entry.order_key), reverse=True)
    return entries


def entry_prompt(entry: JournalEntry, session: Session) -> Content:
    kind = "Reflection" if entry.kind == "reflection" else "Practice note"
    head = Content(f"{when_words(entry.time, session)} · {kind}")
    if entry.shared:
        head += Content(" · ★ shared")
    where = literal(f"{entry.module_title} › {entry.lesson_title} › {entry.exercise.label}", "dim")
    text = " ".join(entry.text.split()) or "(no note)"
    if len(text) > SNIPPET:
        text = text[: SNIPPET - 1].rstrip() + "…"
    return Content("\n").join([head, where, literal(text)])


class JournalScreen(Screen):
    AUTO_FOCUS = "#entries"
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("slash", "filter", "Filter"),
    ]
    DEFAULT_CSS = """
    JournalScreen {
        #journal { padding: 0 2; height: 1fr; }
        #journal-title { text-style: bold; color: $text-primary; margin-top: 1; }
        #journal-filter { margin: 1 0 0 0; }
        #journal-count { color: $text-muted; }
        #entries { height: 1fr; }
        #journal-empty { margin-top: 1; color: $text-muted; }
    }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.entries: list[JournalEntry] = []
        self.shown: list[JournalEntry] = []

    def compose(self) -> ComposeResult:
        yield TopBar("Journal", preview=self.session.preview)
        with Vertical(id="journal"):
            yield Static(Content("Your journal: what you wrote and practised, newest first"), id="journal-title")
            yield Input(placeholder="Filter by text (press / to come here)", id="journal-filter", compact=True)
            yield Static(id="journal-count")
            yield OptionList(id="entries")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_entries()
        self.watch(self.app, "state_version", self.refresh_entries, init=False)

    def refresh_entries(self, _version: int = 0) -> None:
        self.entries = journal_entries(self.session)
        self.show_entries(self.query_one("#journal-filter", Input).value)

    def show_entries(self, query: str) -> None:
        self.shown = [entry for entry in self.entries if entry.matches(query)] if query.strip() else list(self.entries)
        options = self.query_one("#entries", OptionList)
        options.clear_options()
        rows: list[Option | None] = []
        for entry in self.shown:
            if rows:
                rows.append(None)  # a separator line between entries
            rows.append(Option(entry_prompt(entry, self.session)))
        options.add_options(rows)
        if self.shown:
            options.highlighted = 0
        count = self.query_one("#journal-count", Static)
        if not self.entries:
            count.update(Content("Nothing written yet. Reflections and practice notes will gather here."))
        elif query.strip():
            count.update(Content(f"{len(self.shown)} of {len(self.entries)} entries match."))
        else:
            count.update(Content(f"{len(self.entries)} entries. Enter opens one."))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_entries(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#entries", OptionList).focus()

    def action_filter(self) -> None:
        self.query_one("#journal-filter", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.shown[event.option_index]  # separators are not options: indexes match
        self.app.open_exercise(entry.exercise.id)
