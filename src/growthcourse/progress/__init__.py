"""Progress derived from events: the fold of merged events and the gating engine.

Pure Python: no file I/O, no textual. Two steps, both pure::

    from growthcourse.progress import fold, course_state

    progress = fold(course, events)            # events: any order, duplicates fine
    folding = Fold(course, events)             # the same, and folding.extend(new) later
    state = course_state(course, progress, now=datetime.now(timezone.utc))

    for module in state.modules:               # ModuleState, course order
        module.title, module.status_words, module.done, module.total
        module.reason                          # "Complete Week 2 first" / "Opens tomorrow" / None
        for lesson in module.lessons:          # LessonState
            for exercise in lesson.exercises:  # ExerciseState: .complete, .facts, .conflicted
                ...
    state.resume                               # (module id, lesson id) or None
    state.next_step                            # one calm sentence for `status`
    state.next_opening                         # soonest date a locked module opens

- ``fold`` (``fold.py``): events -> ``Progress`` (``facts.py``): per-exercise
  facts (every reflection revision with its device and time, answers, ticks,
  check-ins, practice logs), completions, course start, last lesson opened,
  counsellor unlocks, device names, and ``unknown`` events it could not apply.
- ``is_complete`` (``completion.py``): the one rule for "complete".
- ``course_state`` (``gating.py``): what is locked, open, in progress or
  complete at a given time, and why.
- ``wording.py``: the phrases and local-time helpers the above use.

For export: ``Progress.all_revisions()`` (or ``Progress.reflections[id]
.revisions``; ``orphaned_reflections`` for writing whose exercise is gone),
each ``Revision`` with ``id``, ``parents``, ``text``, ``device``, ``time``
(aware UTC) and ``order_key``; ``Progress.device_label(device)`` names the
device; ``course_state(..., now=progress.last_event_at or <fixed time>)``
gives a state that is identical on every synced device.

Strings here can contain course text; show them without markup parsing.
"""

from growthcourse.progress.completion import is_complete
from growthcourse.progress.facts import (
    Answer,
    CheckIn,
    ChecklistFacts,
    ChoiceFacts,
    Completion,
    ExerciseFacts,
    LessonVisit,
    ModuleCompletion,
    PracticeFacts,
    PracticeLog,
    Progress,
    ReflectionFacts,
    Revision,
    ScaleFacts,
    ShareChange,
    Tick,
    UnknownEvent,
    Unlock,
    count_words,
    event_time,
)
from growthcourse.progress.fold import Fold, completions_to_record, fold, ordered_unique
from growthcourse.progress.gating import (
    STATUS_WORDS,
    CourseState,
    ExerciseState,
    LessonState,
    ModuleState,
    ModuleStatus,
    course_state,
)

__all__ = [
    "completions_to_record",
    "Answer",
    "CheckIn",
    "ChecklistFacts",
    "ChoiceFacts",
    "Completion",
    "CourseState",
    "ExerciseFacts",
    "ExerciseState",
    "LessonState",
    "LessonVisit",
    "ModuleCompletion",
    "ModuleState",
    "ModuleStatus",
    "PracticeFacts",
    "PracticeLog",
    "Progress",
    "ReflectionFacts",
    "Revision",
    "STATUS_WORDS",
    "ScaleFacts",
    "ShareChange",
    "Tick",
    "UnknownEvent",
    "Unlock",
    "count_words",
    "course_state",
    "event_time",
    "Fold",
    "fold",
    "is_complete",
    "ordered_unique",
]
