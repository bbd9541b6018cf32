"""A cache of parsed courses, so a large course opens without parsing its TOML again.

    course = load_course_cached(folder)              # raises CourseError like load_course
    course, problems = check_course_cached(folder)   # never raises, like check_course

Where: ``store.paths.cache_root()/courses`` (folder 0700,
files 0600). Never in the learner's synced data folder: a cache is a per-machine
copy that may be thrown away at any time, and sync engines would only make
conflict copies of it.

Keyed by content: one entry per course folder (named by a hash of its resolved
path) holds a copy of the exact bytes the loader parsed from ``course.toml``
and from every module file (the loader hands them over, so a file saved while
the course was being read can never pair newer bytes with an older parse),
and a hash of growthcourse's version and of the loader's source files' names,
sizes and times (so a new or edited loader never reuses what an older one
made). A hit needs every file to still hold exactly those
bytes; any change in any file, even one keeping its size and time, is a miss,
which parses the folder again and replaces the entry. Only valid courses are
cached: a course with problems is always checked afresh so a counsellor sees
the current messages.

Why a copy and not a hash: a hit must cost well under a tenth of parsing the
TOML (issue 7, P4). Reading 4.8 MB of stored bytes and comparing them takes
about 0.3 ms here; SHA-1 of the same bytes 2.5 ms, BLAKE2b 5 ms. A comparison
also has no collisions to argue about (a CRC would be as fast, but a 32-bit
key is not a content key). The price is disk: an entry is about twice the
size of its course (10 MB for the 4.8 MB course of the benchmark).

Format: a magic line, the length of the header, the header (a ``marshal``
value: format, loader hash, folder, file names and sizes) checked first, the
bytes of the files one after the other, then the course (``marshal``) as plain
dicts of field values, one list per kind of object, children replaced by
their count. Reading builds the model objects with C-level ``map`` calls
(``object.__new__``, then the instance ``__dict__`` set to the decoded dict),
with the garbage collector paused: about 4-5 ms for a course of 100 modules x
20 lessons where unpickling the same objects took 8-10 ms (and JSON with a
hook 40 ms). The objects are the same classes with the same fields, equal to
what the loader builds. Why that is safe: ``marshal`` builds only plain values
(no class, no code run), and only the model classes named in ``_build`` and
``_KINDS`` are made from them; the cache folder is the user's own (0700, files
0600, never synced). An entry that cannot be read, is damaged, or does not fit
together (counts, kinds, shapes) is a miss and is rebuilt; a cache folder that
cannot be written only means the next start parses again.

An entry of 1 MB or more is mapped (``mmap``, every page at once on Linux)
rather than read: in a new process, reading 10 MB into fresh memory costs a
page fault every 4 KB, about 6 ms here. Entries are only ever replaced (temp
file, then ``os.replace``), never rewritten in place, so a mapping cannot see
its file shrink under it.

Entries neither written nor used for two months are removed when an entry is
written (``prune``), as in the log cache.
"""

from __future__ import annotations

import gc
import marshal
import os
from collections import deque
from dataclasses import fields
from itertools import accumulate, chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

try:
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

from growthcourse.course import model

if TYPE_CHECKING:  # imported when a course has problems: a start with a valid course never needs them
    from growthcourse.course.problems import Problem

COURSE_FILE = "course.toml"  # as in the loader, which is imported only on a miss (it costs start-up time)

__all__ = ["CACHE_FORMAT", "cache_dir", "check_course_cached", "entry_path", "load_course_cached", "prune"]

CACHE_FORMAT = 4
_MAGIC = b"growthcourse course cache\n"
_SUFFIX = ".course"
_OLD_SUFFIX = ".pickle"  # entries of formats 1-3, removed when their folder's entry is written
_KINDS: dict[str, type] = {"reflection": model.Reflection, "choice": model.Choice, "checklist": model.Checklist,
                           "scale": model.Scale, "practice": model.Practice}
_loader_version: str | None = None


def cache_dir() -> Path:
    """This machine's cache folder for parsed courses (under ``GROWTHCOURSE_CACHE_DIR`` when it is set)."""
    from growthcourse.store.paths import cache_root

    return cache_root() / "courses"


def load_course_cached(path: str | os.PathLike[str], *, cache: str | os.PathLike[str] | None = None) -> model.Course:
    """``load_course`` through the cache: the course, or ``CourseError`` listing every problem."""
    course, problems = check_course_cached(path, cache=cache)
    if problems or course is None:
        from growthcourse.course.problems import CourseError

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
        return _check(root, None)
    folder = Path(cache) if cache is not None else cache_dir()
    entry = entry_path(resolved, folder)
    course = _read_entry(entry, resolved)
    if course is not None:
        return course, []
    contents: dict[str, bytes] = {}
    course, problems = _check(root, contents)
    if course is not None and not problems:
        _write_entry(entry, resolved, course, contents)
    return course, problems


