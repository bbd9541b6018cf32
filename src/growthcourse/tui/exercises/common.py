"""What every exercise screen shares: the header, recording through the session, the calm
"module complete" message, and time in words.

Screens never decide what is complete or open: they ask the session's state
(``growthcourse.progress``) before and after recording.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from growthcourse.course.model import Exercise
from growthcourse.progress import CourseState
from growthcourse.progress.wording import format_day, quoted, to_local
from growthcourse.tui.session import Session
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.top_bar import TopBar
from growthcourse.tui.wording import exercise_kind_words


def when_words(moment: datetime, session: Session) -> str:
    """'Thu 26 Nov 2026, 09:00' in the learner's time zone."""
    local = to_local(moment, session.tz)
    return f"{format_day(local.date())} {local.year}, {local.hour:02d}:{local.minute:02d}"


def day_words(moment: datetime, session: Session) -> str:
    """'Thu 26 Nov' (with the year when it is not this year)."""
    local = to_local(moment, session.tz)
    today = to_local(session.state.now, session.tz).date()
    return format_day(local.date(), today)


def module_done_message(state: CourseState, module_id: str) -> str:
    """A calm sentence for finishing a module's last required exercise, and what opens next."""
    module = state.module(module_id)
    title = quoted(module.title) if module is not None else "this module"
    text = f"That was the last exercise of {title}. Well done for taking your time with it."
    if state.complete:
        return text + " You have completed every module of the course."
    following = [m for m in state.modules if module_id in m.module.after]
    if not following:
        index = next((i for i, m in enumerate(state.modules) if m.id == module_id), None)
        rest = state.modules[index + 1:] if index is not None else ()
        following = [m for m in rest if not m.complete][:1]
    for nxt in following:
        if nxt.is_open:
            return text + f" {quoted(nxt.title)} is open whenever you are ready."
        if nxt.reason:
            reason = nxt.reason[0].lower() + nxt.reason[1:]
            return text + f" {quoted(nxt.title)} {reason}. There is no hurry: let this week settle."
    return text


class ExerciseScreenBase(Screen):
    """One exercise, full screen. Subclasses compose ``body()``; escape goes back."""

    BINDINGS = [Binding("escape", "leave", "Back")]

    DEFAULT_CSS = """
    ExerciseScreenBase {
        #exercise-title { text-style: bold; color: $text-primary; margin-top: 1; height: auto; }
        CourseMarkdown { padding: 0; }  /* prompt and guidance line up with the title */
        .module-done { margin: 1 2 0 2; padding: 0 1; border: round $success; height: auto; display: none; }
        .module-done.-shown { display: block; }
    }
    """

    def __init__(self, exercise: Exercise, session: Session) -> None:
        super().__init__()
        self.exercise = exercise
        self.session = session

    @property
    def title_words(self) -> str:
        return f"{exercise_kind_words(self.exercise.kind)}: {self.exercise.label}"

    def header(self) -> ComposeResult:
        module = self.session.course.module(self.exercise.module_id)
        where = f"{module.title} › {self.exercise.label}" if module else self.exercise.label
        yield TopBar(where, preview=self.session.preview)

    def title_widget(self) -> Static:
        return Static(Content(exercise_kind_words(self.exercise.kind) + ": ") + literal(self.exercise.label),
                      id="exercise-title")

    def done_note(self) -> Static:
        return Static("", id="module-done", classes="module-done", markup=False)

    def record(self, type_: str, data: dict, *, say_failure: bool = True) -> bool:
        """Record one event through the session; tell the learner when a module is now complete
        (and when it could not be saved, unless the caller says so in its own words)."""
        session = self.session
        if session.preview:
            self.notify("Preview: nothing is recorded.", markup=False)
            return False
        module_id = self.exercise.module_id
        before = session.state.module(module_id)
        was_complete = before is not None and before.complete
        if not session.record(type_, data):
            if not say_failure:
                return False
            self.notify(session.warning or "This could not be saved.", title="Not saved", severity="warning",
                        markup=False, timeout=12)
            return False
        self.app.state_version += 1
        after = session.state.module(module_id)
        if after is not None and after.complete and not was_complete:
            message = module_done_message(session.state, module_id)
            self.notify(message, title="Module complete", markup=False, timeout=15)
            for note in self.query("#module-done"):
                note.update(literal(message))
                note.add_class("-shown")
        return True

    def action_leave(self) -> None:
        self.app.back()
