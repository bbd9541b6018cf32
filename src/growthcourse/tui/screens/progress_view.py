"""The progress screen: modules, check-in trends (chart and numbers in text), practice counts,
days since start, and the next opening. Every figure is also written in words (NO_COLOR-safe)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from growthcourse.course.model import Practice, Scale
from growthcourse.progress import CheckIn
from growthcourse.progress.wording import to_local
from growthcourse.tui.exercises.common import day_words
from growthcourse.tui.session import Session
from growthcourse.tui.text import hanging, literal
from growthcourse.tui.widgets.top_bar import TopBar
from growthcourse.tui.wording import days_since_start_words, module_state_words, module_symbol, opens_at_words


def series_words(check_ins: list[CheckIn], session: Session, limit: int = 8) -> str:
    """'4 (Thu 26 Nov) → 6 (Fri 27 Nov) · latest 6, lowest 4, highest 6, 2 check-ins'."""
    values = [c.value for c in check_ins]
    shown = check_ins[-limit:]
    trail = " → ".join(f"{c.value} ({day_words(c.time, session)})" for c in shown)
    if len(check_ins) > limit:
        trail = "… → " + trail
    count = f"{len(values)} check-in{'s' if len(values) != 1 else ''}"
    return f"{trail}\nlatest {values[-1]}, lowest {min(values)}, highest {max(values)}, {count}"


class ProgressScreen(Screen):
    AUTO_FOCUS = "#progress"
    BINDINGS = [Binding("escape", "app.back", "Back")]
    DEFAULT_CSS = """
    ProgressScreen {
        #progress { padding: 0 2; }
        #overview { margin-top: 1; }
        .heading { text-style: bold; color: $text-primary; margin-top: 1; }
        .series-title { margin-top: 1; }
        .chart { height: 2; max-width: 60; }
        .muted { color: $text-muted; }
    }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield TopBar("Your progress", preview=self.session.preview)
        with VerticalScroll(id="progress", can_focus=True):
            yield from self._overview()
            yield from self._modules()
            yield from self._check_ins()
            yield from self._practice()
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "state_version", self._redraw, init=False)

    async def _redraw(self, _version: int = 0) -> None:
        await self.recompose()

    def _overview(self) -> ComposeResult:
        state = self.session.state
        lines = [days_since_start_words(state.days_since_start), f"{state.done} of {state.total} exercises done."]
        if state.next_opening is not None and state.next_opening_module is not None:
            module = state.module(state.next_opening_module)
            when = opens_at_words(to_local(state.next_opening, self.session.tz))
            lines.append(f"Next opening: {module.title if module else ''}, {when}.")
        elif state.complete:
            lines.append("Every module is complete.")
        else:
            lines.append("No module is waiting for a date.")
        yield Static(literal("\n".join(lines)), id="overview")

    def _modules(self) -> ComposeResult:
        yield Static(Content("Modules"), classes="heading")
        rows = [(module_symbol(m), f"{m.title}: {module_state_words(m)}") for m in self.session.state.modules]
        yield Static(hanging(rows), id="module-rows")

    def _check_ins(self) -> ComposeResult:
        progress = self.session.state.progress
        yield Static(Content("Check-ins over time"), classes="heading")
        titles: dict[str, str] = {}
        for exercise in self.session.course.exercises():
            if isinstance(exercise, Scale):
                titles.setdefault(exercise.series_key, exercise.label)
        series = [(key, progress.series[key]) for key in titles if progress.series.get(key)]
        if not series:
            yield Static(Content("No check-ins yet."), classes="muted")
        for key, check_ins in series:
            yield Static(literal(titles[key]), classes="series-title")
            values = [c.value for c in check_ins]
            yield Sparkline(values if len(values) > 1 else values * 2, classes="chart", id=f"chart-{key}")
            yield Static(literal(series_words(check_ins, self.session)), classes="series-words")

    def _practice(self) -> ComposeResult:
        progress = self.session.state.progress
        yield Static(Content("Practice"), classes="heading")
        rows = []
        for exercise in self.session.course.exercises():
            if isinstance(exercise, Practice):
                facts = progress.practices.get(exercise.id)
                done = len(facts.logs) if facts else 0
                mark = "✓" if self.session.exercise_done(exercise.id) else "·"  # the engine decides
                rows.append((mark, f"{exercise.label}: {done} of {exercise.times} times"))
        if rows:
            yield Static(hanging(rows), id="practice-rows")
        else:
            yield Static(Content("This course has no practice to log."), id="practice-rows")
