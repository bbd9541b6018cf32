"""How states are put into words and symbols (never colour alone). Calm, no scolding."""

from __future__ import annotations

from datetime import datetime

from growthcourse.progress import ExerciseState, LessonState, ModuleState
from growthcourse.progress.wording import format_day

SYMBOLS = {"complete": "✓", "in_progress": "◐", "open": "○", "locked": "🔒"}


def module_symbol(view: ModuleState) -> str:
    return SYMBOLS.get(view.status, "○")


def done_count(view: ModuleState) -> str:
    return f"{view.done} of {view.total} done"


def module_state_words(view: ModuleState) -> str:
    if view.status == "complete":
        return "Complete"
    if view.status == "in_progress":
        return f"In progress · {done_count(view)}"
    if view.status == "open":
        return "Open · ready when you are"
    return f"Locked · {view.reason}" if view.reason else "Locked"


def opens_at_words(when: datetime) -> str:
    """'Tue 8 Dec 2026 at 00:00' (``when`` is already in the learner's time zone)."""
    return f"{format_day(when.date())} {when.year} at {when.hour:02d}:{when.minute:02d}"


def days_since_start_words(days: int | None) -> str:
    if days is None or days <= 0:
        return "You started this course today."
    if days == 1:
        return "You started this course yesterday."
    return f"You started this course {days} days ago."


def minutes_words(minutes: int | None) -> str:
    return f"{minutes} min" if minutes else ""


KIND_WORDS = {
    "reflection": "Reflection",
    "choice": "Question",
    "checklist": "Checklist",
    "scale": "Check-in",
    "practice": "Practice",
}


def exercise_kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.capitalize())


def exercise_state_words(state: ExerciseState | None) -> str:
    """'done', 'started', 'not yet' (+ 'optional'; + 'edited on two devices' for such a reflection)."""
    if state is None:
        return "not yet"
    words = "done" if state.complete else ("started" if state.facts is not None else "not yet")
    if not state.required:
        words += " · optional"
    if state.conflicted:
        words += " · edited on two devices"
    return words


def lesson_mark(state: LessonState | None) -> str:
    """✓ done, ◐ some of its exercises done, ○ not yet."""
    if state is None:
        return "○"
    if state.complete:
        return "✓"
    return "◐" if state.done > 0 else "○"
