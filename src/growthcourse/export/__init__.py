"""Export everything the learner wrote and did: ``md``, ``html`` or ``json``.

    text = export(course, events, "json")                       # deterministic
    text = export(course, events, "html", shared_only=True)     # for a session

All three formats are rendered from one document (``document.build``), built
from the progress engine's fold and gating state. The json export is a pure
function of (course, events): state as of the last event, UTC, sorted keys;
two devices that have synced produce byte-identical output. md and html are
for a person: their wording about what is still locked is relative to ``now``
(default: the current time) in the local time zone ``tz``.
Drafts are not events, so they are never exported.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Iterable, Literal

from growthcourse.course.model import Course
from growthcourse.export.document import EXPORT_FORMAT, ExportError, build, utc
from growthcourse.progress import course_state, fold
from growthcourse.store.events import Event

Format = Literal["md", "html", "json"]
FORMATS: tuple[str, ...] = ("md", "html", "json")
_NO_EVENTS = datetime(1970, 1, 1, tzinfo=timezone.utc)


def export(
    course: Course,
    events: Iterable[Event],
    fmt: str,
    shared_only: bool = False,
    module: str | None = None,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> str:
    """The export of ``events`` on ``course`` in ``fmt`` ("md", "html" or "json").

    Raises ``ExportError`` for an unknown format or module id.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    progress = fold(course, events)
    if fmt == "json":
        as_of = progress.last_event_at or _NO_EVENTS
        state = course_state(course, progress, as_of, timezone.utc)
        document = build(course, progress, state, shared_only=shared_only, module=module)
        import json  # here: ``status`` imports this package for ``utc``, and json costs start-up time

        return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    moment = now if now is not None else datetime.now(timezone.utc)
    state = course_state(course, progress, moment, tz)
    document = build(course, progress, state, shared_only=shared_only, module=module)
    if fmt == "md":
        from growthcourse.export.markdown import render
    else:
        from growthcourse.export.html import render
    return render(document, tz)


EXTENSIONS = {"md": ".md", "html": ".html", "json": ".json"}


def default_file_name(course: Course, fmt: str, today: datetime | None = None) -> str:
    """``growthcourse-<course id>-YYYY-MM-DD.<ext>``: a name for an export file (local date)."""
    day = (today or datetime.now().astimezone()).strftime("%Y-%m-%d")
    return f"growthcourse-{course.id}-{day}{EXTENSIONS.get(fmt, '.' + fmt)}"


def export_to_file(
    course: Course,
    events: Iterable[Event],
    fmt: str,
    path: str | os.PathLike[str],
    shared_only: bool = False,
    module: str | None = None,
) -> Path:
    """Write the export to ``path`` atomically, readable by the learner alone (0600); return the path.

    Raises ``ExportError`` (format, module) or ``StorageError`` (a message for a person).
    """
    from growthcourse.store.fsutil import atomic_write

    text = export(course, events, fmt, shared_only=shared_only, module=module)
    target = Path(os.path.abspath(Path(path).expanduser()))
    atomic_write(target, text, what="write the export to")
    return target


__all__ = [
    "EXPORT_FORMAT",
    "FORMATS",
    "ExportError",
    "default_file_name",
    "export",
    "export_to_file",
    "utc",
]
