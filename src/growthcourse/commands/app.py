"""The bare ``growthcourse`` (and ``growthcourse --preview``): open the course full-screen.

Everything that can go wrong with the input happens here, before full-screen
mode: a broken course prints the validator's messages and exits 1. A data
folder that cannot be written is not fatal: the app starts and says so.
Textual is imported only at the very end, once the course is known to be good.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_DATA = 1


def _error(message: str) -> None:
    print(f"growthcourse: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from growthcourse.course.cache import check_course_cached as check_course  # parsed once per course version
    from growthcourse.store.fsutil import StorageError
    from growthcourse.store.paths import config_dir, resolve_data_dir

    preview = bool(getattr(args, "preview", False))
    config = config_dir()
    warnings: list[str] = []
    try:
        data_dir: Path | None = resolve_data_dir(getattr(args, "data_dir", None), config=config)
    except StorageError as error:
        _error(str(error))
        return EXIT_DATA

    try:
        course_dir, builtin = _choose_course(getattr(args, "course", None), data_dir)
    except FileNotFoundError as error:
        _error(str(error))
        return EXIT_DATA
    course, problems = check_course(course_dir)
    if problems or course is None:
        _error(f"the course in {course_dir} has problems:")
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_DATA

    store = None
    if not preview:
        store, warning = _open_store(data_dir, config, course, course_dir, builtin)
        if warning:
            warnings.append(warning)

    from growthcourse.tui.session import Session

    session = Session(course, store, preview=preview, data_dir=str(data_dir),
                      warning=" ".join(warnings) or None)

    from growthcourse.tui.app import GrowthcourseApp

    GrowthcourseApp(session, config_dir=config).run()
    return EXIT_OK


def _choose_course(cli_value: str | None, data_dir: Path) -> tuple[Path, bool]:
    """(course folder, is built-in): --course DIR, else the last course used, else the built-in one."""
    from growthcourse.resources import builtin_course_dir

    if cli_value:
        return Path(cli_value).expanduser(), False
    from growthcourse.store.courses import last_course

    last = last_course(data_dir)
    if last is not None and not last.builtin and last.path is not None and last.path.is_dir():
        return last.path, False
    return builtin_course_dir(), True


def _open_store(data_dir: Path, config: Path, course, course_dir: Path, builtin: bool):
    """The DataStore (or None) and a warning a learner can act on (or None).

    Also makes the course travel with the data: a course started from a folder is
    copied into the data folder, and this device remembers it as its last course.
    """
    from growthcourse.store.datastore import DataStore
    from growthcourse.store.fsutil import StorageError

    try:
        store = DataStore.open(data_dir, config_dir=config)
    except StorageError as error:
        return None, f"Your data folder cannot be used, so nothing you do will be saved. {error}"
    if not os.access(store.data_dir, os.W_OK):
        return store, (f"Your data folder {store.data_dir} cannot be written, so nothing you do "
                       "will be saved. Your earlier progress is shown.")
    try:
        last = store.last_course()
        same = (last is not None and last.course == course.id and last.version == course.version
                and last.builtin == builtin and last.device == store.device_id)
        if not builtin:
            installed = store.install_course(course_dir, course.id, course.version)
            same = same and installed.resolve() == course_dir.resolve()
        if not same:
            store.remember_course(course.id, course.version, builtin=builtin)
    except StorageError as error:
        return store, f"Your data folder cannot be written, so nothing you do will be saved. {error}"
    return store, None
