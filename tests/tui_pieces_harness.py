"""Small harness apps for the TUI pieces (lesson text, help, support), shared by tests and snapshots."""

from __future__ import annotations

import html
import re
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from growthcourse.course.model import Contact, Support
from growthcourse.resources import themes_dir
from growthcourse.tui.screens.help import HelpScreen
from growthcourse.tui.screens.support import SupportScreen
from growthcourse.tui.themes import load_themes
from growthcourse.tui.widgets.lesson_text import LessonText

DATA_DIR = Path("/home/learner/.local/share/growthcourse")

SUPPORT = Support(
    title="Help and support",
    body="You do not have to get through this alone.\n\n**In danger now? Call your local emergency number.**",
    contacts=(
        Contact(
            name="Samaritans",
            phone="116 123",
            url="https://www.samaritans.org",
            region="UK and Ireland",
            hours="24 hours, every day",
            text="Someone to talk to if you are struggling, whatever it is about.",
        ),
        Contact(name="Your counsellor [bold]Jo[/bold]", text="Bring what comes up to your next session."),
    ),
)

LESSON = """\
# Giving space

When someone pulls away, the *urge to fix* can feel **huge**. Read
[the notes](https://example.org/notes).

## What helps

- Notice the urge
  - name it, gently
- Wait a day

> Giving space is not giving up.

| Moment | Try |
|:--|--:|
| Morning | A walk |
"""


class LessonScreen(Screen[None]):
    """Stands in for the shell's lesson screen: a scrollable lesson and a few keys."""

    BINDINGS = [
        Binding("n", "move('next')", "Next lesson"),
        Binding("p", "move('previous')", "Previous lesson"),
        Binding("escape", "move('back')", "Back"),
    ]

    def __init__(self, markdown: str = LESSON) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reader"):
            yield LessonText(self.markdown)
        yield Footer()

    def action_move(self, where: str) -> None:
        self.notify(f"would go {where}")


class PiecesApp(App[None]):
    """F1 opens help, F2 opens support, over a lesson screen; shipped themes registered."""

    BINDINGS = [
        Binding("f1", "help", "Help", priority=True),
        Binding("f2", "support", "Support", priority=True),
    ]

    def __init__(self, support: Support | None = SUPPORT, *, theme: str = "growthcourse-calm", markdown: str = LESSON) -> None:
        super().__init__()
        self.support = support
        self.start_theme = theme
        self.markdown = markdown

    def on_mount(self) -> None:
        for theme in load_themes(themes_dir())[0]:
            self.register_theme(theme)
        self.theme = self.start_theme
        self.push_screen(LessonScreen(self.markdown))

    def compose(self) -> ComposeResult:
        yield Static("")

    def action_help(self) -> None:
        self.push_screen(HelpScreen(DATA_DIR))

    def action_support(self) -> None:
        self.push_screen(SupportScreen(self.support))


_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def screen_lines(app: App[object]) -> list[str]:
    """The screen as text lines, read from the app's own screenshot (what a learner sees).

    Textual's SVG places each run of text at ``x = column * 12.2``.
    """
    rows: dict[float, dict[int, str]] = {}
    for x, y, text in _TEXT.findall(app.export_screenshot()):
        row = rows.setdefault(float(y), {})
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            row[round(float(x) / 12.2) + offset] = char
    lines = []
    for _, row in sorted(rows.items()):
        width = max(row) + 1 if row else 0
        lines.append("".join(row.get(column, " ") for column in range(width)).rstrip())
    return lines
