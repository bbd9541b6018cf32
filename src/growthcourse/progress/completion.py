"""What "complete" means: the one rule, used by the fold, the gating engine and every screen.

``is_complete(exercise, facts)`` answers for one exercise given its facts
(``None`` when nothing was recorded yet):

- reflection: a saved revision (drafts are never events) with at least
  ``min_words`` words;
- choice: any answer, right or wrong (a learner is never held back; feedback
  teaches);
- checklist: every item ticked (each item ticked at some point: unticking
  later does not undo completion);
- scale: a value recorded;
- practice: logged ``times`` times.

Every rule only ever turns from false to true as events are added, whatever
their order or the device they come from. That is what makes "completion,
once reached, stays" hold by construction, and what lets the fold record the
event that first completed each exercise (``Progress.completions``), whose
wall time is the completion time.

A facts object of the wrong kind (the course changed an exercise's kind after
progress was recorded) never completes it and never raises.
"""

from __future__ import annotations

from growthcourse.course.model import Checklist, Choice, Exercise, Practice, Reflection, Scale
from growthcourse.progress.facts import (
    ChecklistFacts,
    ChoiceFacts,
    ExerciseFacts,
    PracticeFacts,
    ReflectionFacts,
    ScaleFacts,
)


def is_complete(exercise: Exercise, facts: ExerciseFacts | None) -> bool:
    """Whether the recorded facts meet the exercise's completion rule."""
    if facts is None:
        return False
    if isinstance(exercise, Reflection):
        if not isinstance(facts, ReflectionFacts) or not facts.revisions:
            return False
        return exercise.min_words <= 0 or facts.most_words >= exercise.min_words
    if isinstance(exercise, Choice):
        return isinstance(facts, ChoiceFacts) and bool(facts.answers)
    if isinstance(exercise, Checklist):
        return isinstance(facts, ChecklistFacts) and len(facts.ever_ticked) >= len(exercise.items)
    if isinstance(exercise, Scale):
        return isinstance(facts, ScaleFacts) and bool(facts.check_ins)
    if isinstance(exercise, Practice):
        return isinstance(facts, PracticeFacts) and len(facts.logs) >= max(exercise.times, 1)
    return False
