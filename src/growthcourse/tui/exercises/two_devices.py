"""A reflection edited on two devices: both versions side by side (stacked when narrow).

The learner keeps one, or takes both into the editor to write them into one.
Either way the editor saves a new revision naming every head as its parent:
the mark clears and nothing is deleted. Returns ("keep", text), ("merge",
text) or None (decide later).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static, TextArea

from growthcourse.course.model import Reflection
from growthcourse.progress import Revision
from growthcourse.tui.exercises.common import when_words
from growthcourse.tui.session import Session
from growthcourse.tui.text import literal


def merged_text(heads: tuple[Revision, ...], session: Session) -> str:
    """Every version one after the other, each under a line naming its device and time."""
    parts = []
    for head in heads:
        device = session.state.progress.device_label(head.device)
        parts.append(f"--- from {device}, {when_words(head.time, session)} ---\n{head.text.rstrip()}")
    return "\n\n".join(parts) + "\n"


class TwoDevicesScreen(ModalScreen[tuple[str, str] | None]):
    AUTO_FOCUS = "#keep-1"
    BINDINGS = [
        Binding("escape", "close", "Decide later"),
        Binding("m", "merge", "Write them into one"),
    ]
    DEFAULT_CSS = """
    TwoDevicesScreen {
        background: $background;
        #two-box { height: 1fr; padding: 0 1; }
        #two-title { text-style: bold; }
        #two-hint { color: $text-muted; }
        #versions { height: 1fr; }
        .version { height: 1fr; }
        .version-head { text-style: bold; }
        .version TextArea { height: 1fr; min-height: 3; }
        .version Button { margin-bottom: 1; }
        #merge { margin-top: 0; }
    }
    TwoDevicesScreen.-wide {
        #versions { layout: horizontal; }
        .version { width: 1fr; margin-right: 1; }
    }
    """

    def __init__(self, exercise: Reflection, session: Session, heads: tuple[Revision, ...]) -> None:
        super().__init__()
        self.exercise = exercise
        self.session = session
        self.heads = heads

    def compose(self) -> ComposeResult:
        progress = self.session.state.progress
        with Vertical(id="two-box"):
            yield Static(Content("Edited on two devices: ") + literal(self.exercise.label), id="two-title")
            yield Static(
                Content("Both versions are kept. Keep one of them, or write them into one (m). "
                        "Either way nothing is deleted."),
                id="two-hint",
            )
            with Vertical(id="versions"):
                for number, head in enumerate(self.heads, start=1):
                    with Vertical(classes="version"):
                        yield Static(
                            literal(f"{number}. {progress.device_label(head.device)} · "
                                    f"{when_words(head.time, self.session)} · {head.words} words"),
                            classes="version-head",
                        )
                        yield TextArea(head.text, read_only=True, soft_wrap=True, id=f"text-{number}")
                        yield Button(f"Keep version {number}", id=f"keep-{number}", compact=True)
            yield Button("Write them into one", id="merge", compact=True)
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "merge":
            self.action_merge()
        elif button_id.startswith("keep-"):
            self.keep(int(button_id.removeprefix("keep-")))

    def keep(self, number: int) -> None:
        self.dismiss(("keep", self.heads[number - 1].text))

    def action_merge(self) -> None:
        self.dismiss(("merge", merged_text(self.heads, self.session)))

    def action_close(self) -> None:
        self.dismiss(None)
