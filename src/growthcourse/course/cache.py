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

Format: two pickles in one file, a small header (format, loader hash, folder,
file hashes) checked first, then the course. Why pickle and not JSON: a hit
must cost at most a tenth of parsing the TOML (issue 7, P4); for a course of
100 modules x 20 lessons, JSON with a hook rebuilding the dataclasses took
40 ms to load (2-3x the budget) and 60 ms to write, pickle 10 ms and 15 ms.
Why that is safe here: the cache folder is the user's own (0700, files 0600,
never synced), and entries are read with an unpickler that can only build the
course model's classes and a few builtins, so even a planted file cannot run
code; it is a miss like any damaged entry. An entry that cannot be read, is
damaged, or holds anything but a course is ignored and rebuilt; a cache
folder that cannot be written only means the next start parses again.

File hashes: the cache only needs to notice a changed file. A course of less
than 1 MB (any real one) is hashed with BLAKE2b (160 bits) from ``_blake2``,
the module behind ``hashlib.blake2b``, because importing ``hashlib`` itself
loads OpenSSL, about 2-3 ms of every start (issue 7, P1). A larger course is
hashed with OpenSSL's SHA-1, three times faster per byte here, so a hit on a
course of 100 modules stays under a tenth of parsing it (P4). The entry
records which was used.
"""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

try:
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

from growthcourse.course import model
from growthcourse.course.problems import CourseError, Problem

COURSE_FILE = "course.toml"  # as in the loader, which is imported only on a miss (it costs start-up time)

__all__ = ["CACHE_FORMAT", "cache_dir", "check_course_cached", "entry_path", "load_course_cached"]

CACHE_FORMAT = 3
# The only classes an entry may build (containers, text and numbers need no class lookup).
_ALLOWED: dict[tuple[str, str], type] = {
    (model.__name__, cls.__name__): cls
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
    name = _digest(os.fsencode(str(resolved_root)), "blake2b").hexdigest()
    return folder / f"{name}.pickle"


# --------------------------------------------------------------------------- keys


def loader_version() -> str:
    """A hash of growthcourse's version and the course package's source: any loader change is a miss."""
    global _loader_version
    if _loader_version is None:
        from growthcourse import __version__

        digest = _digest(f"{CACHE_FORMAT}:{__version__}".encode(), "blake2b")
        package = Path(__file__).resolve().parent
        for source in sorted(package.glob("*.py")):
            if source.name != "cache.py":
                digest.update(source.name.encode())
                digest.update(source.read_bytes())
        _loader_version = digest.hexdigest()
    return _loader_version


_LARGE_COURSE = 1 << 20
"""Courses of at least this many bytes are hashed with SHA-1 (see the module docstring)."""


def _digest(data: bytes, algorithm: str) -> Any:
    if algorithm == "sha1":
        import hashlib

        return hashlib.sha1(data, usedforsecurity=False)
    return blake2b(data, digest_size=20)


def _file_hash(path: Path, algorithm: str = "blake2b") -> str:
    with open(path, "rb") as handle:
        return _digest(handle.read(), algorithm).hexdigest()


def _algorithm_for(root: Path, names: list[str]) -> str:
    size = sum(os.stat(root / name).st_size for name in names)
    return "sha1" if size >= _LARGE_COURSE else "blake2b"


def _course_files(course: model.Course) -> list[str]:
    return [COURSE_FILE, *(module.file for module in course.modules)]


# --------------------------------------------------------------------------- reading


class _CourseUnpickler(pickle.Unpickler):
    """Builds only the course model's classes: anything else in an entry makes it a miss."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a course") from None


def _read_entry(entry: Path, root: Path) -> model.Course | None:
    """The cached course if the entry is intact and every file still has the same bytes, else None."""
    try:
        with open(entry, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    try:
        stream = io.BytesIO(raw)
        header = _CourseUnpickler(stream).load()
        if (
            type(header) is not dict
            or header.get("format") != CACHE_FORMAT
            or header.get("loader") != loader_version()
            or header.get("root") != str(root)
        ):
            return None
        files = header["files"]
        algorithm = header.get("digest")
        if type(files) is not list or not files or algorithm not in ("blake2b", "sha1"):
            return None
        for name, digest in files:
            if type(name) is not str or _file_hash(root / name, algorithm) != digest:
                return None
        course = _CourseUnpickler(stream).load()  # a second pickle: its own memo
        if type(course) is not model.Course:
            return None
        return dataclasses.replace(course, root=root)
    except Exception:  # a damaged entry of any kind is a miss, never a crash
        return None


# --------------------------------------------------------------------------- writing


def _write_entry(entry: Path, root: Path, course: model.Course) -> None:
    """Store a valid course; any failure only means the next load parses again.

    Atomic (a temp file in the same folder, 0600, then ``os.replace``) but not
    fsynced: after a crash the entry is either whole, or damaged and so a miss.
    """
    from growthcourse.store.fsutil import StorageError, ensure_private_dir

    try:
        names = _course_files(course)
        algorithm = _algorithm_for(root, names)
        files = [[name, _file_hash(root / name, algorithm)] for name in names]
        header = {"format": CACHE_FORMAT, "loader": loader_version(), "root": str(root), "files": files,
                  "digest": algorithm}
        stored = dataclasses.replace(course, root=None)  # set again from the folder actually loaded
        stored.__dict__.pop("_index", None)  # a lookup table Course builds on demand
        payload = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL) + pickle.dumps(
            stored, protocol=pickle.HIGHEST_PROTOCOL)
        ensure_private_dir(entry.parent)
        fd, temp = tempfile.mkstemp(prefix=".growthcourse-", suffix=".tmp", dir=entry.parent)  # mode 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(temp, entry)
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, StorageError, pickle.PicklingError, TypeError, ValueError):
        pass
