"""Durable, private file writes, and the one error type storage raises.

Two ways of changing a file, and only these two:

* ``append_line(path, line)``: for the append-only event logs. Opens with
  ``O_APPEND``, writes one whole line, fsyncs. If the file ends in a partial
  line (a crash mid-write, or a half-synced copy), a newline is written first
  so the new line is never glued onto the fragment.
* ``atomic_write(path, data)``: for files replaced whole (drafts, config,
  device identity). Writes a temp file in the same folder, named
  ``.growthcourse-*.tmp`` (a fixed pattern sync engines can be told to ignore
  and the reader skips), fsyncs it, ``os.replace``-s it over the target and
  fsyncs the folder. A crash leaves either the old file or the new one, plus at
  worst a stray temp file that everything ignores.

Files are created 0600 and folders 0700 (POSIX). Any ``OSError`` becomes a
``StorageError`` whose message a learner can act on ("The disk is full...");
the caller still holds whatever it was trying to save.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

TEMP_PREFIX = ".growthcourse-"
TEMP_SUFFIX = ".tmp"
FILE_MODE = 0o600
DIR_MODE = 0o700

_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


class StorageError(Exception):
    """A file could not be read or written; ``str(error)`` is a message for a person.

    ``path`` is the file or folder concerned, ``cause`` the original OSError
    (or None when the problem is the content of a file).
    """

    def __init__(self, message: str, path: Path | str | None = None, cause: BaseException | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.cause = cause


def storage_error(exc: OSError, action: str, path: Path | str) -> StorageError:
    """Turn an OSError raised while ``action`` (e.g. "save your reflection to") into a StorageError."""
    code = exc.errno
    where = str(path)
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        message = (
            f"The disk is full: could not {action} {where}. "
            "Free some space and try again; nothing was written, and what you have not saved yet is still here."
        )
    elif code == errno.EROFS:
        message = (
            f"The folder is read-only: could not {action} {where}. "
            "Choose a writable data folder (--data-dir) or make this one writable."
        )
    elif code in (errno.EACCES, errno.EPERM):
        message = (
            f"No permission: could not {action} {where}. "
            "Check that this folder belongs to you and is writable."
        )
    else:
        reason = exc.strerror or exc.__class__.__name__
        message = f"Could not {action} {where}: {reason}."
    return StorageError(message, path, exc)


def random_hex(nbytes: int) -> str:
    """``nbytes`` random bytes as hex: what ``secrets.token_hex`` does, without importing ``secrets``
    (about 2 ms of every start)."""
    return os.urandom(nbytes).hex()


def fsync_dir(path: Path | str) -> None:
    """Make a rename or a new file in ``path`` durable (no-op where folders cannot be fsynced)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems (and network mounts) refuse fsync on folders
    finally:
        os.close(fd)


def ensure_private_dir(path: Path | str) -> Path:
    """Create ``path`` (and missing parents) with mode 0700; return it.

    Folders that already exist are left as they are (a user may point the data
    folder at an existing synced folder); ``permission_problems`` reports them.
    """
    path = Path(path)
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass
        except OSError as exc:
            raise storage_error(exc, "create the folder", folder) from exc
        try:
            os.chmod(folder, DIR_MODE)  # mkdir's mode is reduced by the umask
        except OSError:
            pass
        fsync_dir(folder.parent)
    if not path.is_dir():
        raise StorageError(f"{path} exists but is not a folder.", path)
    return path


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: Path | str, data: bytes | str, *, what: str = "save") -> None:
    """Replace ``path`` whole with ``data`` (str is written as UTF-8), durably, mode 0600.

    ``what`` names the action in error messages ("save your draft to").
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise storage_error(exc, what, path) from exc
    try:
        try:
            if _BINARY:  # pragma: no cover - Windows
                import msvcrt

                msvcrt.setmode(fd, os.O_BINARY)
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp_name, FILE_MODE)
        _replace_with_retry(temp_name, path)
    except OSError as exc:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise storage_error(exc, what, path) from exc
    fsync_dir(folder)


def _replace_with_retry(source: str, target: Path) -> None:
    """``os.replace``; on Windows retry briefly while antivirus or a sync client holds the file."""
    if sys.platform != "win32":
        os.replace(source, target)
        return
    delay = 0.01  # pragma: no cover - Windows
    for _ in range(8):  # pragma: no cover
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(delay)
            delay *= 2
    os.replace(source, target)  # pragma: no cover


def _read_byte(fd: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, 1, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows (writes still append)
    return os.read(fd, 1)  # pragma: no cover


def append_line(path: Path | str, line: str, *, what: str = "save to") -> None:
    """Append ``line`` (without its newline) plus ``\\n`` to ``path``, durably; create it 0600.

    If the file does not end in a newline (a line cut short by a crash or a
    half-synced copy) a newline goes first, so the fragment stays a separate,
    skippable line and the new line is whole.
    """
    path = Path(path)
    payload = line.encode("utf-8") + b"\n"
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | _BINARY
    created = not path.exists()
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as exc:
        raise storage_error(exc, what, path) from exc
    try:
        size = os.fstat(fd).st_size
        if size and _read_byte(fd, size - 1) != b"\n":
            payload = b"\n" + payload
        _write_all(fd, payload)
        os.fsync(fd)
    except OSError as exc:
        raise storage_error(exc, what, path) from exc
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)


def replace_cache_file(target: Path | str, parts: Iterable[bytes]) -> None:
    """Write a file of this machine's cache: a temp file (0600) in its folder, then ``os.replace``.

    Atomic but not fsynced: a cache is a copy that may be lost, so after a
    crash the file is whole, or damaged and so a miss for its reader. Raises
    ``OSError`` (the temp file removed) when it cannot be written.
    """
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=Path(target).parent)  # 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(parts)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def is_own_temp(name: str) -> bool:
    """True for the temp files ``atomic_write`` leaves behind after a crash."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def json_from_bytes(raw: bytes) -> Any:
    """``json.loads(raw.decode("utf-8"))``: the same values, and the same errors for anything it refuses.

    msgspec (loaded at every start to read the event logs) decodes the small
    JSON files read at start-up; importing ``json`` would cost about 1.5 ms of
    every start (issue 7, P1). What msgspec refuses, and the few things it
    reads differently (``NaN``, a lone ``\\udcxx`` escape, ``1e400``), goes
    to the standard library, which then decides and words the error.
    """
    import msgspec

    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError):
        import json

        return json.loads(raw.decode("utf-8"))


