"""Builders shared by the progress tests (this file holds no tests).

    from test_progress_kit import Device, build_course, module, lesson, reflection, at

Courses are built in memory from the model dataclasses. ``Device`` writes
events the way a real device does: a hybrid logical clock that never goes
backwards and jumps past every event it has ``receive``d, and a wall clock
that is whatever the test says (so a machine can be a day ahead).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from growthcourse.course.model import (
    Checklist,
    Choice,
    Course,
    Exercise,
    Lesson,
    Module,
    Option,
    Practice,
    Reflection,
    Scale,
)
from growthcourse.store import events as ev
from growthcourse.store.events import HLC, Event

UTC = timezone.utc
COURSE_ID = "test-course"


def at(text: str) -> datetime:
    """An aware UTC time from "2026-12-01 09:30"."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def reflection(id: str, *, min_words: int = 0, required: bool = True) -> Reflection:
    return Reflection(id=id, prompt=f"Write about {id}", min_words=min_words, required=required)


def choice(id: str, *, options: int = 2, required: bool = True, correct: int | None = None) -> Choice:
    return Choice(
        id=id,
        question=f"Question {id}?",
        options=tuple(Option(text=f"option {n}", correct=(n == correct)) for n in range(options)),
        required=required,
    )


def checklist(id: str, *, items: int = 3, required: bool = True) -> Checklist:
    return Checklist(id=id, prompt=f"Tick {id}", items=tuple(f"item {n}" for n in range(items)), required=required)


def scale(id: str, *, series: str | None = None, required: bool = True, low: int = 0, high: int = 10) -> Scale:
    return Scale(id=id, prompt=f"How is {id}?", min=low, max=high, series=series, required=required)


def practice(id: str, *, times: int = 1, required: bool = True) -> Practice:
    return Practice(id=id, prompt=f"Do {id}", times=times, required=required)


def lesson(id: str, *exercises: Exercise, title: str | None = None) -> Lesson:
    return Lesson(id=id, title=title or f"Lesson {id}", body="Some text.", exercises=tuple(exercises))


def module(
    id: str,
    *lessons: Lesson,
    after: Iterable[str] = (),
    min_days: int = 0,
    opens_on_day: int = 0,
    title: str | None = None,
) -> Module:
    return Module(
        id=id,
        title=title or f"Module {id}",
        file=f"{id}.toml",
        lessons=tuple(lessons),
        after=tuple(after),
        min_days=min_days,
        opens_on_day=opens_on_day,
    )


def build_course(*modules: Module, id: str = COURSE_ID) -> Course:
    """A course with module_id/lesson_id filled in, as the loader does."""
    fixed = []
    for m in modules:
        lessons = []
        for l in m.lessons:
            exercises = tuple(dataclasses.replace(e, module_id=m.id, lesson_id=l.id) for e in l.exercises)
            lessons.append(dataclasses.replace(l, exercises=exercises, module_id=m.id))
        fixed.append(dataclasses.replace(m, lessons=tuple(lessons)))
    return Course(id=id, title="Test course", modules=tuple(fixed))


def weekly_course(weeks: int = 3, min_days: int = 7) -> Course:
    """Week 1..N, each after the previous with ``min_days``; one lesson with a choice each."""
    modules = []
    for n in range(1, weeks + 1):
        modules.append(
            module(
                f"w{n}",
                lesson(f"w{n}l1", choice(f"w{n}-q")),
                after=(f"w{n - 1}",) if n > 1 else (),
                min_days=min_days if n > 1 else 0,
                title=f"Week {n}",
            )
        )
    return build_course(*modules)


def wall_text(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds, as ``Event.wall`` is written."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}Z"


class Device:
    """A device writing events with a hybrid logical clock."""

    def __init__(self, id: str, *, course: str = COURSE_ID, skew: timedelta = timedelta(0)) -> None:
        self.id = id
        self.course = course
        self.skew = skew
        self.ms = 0
        self.counter = 0
        self.serial = 0
        self.written: list[Event] = []

    def receive(self, events: Iterable[Event]) -> None:
        """Advance the clock past every event read (as a device does on load)."""
        for event in events:
            if (event.hlc.ms, event.hlc.counter) > (self.ms, self.counter):
                self.ms, self.counter = event.hlc.ms, event.hlc.counter

    def event(self, type: str, data: dict[str, Any] | None = None, *, when: datetime, course: str | None = None) -> Event:
        """An event written at true time ``when`` (the device's wall clock adds its skew)."""
        wall = when + self.skew
        wall_ms = int(wall.timestamp() * 1000)
        if wall_ms > self.ms:
            self.ms, self.counter = wall_ms, 0
        else:
            self.counter += 1
        self.serial += 1
        event = Event(
            id=f"{self.id}-{self.serial:05d}",
            device=self.id,
            course=course or self.course,
            hlc=HLC(self.ms, self.counter),
            wall=wall_text(wall),
            type=type,
            data=dict(data or {}),
        )
        self.written.append(event)
        return event

    # Shorthands for the event types.
    def start(self, when: datetime) -> Event:
        return self.event(ev.COURSE_STARTED, {}, when=when)

    def named(self, name: str, when: datetime) -> Event:
        return self.event(ev.DEVICE_NAMED, {"name": name}, when=when)

    def open(self, module_id: str, lesson_id: str, when: datetime) -> Event:
        return self.event(ev.LESSON_OPENED, {"module": module_id, "lesson": lesson_id}, when=when)

    def answer(self, exercise: str, option: int, when: datetime) -> Event:
        return self.event(ev.CHOICE_ANSWERED, {"exercise": exercise, "option": option}, when=when)

    def tick(self, exercise: str, item: int, when: datetime, ticked: bool = True) -> Event:
        return self.event(ev.ITEM_TICKED, {"exercise": exercise, "item": item, "ticked": ticked}, when=when)

    def rate(self, exercise: str, value: int, when: datetime) -> Event:
        return self.event(ev.SCALE_RECORDED, {"exercise": exercise, "value": value}, when=when)

    def log(self, exercise: str, note: str, when: datetime) -> Event:
        return self.event(ev.PRACTICE_LOGGED, {"exercise": exercise, "note": note}, when=when)

    def save(self, exercise: str, text: str, when: datetime, parents: Iterable[str] = ()) -> Event:
        return self.event(
            ev.REFLECTION_SAVED, {"exercise": exercise, "text": text, "parents": list(parents)}, when=when
        )

    def share(self, exercise: str, shared: bool, when: datetime) -> Event:
        return self.event(ev.REFLECTION_SHARED, {"exercise": exercise, "shared": shared}, when=when)

    def unlock(self, module_id: str, reason: str, when: datetime) -> Event:
        return self.event(ev.MODULE_UNLOCKED, {"module": module_id, "reason": reason}, when=when)


def words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))
