"""``growthcourse doctor``: what growthcourse sees in the data folder, and anything to fix.

Read-only: it reads the data folder the way every command does and reports
where it is and why, this device, the devices seen and their events, conflict
copies found and merged, lines it had to skip (file:line), iCloud files not
downloaded yet, files or folders others can read, and events it keeps but
cannot use. Exit status 0 when it could look (even if it found problems),
1 when the data folder or the settings cannot be opened.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections import Counter
from pathlib import Path

from growthcourse.commands._context import (
    CommandError,
    choose_data,
    command_errors,
    resolve_course,
)
from growthcourse.course.problems import CourseError
from growthcourse.progress import fold
from growthcourse.store.datastore import DataStore
from growthcourse.store.eventlog import placeholder_target
from growthcourse.store.events import DEVICE_NAMED


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "doctor",
        parents=[common],
        help="check the data folder and explain anything that needs attention",
        description="Show the data folder and this device, the devices seen, conflict copies merged, "
        "unreadable lines skipped, files not downloaded yet and permission problems. Changes nothing.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with command_errors("doctor") as status:
        data_dir, config = choose_data(args)
        store = DataStore.open(data_dir.path, config_dir=config)
        attention = _report(store, data_dir.source, args)
        print()
        if attention:
            print(f"{attention} thing{'s' if attention != 1 else ''} above may need your attention.")
        else:
            print("Everything looks fine.")
    return status[0]


def _report(store: DataStore, source: str, args: argparse.Namespace) -> int:
    attention = 0
    print(f"Data folder:    {store.data_dir}  ({source})")
    print(f"Config folder:  {store.config_dir}  (this computer only; do not sync it)")
    print(f"This device:    {store.device_name}  (id {store.device_id})")

    events = store.events()
    report = store.report
    try:
        choice = resolve_course(store, getattr(args, "course", None))
    except (CourseError, CommandError) as exc:
        choice = None
        attention += 1
        print(f"Course:         cannot be loaded: {exc}")
    names: dict[str, str] = {}
    for event in events:  # the latest name each device gave itself, in event order
        if event.type == DEVICE_NAMED and isinstance(event.data.get("name"), str):
            names[event.device] = event.data["name"]
    progress = None
    if choice is not None:
        course = choice.course
        version = f" {course.version}" if course.version else ""
        print(f"Course:         {course.title} ({course.id}{version}), {choice.source}")
        progress = fold(course, events.for_course(course.id))

    counts = Counter(event.device for event in events)
    print()
    print(f"Devices seen: {len(counts)}")
    for device, count in sorted(counts.items()):
        name = names.get(device) or (store.device_name if device == store.device_id else "(no name)")
        mine = "  (this device)" if device == store.device_id else ""
        print(f"  {device}  {name}: {count} event{'s' if count != 1 else ''}{mine}")
    print(f"Log files read: {len(report.files)}; events: {len(events)}; "
          f"duplicates merged: {report.duplicates}")

    print()
    if report.conflict_copies:
        print(f"Conflict copies found and merged: {len(report.conflict_copies)}")
        for copy in report.conflict_copies:
            print(f"  {copy}")
    else:
        print("Conflict copies: none")

    if report.skipped:
        attention += 1
        print(f"Unreadable lines skipped (the files were left as they are): {len(report.skipped)}")
        for skipped in report.skipped:
            print(f"  {skipped.path}:{skipped.line}: {skipped.reason}")
    else:
        print("Unreadable lines: none")

    if report.placeholders:
        attention += 1
        print(f"Not downloaded to this computer yet (iCloud placeholders): {len(report.placeholders)}")
        for path in report.placeholders:
            print(f"  {path.parent / placeholder_target(path.name)}")
        print("  Open the folder in Finder (or choose Keep Downloaded) so iCloud downloads them.")
    if report.unreadable_files:
        attention += 1
        print("Files that could not be read:")
        for sentence in report.unreadable_files:
            print(f"  {sentence}")

    stray = _copied_devices_folders(store.data_dir)
    if stray:
        attention += 1
        print("Copies of the devices folder made by a sync tool (their events are not read yet):")
        for path in stray:
            print(f"  {path}")
        print("  Move the folders inside into devices/ (see \"iCloud Drive\" in docs/sync.md).")

    problems = _permission_problems(store.data_dir)
    if problems:
        attention += 1
        print(f"Permission problems: {len(problems)}")
        for problem in problems:
            print(f"  {problem}")
    else:
        print("Permissions: private (folders 0700, files 0600)" if os.name == "posix" else "Permissions: not checked")

    # The fold lists every event it could not apply, with the reason; the read report
    # lists events of a newer version (also in the fold's list when a course is loaded).
    unused: dict[str, str] = {}
    if progress is not None:
        for item in progress.unknown:
            unused.setdefault(item.event.id, f"{item.event.id} ({item.event.type}): {item.reason}")
    for event in report.unknown:
        unused.setdefault(event.id, f"{event.id} ({event.type}, v{event.v}): written by a newer growthcourse")
    if unused:
        attention += 1
        print(f"Events kept but not used: {len(unused)}")
        for line in unused.values():
            print(f"  {line}")
        print("  They stay in the logs and are exported with --format json.")
    else:
        print("Unknown events: none")
    return attention


def _copied_devices_folders(data_dir: Path) -> list[Path]:
    """Folders such as "devices 2" or "devices (conflicted copy ...)" beside devices/."""
    try:
        entries = sorted(os.scandir(data_dir), key=lambda entry: entry.name)
    except OSError:
        return []
    return [
        Path(entry.path)
        for entry in entries
        if entry.name != "devices" and entry.name.startswith("devices") and entry.is_dir()
    ]


def _permission_problems(data_dir: Path) -> list[str]:
    """Folders others can open and files others can read, in growthcourse's own part of the folder."""
    if os.name != "posix":
        return []
    problems: list[str] = []

    def check(path: Path, is_dir: bool) -> None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError as exc:
            problems.append(f"{path}: cannot be checked ({exc.strerror})")
            return
        if mode & 0o077:
            want = "700" if is_dir else "600"
            kind = "folder" if is_dir else "file"
            problems.append(f"{kind} {path} is mode {mode:04o}, readable by others; fix: chmod {want} '{path}'")
        elif is_dir and mode & 0o700 != 0o700 or not is_dir and mode & 0o600 != 0o600:
            problems.append(f"{path} is mode {mode:04o}: you cannot read or write it; fix: chmod u+rw '{path}'")

    check(data_dir, True)
    for top in ("devices", "courses"):
        root = data_dir / top
        if not root.is_dir():
            continue
        for current, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            check(Path(current), True)
            for name in sorted(files):
                if not name.startswith("."):
                    check(Path(current, name), False)
    return problems