def json_text(value: Any, *, indent: int, sort_keys: bool = False) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)``, by msgspec.

    The same text for the records growthcourse writes (texts, whole numbers,
    true/false, null, lists, objects); a float may be spelt differently
    (``1e16`` for ``1e+16``) but reads back the same. A text msgspec cannot
    encode (a lone surrogate) goes to the standard library, which escapes it.
    Why not ``json``: see ``json_from_bytes``.
    """
    import msgspec

    try:
        return msgspec.json.format(msgspec.json.encode(value, order="sorted" if sort_keys else None),
                                   indent=indent).decode("utf-8")
    except UnicodeEncodeError:
        import json

        return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)


def map_file(fd: int) -> Any:
    """A read-only mapping of an open file, or its bytes if it cannot be mapped (a caller closes a mapping).

    For the caches' entries, which are only ever replaced, never rewritten in
    place (a mapping cannot see its file shrink). Mapped rather than read: a
    fresh read costs a page fault every 4 KB, and a freed block of a megabyte
    or more raises glibc's threshold for mapping large blocks, so later ones
    stay in the heap as holes (issue 7, P4 and P7). On Linux every page is
    mapped at once.
    """
    import mmap

    try:
        if hasattr(mmap, "MAP_POPULATE"):
            return mmap.mmap(fd, 0, flags=mmap.MAP_SHARED | mmap.MAP_POPULATE, prot=mmap.PROT_READ)
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # empty, or a file system that cannot map files: read it
        with open(fd, "rb", buffering=0, closefd=False) as handle:
            return handle.readall()


def prune_unused(folder: Path | str, suffixes: tuple[str, ...], *, days: float, keep: Path | str | None = None,
                 now: float | None = None) -> int:
    """Remove a cache folder's entries (names ending with ``suffixes``) not written or used for ``days``.

    Also our temp files older than a day (a write takes milliseconds: those are
    a crash's leftovers). Anything else, and ``keep``, is never touched. Best
    effort: returns how many were removed, never raises.
    """
    now = time.time() if now is None else now
    kept = None if keep is None else os.fspath(keep)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if name.endswith(suffixes):
            limit = now - days * 86400
        elif is_own_temp(name):
            limit = now - 86400
        else:
            continue
        try:
            if entry.path != kept and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def permission_problems(root: Path | str) -> list[str]:
    """Folders under ``root`` others can enter or files they can read (POSIX only), as sentences."""
    if sys.platform == "win32":
        return []
    root = Path(root)
    problems: list[str] = []
    if not root.exists():
        return problems
    for current, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".stversions", ".stfolder")]
        for name in [None, *files]:
            target = Path(current) if name is None else Path(current) / name
            try:
                mode = target.lstat().st_mode & 0o777
            except OSError:
                continue
            if mode & 0o077:
                kind = "folder" if name is None else "file"
                problems.append(
                    f"{target}: this {kind} can be read by other users (mode {mode:o}; expected "
                    f"{DIR_MODE if name is None else FILE_MODE:o})."
                )
    return problems


_FORBIDDEN = set('/\\:*?"<>|\0')


def check_name(value: str, what: str) -> str:
    """Return ``value`` if it can be used as one file or folder name on every platform.

    Ids (course, exercise, device) become names in the data folder; anything
    that could escape it or be ignored ("..", "/x", ".hidden") is refused.
    """
    if (
        not isinstance(value, str)
        or not value
        or len(value) > 120
        or value.startswith((".", "~"))
        or value != value.strip()
        or any(ch in _FORBIDDEN or not ch.isprintable() for ch in value)
    ):
        raise StorageError(f"The {what} {value!r} cannot be used as a file name in the data folder.")
    return value
