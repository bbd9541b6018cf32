"""This machine's identity: a random id and a human name, kept in the local config folder.

The identity lives in ``<config dir>/device.json``, never in the data folder:
a data folder copied or synced to another machine must not make two machines
share an id (each device appends only to ``devices/<its id>/`` in the data
folder, so two machines with one id would write the same files).

``load_device(config_dir)`` returns the ``Device``, creating it on first use
(id: 12 random hex digits; name: the host name). Creation is atomic: two
processes starting at once end up with the same identity.
``rename_device(config_dir, name)`` changes the human name.
"""

from __future__ import annotations

import os
import platform
import re
import tempfile
from pathlib import Path

import msgspec

from growthcourse.store.fsutil import (
    FILE_MODE,
    TEMP_PREFIX,
    TEMP_SUFFIX,
    StorageError,
    atomic_write,
    ensure_private_dir,
    fsync_dir,
    json_from_bytes,
    json_text,
    random_hex,
    storage_error,
)

DEVICE_FILE = "device.json"
DEVICE_ID_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{3,63}$")
MAX_NAME_LENGTH = 80


class Device(msgspec.Struct, frozen=True):
    id: str
    name: str


def default_device_name() -> str:
    """The host name without its domain ("laptop.local" -> "laptop"), or "this device"."""
    host = platform.node().strip()
    return clean_name(host.split(".")[0] if host and not host[0].isdigit() else host) or "this device"


def clean_name(name: str) -> str:
    """A device name on one line, without control characters, at most 80 characters."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in name)
    return " ".join(cleaned.split())[:MAX_NAME_LENGTH]


def new_device_id() -> str:
    return random_hex(6)


def _parse(file: Path, raw: bytes) -> Device:
    try:
        data = json_from_bytes(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise StorageError(
            f"{file} (this device's identity) is damaged: {exc}. "
            "It was left as it is; move it away to give this device a new identity.",
            file,
            exc,
        ) from exc
    device_id = data.get("id") if isinstance(data, dict) else None
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(device_id, str) or not DEVICE_ID_PATTERN.match(device_id):
        raise StorageError(
            f"{file} (this device's identity) has no valid \"id\". "
            "It was left as it is; move it away to give this device a new identity.",
            file,
        )
    if not isinstance(name, str) or not clean_name(name):
        name = default_device_name()
    return Device(device_id, clean_name(name))


def _dump(device: Device) -> str:
    return json_text({"id": device.id, "name": device.name}, indent=2) + "\n"


def load_device(config_dir: Path, *, name: str | None = None) -> Device:
    """This machine's identity from ``config_dir``, created (0600, atomically) on first use.

    ``name`` is used only when the identity is created (default: the host name).
    Raises ``StorageError`` if the file is damaged (it is never overwritten)
    or cannot be created.
    """
    file = Path(config_dir) / DEVICE_FILE
    try:
        return _parse(file, file.read_bytes())
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise storage_error(exc, "read this device's identity from", file) from exc

    ensure_private_dir(config_dir)
    device = Device(new_device_id(), clean_name(name or "") or default_device_name())
    # Write a temp file, then hard-link it into place: the link fails if another
    # process created the identity meanwhile, and then that one is used.
    try:
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=config_dir)
    except OSError as exc:
        raise storage_error(exc, "create this device's identity in", config_dir) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_dump(device))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, FILE_MODE)
        try:
            os.link(temp, file)
        except FileExistsError:
            return _parse(file, file.read_bytes())
        except (AttributeError, NotImplementedError, PermissionError):  # pragma: no cover - no hard links
            if file.exists():
                return _parse(file, file.read_bytes())
            os.replace(temp, file)
    except OSError as exc:
        raise storage_error(exc, "create this device's identity in", file) from exc
    finally:
        try:
            os.unlink(temp)
        except OSError:
            pass
    fsync_dir(config_dir)
    return device


def rename_device(config_dir: Path, name: str) -> Device:
    """Give this device a new human name (the id never changes)."""
    cleaned = clean_name(name)
    if not cleaned:
        raise StorageError("A device name cannot be empty.")
    current = load_device(config_dir)
    device = Device(current.id, cleaned)
    atomic_write(Path(config_dir) / DEVICE_FILE, _dump(device), what="save this device's name to")
    return device
