"""The list of modules on the dashboard: Continue, then each module with a symbol and its state in words.

One ``OptionList`` draws every row (no widget per row), so the dashboard paints
fast at start-up (issue 7, P1). A module in progress draws its progress bar as
text: heavy line for what is done, light line for the rest, so it reads without
colour too. (The module screen shows a ``ProgressBar`` widget.)

Rows are options with ids: ``continue``, then ``module-<module id>``.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from growthcourse.progress import ModuleState
from growthcourse.tui.text import literal
from growthcourse.tui.wording import module_state_words, module_symbol

BAR_WIDTH = 20
CONTINUE = "continue"
_MODULE = "module-"


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> Content:
    """'━━━━━━──────────────': done in the primary colour, the rest in a light line."""
    filled = round(width * done / total) if total > 0 else 0
    filled = min(width, max(0, filled))
    return Content.styled("━" * filled, "bold $primary") + Content.styled("─" * (width - filled), "dim")


def module_lines(view: ModuleState) -> Content:
    """'◐  Title' over '   In progress · 3 of 7 done  ━━━━━───' (course text shown literally)."""
    symbol = module_symbol(view)
    pad = " " * max(1, 3 - cell_len(symbol))  # the lock is two cells wide, the others one
    first = Content(symbol + pad) + literal(view.module.title).stylize("bold")
    second = Content("   ") + literal(module_state_words(view)).stylize("$text-muted")
    if view.status == "in_progress":
        second = second + Content("  ") + progress_bar(view.done, view.total)
    return Content("\n").join([first, second])


def continue_line(title: str | None) -> Content:
    """'▶ Continue: <lesson title>' (shown literally), or a calm line when there is nothing to resume."""
    if title is None:
        return Content("Nothing to continue yet")
    return (Content("▶ Continue: ") + literal(title)).stylize("bold")  # no colour of its own: it is highlighted


def module_option_id(module_id: str) -> str:
    return _MODULE + module_id


class ModuleList(OptionList):
    """Continue, then every module of the course, in order (one list: arrows move through all).

    ``module_of(option_id)`` tells which module a row is (None for Continue);
    ``shown_state(module_id)`` is the state in words a module's row shows.
    """

    DEFAULT_CSS = """
    ModuleList {
        border: none;
        padding: 0;
        background: $background;
        & > .option-list--option { padding: 0 1; }
        &:focus { border: none; background-tint: initial; }
        /* A tinted row, not a block of colour: the muted state words and the progress bar stay readable. */
        & > .option-list--option-highlighted, &:focus > .option-list--option-highlighted {
            background: $primary 30%;
            color: $foreground;
        }
    }
    """

    def __init__(self, views: list[ModuleState], resume_title: str | None = None, **kwargs) -> None:
        self._views = {view.id: view for view in views}
        options = [
            Option(continue_line(resume_title), id=CONTINUE),
            None,  # a rule between Continue and the modules
            *(Option(module_lines(view), id=module_option_id(view.id)) for view in views),
        ]
        super().__init__(*options, markup=False, **kwargs)
        self._resume_title = resume_title

    def module_of(self, option_id: str | None) -> str | None:
        """The module id of a row (None for Continue or an unknown row)."""
        if option_id is not None and option_id.startswith(_MODULE):
            module_id = option_id[len(_MODULE):]
            return module_id if module_id in self._views else None
        return None

    def shown_state(self, module_id: str) -> str | None:
        """The state in words the row of ``module_id`` shows (its second line), None if no such row."""
        view = self._views.get(module_id)
        return module_state_words(view) if view is not None else None

    def show(self, views: list[ModuleState], resume_title: str | None) -> None:
        """Show new states (only the rows that changed are drawn again)."""
        if resume_title != self._resume_title:
            self._resume_title = resume_title
            self.replace_option_prompt(CONTINUE, continue_line(resume_title))
        for view in views:
            old = self._views.get(view.id)
            if old is not view and old != view:
                self._views[view.id] = view
                self.replace_option_prompt(module_option_id(view.id), module_lines(view))
