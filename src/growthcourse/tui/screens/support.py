"""The support screen (F2): who to contact, from the course's ``[support]`` section.

Always reachable in one key. Without a ``[support]`` section a safe default is
shown: emergency services first, then the learner's counsellor and a local
crisis line. Everything from the course is shown literally (no markup).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from growthcourse.course.model import Contact, Support
from growthcourse.tui.widgets.lesson_text import LessonText

DEFAULT_SUPPORT = Support(
    title="Help and support",
    body=(
        "You do not have to get through this alone.\n\n"
        "**If you or someone else is in danger now, call your local emergency number** "
        "(for example 112 in Europe, 911 in North America, 999 in the UK, 000 in Australia).\n\n"
        "If you are struggling to cope, or having thoughts of harming yourself, contact a local "
        "crisis line: they are there to listen, at any hour.\n\n"
        "Your counsellor is part of your support. Tell them what comes up for you in this course."
    ),
    contacts=(
        Contact(
            name="Emergency services",
            phone="Your local emergency number",
            hours="24 hours",
            text="If anyone is in immediate danger, or you fear you might hurt yourself or someone else.",
        ),
        Contact(
            name="Your counsellor",
            text="Tell them how you are doing, and what comes up for you in this course.",
        ),
        Contact(
            name="A local crisis line",
            hours="Most are open day and night",
            text="Search for a crisis or suicide prevention line in your country.",
        ),
    ),
)
"""Shown when a course has no ``[support]`` section."""

_FIELDS = (("phone", "Phone"), ("url", "Web"), ("region", "Where"), ("hours", "When"))


def contact_text(contact: Contact) -> Text:
    """A contact laid out as plain, literal text: name, what it is for, then labelled details."""
    text = Text(no_wrap=False)
    text.append(contact.name, "bold")
    if contact.text:
        text.append("\n" + contact.text)
    for field, label in _FIELDS:
        value = getattr(contact, field)
        if value:
            text.append(f"\n{label + ':':<7}", "bold")
            text.append(value)
    return text


class SupportScreen(ModalScreen[None]):
    """The course's support section with its contacts (or a safe default).

    Args:
        support: The course's ``Support`` (``course.support``), or None for the default.
    """

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    DEFAULT_CSS = """
    SupportScreen {
        align: center middle;
        & > #support-panel {
            width: 100%;
            max-width: 88;
            height: 100%;
            max-height: 48;
            border: round $secondary;
            border-title-color: $text-secondary;
            border-title-style: bold;
            background: $surface;
        }
        & #support-body { height: 1fr; padding: 0 1; }
        & #support-title { text-style: bold; color: $text-primary; margin: 1 1 0 1; }
        & LessonText { margin-top: 1; background: $surface; }
        & .support-contact {
            margin: 1 1 0 1;
            padding: 0 1;
            border-left: outer $secondary;
        }
        & #support-end { height: 1; }
    }
    """

    def __init__(self, support: Support | None) -> None:
        super().__init__()
        self.support = support if support is not None else DEFAULT_SUPPORT

    def compose(self) -> ComposeResult:
        support = self.support
        with Vertical(id="support-panel") as panel:
            panel.border_title = "Support"
            with VerticalScroll(id="support-body"):
                yield Static(Text(support.title), id="support-title")
                if support.body:
                    yield LessonText(support.body)
                for contact in support.contacts:
                    yield Static(contact_text(contact), classes="support-contact")
                yield Static(id="support-end")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#support-body").focus()
