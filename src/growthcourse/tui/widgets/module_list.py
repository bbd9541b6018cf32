"""The list of modules on the dashboard: each with a symbol and its state in words.

Few widgets, so that the dashboard paints fast at start-up: an item renders
its own two lines (symbol and title, then the state in words); only a module
in progress has children, its text and a ``ProgressBar`` beside it.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import ListItem, ListView, ProgressBar, Static

from growthcourse.progress import ModuleState
from growthcourse.tui.text import literal
from growthcourse.tui.wording import module_state_words, module_symbol

STATUSES = ("locked", "open", "in_progress", "complete")


def module_lines(view: ModuleState) -> Content:
    """'◐  Title' over '   In progress · 3 of 7 done' (course text shown literally)."""
    symbol = module_symbol(view)
    pad = " " * max(1, 3 - cell_len(symbol))  # the lock is two cells wide, the others one
    first = Content(symbol + pad) + literal(view.module.title).stylize("bold")
    second = Content("   ") + literal(module_state_words(view)).stylize("$text-muted")
    return Content("\n").join([first, second])


class ModuleItem(ListItem):
    """One module of the course."""

    DEFAULT_CSS = """
    ModuleItem {
        padding: 0 1;
        &.-in_progress { layout: horizontal; }
        & > .text { width: auto; max-width: 1fr; }
        & > ProgressBar { width: auto; margin: 1 0 0 2; }
        & > ProgressBar Bar { width: 20; }
        & > ProgressBar Bar > .bar--bar { background: $foreground 25%; }
    }
    """

    def __init__(self, view: ModuleState) -> None:
        super().__init__(id=f"module-{view.id}", classes=f"-{view.status}")
        self.module_id = view.id
        self._view = view

    @property
    def _with_bar(self) -> bool:
        return self._view.status == "in_progress"

    def compose(self) -> ComposeResult:
        if self._with_bar:
            yield Static(module_lines(self._view), classes="text")
            yield self._bar(self._view)

    def render(self) -> Content:
        return Content("") if self._with_bar else module_lines(self._view)

    @staticmethod
    def _bar(view: ModuleState) -> ProgressBar:
        bar = ProgressBar(total=max(view.total, 1), show_percentage=False, show_eta=False)
        bar.progress = view.done
        return bar

    @property
    def shown_state(self) -> str:
        """The state in words this item shows (its second line)."""
        return module_state_words(self._view)

    def show(self, view: ModuleState) -> None:
        had_bar = self._with_bar
        self._view = view
        for status in STATUSES:
            self.set_class(view.status == status, f"-{status}")
        if self._with_bar != had_bar:
            self.refresh(recompose=True)
        elif self._with_bar:
            self.query_one(".text", Static).update(module_lines(view))
            self.query_one(ProgressBar).update(total=max(view.total, 1), progress=view.done)
        else:
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
