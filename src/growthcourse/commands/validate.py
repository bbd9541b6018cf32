"""``growthcourse validate [COURSE_DIR ...]``: check course folders and explain every mistake.

Problems go to stdout, one per line (prefixed by the course folder when
several are checked), followed by a count; a valid course prints a one-line
summary. Exit status 0 when every course is valid, 1 otherwise. Never imports
textual: counsellors and scripts run it often.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from growthcourse.course.loader import COURSE_FILE, check_course, summarize

EXIT_OK = 0
EXIT_DATA = 1


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "validate",
        parents=[common],
        help="check a course folder and explain every mistake in it",
        description="Check one or more course folders and list every problem found, one per line, "
        "naming the file and the key (or line and column). With no folder, checks the course given "
        "with --course, else the built-in course. Exit status: 0 valid, 1 problems found, 2 usage error.",
    )
    parser.add_argument(
        "course_dirs",
        nargs="*",
        metavar="COURSE_DIR",
        help="a course folder (the folder holding course.toml)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    _tolerate_any_terminal_encoding()
    folders: list[str] = list(getattr(args, "course_dirs", None) or [])
    if not folders and getattr(args, "course", None):
        folders = [args.course]
    if not folders:
        from growthcourse.resources import builtin_course_dir

        try:
            folders = [str(builtin_course_dir())]
        except FileNotFoundError as exc:
            print(f"growthcourse validate: {exc}.\nGive a course folder to check: growthcourse validate COURSE_DIR",
                  file=sys.stderr)
            return EXIT_DATA

    several = len(folders) > 1
    total = 0
    failed = 0
    for folder in folders:
        count = _validate_one(folder, prefix=f"{folder}: " if several else "")
        total += count
        failed += 1 if count else 0

    if total:
        problems = "1 problem" if total == 1 else f"{total} problems"
        if several:
            print(f"{problems} in {failed} of {len(folders)} courses.")
        else:
            print(f"{problems} found. Fix {'it' if total == 1 else 'them'} and run growthcourse validate again.")
        return EXIT_DATA
    return EXIT_OK


def _validate_one(folder: str, *, prefix: str) -> int:
    """Check one folder and print the outcome; return the number of problems."""
    path = Path(folder)
    reason = _not_a_course(path)
    if reason:
        print(f"{folder}: {reason}", file=sys.stderr)
        return 1
    course, problems = check_course(path)
    for problem in problems:
        print(f"{prefix}{problem}")
    if course is not None and not problems:
        print(f"{prefix}{summarize(course)}")
        for name in _unlisted_module_files(path, course):
            print(f"{prefix}Note: {name} is not listed in {COURSE_FILE}'s modules, so it is not part of the course.")
        return 0
    return max(len(problems), 1)


def _unlisted_module_files(path: Path, course) -> list[str]:  # type: ignore[no-untyped-def]
    """TOML files in the course folder that no module entry names (often a forgotten module)."""
    listed = {Path(module.file).as_posix() for module in course.modules}
    try:
        found = sorted(p.relative_to(path).as_posix() for p in path.rglob("*.toml") if p.is_file())
    except OSError:
        return []
    return [name for name in found if name != COURSE_FILE and name not in listed]


def _not_a_course(path: Path) -> str | None:
    try:
        if not path.exists():
            return "no such folder"
        if not path.is_dir():
            return "not a folder (give the folder that holds course.toml)"
        if not (path / COURSE_FILE).is_file():
            inside = sorted(str(found.parent) for found in path.glob(f"*/{COURSE_FILE}"))
            hint = f"; did you mean {' or '.join(inside[:3])}?" if inside else ""
            return f"no {COURSE_FILE} in this folder (a course folder holds course.toml and its module files){hint}"
    except OSError as exc:
        return f"cannot open this folder: {exc.strerror or exc}"
    return None


def _tolerate_any_terminal_encoding() -> None:
    """Course text may hold any character; never crash printing it to a narrow terminal encoding."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
