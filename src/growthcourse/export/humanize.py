"""What the human-readable exports (md and html) share: times, state words, series."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Iterator

STATE_WORDS = {
    "locked": "Not open yet",
    "open": "Open",
    "in_progress": "In progress",
    "in progress": "In progress",
    "complete": "Complete",
}


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def when(value: str | None, tz: tzinfo | None) -> str:
    """``"Thu 26 Nov 2026, 09:13"`` in ``tz`` (None: this machine's zone)."""
    if not value:
        return ""
    moment = parse_time(value).astimezone(tz)
    return moment.strftime("%a %d %b %Y, %H:%M")


def day(moment: datetime, tz: tzinfo | None) -> str:
    return moment.astimezone(tz).strftime("%d %b")


def sentence(text: str) -> str:
    """A phrase from the engine ("Complete Week 1 first") as a sentence with a full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def state_words(state: str) -> str:
    return STATE_WORDS.get(state, state.replace("_", " ").capitalize())


def device_label(record: dict[str, Any]) -> str:
    return record.get("device_name") or f"device {record.get('device', '?')[:8]}"


def exercise_heading(exercise: dict[str, Any]) -> str:
    return exercise["title"]


def has_records(exercise: dict[str, Any]) -> bool:
    """Whether anything was recorded for this exercise."""
    return any(
        exercise.get(key)
        for key in ("revisions", "answers", "ticks", "checkins", "logs", "shared_changes")
    )


def lessons_to_show(module: dict[str, Any]) -> list[dict[str, Any]]:
    """A locked module shows only lessons with something recorded (nothing to read otherwise)."""
    if module["state"] != "locked":
        return module["lessons"]
    return [lesson for lesson in module["lessons"] if any(has_records(e) for e in lesson["exercises"])]


def reflection_versions(exercise: dict[str, Any]) -> list[dict[str, Any]]:
    """The revisions to show: every head when edited on two devices, else the current one."""
    by_id = {revision["id"]: revision for revision in exercise["revisions"]}
    if exercise.get("edited_on_two_devices"):
        return [by_id[head] for head in exercise["heads"] if head in by_id]
    current = by_id.get(exercise.get("current") or "")
    return [current] if current else []


@dataclass
class Series:
    key: str
    title: str
    low: int
    high: int
    points: list[dict[str, Any]] = field(default_factory=list)


def iter_exercises(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for module in document["modules"]:
        for lesson in module.get("lessons", ()):
            yield from lesson["exercises"]


def checkin_series(document: dict[str, Any]) -> list[Series]:
    """Scale check-ins grouped by series, in course order, points in time order."""
    found: dict[str, Series] = {}
    for exercise in iter_exercises(document):
        if exercise["kind"] != "scale":
            continue
        key = exercise.get("series") or exercise["id"]
        series = found.get(key)
        if series is None:
            series = found[key] = Series(key, exercise["title"], exercise["min"], exercise["max"])
        series.low = min(series.low, exercise["min"])
        series.high = max(series.high, exercise["max"])
        series.points.extend(exercise["checkins"])
    for series in found.values():
        series.points.sort(key=lambda point: point["time"])
    return [series for series in found.values() if series.points]
