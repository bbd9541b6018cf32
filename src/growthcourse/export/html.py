"""The HTML export: one self-contained, printable page with check-in charts.

No scripts, no external files: styles and SVG charts are inline. Every piece of
course or learner text goes through ``html.escape``; reflection text keeps its
line breaks through CSS (``white-space: pre-wrap``), never through markup.
"""

from __future__ import annotations

from datetime import tzinfo
from html import escape
from typing import Any

from growthcourse.export.chart import series_svg
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

STYLE = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; color: #222;
       max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, h4 { font-family: system-ui, sans-serif; line-height: 1.25; }
h2 { border-bottom: 1px solid #bbb; padding-bottom: .2rem; margin-top: 2.5rem; }
.meta, .state, .saved { font-family: system-ui, sans-serif; font-size: .9rem; color: #555; }
.state { font-weight: 600; }
.prompt { font-style: italic; }
.text { white-space: pre-wrap; border-left: 3px solid #8a9; padding: .2rem 0 .2rem 1rem; margin: .5rem 0; }
.two-devices { font-family: system-ui, sans-serif; font-weight: 600; }
.empty { color: #777; }
ul.checklist { list-style: none; padding-left: 0; }
table { border-collapse: collapse; } td, th { padding: .15rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
svg.chart { max-width: 100%; height: auto; }
svg .axis { stroke: #555; stroke-width: 1; }
svg .line { stroke: #2a6f5f; stroke-width: 2; }
svg .point { fill: #2a6f5f; }
svg .tick { font: 11px system-ui, sans-serif; fill: #444; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-before: auto; break-after: avoid; }
  h3, h4 { break-after: avoid; }
  .exercise, figure { break-inside: avoid; }
}
""".strip()


def render(document: dict[str, Any], tz: tzinfo | None = None) -> str:
    title = escape(document["course"]["title"])
    body: list[str] = [f"<h1>{title}</h1>"]
    body += _intro(document, tz)
    for module in document["modules"]:
        body += _module(module, tz)
    orphaned = document.get("orphaned_reflections", [])
    if orphaned:
        body.append('<section class="module"><h2>Writing for exercises this course no longer has</h2>')
        for entry in orphaned:
            body.append(f'<div class="exercise"><h4>{escape(entry["exercise"])}</h4>')
            body += _reflection(entry, tz)
            body.append("</div>")
        body.append("</section>")
    series = checkin_series(document)
    if series:
        body.append('<section class="charts"><h2>Check-ins over time</h2>')
        for each in series:
            points = [(point["time"], point["value"]) for point in each.points]
            chart = series_svg(
                f"{each.title} ({each.low} to {each.high})",
                each.low,
                each.high,
                points,
                date_label=lambda moment: day(moment, tz),
            )
            body.append(f"<figure>{chart}<figcaption>{escape(each.title)}</figcaption></figure>")
        body.append("</section>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _intro(document: dict[str, Any], tz: tzinfo | None) -> list[str]:
    out = []
    if document["as_of"]:
        out.append(f'<p class="meta">Exported from growthcourse. Progress as of {escape(when(document["as_of"], tz))}.</p>')
    else:
        out.append('<p class="meta">Exported from growthcourse. Nothing has been recorded yet.</p>')
    scope = document["scope"]
    if scope["shared_only"]:
        out.append('<p class="meta">Only the reflections marked &ldquo;bring to my next session&rdquo;.</p>')
    if scope["module"]:
        out.append(f'<p class="meta">Only the module {escape(scope["module"])}.</p>')
    devices = [d for d in document["devices"] if d["events"]]
    if len(devices) > 1:
        names = ", ".join(escape(device_label({"device": d["id"], "device_name": d["name"]})) for d in devices)
        out.append(f'<p class="meta">Written on {len(devices)} devices: {names}.</p>')
    nxt = document.get("next")
    if nxt and nxt.get("text") and not scope["shared_only"]:
        out.append(f'<p class="meta">{escape(nxt["text"])}</p>')
    return out


def _module(module: dict[str, Any], tz: tzinfo | None) -> list[str]:
    out = [f'<section class="module"><h2>{escape(module["title"])}</h2>']
    status = state_words(module["state"])
    if module["state"] != "locked":
        status += f" ({module['exercises_done']} of {module['exercises_required']} exercises done)"
    out.append(f'<p class="state">{escape(status)}</p>')
    if module.get("reason"):
        out.append(f'<p class="meta">{escape(sentence(module["reason"]))}</p>')
    for unlock in module.get("unlocks", ()):
        out.append(
            f'<p class="meta">Opened early by a counsellor on {escape(when(unlock["time"], tz))}: '
            f"{escape(unlock['reason'])}</p>"
        )
    for lesson in lessons_to_show(module):
        out.append(f"<h3>{escape(lesson['title'])}</h3>")
        for exercise in lesson["exercises"]:
            out += _exercise(exercise, tz)
    out.append("</section>")
    return out


def _exercise(exercise: dict[str, Any], tz: tzinfo | None) -> list[str]:
    out = [
        '<div class="exercise">',
        f"<h4>{escape(exercise_heading(exercise))}</h4>",
    ]
    if exercise["prompt"] != exercise["title"]:
        out.append(f'<p class="prompt">{escape(exercise["prompt"])}</p>')
    kind = exercise["kind"]
    empty = False
    if kind == "reflection":
        out += _reflection(exercise, tz)
        empty = not exercise["revisions"]
    elif kind == "choice":
        empty = not exercise["answers"]
        if not empty:
            out.append("<ul>")
            for answer in exercise["answers"]:
                out.append(f"<li>{escape(answer['text'])} <span class=\"saved\">({escape(when(answer['time'], tz))})</span></li>")
            out.append("</ul>")
    elif kind == "checklist":
        out.append('<ul class="checklist">')
        for item in exercise["items"]:
            mark = "&#9745; done" if item["ticked"] else "&#9744; not yet"
            out.append(f'<li><span class="saved">{mark}:</span> {escape(item["text"])}</li>')
        out.append("</ul>")
    elif kind == "scale":
        empty = not exercise["checkins"]
        if not empty:
            out.append("<table><tr><th>When</th><th>Value</th></tr>")
            for point in exercise["checkins"]:
                out.append(f"<tr><td>{escape(when(point['time'], tz))}</td><td>{point['value']}</td></tr>")
            out.append("</table>")
    elif kind == "practice":
        out.append(f'<p class="saved">Done {len(exercise["logs"])} of {exercise["times"]} times.</p>')
        if exercise["logs"]:
            out.append("<ul>")
            for log in exercise["logs"]:
                note = escape(log["note"]) if log["note"].strip() else '<span class="empty">(no note)</span>'
                out.append(f"<li>{escape(day(parse_time(log['time']), tz))}: {note}</li>")
            out.append("</ul>")
    if empty:
        out.append('<p class="empty">Nothing recorded yet.</p>')
    out.append("</div>")
    return out


def _reflection(exercise: dict[str, Any], tz: tzinfo | None) -> list[str]:
    out = []
    versions = reflection_versions(exercise)
    if exercise.get("edited_on_two_devices"):
        out.append(f'<p class="two-devices">Edited on two devices: {len(versions)} versions are kept, newest last.</p>')
    for revision in versions:
        out.append(f'<div class="text">{escape(revision["text"])}</div>')
        out.append(
            f'<p class="saved">Saved {escape(when(revision["time"], tz))} on {escape(device_label(revision))}.</p>'
        )
    if exercise.get("shared"):
        out.append('<p class="saved">Marked to bring to the next session.</p>')
    earlier = len(exercise["revisions"]) - len(versions)
    if earlier > 0:
        plural = "s" if earlier != 1 else ""
        out.append(f'<p class="saved">{earlier} earlier version{plural} kept (see the json export).</p>')
    return out
