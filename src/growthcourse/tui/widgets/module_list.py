"""The list of modules on the dashboard: each with a symbol and its state in words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ListItem, ListView, ProgressBar

from growthcourse.progress import ModuleState
from growthcourse.tui.text import literal
from growthcourse.tui.wording import module_state_words, module_symbol


class ModuleItem(ListItem):
    """One module: symbol and title on the first line, its state in words below."""

    DEFAULT_CSS = """
    ModuleItem {
        padding: 0 1;
        .title-line { height: auto; }
        .symbol { width: 3; }
        .title { width: 1fr; text-style: bold; }
        .state-line { height: auto; padding-left: 3; }
        .state { width: auto; max-width: 1fr; color: $text-muted; }
        ProgressBar { width: auto; padding-left: 2; display: none; }
        &.-in_progress ProgressBar { display: block; }
        Bar { width: 20; }
        &.-highlight .state { color: auto 80%; }
    }
    """

    def __init__(self, view: ModuleState) -> None:
        super().__init__(id=f"module-{view.module.id}")
        self.module_id = view.id
        self._view = view

    def compose(self) -> ComposeResult:
        with Horizontal(classes="title-line"):
            yield Label(classes="symbol")
            yield Label(literal(self._view.module.title), classes="title")
        with Horizontal(classes="state-line"):
            yield Label(classes="state")
            yield ProgressBar(show_percentage=False, show_eta=False)

    def on_mount(self) -> None:
        self.show(self._view)

    def show(self, view: ModuleState) -> None:
        self._view = view
        for status in ("locked", "open", "in_progress", "complete"):
            self.set_class(view.status == status, f"-{status}")
        self.query_one(".symbol", Label).update(Content(module_symbol(view)))
        self.query_one(".state", Label).update(literal(module_state_words(view)))
        self.query_one(ProgressBar).update(total=max(view.total, 1), progress=view.done)


class ModuleList(ListView):
    """Every module of the course, in order."""

    def __init__(self, views: list[ModuleState], **kwargs) -> None:
        super().__init__(*(ModuleItem(view) for view in views), **kwargs)

    def show(self, views: list[ModuleState]) -> None:
        for item, view in zip(self.query(ModuleItem), views):
            item.show(view)
