"""Earlier versions of a reflection: each with its device and time; view any, restore one.

Restoring returns the chosen ``Revision``; the editor saves its text as a new
revision (nothing is deleted or rewritten).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from growthcourse.course.model import Reflection
from growthcourse.progress import ReflectionFacts, Revision
from growthcourse.store.fsutil import StorageError
from growthcourse.tui.exercises.common import when_words
from growthcourse.tui.session import Session
from growthcourse.tui.text import literal


def readable_text(revision: Revision) -> tuple[str | None, str | None]:
    """(the revision's text, None), or (None, why it cannot be read now).

    An earlier version of a long history is read from its log file when shown
    (``growthcourse.store.stored``); a log gone since the app read it is said
    in words, never shown as an empty text.
    """
    try:
        return revision.text, None
    except StorageError as error:
        return None, str(error)


def revision_words(revision: Revision, facts: ReflectionFacts, session: Session) -> str:
    """'Thu 26 Nov 2026, 09:00 · Laptop · 120 words · current'."""
    text, _problem = readable_text(revision)
    size = "cannot be read now" if text is None else f"{revision.words} word{'' if revision.words == 1 else 's'}"
    parts = [when_words(revision.time, session), session.state.progress.device_label(revision.device), size]
    if facts.current is not None and revision.id == facts.current.id:
        parts.append("current")
    elif any(revision.id == head.id for head in facts.heads):
        parts.append("also current (other device)")
    return " · ".join(parts)


class RevisionHistoryScreen(ModalScreen[Revision | None]):
    AUTO_FOCUS = "#revisions"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("r", "restore", "Restore this version"),
    ]
    DEFAULT_CSS = """
    RevisionHistoryScreen {
        background: $background 60%;
        #history-box { width: 100%; max-width: 110; height: 1fr; background: $surface; padding: 0 1;
                       border: round $primary; }
        #history-title { text-style: bold; }
        #history-hint { color: $text-muted; }
        #revisions { height: auto; max-height: 7; }
        #revision-text { height: 1fr; min-height: 4; }
    }
    """

    def __init__(self, exercise: Reflection, session: Session, facts: ReflectionFacts) -> None:
        super().__init__()
        self.exercise = exercise
        self.session = session
        self.revisions = list(reversed(facts.revisions))  # newest first
        self.facts = facts

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            yield Static(Content("Earlier versions of “") + literal(self.exercise.label) + Content("”"),
                         id="history-title")
            yield Static(Content(f"{len(self.revisions)} saved, newest first. Nothing here is ever deleted."),
                         id="history-hint")
            yield OptionList(
                *(Option(literal(revision_words(r, self.facts, self.session)), id=r.id) for r in self.revisions),
                id="revisions",
            )
            yield TextArea(self._shown_text(self.revisions[0]), read_only=True, soft_wrap=True, id="revision-text")
            yield Static(Content("Enter or r: restore the highlighted version as a new version · Escape: back"),
                         id="history-keys")
        yield Footer()

    @property
    def highlighted(self) -> Revision | None:
        index = self.query_one(OptionList).highlighted
        return self.revisions[index] if index is not None and 0 <= index < len(self.revisions) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        revision = self.highlighted
        if revision is not None:
            self.query_one("#revision-text", TextArea).load_text(self._shown_text(revision))

    @staticmethod
    def _shown_text(revision: Revision) -> str:
        text, problem = readable_text(revision)
        return text if text is not None else f"(This version cannot be shown now.)\n\n{problem}"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_restore()

    def action_restore(self) -> None:
        revision = self.highlighted
        if revision is not None:
            _text, problem = readable_text(revision)
            if problem is not None:
                self.notify(f"This version cannot be restored now. {problem}", severity="error", markup=False,
                            timeout=15)
                return
        self.dismiss(revision)

    def action_close(self) -> None:
        self.dismiss(None)
