"""Small TOML files (the theme files, the settings file) parsed once per content, on this machine.

Every start of the app reads the shipped theme files, and ``config.toml`` when
there is one. Parsing them needs ``tomllib``, whose import and parsing cost
about 2 ms of every start (issue 7, P1). ``parse_toml(text)`` gives what
``tomllib.loads(text)`` gives, and raises what it raises (``TOMLDecodeError``,
a ``ValueError``), from this machine's cache when the same text was parsed
before, so a usual start needs no TOML parser at all.

The cache is one file, ``toml.cache`` in this machine's cache folder (0600 in
a 0700 folder, never in the synced data folder): a ``marshal`` value mapping
each text to the ``marshal`` bytes of its parse, so every call gets fresh
objects it may change. It is keyed by the whole text (no hash to collide), holds
only what ``marshal`` can (a parse with a TOML date is simply parsed each time)
and at most ``MAX_TEXTS`` texts, the ones used last. It is read once per
process and written, without waiting for the disk, when the process exits
after adding a text: a cache is a copy that may be lost or thrown away at any
time. A missing, damaged or unreadable cache is a miss, never an error.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["MAX_TEXTS", "cache_file", "parse_toml", "save"]

MAX_TEXTS = 64
_FORMAT = 1
_MAGIC = b"growthcourse toml cache\n"
_KEY = (_FORMAT, sys.version)  # the parser is the standard library's: a new Python may parse differently

_entries: dict[str, bytes] | None = None
_file: Path | None = None
_changed = False


def cache_file() -> Path:
    """This machine's TOML cache (under ``GROWTHCOURSE_CACHE_DIR`` when it is set)."""
    from growthcourse.store.paths import cache_root

    return cache_root() / "toml.cache"


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``: the same data (fresh objects) and the same errors."""
    global _changed
    entries = _load()
    stored = entries.pop(text, None)
    if stored is not None:
        try:
            data = marshal.loads(stored)
        except Exception:  # a damaged entry: parsed again below, and replaced
            pass
        else:
            if type(data) is dict:
                entries[text] = stored  # used last: kept longest
                return data
    import tomllib

    data = tomllib.loads(text)
    try:
        entries[text] = marshal.dumps(data)
    except ValueError:  # a date or time: not a plain value marshal can hold
        return data
    if not _changed:
        _changed = True
        atexit.register(save)
    return data


def save() -> bool:
    """Write the cache if texts were added (best effort; True when written). Called at exit."""
    global _changed
    if not _changed or _entries is None or _file is None:
        return False
    _changed = False
    kept = dict(list(_entries.items())[-MAX_TEXTS:])
    from growthcourse.store.fsutil import ensure_private_dir, replace_cache_file

    try:
        ensure_private_dir(_file.parent)
        replace_cache_file(_file, (_MAGIC, marshal.dumps((_KEY, kept))))
        return True
    except Exception:  # a cache that cannot be written only means parsing again next time
        return False


def _load() -> dict[str, bytes]:
    global _entries, _file
    if _entries is None:
        _entries = {}
        try:
            _file = cache_file()
            with open(_file, "rb") as handle:
                raw = handle.read()
            if raw.startswith(_MAGIC):
                key, entries = marshal.loads(memoryview(raw)[len(_MAGIC):])
                if key == _KEY and type(entries) is dict and all(
                    type(text) is str and type(blob) is bytes for text, blob in entries.items()
                ):
                    _entries = entries
        except Exception:  # no cache yet, or a damaged one: parse, and write a new one
            pass
    return _entries


def _forget() -> None:
    """Drop what this process read or added (tests: as if the process had just started)."""
    global _entries, _file, _changed
    _entries, _file, _changed = None, None, False
