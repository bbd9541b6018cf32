"""A cache of parsed courses, so a large course opens without parsing its TOML again.

    course = load_course_cached(folder)              # raises CourseError like load_course
    course, problems = check_course_cached(folder)   # never raises, like check_course

Where: ``platformdirs.user_cache_dir("growthcourse")/courses`` (folder 0700,
files 0600). Never in the learner's synced data folder: a cache is a per-machine
copy that may be thrown away at any time, and sync engines would only make
conflict copies of it.

Keyed by content: one entry per course folder (named by a hash of its resolved
path) records a hash of the bytes of ``course.toml`` and of every module file,
and a hash of the loader's own source (so a new growthcourse never reuses what
an older loader made). A hit needs every file to still hash the same; any
change in any file is a miss, which parses the folder again and replaces the
entry. Only valid courses are cached: a course with problems is always checked
afresh so a counsellor sees the current messages.

Format: JSON (fast to load, safe to read; no pickle). Dataclasses are written
as objects tagged with their class name; every list of the model is a tuple,
and ``Scale.labels`` (int keys) is written as pairs. An entry that cannot be
read, is damaged, or does not decode to a course is ignored and rebuilt; a
cache folder that cannot be written only means the next start parses again.

File hashes use SHA-1 (``usedforsecurity=False``): the cache only needs to
notice a changed file, and SHA-1 is the fastest hashlib digest here (about
four times SHA-256), which matters because a hit hashes every byte of the course.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from growthcourse.course import model
from growthcourse.course.problems import CourseError, Problem

COURSE_FILE = "course.toml"  # as in the loader, which is imported only on a miss (it costs start-up time)

__all__ = ["CACHE_FORMAT", "cache_dir", "check_course_cached", "entry_path", "load_course_cached"]

CACHE_FORMAT = 1
_TAG = "~"  # key naming the dataclass of a JSON object (not a valid field name)
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (model.Course, model.Module, model.Lesson, model.Reflection, model.Choice, model.Option,
                model.Checklist, model.Scale, model.Practice, model.Support, model.Contact)
}
_loader_version: str | None = None


def cache_dir() -> Path:
    """This machine's cache folder for parsed courses (``GROWTHCOURSE_CACHE_DIR`` overrides it)."""
    override = os.environ.get("GROWTHCOURSE_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("growthcourse")) / "courses"


def load_course_cached(path: str | os.PathLike[str], *, cache: str | os.PathLike[str] | None = None) -> model.Course:
    """``load_course`` through the cache: the course, or ``CourseError`` listing every problem."""
    course, problems = check_course_cached(path, cache=cache)
    if problems or course is None:
        raise CourseError(problems)
    return course


def check_course_cached(
    path: str | os.PathLike[str], *, cache: str | os.PathLike[str] | None = None
) -> tuple[model.Course | None, list[Problem]]:
    """``check_course`` through the cache: ``(course, [])`` when valid, else ``(None, problems)``."""
    root = Path(path)
    try:
        resolved = root.resolve()
    except (OSError, RuntimeError):
        return _check(root)
    folder = Path(cache) if cache is not None else cache_dir()
    entry = entry_path(resolved, folder)
    course = _read_entry(entry, resolved)
    if course is not None:
        return course, []
    course, problems = _check(root)
    if course is not None and not problems:
        _write_entry(entry, resolved, course)
    return course, problems


def _check(root: Path) -> tuple[model.Course | None, list[Problem]]:
    from growthcourse.course.loader import check_course

    return check_course(root)


def entry_path(resolved_root: Path, folder: Path) -> Path:
    """The cache file of a course folder (one per folder; replaced when the course changes)."""
    name = hashlib.sha1(os.fsencode(str(resolved_root)), usedforsecurity=False).hexdigest()
    return folder / f"{name}.json"


# --------------------------------------------------------------------------- keys


def loader_version() -> str:
    """A hash of growthcourse's version and the course package's source: any loader change is a miss."""
    global _loader_version
    if _loader_version is None:
        from growthcourse import __version__

        digest = hashlib.sha1(f"{CACHE_FORMAT}:{__version__}".encode(), usedforsecurity=False)
        package = Path(__file__).resolve().parent
        for source in sorted(package.glob("*.py")):
            if source.name != "cache.py":
                digest.update(source.name.encode())
                digest.update(source.read_bytes())
        _loader_version = digest.hexdigest()
    return _loader_version


def _file_hash(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha1(handle.read(), usedforsecurity=False).hexdigest()


def _course_files(course: model.Course) -> list[str]:
    return [COURSE_FILE, *(module.file for module in course.modules)]


# --------------------------------------------------------------------------- reading


def _read_entry(entry: Path, root: Path) -> model.Course | None:
    """The cached course if the entry is intact and every file still has the same bytes, else None."""
    try:
        with open(entry, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    try:
        record = json.loads(raw, object_hook=_decode_object)
        if (
            type(record) is not dict
            or record.get("format") != CACHE_FORMAT
            or record.get("loader") != loader_version()
            or record.get("root") != str(root)
        ):
            return None
        files = record["files"]
        if type(files) is not list or not files:
            return None
        for name, digest in files:
            if _file_hash(root / name) != digest:
                return None
        course = record["course"]
        if type(course) is not model.Course:
            return None
        return dataclasses.replace(course, root=root)
    except Exception:  # a damaged entry of any kind is a miss, never a crash
        return None


def _decode_object(obj: dict[str, Any]) -> Any:
    tag = obj.pop(_TAG, None)
    if tag is None:
        return obj
    cls = _CLASSES[tag]
    for key, value in obj.items():
        if type(value) is list:
            obj[key] = tuple(value)
    if cls is model.Scale and "labels" in obj:
        obj["labels"] = {int(value): label for value, label in obj["labels"]}
    return cls(**obj)


# --------------------------------------------------------------------------- writing


def _write_entry(entry: Path, root: Path, course: model.Course) -> None:
    """Store a valid course; any failure only means the next load parses again."""
    from growthcourse.store.fsutil import StorageError, atomic_write, ensure_private_dir

    try:
        files = [[name, _file_hash(root / name)] for name in _course_files(course)]
        record = {
            "format": CACHE_FORMAT,
            "loader": loader_version(),
            "root": str(root),
            "files": files,
            "course": _encode(course),
        }
        payload = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        ensure_private_dir(entry.parent)
        atomic_write(entry, payload.encode("utf-8"), what="save the course cache to")
    except (OSError, StorageError, ValueError, TypeError):
        pass


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {_TAG: type(value).__name__}
        for field in dataclasses.fields(value):
            if field.name == "root":
                continue  # set from the folder actually loaded
            item = getattr(value, field.name)
            if field.name == "labels" and isinstance(value, model.Scale):
                out["labels"] = [[number, label] for number, label in item.items()]
            else:
                out[field.name] = _encode(item)
        return out
    if isinstance(value, (tuple, list)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        raise TypeError("only Scale.labels may be a dict in a course")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__} in a course")
