"""Courses travel with the data: a copy of each course used, and the last course used.

Starting a course from a folder (``--course DIR``) copies it to
``<data>/courses/<course-id>/<version>/`` (``install_course``): copied into a
temp folder first, then renamed into place, so a half-copied course is never
seen. A copy with the same content is left alone; different content under the
same version (a counsellor edited the course without changing its version)
replaces the copy, since the course now started is the one the learner chose.

Each device records the course it last used in
``<data>/devices/<device-id>/last-course.json`` (replaced atomically, only by
that device). ``last_course(data_dir)`` picks the newest record of all
devices by HLC, so a second machine syncing the folder opens the same course
with no extra step. The built-in course is remembered as ``builtin`` and not
copied (it comes with the app).
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
from pathlib import Path

import msgspec

from growthcourse.store.eventlog import DEVICES_DIR, device_dir, is_ignored
from growthcourse.store.events import HLC
from growthcourse.store.fsutil import (
    DIR_MODE,
    FILE_MODE,
    TEMP_PREFIX,
    TEMP_SUFFIX,
    StorageError,
    atomic_write,
    check_name,
    ensure_private_dir,
    json_from_bytes,
    json_text,
    fsync_dir,
    random_hex,
    storage_error,
)

COURSES_DIR = "courses"
LAST_COURSE_FILE = "last-course.json"
UNVERSIONED = "unversioned"
_SKIP_NAMES = {"__pycache__"}


def version_dirname(version: str | None) -> str:
    """The folder name for a course version ("unversioned" when the course has none)."""
    if not version:
        return UNVERSIONED
    cleaned = re.sub(r"[^0-9A-Za-z._+-]", "_", version.strip()).lstrip(".~") or UNVERSIONED
    return cleaned[:60]


def course_copy_dir(data_dir: Path, course_id: str, version: str | None) -> Path:
    check_name(course_id, "course id")
    return Path(data_dir) / COURSES_DIR / course_id / version_dirname(version)


def installed_versions(data_dir: Path, course_id: str) -> list[str]:
    """The version folders of a course in the data folder, sorted by name."""
    folder = Path(data_dir) / COURSES_DIR / check_name(course_id, "course id")
    try:
        return sorted(e.name for e in os.scandir(folder) if e.is_dir() and not is_ignored(e.name))
    except OSError:
        return []


def _course_files(root: Path) -> list[Path]:
    """Relative paths of the files making up a course folder (hidden, temp and cache files left out)."""
    found: list[Path] = []
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d) and d not in _SKIP_NAMES)
        for name in sorted(files):
            if not is_ignored(name) and not name.endswith((".pyc", ".tmp")):
                found.append(Path(current, name).relative_to(root))
    return found


def _same_tree(source: Path, target: Path) -> bool:
    files = _course_files(source)
    if files != _course_files(target):
        return False
    return all(filecmp.cmp(source / rel, target / rel, shallow=False) for rel in files)


def install_course(data_dir: Path, source: Path, course_id: str, version: str | None) -> Path:
    """Copy the course folder ``source`` into the data folder; return the copy's folder.

    Raises ``StorageError`` when it cannot be copied (the data folder is unchanged).
    """
    source = Path(source)
    target = course_copy_dir(data_dir, course_id, version)
    if source.resolve() == target.resolve():
        return target  # already running from the copy
    if target.is_dir():
        try:
            if _same_tree(source, target):
                return target
        except OSError:
            pass  # unreadable copy: replace it below
    parent = ensure_private_dir(target.parent)
    temp = parent / f"{TEMP_PREFIX}{random_hex(4)}{TEMP_SUFFIX}"
    try:
        temp.mkdir(mode=DIR_MODE)
        for rel in _course_files(source):
            destination = temp / rel
            destination.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            with open(source / rel, "rb") as reader, open(destination, "wb") as writer:
                shutil.copyfileobj(reader, writer)
                writer.flush()
                os.fsync(writer.fileno())
            os.chmod(destination, FILE_MODE)
        for folder in sorted({p for p in temp.rglob("*") if p.is_dir()} | {temp}):
            os.chmod(folder, DIR_MODE)
            fsync_dir(folder)
        old = None
        if target.exists():
            old = parent / f"{TEMP_PREFIX}{random_hex(4)}{TEMP_SUFFIX}"
            os.replace(target, old)
        os.replace(temp, target)
        fsync_dir(parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise storage_error(exc, "copy the course into", target) from exc
    return target


class LastCourse(msgspec.Struct, frozen=True):
    course: str
    version: str | None
    builtin: bool
    device: str
    """The device that used it last."""
    hlc: HLC
    wall: str
    path: Path | None
    """The course's copy in the data folder (None for the built-in course)."""

    @property
    def available(self) -> bool:
        """False while the copy has not arrived through sync yet (or was removed)."""
        return self.path is None or (self.path / "course.toml").is_file()


def remember_last_course(
    data_dir: Path,
    device_id: str,
    course_id: str,
    version: str | None,
    *,
    builtin: bool,
    hlc: HLC,
    wall: str,
) -> Path:
    """Record, for this device, the course used last (atomic, 0600)."""
    check_name(course_id, "course id")
    folder = ensure_private_dir(device_dir(data_dir, device_id))
    record = {
        "builtin": bool(builtin),
        "course": course_id,
        "hlc": [hlc.ms, hlc.counter],
        "version": version,
        "wall": wall,
    }
    path = folder / LAST_COURSE_FILE
    atomic_write(path, json_text(record, sort_keys=True, indent=1) + "\n",
                 what="remember the course in")
    return path


def read_last_courses(data_dir: Path) -> tuple[list[LastCourse], list[str]]:
    """Every device's last-course record, oldest first by (HLC, device), and problems found."""
    records: list[LastCourse] = []
    problems: list[str] = []
    root = Path(data_dir) / DEVICES_DIR
    try:
        folders = sorted((e for e in os.scandir(root) if not is_ignored(e.name) and e.is_dir()), key=lambda e: e.name)
    except FileNotFoundError:
        return records, problems
    except OSError as exc:
        return records, [f"Could not open {root}: {exc.strerror}."]
    for folder in folders:
        path = Path(folder.path) / LAST_COURSE_FILE
        try:
            raw = json_from_bytes(path.read_bytes())
            course = raw["course"]
            version = raw.get("version")
            hlc = raw["hlc"]
            check_name(course, "course id")
            if version is not None and not isinstance(version, str):
                raise ValueError("'version' is not a text")
            if not (isinstance(hlc, list) and len(hlc) == 2 and all(type(x) is int for x in hlc)):
                raise ValueError("'hlc' is not [milliseconds, counter]")
        except FileNotFoundError:
            continue
        except OSError as exc:
            problems.append(f"Could not read {path}: {exc.strerror}.")
            continue
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, StorageError) as exc:
            problems.append(f"{path} is damaged ({exc}); it was left as it is.")
            continue
        builtin = bool(raw.get("builtin", False))
        copy = None if builtin else course_copy_dir(data_dir, course, version)
        records.append(
            LastCourse(course, version, builtin, folder.name, HLC(hlc[0], hlc[1]), str(raw.get("wall", "")), copy)
        )
    records.sort(key=lambda r: (r.hlc.ms, r.hlc.counter, r.device))
    return records, problems


def last_course(data_dir: Path) -> LastCourse | None:
    """The course used last on any device (newest by HLC), or None if none was recorded."""
    records, _problems = read_last_courses(data_dir)
    return records[-1] if records else None
