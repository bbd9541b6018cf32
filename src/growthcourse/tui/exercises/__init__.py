"""One screen per exercise kind; ``exercise_screen`` picks the right one.

    screen = exercise_screen(exercise, session)   # a Screen; push it
"""

from __future__ import annotations

from textual.screen import Screen

from growthcourse.course.model import Exercise
from growthcourse.tui.session import Session


def exercise_screen(exercise: Exercise, session: Session) -> Screen:
    """The screen where the learner does ``exercise`` (reflection, choice, checklist, scale, practice)."""
    if exercise.kind == "reflection":
        from growthcourse.tui.exercises.reflection import ReflectionScreen

        return ReflectionScreen(exercise, session)
    if exercise.kind == "choice":
        from growthcourse.tui.exercises.choice import ChoiceScreen

        return ChoiceScreen(exercise, session)
    if exercise.kind == "checklist":
        from growthcourse.tui.exercises.checklist import ChecklistScreen

        return ChecklistScreen(exercise, session)
    if exercise.kind == "scale":
        from growthcourse.tui.exercises.scale import ScaleScreen

        return ScaleScreen(exercise, session)
    if exercise.kind == "practice":
        from growthcourse.tui.exercises.practice import PracticeScreen

        return PracticeScreen(exercise, session)
    raise ValueError(f"unknown exercise kind {exercise.kind!r}")


__all__ = ["exercise_screen"]
