"""The help screen (F1): the keys of the screen underneath, the global keys, the data folder.

The keys are read from Textual's live bindings (``Screen.active_bindings`` of
the screen the help was opened from), so the list can never drift from what
the keys really do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

# Friendlier words for Textual's own actions (a learner is not a programmer).
_ACTION_WORDS = {
    "command_palette": "Command palette: jump to a module or lesson, switch theme",
    "app.command_palette": "Command palette: jump to a module or lesson, switch theme",
    "quit": "Quit",
    "app.quit": "Quit",
    "app.focus_next": "Move to the next control",
    "app.focus_previous": "Move to the previous control",
    "focus_next": "Move to the next control",
    "focus_previous": "Move to the previous control",
}

THIS_SCREEN = "On this screen"
EVERYWHERE = "Everywhere"
MOVING = "Moving around"
SECTIONS = (THIS_SCREEN, EVERYWHERE, MOVING)

# Textual's generic screen keys (focus, copy) belong with scrolling, not with the screen's own keys.
_GENERIC_SCREEN_ACTIONS = {binding.action for binding in Binding.make_bindings(Screen.BINDINGS)}


@dataclass(frozen=True)
class KeyHelp:
    """One line of help: the keys (as shown to the learner) and what they do."""

    section: str
    keys: str
    description: str


def key_help(screen: Screen[object]) -> list[KeyHelp]:
    """The bindings active on ``screen`` (its focused widget, itself, the app).

    Sections: ``THIS_SCREEN`` (the screen's own keys), ``EVERYWHERE`` (the
    app's), ``MOVING`` (focus, copy, and the focused widget's keys such as
    scrolling). Within a section, keys shown in the footer come first. Keys
    doing the same thing are merged ("^c / super+c"); bindings without a
    description (internal ones) are left out.
    """
    app = screen.app
    merged: dict[tuple[str, str], list[str]] = {}
    order: dict[tuple[str, str], tuple[int, int, int]] = {}
    for position, active in enumerate(_bindings_in_force(screen)):
        binding = active.binding
        description = _ACTION_WORDS.get(binding.action) or binding.description
        if not description:
            continue
        if isinstance(active.node, App):
            section = EVERYWHERE
        elif isinstance(active.node, Screen) and binding.action not in _GENERIC_SCREEN_ACTIONS:
            section = THIS_SCREEN
        else:
            section = MOVING
        key = (section, description)
        merged.setdefault(key, []).append(app.get_key_display(binding))
        order.setdefault(key, (SECTIONS.index(section), 0 if binding.show else 1, position))
    rows = [KeyHelp(section, " / ".join(keys), description) for (section, description), keys in merged.items()]
    rows.sort(key=lambda row: order[(row.section, row.description)])
    return rows


def _bindings_in_force(screen: Screen[object]) -> list[ActiveBinding]:
    """``screen.active_bindings``, plus the app's priority keys when ``screen`` is modal.

    Textual leaves the app's bindings out of a modal screen's active bindings,
    yet its priority bindings (F1, F2, ctrl+q...) still work there.
    """
    active = dict(screen.active_bindings)
    if screen.is_modal:
        base = screen.app.screen_stack[0]
        for key, binding in base.active_bindings.items():
            if isinstance(binding.node, App) and binding.binding.priority and key not in active:
                active[key] = binding
    return list(active.values())


class HelpScreen(ModalScreen[None]):
    """Keys of the screen it was opened from, global keys, and where the data folder is.

    Args:
        data_dir: The learner's data folder (shown as is), or None if unknown.
        screen: The screen whose keys to list; default: the screen under this one.
    """

    BINDINGS = [Binding("escape", "dismiss", "Close help")]

    _SECTION_IDS = ((THIS_SCREEN, "help-screen"), (EVERYWHERE, "help-global"), (MOVING, "help-moving"))

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > #help-panel {
            width: 100%;
            max-width: 88;
            height: 100%;
            max-height: 40;
            border: round $primary;
            border-title-color: $text-primary;
            border-title-style: bold;
            background: $surface;
        }
        & #help-body { height: 1fr; padding: 0 1; }
        & .help-heading { text-style: bold underline; color: $text-primary; margin-top: 1; }
        & .help-keys { margin-left: 1; }
        & #help-data { margin-left: 1; }
        & #help-moving { margin: 0 0 1 1; }
    }
    """

    def __init__(self, data_dir: Path | str | None, *, screen: Screen[object] | None = None) -> None:
        super().__init__()
        self._data_dir = data_dir
        self._screen = screen

    def compose(self) -> ComposeResult:
        with Vertical(id="help-panel") as panel:
            panel.border_title = "Help"
            with VerticalScroll(id="help-body"):
                for section, widget_id in self._SECTION_IDS[:2]:
                    yield Static(section, classes="help-heading", markup=False)
                    yield Static(id=widget_id, classes="help-keys")
                yield Static("Your data folder", classes="help-heading", markup=False)
                yield Static(self._data_text(), id="help-data")
                section, widget_id = self._SECTION_IDS[2]
                yield Static(section, classes="help-heading", markup=False)
                yield Static(id=widget_id, classes="help-keys")
        yield Footer()

    def on_mount(self) -> None:
        rows = key_help(self._underlying_screen())
        for section, widget_id in self._SECTION_IDS:
            section_rows = [row for row in rows if row.section == section]
            self.query_one(f"#{widget_id}", Static).update(_key_table(section_rows))
        self.query_one("#help-body").focus()

    def _underlying_screen(self) -> Screen[object]:
        if self._screen is not None:
            return self._screen
        stack = self.app.screen_stack
        if self in stack and stack.index(self) > 0:
            return stack[stack.index(self) - 1]
        return self.app.screen_stack[0]

    def _data_text(self) -> Text:
        if self._data_dir is None:
            return Text("Not known yet.")
        text = Text()
        text.append(str(self._data_dir), "bold")
        text.append(
            "\nYour progress and everything you write are kept here, on this machine."
            " Sync this folder (Syncthing, Dropbox, iCloud Drive...) to continue on another one."
        )
        return text


def _key_table(rows: list[KeyHelp]) -> Table | Text:
    if not rows:
        return Text("No keys of its own.")
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for row in rows:
        table.add_row(Text(row.keys), Text(row.description))
    return table
