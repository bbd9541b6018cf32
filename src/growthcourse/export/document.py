"""The export document: one plain, deterministic dict built from the course and the fold.

``build(course, progress, state, ...)`` is the single source of every export
format: json is this dict dumped with sorted keys; md and html render it.
Nothing here depends on the exporting machine (no paths, no local device, no
clock): two devices that have synced build the same dict. Every rule (what is
complete, what is locked, which revision is current) comes from the progress
engine; this module only lays its answers out.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from growthcourse.course.model import (
    Checklist,
    Choice,
    Course,
    Exercise,
    Practice,
    Reflection,
    Scale,
)
from growthcourse.progress.facts import Progress, Record, ReflectionFacts, Revision, event_time
from growthcourse.progress.gating import CourseState, ModuleState
from growthcourse.store.events import Event

EXPORT_FORMAT = 1


def utc(moment: datetime | None) -> str | None:
    """``2026-11-26T08:13:50.123Z``: UTC, milliseconds, the same on every machine."""
    if moment is None:
        return None
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class ExportError(ValueError):
    """The export cannot be made as asked (e.g. an unknown module id); the message says why."""


def build(
    course: Course,
    progress: Progress,
    state: CourseState,
    *,
    shared_only: bool = False,
    module: str | None = None,
) -> dict[str, Any]:
    """The export document (see docs/export-format.md). Raises ``ExportError`` for an unknown module."""
    if module is not None and course.module(module) is None:
        known = ", ".join(m.id for m in course.modules)
        raise ExportError(f"The course {course.title!r} has no module {module!r}. Its modules are: {known}.")
    return _Builder(course, progress, state, shared_only, module).document()


class _Builder:
    def __init__(
        self, course: Course, progress: Progress, state: CourseState, shared_only: bool, module: str | None
    ) -> None:
        self.course = course
        self.progress = progress
        self.state = state
        self.shared_only = shared_only
        self.module_filter = module

    def document(self) -> dict[str, Any]:
        progress, state = self.progress, self.state
        modules = [
            entry
            for module_state in state.modules
            if self.module_filter in (None, module_state.id)
            for entry in [self.module(module_state)]
            if entry is not None
        ]
        whole = self.module_filter is None
        orphaned = [
            {"exercise": exercise_id, **self.reflection(facts)}
            for exercise_id, facts in sorted(progress.orphaned_reflections.items())
            if whole and (facts.shared or not self.shared_only)
        ]
        unknown = [
            {**self.who(item.event), "type": item.event.type, "data": item.event.data, "reason": item.reason}
            for item in progress.unknown
        ] if whole and not self.shared_only else []
        resume = state.resume
        return {
            "export_format": EXPORT_FORMAT,
            "course": {"id": self.course.id, "title": self.course.title, "version": self.course.version},
            "scope": {"module": self.module_filter, "shared_only": self.shared_only},
            "as_of": utc(progress.last_event_at),
            "started": utc(progress.started_at),
            "devices": [
                {"id": device, "name": progress.device_names.get(device), "events": count}
                for device, count in sorted(progress.device_event_counts.items())
            ],
            "next": {
                "module": resume[0] if resume else None,
                "lesson": resume[1] if resume else None,
                "text": state.next_step,
            },
            "modules": modules,
            "orphaned_reflections": orphaned,
            "unknown": unknown,
        }

    def module(self, module_state: ModuleState) -> dict[str, Any] | None:
        lessons = []
        for lesson_state in module_state.lessons:
            exercises = [
                self.exercise(exercise_state.exercise)
                for exercise_state in lesson_state.exercises
                if not self.shared_only or self._shared(exercise_state.exercise)
            ]
            if exercises or not self.shared_only:
                lessons.append({"id": lesson_state.id, "title": lesson_state.title, "exercises": exercises})
        if self.shared_only and not lessons:
            return None
        return {
            "id": module_state.id,
            "title": module_state.title,
            "state": module_state.status,
            "reason": module_state.reason,
            "opens_at": utc(module_state.opens_at) if module_state.locked else None,
            "completed_at": utc(module_state.completed_at),
            "exercises_required": module_state.total,
            "exercises_done": module_state.done,
            "unlocks": [
                {**self.who(unlock), "reason": unlock.reason}
                for unlock in self.progress.unlocks.get(module_state.id, ())
            ],
            "lessons": lessons,
        }

    def _shared(self, exercise: Exercise) -> bool:
        facts = self.progress.reflections.get(exercise.id)
        return isinstance(exercise, Reflection) and facts is not None and facts.shared

    def who(self, record: Record | Event) -> dict[str, Any]:
        """Which device did it and when: the keys every recorded thing carries."""
        if isinstance(record, Event):
            event, moment = record, event_time(record)
        else:
            event, moment = record.event, record.time
        return {
            "id": event.id,
            "device": event.device,
            "device_name": self.progress.device_names.get(event.device),
            "time": utc(moment),
        }

    # -- exercises ---------------------------------------------------------

    def exercise(self, exercise: Exercise) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": exercise.id,
            "kind": exercise.kind,
            "title": exercise.label,
            "prompt": exercise.text,
            "required": exercise.required,
            "complete": self.progress.completed(exercise.id) is not None,
        }
        facts = self.progress.facts(exercise.id)
        if isinstance(exercise, Reflection):
            entry["min_words"] = exercise.min_words
            entry.update(self.reflection(facts if isinstance(facts, ReflectionFacts) else None))
        elif isinstance(exercise, Choice):
            options = [option.text for option in exercise.options]
            entry["options"] = options
            entry["answers"] = [
                {
                    **self.who(answer),
                    "option": answer.option,
                    "text": options[answer.option] if 0 <= answer.option < len(options) else None,
                }
                for answer in getattr(facts, "answers", ())
            ]
        elif isinstance(exercise, Checklist):
            ticked = getattr(facts, "ticked", {})
            entry["items"] = [
                {"text": text, "ticked": bool(ticked.get(index, False))}
                for index, text in enumerate(exercise.items)
            ]
            entry["ticks"] = [
                {**self.who(tick), "item": tick.item, "ticked": tick.ticked}
                for tick in getattr(facts, "ticks", ())
            ]
        elif isinstance(exercise, Scale):
            entry["min"] = exercise.min
            entry["max"] = exercise.max
            entry["series"] = exercise.series_key
            entry["checkins"] = [
                {**self.who(check_in), "value": check_in.value}
                for check_in in getattr(facts, "check_ins", ())
            ]
        elif isinstance(exercise, Practice):
            entry["times"] = exercise.times
            entry["logs"] = [{**self.who(log), "note": log.note} for log in getattr(facts, "logs", ())]
        return entry

    def revision(self, revision: Revision) -> dict[str, Any]:
        return {
            **self.who(revision),
            "text": revision.text,
            "words": revision.words,
            "parents": list(revision.parents),
        }

    def reflection(self, facts: ReflectionFacts | None) -> dict[str, Any]:
        if facts is None:
            return {
                "revisions": [],
                "heads": [],
                "current": None,
                "edited_on_two_devices": False,
                "shared": False,
                "shared_changes": [],
            }
        return {
            "revisions": [self.revision(revision) for revision in facts.revisions],
            "heads": [head.id for head in facts.heads],
            "current": facts.current.id if facts.current is not None else None,
            "edited_on_two_devices": facts.conflicted,
            "shared": facts.shared,
            "shared_changes": [{**self.who(change), "shared": change.shared} for change in facts.share_changes],
        }