def _check(root: Path, contents: dict[str, bytes] | None) -> tuple[model.Course | None, list[Problem]]:
    from growthcourse.course.loader import check_course

    return check_course(root, contents=contents)


def entry_path(resolved_root: Path, folder: Path) -> Path:
    """The cache file of a course folder (one per folder; replaced when the course changes)."""
    name = blake2b(os.fsencode(str(resolved_root)), digest_size=20).hexdigest()
    return folder / f"{name}{_SUFFIX}"


def loader_version() -> str:
    """growthcourse's version and the course package's source files: any loader change is a miss.

    The files are known by name, size and modification time (in nanoseconds),
    not read: reading and hashing them took most of a cache hit's time at
    every start (0.8 of 1.2 ms). Saving a file changes its time.
    """
    global _loader_version
    if _loader_version is None:
        _loader_version = source_signature(Path(__file__).resolve().parent)
    return _loader_version


def source_signature(package: Path) -> str:
    """A hash of growthcourse's version and the name, size and time of every ``*.py`` in ``package`` but this one."""
    from growthcourse import __version__

    digest = blake2b(f"{CACHE_FORMAT}:{__version__}".encode(), digest_size=20)
    with os.scandir(package) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name.endswith(".py") and entry.name != "cache.py":
                stat = entry.stat()
                digest.update(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------- reading


def _read_entry(entry: Path, root: Path) -> model.Course | None:
    """The cached course if the entry is intact and every file still holds the same bytes, else None."""
    try:
        with open(entry, "rb", buffering=0) as handle:
            if os.fstat(handle.fileno()).st_size < _MAP_FROM:
                raw: Any = handle.readall()
            else:  # mapped, not copied: fresh memory costs a page fault every 4 KB (6 ms for 10 MB here)
                from growthcourse.store.fsutil import map_file

                raw = map_file(handle.fileno())
    except (OSError, ValueError):
        return None
    view = memoryview(raw)
    try:
        course = _course_in(raw, view, root)
    except Exception:  # a damaged entry of any kind is a miss, never a crash
        return None
    else:
        if course is not None:
            try:
                os.utime(entry)  # in use: ``prune`` keeps it
            except OSError:
                pass
        return course
    finally:
        try:
            view.release()
            if type(raw) is not bytes:
                raw.close()
        except BufferError:  # a slice still alive somewhere: the mapping is closed when it is freed
            pass


_MAP_FROM = 1 << 20
"""Entries of at least this many bytes are mapped (see ``_read_entry``); smaller ones are read (no mmap import)."""


def _course_in(raw: Any, view: memoryview, root: Path) -> model.Course | None:
    """The course in an entry (``raw``: its bytes or its mapping), if every file still holds the same bytes."""
    start = len(_MAGIC) + 8
    if raw[:len(_MAGIC)] != _MAGIC:
        return None
    size = int.from_bytes(raw[len(_MAGIC):start], "little")
    header = marshal.loads(view[start:start + size])
    if type(header) is not tuple or len(header) != 5:
        return None
    version, loader, folder, names, sizes = header
    if version != CACHE_FORMAT or loader != loader_version() or folder != str(root):
        return None
    if type(names) is not tuple or type(sizes) is not tuple or len(names) != len(sizes) or not names:
        return None
    offset = start + size  # the files' bytes follow the header, one after the other
    prefix = os.path.join(folder, "")
    for name, expected in zip(names, sizes):
        if type(expected) is not int or not 0 <= expected <= len(raw) - offset:
            return None  # a stored copy cannot be longer than what is left of the entry
        data = _read_file(prefix + name, expected)
        if data is None or len(data) != expected or raw[offset:offset + expected] != data:
            return None
        offset += expected
    collecting = gc.isenabled()
    gc.disable()  # thousands of new containers, all kept: a collection meanwhile could free none of them
    try:
        return _build(marshal.loads(view[offset:]), root)
    finally:
        if collecting:
            gc.enable()


def _read_file(path: str, expected: int) -> bytes | None:
    """The bytes of ``path`` (at most ``expected + 1``: enough to tell it changed), None if unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        data = os.read(fd, expected + 1)
        while len(data) <= expected:  # a short read (or the end): read on until the end of the file
            more = os.read(fd, expected + 1 - len(data))
            if not more:
                break
            data += more
        return data
    except OSError:
        return None
    finally:
        os.close(fd)


_new = object.__new__
_set_attr = object.__setattr__  # FrozenRecord refuses assignment; this is how its own __init__s set fields


def _objects(classes: Iterable[type], dicts: list[dict[str, Any]]) -> tuple[Any, ...]:
    """Model objects whose fields are ``dicts`` (each dict becomes one object's ``__dict__``)."""
    objects = tuple(map(_new, classes))
    if len(objects) != len(dicts):
        raise ValueError("one class per object")
    deque(map(_set_attr, objects, repeat("__dict__"), dicts), maxlen=0)
    return objects


def _attach(parents: list[dict[str, Any]], key: str, children: tuple[Any, ...]) -> None:
    """Replace the count in each parent's ``key`` by a tuple of the next that many ``children``."""
    counts = list(map(itemgetter(key), parents))
    ends = list(accumulate(counts))
    if (ends[-1] if ends else 0) != len(children) or min(counts, default=0) < 0:
        raise ValueError("the counts do not match the objects")
    groups = map(children.__getitem__, map(slice, chain((0,), ends), ends))  # slices of a tuple are tuples
    deque(map(dict.__setitem__, parents, repeat(key), groups), maxlen=0)


def _build(data: Any, root: Path) -> model.Course:
    """The course from ``_flatten``'s lists: leaves first, each level attached to the one above."""
    course, modules, lessons, exercises, options, support, contacts = data
    _attach([d for d in exercises if d["kind"] == "choice"], "options", _objects(repeat(model.Option, len(options)),
                                                                                 options))
    _attach(lessons, "exercises", _objects(map(_KINDS.__getitem__, map(itemgetter("kind"), exercises)), exercises))
    _attach(modules, "lessons", _objects(repeat(model.Lesson, len(lessons)), lessons))
    _attach([course], "modules", _objects(repeat(model.Module, len(modules)), modules))
    if support is not None:
        _attach([support], "contacts", _objects(repeat(model.Contact, len(contacts)), contacts))
        [course["support"]] = _objects([model.Support], [support])
    course["root"] = root
    [built] = _objects([model.Course], [course])
    return built


# --------------------------------------------------------------------------- writing

_FIELDS: dict[type, tuple[str, ...]] = {}


def _record(obj: Any, **children: Any) -> dict[str, Any]:
    names = _FIELDS.get(type(obj))
    if names is None:
        names = _FIELDS[type(obj)] = tuple(f.name for f in fields(obj))
    record = {name: getattr(obj, name) for name in names}
    record.update(children)
    return record


def _flatten(course: model.Course) -> tuple[Any, ...]:
    """The course as plain values for ``marshal``: one list of field dicts per level (see ``_build``)."""
    modules, lessons, exercises, options = [], [], [], []
    for module in course.modules:
        modules.append(_record(module, lessons=len(module.lessons)))
        for lesson in module.lessons:
            lessons.append(_record(lesson, exercises=len(lesson.exercises)))
            for exercise in lesson.exercises:
                if _KINDS.get(exercise.kind) is not type(exercise):
                    raise TypeError(f"an exercise of kind {exercise.kind!r} is a {type(exercise).__name__}")
                if type(exercise) is model.Choice:
                    exercises.append(_record(exercise, options=len(exercise.options)))
                    options.extend(map(_record, exercise.options))
                else:
                    exercises.append(_record(exercise))
    support, contacts = None, []
    if course.support is not None:
        support = _record(course.support, contacts=len(course.support.contacts))
        contacts = list(map(_record, course.support.contacts))
    top = _record(course, modules=len(course.modules), support=None, root=None)  # root: the folder loaded
    return top, modules, lessons, exercises, options, support, contacts


def _write_entry(entry: Path, root: Path, course: model.Course, contents: dict[str, bytes]) -> None:
    """Store a valid course with the bytes it was parsed from; any failure only means the next load parses again.

    Atomic (a temp file in the same folder, 0600, then ``os.replace``) but not
    fsynced: after a crash the entry is either whole, or damaged and so a miss.
    """
    from growthcourse.store.fsutil import StorageError, ensure_private_dir, replace_cache_file

    try:
        names = (COURSE_FILE, *(module.file for module in course.modules))
        parsed = [contents[name] for name in names]
        header = marshal.dumps((CACHE_FORMAT, loader_version(), str(root), names, tuple(map(len, parsed))))
        body = marshal.dumps(_flatten(course))
        ensure_private_dir(entry.parent)
        replace_cache_file(entry, (_MAGIC, len(header).to_bytes(8, "little"), header, *parsed, body))
        try:
            os.unlink(entry.with_suffix(_OLD_SUFFIX))
        except OSError:
            pass
        prune(entry.parent, keep=entry)
    except (KeyError, OSError, StorageError, TypeError, ValueError):
        pass


UNUSED_DAYS = 60
"""An entry neither written nor used for this long is removed (as in the log cache)."""


def prune(folder: Path, *, keep: Path | None = None, now: float | None = None) -> int:
    """Remove entries unused for ``UNUSED_DAYS`` and temp files a crash left; return how many.

    An entry's modification time is when it was last written or used, so what
    goes is a course folder moved, deleted or not opened for months (a counsellor
    previewing many drafts of a course would otherwise keep two copies of each).
    Best effort: never raises. Called when an entry is written (a course parsed).
    """
    from growthcourse.store.fsutil import prune_unused

    return prune_unused(folder, (_SUFFIX, _OLD_SUFFIX), days=UNUSED_DAYS, keep=keep, now=now)
