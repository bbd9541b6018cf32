"""The bare ``growthcourse`` (and ``growthcourse --preview``): open the course full-screen.

Everything that can go wrong with the input happens here, before full-screen
mode: a broken course prints the validator's messages and exits 1. A data
folder that cannot be written is not fatal: the app starts and says so.
Textual is imported only at the very end, once the course is known to be good.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_DATA = 1


def _error(message: str) -> None:
    print(f"growthcourse: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    # Start-up allocates many objects and frees few, so the cyclic garbage collector
    # only slows it down (about 7 ms before the first frame, issue 7, P1): it is
    # paused until the app has shown its first frame (``GrowthcourseApp.on_ready``).
    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()


def _run(args: argparse.Namespace) -> int:
    from growthcourse.course.cache import check_course_cached as check_course  # parsed once per course version
    from growthcourse.store.fsutil import StorageError
    from growthcourse.store.paths import config_dir, resolve_data_dir

    preview = bool(getattr(args, "preview", False))
    config = config_dir()
    try:
        data_dir = resolve_data_dir(getattr(args, "data_dir", None), config=config)
    except StorageError as error:
        _error(str(error))
        return EXIT_DATA

    # The course is checked before anything is created or written.
    last = _last_course(data_dir)
    try:
        course_dir, builtin, note = _choose_course(getattr(args, "course", None), last)
    except FileNotFoundError as error:
        _error(str(error))
        return EXIT_DATA
    course, problems = check_course(course_dir)
    if problems or course is None:
        _error(f"The course in {course_dir} has problems:")
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_DATA

    # Preview records nothing: it never opens (or creates) the data folder.
    store, warning = (None, None) if preview else _open_store(data_dir, config)
    if store is not None and warning is None:
        warning = _remember_course(store, course, course_dir, builtin, last)

    from growthcourse.tui.session import Session

    notice = " ".join(text for text in (warning, note) if text) or None
    session = Session(course, store, preview=preview, data_dir=data_dir, warning=notice)

    from growthcourse.tui.app import GrowthcourseApp

    GrowthcourseApp(session, config_dir=config).run()
    return EXIT_OK


def _open_store(data_dir: Path, config: Path):
    """The DataStore (None if the folder cannot be used) and a warning a learner can act on (or None)."""
    from growthcourse.store.datastore import DataStore
    from growthcourse.store.fsutil import StorageError

    try:
        store = DataStore.open(data_dir, config_dir=config)
    except StorageError as error:
        return None, f"Your data folder cannot be used, so nothing you do will be saved. {error}"
    if not os.access(store.data_dir, os.W_OK):
        return store, (f"Your data folder {store.data_dir} cannot be written, so nothing you do "
                       "will be saved. Your earlier progress is shown.")
    return store, None


def _last_course(data_dir: Path):
    """The course used last on any device sharing the data folder (None if none, or unreadable)."""
    from growthcourse.store.courses import last_course
    from growthcourse.store.fsutil import StorageError

    try:
        return last_course(data_dir)
    except (StorageError, OSError):
        return None


def _choose_course(cli_value: str | None, last) -> tuple[Path, bool, str | None]:
    """(course folder, is built-in, a note): --course DIR, else the last course used, else the built-in one."""
    from growthcourse.resources import builtin_course_dir

    if cli_value:
        return Path(cli_value).expanduser(), False, None
    if last is None or last.builtin:
        return builtin_course_dir(), True, None
    if last.path is not None and last.path.is_dir():
        return last.path, False, None
    note = (f"The course you used last ({last.course}) is not in your data folder on this machine yet; "
            "if your data folder is still syncing, try again later. The built-in course is shown meanwhile.")
    return builtin_course_dir(), True, note


def _remember_course(store, course, course_dir: Path, builtin: bool, last) -> str | None:
    """Make the course travel with the data; a warning if the data folder cannot be written.

    A course started from a folder is copied into the data folder, and this device
    remembers it as its last course (nothing is written when nothing changed).
    """
    from growthcourse.store.courses import course_copy_dir
    from growthcourse.store.fsutil import StorageError

    try:
        if not builtin:
            copy = course_copy_dir(store.data_dir, course.id, course.version)
            if course_dir.resolve() != copy.resolve():
                store.install_course(course_dir, course.id, course.version)
        same = (last is not None and last.course == course.id and last.version == course.version
                and last.builtin == builtin and last.device == store.device_id)
        if not same:
            store.remember_course(course.id, course.version, builtin=builtin)
    except StorageError as error:
        return f"Your data folder cannot be written, so nothing you do will be saved. {error}"
    return None
