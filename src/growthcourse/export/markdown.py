"""The Markdown export: what the learner wrote and did, for a person to read.

Course text and learner text are data: every Markdown and HTML special
character is escaped, so "*" or "<b>" in a reflection shows as typed.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Any

from growthcourse.export.humanize import (
    checkin_series,
    day,
    device_label,
    exercise_heading,
    lessons_to_show,
    parse_time,
    sentence,
    reflection_versions,
    state_words,
    when,
)

_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    return _LINE_START.sub(_escape_start, line)


def _escape_start(match: re.Match[str]) -> str:
    """``# x`` -> ``\\# x``; ``12. x`` -> ``12\\. x`` (a heading or list marker shown literally)."""
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def escape(text: str) -> str:
    """Inline text with Markdown/HTML specials backslash-escaped, so it shows as typed."""
    return _escape_line(" ".join(text.split()))


def block(text: str) -> list[str]:
    """Multi-line text as an escaped block quote; line breaks kept (hard breaks)."""
    lines = [_escape_line(line.rstrip()) for line in text.strip("\n").splitlines()]
    out = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        hard_break = "  " if line and following else ""
        out.append(f"> {line}{hard_break}" if line else ">")
    return out or [">"]


def render(document: dict[str, Any], tz: tzinfo | None = None) -> str:
    lines: list[str] = [f"# {escape(document['course']['title'])}", ""]
    lines += _intro(document, tz)
    for module in document["modules"]:
        lines += _module(module, tz)
    orphaned = document.get("orphaned_reflections", [])
    if orphaned:
        lines += ["## Writing for exercises this course no longer has", ""]
        for entry in orphaned:
            lines += [f"#### {escape(entry['exercise'])}", ""]
            lines += _reflection(entry, tz)
    series = checkin_series(document)
    if series:
        lines += ["## Check-ins over time", ""]
        for each in series:
            lines += [f"### {escape(each.title)} ({each.low} to {each.high})", ""]
            lines += ["| When | Value |", "|---|---|"]
            for point in each.points:
                lines.append(f"| {when(point['time'], tz)} | {point['value']} |")
            lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


def _intro(document: dict[str, Any], tz: tzinfo | None) -> list[str]:
    lines = []
    if document["as_of"]:
        lines.append(f"Exported from growthcourse. Progress as of {when(document['as_of'], tz)}.")
    else:
        lines.append("Exported from growthcourse. Nothing has been recorded yet.")
    scope = document["scope"]
    if scope["shared_only"]:
        lines.append("")
        lines.append('Only the reflections marked "bring to my next session".')
    if scope["module"]:
        lines.append("")
        lines.append(f"Only the module {escape(scope['module'])}.")
    devices = [d for d in document["devices"] if d["events"]]
    if len(devices) > 1:
        names = ", ".join(escape(device_label({"device": d["id"], "device_name": d["name"]})) for d in devices)
        lines.append("")
        lines.append(f"Written on {len(devices)} devices: {names}.")
    nxt = document.get("next")
    if nxt and nxt.get("text") and not scope["shared_only"]:
        lines.append("")
        lines.append(escape(nxt["text"]))
    lines.append("")
    return lines


def _module(module: dict[str, Any], tz: tzinfo | None) -> list[str]:
    lines = [f"## {escape(module['title'])}", ""]
    status = state_words(module["state"])
    if module["state"] != "locked":
        status += f" ({module['exercises_done']} of {module['exercises_required']} exercises done)"
    lines.append(f"*{status}*")
    if module.get("reason"):
        lines.append("")
        lines.append(escape(sentence(module["reason"])))
    for unlock in module.get("unlocks", ()):
        lines.append("")
        lines.append(
            f"Opened early by a counsellor on {when(unlock['time'], tz)}: {escape(unlock['reason'])}"
        )
    lines.append("")
    for lesson in lessons_to_show(module):
        lines += [f"### {escape(lesson['title'])}", ""]
        for exercise in lesson["exercises"]:
            lines += _exercise(exercise, tz)
    return lines


def _exercise(exercise: dict[str, Any], tz: tzinfo | None) -> list[str]:
    lines = [f"#### {escape(exercise_heading(exercise))}", ""]
    if exercise["prompt"] != exercise["title"]:
        lines += [f"*{escape(exercise['prompt'])}*", ""]
    kind = exercise["kind"]
    if kind == "reflection":
        lines += _reflection(exercise, tz)
    elif kind == "choice":
        for answer in exercise["answers"]:
            lines.append(f"- {escape(answer['text'])} ({when(answer['time'], tz)})")
    elif kind == "checklist":
        for item in exercise["items"]:
            mark = "x" if item["ticked"] else " "
            lines.append(f"- [{mark}] {escape(item['text'])}")
    elif kind == "scale":
        for point in exercise["checkins"]:
            lines.append(f"- {point['value']} on {when(point['time'], tz)}")
    elif kind == "practice":
        lines.append(f"Done {len(exercise['logs'])} of {exercise['times']} times.")
        lines.append("")
        for log in exercise["logs"]:
            note = escape(log["note"]) if log["note"].strip() else "(no note)"
            lines.append(f"- {day(parse_time(log['time']), tz)}: {note}")
    if _nothing_recorded(exercise):
        lines.append("Nothing recorded yet.")
    lines.append("")
    return lines


def _nothing_recorded(exercise: dict[str, Any]) -> bool:
    kind = exercise["kind"]
    if kind == "reflection":
        return not exercise["revisions"]
    if kind == "choice":
        return not exercise["answers"]
    if kind == "scale":
        return not exercise["checkins"]
    return False


def _reflection(exercise: dict[str, Any], tz: tzinfo | None) -> list[str]:
    lines: list[str] = []
    versions = reflection_versions(exercise)
    if exercise.get("edited_on_two_devices"):
        lines += [f"Edited on two devices: {len(versions)} versions are kept, newest last.", ""]
    for revision in versions:
        lines += block(revision["text"])
        lines += ["", f"Saved {when(revision['time'], tz)} on {escape(device_label(revision))}."]
        lines.append("")
    if exercise.get("shared"):
        lines += ["Marked to bring to the next session.", ""]
    earlier = len(exercise["revisions"]) - len(versions)
    if earlier > 0:
        lines += [f"{earlier} earlier version{'s' if earlier != 1 else ''} kept (see the json export).", ""]
    return lines
