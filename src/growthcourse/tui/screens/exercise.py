"""A plain view of one exercise: its prompt, and a calm note that answering comes later.

The exercises issue replaces this with a screen per exercise kind.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from growthcourse.course.model import Checklist, Choice, Exercise, Practice, Reflection, Scale
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.markdown_text import CourseMarkdown
from growthcourse.tui.widgets.top_bar import TopBar
from growthcourse.tui.wording import exercise_kind_words


def _details(exercise: Exercise) -> list[str]:
    if isinstance(exercise, Choice):
        return [f"  {n}. {option.text}" for n, option in enumerate(exercise.options, start=1)]
    if isinstance(exercise, Checklist):
        return [f"  ☐ {item}" for item in exercise.items]
    if isinstance(exercise, Scale):
        lines = [f"  From {exercise.min} to {exercise.max}."]
        lines += [f"  {value}: {label}" for value, label in sorted(exercise.labels.items())]
        return lines
    if isinstance(exercise, Practice) and exercise.times > 1:
        return [f"  Try it {exercise.times} times before the next module."]
    if isinstance(exercise, Reflection) and exercise.min_words:
        return [f"  About {exercise.min_words} words or more."]
    return []


class ExerciseScreen(Screen):
    BINDINGS = [Binding("escape", "app.back", "Back")]
    AUTO_FOCUS = "#exercise"

    def __init__(self, exercise_id: str) -> None:
        super().__init__()
        self.exercise_id = exercise_id

    def compose(self) -> ComposeResult:
        session = self.app.session
        exercise = session.course.exercise(self.exercise_id)
        kind = exercise_kind_words(exercise.kind)
        yield TopBar(f"{kind}: {exercise.label}", preview=session.preview)
        with VerticalScroll(id="exercise"):
            yield Static(Content(kind + ": ") + literal(exercise.label), id="exercise-title")
            yield CourseMarkdown(exercise.text, id="exercise-prompt")
            details = _details(exercise)
            if details:
                yield Static(literal("\n".join(details)), id="exercise-details")
            if isinstance(exercise, Reflection) and exercise.guidance:
                yield CourseMarkdown(exercise.guidance, id="exercise-guidance")
            yield Static(
                Content(
                    "Answering inside the app comes in the next version of growthcourse. "
                    "For now, take your time with the question: you might think it over, "
                    "or jot your thoughts on paper. Nothing is lost by waiting."
                ),
                id="exercise-note",
                classes="calm-note",
            )
        yield Footer()
