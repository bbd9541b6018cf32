"""The list of modules on the dashboard: each with a symbol and its state in words.

Few widgets, so that the dashboard paints fast at start-up: every row renders
its own text (no child widgets), and a module in progress draws its progress
bar as text: heavy line for what is done, light line for the rest, so it reads
without colour too. (The module screen shows a ``ProgressBar`` widget.)
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import ListItem, ListView

from growthcourse.progress import ModuleState
from growthcourse.tui.text import literal
from growthcourse.tui.wording import module_state_words, module_symbol

STATUSES = ("locked", "open", "in_progress", "complete")
BAR_WIDTH = 20


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


class ModuleItem(ListItem):
    """One module of the course."""

    DEFAULT_CSS = """
    ModuleItem {
        padding: 0 1;
    }
    """

    def __init__(self, view: ModuleState) -> None:
        super().__init__(id=f"module-{view.id}", classes=f"-{view.status}")
        self.module_id = view.id
        self._view = view
        self._lines = module_lines(view)
        """Built once per state: Textual asks for the renderable several times a frame (width, height, paint)."""

    def render(self) -> Content:
        return self._lines

    @property
    def shown_state(self) -> str:
        """The state in words this item shows (its second line)."""
        return module_state_words(self._view)

    def show(self, view: ModuleState) -> None:
        if view is self._view:
            return  # the state it was made with (the dashboard shows the state when it mounts)
        self._view = view
        self._lines = module_lines(view)
        for status in STATUSES:
            self.set_class(view.status == status, f"-{status}")
        self.refresh(layout=True)


class ContinueItem(ListItem):
    """The first row of the dashboard: continue with the lesson to resume."""

    DEFAULT_CSS = """
    ContinueItem {
        padding: 0 1;
        margin-bottom: 1;
        text-style: bold;
        color: $text-primary;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="continue")
        self._label = Content("")

    def render(self) -> Content:
        return self._label

    def show(self, title: str | None) -> None:
        """Point at the lesson ``title`` (None: nothing to continue with)."""
        self._label = Content("▶ Continue: ") + literal(title) if title else Content("Nothing to continue yet")
        self.set_class(title is None, "-empty")
        self.refresh(layout=True)


class ModuleList(ListView):
    """Continue, then every module of the course, in order (one list: arrows move through all)."""

    def __init__(self, views: list[ModuleState], **kwargs) -> None:
        super().__init__(ContinueItem(), *(ModuleItem(view) for view in views), initial_index=0, **kwargs)

    def show(self, views: list[ModuleState], resume_title: str | None) -> None:
        self.query_one(ContinueItem).show(resume_title)
        for item, view in zip(self.query(ModuleItem), views):
            item.show(view)
