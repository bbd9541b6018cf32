"""A practice log: note what you did in real life; see how many times and the earlier notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Static

from growthcourse.course.model import Practice
from growthcourse.store import events as ev
from growthcourse.tui.exercises.common import ExerciseScreenBase, when_words
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.markdown_text import CourseMarkdown

NOTE_LIMIT = 500


class PracticeScreen(ExerciseScreenBase):
    AUTO_FOCUS = "#note"
    DEFAULT_CSS = """
    PracticeScreen {
        #practice { padding: 0 2; }
        #practice-count { margin-top: 1; text-style: bold; }
        #log-row { height: auto; margin-top: 1; }
        #note { width: 1fr; }
        #log { margin-left: 1; }
        #entries-title { margin-top: 1; color: $text-muted; }
        #entries { height: auto; }
    }
    """

    exercise: Practice

    def compose(self) -> ComposeResult:
        yield from self.header()
        with VerticalScroll(id="practice"):
            yield self.title_widget()
            yield CourseMarkdown(self.exercise.prompt, id="prompt")
            yield Static(id="practice-count")
            with Horizontal(id="log-row"):
                yield Input(placeholder="A short note: what you did, how it went", max_length=NOTE_LIMIT,
                            id="note", compact=True)
                yield Button("Log it", id="log", compact=True)
            yield Static(Content("Earlier entries, newest first"), id="entries-title")
            yield Static(id="entries")
            yield self.done_note()
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        facts = self.session.state.progress.practices.get(self.exercise.id)
        logs = facts.logs if facts else []
        times = self.exercise.times
        count = f"{len(logs)} of {times} time{'s' if times != 1 else ''} done"
        if len(logs) >= times:
            count += " ✓"
        self.query_one("#practice-count", Static).update(Content(count))
        if logs:
            lines = [
                Content(f"• {when_words(log.time, self.session)}: ") + literal(log.note or "(no note)")
                for log in reversed(logs)
            ]
            text = Content("\n").join(lines)
        else:
            text = Content("Nothing logged yet. When you have tried it, come back and note how it went.")
        self.query_one("#entries", Static).update(text)

    def log_entry(self) -> None:
        note_input = self.query_one("#note", Input)
        note = " ".join(note_input.value.split())
        if self.record(ev.PRACTICE_LOGGED, {"exercise": self.exercise.id, "note": note}):
            note_input.value = ""
            self.notify("Logged. Thank you for trying it.", markup=False)
            self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.log_entry()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "log":
            event.stop()
            self.log_entry()
