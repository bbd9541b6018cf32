"""One module: its summary and lessons, or, while locked, why and when it opens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, ListItem, ListView, ProgressBar, Static

from growthcourse.course.model import Lesson
from growthcourse.progress import LessonState, ModuleState
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.markdown_text import CourseMarkdown
from growthcourse.tui.widgets.top_bar import TopBar
from growthcourse.tui.wording import lesson_mark, minutes_words, module_state_words, module_symbol, opens_at_words


class LessonItem(ListItem):
    DEFAULT_CSS = """
    LessonItem {
        padding: 0 1;
        Horizontal { height: auto; }
        .mark { width: 3; }
        .title { width: 1fr; }
        .minutes { width: auto; color: $text-muted; padding-left: 1; }
        &.-highlight .minutes { color: auto 80%; }
    }
    """

    def __init__(self, number: int, lesson: Lesson, state: LessonState | None) -> None:
        super().__init__(id=f"lesson-{lesson.id}")
        self.lesson_id = lesson.id
        self._number = number
        self._lesson = lesson
        self._state = state

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(classes="mark")
            yield Label(Content(f"{self._number}. ") + literal(self._lesson.title), classes="title")
            yield Label(Content(minutes_words(self._lesson.minutes)), classes="minutes")

    def on_mount(self) -> None:
        self.show(self._state)

    def show(self, state: LessonState | None) -> None:
        """✓ done, ◐ partly done, ○ not yet (the engine decides what done means)."""
        self._state = state
        self.query_one(".mark", Label).update(Content(lesson_mark(state)))
        self.set_class(state is not None and state.complete, "-done")


class ModuleScreen(Screen):
    BINDINGS = [Binding("escape", "app.back", "Back")]
    AUTO_FOCUS = None  # focused in on_mount: the lessons, or the text of a locked module
    DEFAULT_CSS = """
    ModuleScreen {
        #module { padding: 0 2; }
        #module > * { max-width: 100; }
        #module-title { text-style: bold; color: $text-primary; margin-top: 1; }
        #module-state { color: $text-muted; }
        #module-progress {
            margin-top: 1;
            & Bar { width: 30; }
            & Bar > .bar--bar { background: $foreground 25%; }
        }
        .locked-note { margin-top: 1; padding: 1 2; border: round $warning; }
        #summary { margin-top: 1; padding: 0; }
        #lessons { height: auto; margin-top: 1; background: $background; }
        #lesson-legend { color: $text-muted; margin-top: 1; padding: 0 1; }
    }
    """

    def __init__(self, module_id: str) -> None:
        super().__init__()
        self.module_id = module_id

    @property
    def view(self) -> ModuleState:
        """The engine's state of this module, now."""
        return self.app.session.module(self.module_id)

    def compose(self) -> ComposeResult:
        session = self.app.session
        view = self.view
        module = view.module
        yield TopBar(f"{session.course.title} › {module.title}", preview=session.preview)
        with VerticalScroll(id="module"):
            yield Static(literal(module.title), id="module-title")
            yield Static(id="module-state")
            yield ProgressBar(show_percentage=False, show_eta=False, id="module-progress")
            if view.locked:
                yield Static(id="locked", classes="locked-note")
            else:
                if module.summary:
                    yield CourseMarkdown(module.summary, id="summary")
                yield ListView(
                    *(
                        LessonItem(n, lesson, session.lesson_state(module.id, lesson.id))
                        for n, lesson in enumerate(module.lessons, start=1)
                    ),
                    id="lessons",
                )
                yield Static(Content("✓ done  ◐ partly done  ○ not yet"), id="lesson-legend")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show_state()
        self._focus_default()
        self.watch(self.app, "state_version", self.show_state, init=False)

    def _focus_default(self) -> None:
        lessons = self.query("#lessons")
        (lessons.first() if lessons else self.query_one("#module")).focus()

    async def show_state(self, _version: int = 0) -> None:
        view = self.view
        if view.locked != bool(self.query("#locked")):
            # The module opened (or, after a course change, closed) while shown.
            await self.recompose()
            self._focus_default()
        self.query_one("#module-state", Static).update(
            Content(f"{module_symbol(view)} ") + literal(module_state_words(view))
        )
        bar = self.query_one("#module-progress", ProgressBar)
        bar.display = view.status == "in_progress"
        bar.update(total=max(view.total, 1), progress=view.done)
        if view.locked:
            lines = ["This module is not open yet.", ""]
            if view.opens_at is not None:  # the line above already says "Opens Fri 4 Dec, in 8 days"
                lines.append(f"It opens on {opens_at_words(view.opens_at)}.")
            elif view.reason:
                lines.append(view.reason + ".")
            lines += ["", "There is no hurry: the pause between modules is part of the course."]
            self.query_one("#locked", Static).update(literal("\n".join(lines)))
            return
        session = self.app.session
        for item in self.query(LessonItem):
            item.show(session.lesson_state(self.module_id, item.lesson_id))

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, LessonItem):
            self.app.open_lesson(self.module_id, event.item.lesson_id)
