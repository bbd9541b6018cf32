"""Export for a counselling session from inside the app: a printable HTML file the learner can bring.

The export itself is ``growthcourse.export`` (the same as ``growthcourse export``);
this module only picks a file name that never overwrites an earlier export.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import Sequence

from growthcourse.course.model import Course
from growthcourse.store.events import Event


def default_export_dir() -> Path:
    """The learner's Documents folder when there is one, else their home folder."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix``, ``stem-3.suffix``... if taken."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def export_for_session(
    course: Course,
    events: Sequence[Event],
    folder: Path,
    *,
    now: datetime,
    tz: tzinfo | None,
    shared_only: bool = False,
) -> Path:
    """Write the HTML export into ``folder`` (0600, atomic) and return its path.

    Raises ``StorageError`` when the file cannot be written.
    """
    from growthcourse.export import export
    from growthcourse.store.fsutil import atomic_write

    text = export(course, events, "html", shared_only=shared_only, now=now, tz=tz)
    kind = "for-my-session" if shared_only else "everything"
    path = free_name(folder, f"growthcourse-{course.id}-{now.astimezone(tz):%Y-%m-%d}-{kind}", ".html")
    atomic_write(path, text, what="write the export to")
    return path
