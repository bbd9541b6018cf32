"""The lesson reader: the lesson's text, its exercises, previous and next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, ListItem, ListView, Static

from growthcourse.course.model import Exercise
from growthcourse.progress import ExerciseState
from growthcourse.tui.screens.module import LessonItem
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.top_bar import TopBar
from growthcourse.tui.wording import exercise_kind_words, exercise_state_words, minutes_words


class ExerciseItem(ListItem):
    DEFAULT_CSS = """
    ExerciseItem {
        padding: 0 1;
        Horizontal { height: auto; }
        .mark { width: 3; }
        .label { width: 1fr; }
        .state { width: auto; color: $text-muted; padding-left: 1; }
        &.-highlight .state { color: auto 80%; }
    }
    """

    def __init__(self, exercise: Exercise, state: ExerciseState | None) -> None:
        super().__init__(id=f"exercise-{exercise.id}")
        self.exercise = exercise
        self._state = state

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(classes="mark")
            yield Label(
                Content(f"{exercise_kind_words(self.exercise.kind)}: ") + literal(self.exercise.label),
                classes="label",
            )
            yield Label(classes="state")

    def on_mount(self) -> None:
        self.show(self._state)

    def show(self, state: ExerciseState | None) -> None:
        done = state is not None and state.complete
        self.query_one(".mark", Label).update(Content("✓" if done else "○"))
        self.query_one(".state", Label).update(Content(exercise_state_words(state)))


class LessonScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("n", "next", "Next lesson"),
        Binding("p", "previous", "Previous lesson"),
    ]
    AUTO_FOCUS = "#reader"
    # The text column stays readable; a side panel with the module's lessons appears when wide.
    DEFAULT_CSS = """
    LessonScreen {
        #lesson-layout { height: 1fr; }
        #reader { width: 1fr; padding: 0 2; }
        #lesson-title { text-style: bold; color: $text-primary; margin-top: 1; }
        #lesson-meta { color: $text-muted; }
        #lesson-body { margin-top: 1; max-width: 100; padding: 0; }
        #exercises-title { text-style: bold; margin-top: 1; border-top: solid $primary; padding-top: 1; }
        #exercises { height: auto; margin-top: 1; background: $background; }
        #lesson-nav { height: auto; margin: 1 0; }
        #lesson-nav Button { margin-right: 2; }
        #side-panel { display: none; width: 40; border-right: vkey $primary; padding: 0 1; }
        #side-title { text-style: bold; margin: 1 0; }
        #side-lessons { height: auto; background: $background; }
        &.-wide #side-panel { display: block; }
    }
    """

    def __init__(self, module_id: str, lesson_id: str) -> None:
        super().__init__()
        self.module_id = module_id
        self.lesson_id = lesson_id

    def compose(self) -> ComposeResult:
        session = self.app.session
        module = session.course.module(self.module_id)
        lesson = module.lesson(self.lesson_id)
        number = module.lessons.index(lesson) + 1
        yield TopBar(f"{module.title} › {lesson.title}", preview=session.preview)
        with Horizontal(id="lesson-layout"):
            with Vertical(id="side-panel"):
                yield Static(literal(module.title), id="side-title")
                yield ListView(
                    *(
                        LessonItem(n, item, session.lesson_state(module.id, item.id))
                        for n, item in enumerate(module.lessons, start=1)
                    ),
                    id="side-lessons",
                    initial_index=number - 1,
                )
            with VerticalScroll(id="reader"):
                yield Static(literal(lesson.title), id="lesson-title")
                meta = f"Lesson {number} of {len(module.lessons)}"
                if lesson.minutes:
                    meta += f" · about {minutes_words(lesson.minutes)}"
                yield Static(Content(meta), id="lesson-meta")
                yield self._body(lesson.body)
                if lesson.exercises:
                    yield Static(Content("Exercises"), id="exercises-title")
                    yield ListView(
                        *(ExerciseItem(e, session.exercise_state(e.id)) for e in lesson.exercises),
                        id="exercises",
                    )
                with Horizontal(id="lesson-nav"):
                    yield Button(id="previous", compact=True, classes="action")
                    yield Button(id="next", compact=True, classes="action")
        yield Footer()

    def _body(self, markdown: str):
        from growthcourse.tui.widgets.markdown_text import CourseMarkdown

        return CourseMarkdown(markdown, id="lesson-body")

    def on_mount(self) -> None:
        self._show_neighbours()
        self.watch(self.app, "state_version", self.show_state, init=False)

    def _show_neighbours(self) -> None:
        """Label previous/next with their lessons (a module that opens meanwhile adds a next one)."""
        session = self.app.session
        previous = session.neighbour(self.module_id, self.lesson_id, -1)
        following = session.neighbour(self.module_id, self.lesson_id, +1)
        button = self.query_one("#previous", Button)
        button.label = Content("◀ Previous: ") + literal(previous[1].title) if previous else Content("◀ Previous")
        button.disabled = previous is None
        button = self.query_one("#next", Button)
        button.label = (Content("Next: ") + literal(following[1].title) + Content(" ▶")) if following else Content("Next ▶")
        button.disabled = following is None
        for button in self.query("#lesson-nav Button"):
            button.refresh(layout=True)  # Button.label does not re-measure the button by itself

    def show_state(self, _version: int = 0) -> None:
        session = self.app.session
        self._show_neighbours()
        for item in self.query(ExerciseItem):
            item.show(session.exercise_state(item.exercise.id))
        for item in self.query(LessonItem):
            item.show(session.lesson_state(self.module_id, item.lesson_id))

    def _go(self, step: int) -> None:
        session = self.app.session
        target = session.neighbour(self.module_id, self.lesson_id, step)
        if target is not None:
            self.app.open_lesson(target[0].id, target[1].id, replace=True)
        elif step > 0:
            self.notify(f"This is the last lesson open for now. {session.state.next_step}", markup=False)
        else:
            self.notify("This is the first lesson of the course.", markup=False)

    def action_next(self) -> None:
        self._go(+1)

    def action_previous(self) -> None:
        self._go(-1)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._go(+1 if event.button.id == "next" else -1)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, ExerciseItem):
            self.app.open_exercise(event.item.exercise.id)
        elif isinstance(event.item, LessonItem) and event.item.lesson_id != self.lesson_id:
            self.app.open_lesson(self.module_id, event.item.lesson_id, replace=True)
