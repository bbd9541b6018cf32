"""What every data command needs: the data folder opened, the course chosen, clear errors.

    with command_errors("status"):            # CommandError/StorageError/CourseError -> message, exit 1
        context = open_context(args)          # --data-dir / --course before or after the command
        context.store, context.course, context.events(), context.progress(), context.state()

Choosing the course ("courses travel with the data"):

- ``--course DIR``: load it; copy it into the data folder and remember it as
  the last course used (the built-in course is remembered, not copied);
- otherwise the last course used on any device sharing the data folder (its
  copy in the data folder); if that copy has not arrived yet, say so (exit 1)
  rather than silently showing another course;
- otherwise the built-in course.

The TUI launcher can reuse ``choose_data_dir``/``resolve_course``; nothing here
imports textual.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Iterator

from growthcourse.course.model import Course
from growthcourse.course.problems import CourseError
from growthcourse.progress import CourseState, Progress, completions_to_record, course_state, fold
from growthcourse.store.datastore import DataStore
from growthcourse.store.eventlog import placeholder_target
from growthcourse.store.events import COURSE_STARTED, MODULE_COMPLETED, Event
from growthcourse.store.fsutil import StorageError
from growthcourse.store.paths import DataDirChoice, choose_data_dir, config_dir
from growthcourse.store.table import EventTable

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """The input or the data is at fault; ``str(error)`` is the message for a person (exit 1)."""


@dataclass(frozen=True)
class CourseChoice:
    course: Course
    source: str
    """Why this course, in words: "--course DIR", "the last course used", "the built-in course"."""
    folder: Path
    builtin: bool


@dataclass
class Context:
    store: DataStore
    course: CourseChoice
    data_dir: DataDirChoice
    _events: list[Event] | None = field(default=None, repr=False)
    _progress: Progress | None = field(default=None, repr=False)

    def events(self) -> EventTable:
        """This course's events from every device (read once; ``store.report`` says what the read found)."""
        if self._events is None:
            self._events = self.store.events(self.course.course.id)
        return self._events

    def progress(self) -> Progress:
        if self._progress is None:
            self._progress = fold(self.course.course, self.events())
        return self._progress

    def state(self, now: datetime | None = None, tz: tzinfo | None = None) -> CourseState:
        moment = now if now is not None else datetime.now(timezone.utc)
        return course_state(self.course.course, self.progress(), moment, tz)

    def record(self, type: str, data: dict) -> Event:
        """Append one event for this course on this device (starting the course on this device first)."""
        course_id = self.course.course.id
        own = self.store.device_id
        if not self.events().rows_of(COURSE_STARTED, own):
            self.store.append(course_id, COURSE_STARTED, {})
        event = self.store.append(course_id, type, data)
        self._events = None
        self._progress = None
        # A module this event completed is recorded as complete, so it stays so
        # whatever later edits of the course add.
        recorded = False
        for payload in completions_to_record(self.course.course, self.progress()):
            self.store.append(course_id, MODULE_COMPLETED, payload)
            recorded = True
        if recorded:
            self._events = None
            self._progress = None
        return event

    def notices(self) -> list[str]:
        """What the last read found that a person should know (iCloud placeholders, skipped lines...)."""
        report = self.store.report
        notes = []
        for path in report.placeholders:
            notes.append(
                f"{path.parent / placeholder_target(path.name)} is not downloaded to this computer yet "
                "(iCloud placeholder): the progress in it is not shown until it is."
            )
        for skipped in report.skipped:
            notes.append(f"Skipped an unreadable line: {skipped}.")
        notes.extend(report.unreadable_files)
        return notes


def error(command: str, message: str) -> None:
    print(f"growthcourse {command}: {message}", file=sys.stderr)


@contextmanager
def command_errors(command: str) -> Iterator[list[int]]:
    """Turn the errors a person can act on into a message and exit status 1 (no traceback).

    Yields a one-item list holding the exit status; ``run`` returns ``status[0]``.
    """
    status = [EXIT_OK]
    try:
        yield status
    except CommandError as exc:
        error(command, str(exc))
        status[0] = EXIT_DATA
    except CourseError as exc:
        error(command, "The course has problems:")
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        status[0] = EXIT_DATA
    except StorageError as exc:
        error(command, str(exc))
        status[0] = EXIT_DATA


def choose_data(args: argparse.Namespace) -> tuple[DataDirChoice, Path]:
    """The data folder (and why) and this machine's config folder."""
    config = config_dir()
    return choose_data_dir(getattr(args, "data_dir", None), config=config), config


def open_context(args: argparse.Namespace) -> Context:
    """Open the data folder and choose the course (see the module docstring)."""
    data_dir, config = choose_data(args)
    store = DataStore.open(data_dir.path, config_dir=config)
    course = resolve_course(store, getattr(args, "course", None))
    return Context(store=store, course=course, data_dir=data_dir)


def resolve_course(store: DataStore, course_arg: str | None) -> CourseChoice:
    from growthcourse.course.cache import load_course_cached as load_course  # parsed once per course version
    from growthcourse.resources import builtin_course_dir

    builtin_dir = builtin_course_dir()
    if course_arg:
        folder = Path(course_arg).expanduser()
        if not folder.is_dir():
            raise CommandError(f"No course folder at {folder}. Give the folder that holds course.toml.")
        course = load_course(folder)
        builtin = _same_folder(folder, builtin_dir)
        if not builtin:
            store.install_course(folder, course.id, course.version)
        last = store.last_course()
        if last is None or (last.course, last.version, last.builtin, last.device) != (
            course.id,
            course.version,
            builtin,
            store.device_id,
        ):
            store.remember_course(course.id, course.version, builtin=builtin)
        return CourseChoice(course, f"--course {folder}", folder, builtin)
    last = store.last_course()
    if last is not None and not last.builtin and last.path is not None:
        if not last.available:
            raise CommandError(
                f"The course last used ({last.course}, version {last.version or 'unversioned'}) is not in "
                f"the data folder yet: {last.path} is missing. If your sync tool is still copying files, "
                "wait for it to finish; or give the course folder with --course DIR."
            )
        return CourseChoice(load_course(last.path), "the last course used", last.path, False)
    return CourseChoice(load_course(builtin_dir), "the built-in course", builtin_dir, True)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
