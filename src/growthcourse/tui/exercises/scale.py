"""A scale check-in: pick a value (arrows, digits, mouse), record it; the series' history beside it."""

from __future__ import annotations

import time

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Footer, Sparkline, Static

from growthcourse.course.model import Scale
from growthcourse.progress import CheckIn
from growthcourse.store import events as ev
from growthcourse.tui.exercises.common import ExerciseScreenBase, day_words, when_words
from growthcourse.tui.session import Session
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.markdown_text import CourseMarkdown

CELL = 4
"""Columns per value on the picker."""


class ScalePicker(Widget, can_focus=True):
    """Values from low to high in a row; the chosen one in brackets and marked below (not by colour)."""

    BINDINGS = [
        Binding("left", "step(-1)", "Less", show=False),
        Binding("right", "step(1)", "More", show=False),
        Binding("home", "edge(-1)", "Lowest", show=False),
        Binding("end", "edge(1)", "Highest", show=False),
        Binding("enter", "submit", "Record check-in"),
    ]
    DEFAULT_CSS = """
    ScalePicker { height: 2; width: auto; text-wrap: nowrap; }
    ScalePicker:focus { background: $boost; }
    """

    value: reactive[int] = reactive(0)

    class Submitted(Message):
        def __init__(self, picker: "ScalePicker", value: int) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

    def __init__(self, low: int, high: int, value: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.low = low
        self.high = high
        self.set_reactive(ScalePicker.value, value)
        self._digits = ""
        self._digit_time = 0.0

    def get_content_width(self, container, viewport) -> int:
        return (self.high - self.low + 1) * CELL

    def get_content_height(self, container, viewport, width) -> int:
        return 2

    def render(self) -> Text:
        numbers = Text()
        marks = Text()
        for value in range(self.low, self.high + 1):
            label = str(value)
            if value == self.value:
                numbers.append(f"[{label}]".center(CELL), style="bold reverse")
                marks.append("▲".center(CELL))
            else:
                numbers.append(f" {label} ".center(CELL))
                marks.append(" " * CELL)
        result = Text("\n").join([numbers, marks])
        result.no_wrap = True
        return result

    def validate_value(self, value: int) -> int:
        return max(self.low, min(self.high, value))

    def action_step(self, delta: int) -> None:
        self.value += delta

    def action_edge(self, side: int) -> None:
        self.value = self.high if side > 0 else self.low

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self, self.value))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            event.stop()
            now = time.monotonic()
            # "1" then "0" quickly gives 10 on a scale that reaches 10.
            typed = self._digits + event.character if now - self._digit_time < 1.0 else event.character
            if not (self.low <= int(typed) <= self.high):
                typed = event.character
            self._digits, self._digit_time = typed, now
            if self.low <= int(typed) <= self.high:
                self.value = int(typed)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.value = self.low + offset.x // CELL
            self.focus()


def history_words(check_ins: list[CheckIn], session: Session, limit: int = 6) -> str:
    """The latest check-ins in words, newest first: 'Thu 26 Nov: 6'."""
    if not check_ins:
        return "No check-ins yet."
    lines = [f"{day_words(c.time, session)}: {c.value}" for c in reversed(check_ins[-limit:])]
    if len(check_ins) > limit:
        lines.append(f"(and {len(check_ins) - limit} earlier)")
    return "\n".join(lines)


class ScaleScreen(ExerciseScreenBase):
    AUTO_FOCUS = "#picker"
    DEFAULT_CSS = """
    ScaleScreen {
        #scale { padding: 0 2; }
        #scale-row { height: auto; margin-top: 1; }
        #scale-left { width: auto; height: auto; margin-right: 2; }
        #labels { margin-top: 1; height: auto; }
        #record { margin-top: 1; }
        #history { width: 1fr; min-width: 24; height: auto; padding: 0 1; border: round $primary; }
        #chart { height: 3; margin-bottom: 1; }
        #scale-status { margin-top: 1; color: $text-muted; }
    }
    """

    exercise: Scale

    def compose(self) -> ComposeResult:
        exercise = self.exercise
        facts = self.session.state.progress.scales.get(exercise.id)
        start = facts.latest.value if facts and facts.latest else (exercise.min + exercise.max) // 2
        yield from self.header()
        with VerticalScroll(id="scale"):
            yield self.title_widget()
            yield CourseMarkdown(exercise.prompt, id="prompt")
            with Horizontal(id="scale-row"):
                with Vertical(id="scale-left"):
                    yield ScalePicker(exercise.min, exercise.max, start, id="picker")
                    yield Static(self._labels(), id="labels")
                    yield Button("Record this check-in", id="record", compact=True)
                with Vertical(id="history"):
                    yield Static(Content("Your check-ins"), id="history-title")
                    yield Sparkline([], id="chart")
                    yield Static(id="history-text")
            yield Static(id="scale-status")
            yield self.done_note()
        yield Footer()

    def _labels(self) -> Content:
        exercise = self.exercise
        lines = [Content(f"{value}: ") + literal(label) for value, label in sorted(exercise.labels.items())]
        hint = Content(f"← → or a digit to choose ({exercise.min} to {exercise.max}), Enter to record.")
        return Content("\n").join([*lines, hint])

    def on_mount(self) -> None:
        self._show_history()

    def _series(self) -> list[CheckIn]:
        return list(self.session.state.progress.series.get(self.exercise.series_key, ()))

    def _show_history(self) -> None:
        series = self._series()
        chart = self.query_one("#chart", Sparkline)
        chart.data = [c.value for c in series] if len(series) > 1 else [c.value for c in series] * 2
        chart.display = bool(series)
        self.query_one("#history-text", Static).update(literal(history_words(series, self.session)))
        facts = self.session.state.progress.scales.get(self.exercise.id)
        status = self.query_one("#scale-status", Static)
        if facts and facts.latest:
            status.update(Content(
                f"Last check-in here: {facts.latest.value}, {when_words(facts.latest.time, self.session)}. "
                "You can check in again whenever you like."
            ))
        else:
            status.update(Content("No check-in here yet."))

    def record_value(self, value: int) -> None:
        if self.record(ev.SCALE_RECORDED, {"exercise": self.exercise.id, "value": value}):
            self.notify(f"Check-in recorded: {value}.", markup=False)
            self._show_history()

    def on_scale_picker_submitted(self, event: ScalePicker.Submitted) -> None:
        event.stop()
        self.record_value(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "record":
            event.stop()
            self.record_value(self.query_one(ScalePicker).value)
