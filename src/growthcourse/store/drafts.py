"""Reflection drafts: unsaved writing, autosaved per device so a crash loses at most a second.

One file per device, course and exercise, replaced whole atomically:
``<data>/devices/<device-id>/drafts/<course-id>/<exercise-id>.json`` holding
the text, the HLC and wall time of the save, and the revision it was started
from (``base``: a ``reflection_saved`` event id, or None for a first answer).
Only the owning device writes its drafts, so sync never has to choose between
two versions; another device's newer draft is offered to continue
("started on the laptop, continue on the desktop").

Drafts are not events: they never count toward completion and are never
exported. ``clear_draft`` removes one after its revision was saved.
"""

from __future__ import annotations

import os
from pathlib import Path

import msgspec

from growthcourse.store.eventlog import DEVICES_DIR, device_dir, is_ignored
from growthcourse.store.events import HLC
from growthcourse.store.fsutil import (
    StorageError,
    atomic_write,
    check_name,
    ensure_private_dir,
    fsync_dir,
    json_from_bytes,
    storage_error,
)

DRAFTS_DIR = "drafts"
DRAFT_VERSION = 1

_ENCODER = msgspec.json.Encoder()


class Draft(msgspec.Struct, frozen=True):
    course: str
    exercise: str
    device: str
    text: str
    hlc: HLC
    wall: str
    base: str | None
    """The reflection revision (event id) this draft continues, or None."""


def draft_path(data_dir: Path, device_id: str, course_id: str, exercise_id: str) -> Path:
    check_name(course_id, "course id")
    check_name(exercise_id, "exercise id")
    return device_dir(data_dir, device_id) / DRAFTS_DIR / course_id / f"{exercise_id}.json"


def write_draft(data_dir: Path, draft: Draft) -> Path:
    """Save ``draft`` (replacing the device's previous one for that exercise), atomically, 0600."""
    path = draft_path(data_dir, draft.device, draft.course, draft.exercise)
    ensure_private_dir(path.parent)
    record = {  # keys in sorted order
        "base": draft.base,
        "course": draft.course,
        "device": draft.device,
        "exercise": draft.exercise,
        "hlc": [draft.hlc.ms, draft.hlc.counter],
        "text": draft.text,
        "v": DRAFT_VERSION,
        "wall": draft.wall,
    }
    try:
        # One line of UTF-8 JSON: 20 us for 60 kB of text, where json.dumps took 150.
        payload = _ENCODER.encode(record) + b"\n"
    except UnicodeEncodeError:  # a lone surrogate (pasted from a broken source): kept as \udcxx
        import json

        payload = (json.dumps(record, ensure_ascii=True, sort_keys=True) + "\n").encode("ascii")
    atomic_write(path, payload, what="save your draft to")
    return path


def _read_draft(path: Path, device_id: str, course_id: str, exercise_id: str) -> Draft:
    raw = json_from_bytes(path.read_bytes())
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    text = raw["text"]
    hlc = raw["hlc"]
    base = raw.get("base")
    wall = raw.get("wall", "")
    if not isinstance(text, str):
        raise ValueError("'text' is not a text")
    if not (isinstance(hlc, list) and len(hlc) == 2 and all(type(part) is int for part in hlc)):
        raise ValueError("'hlc' is not [milliseconds, counter]")
    if base is not None and not isinstance(base, str):
        raise ValueError("'base' is not an event id")
    return Draft(course_id, exercise_id, device_id, text, HLC(hlc[0], hlc[1]), str(wall), base)


def read_drafts(data_dir: Path, course_id: str, exercise_id: str) -> tuple[list[Draft], list[str]]:
    """Every device's draft for one exercise, oldest first (by HLC, then device), and problems found.

    A damaged draft file is reported (a sentence naming the file), never
    deleted or rewritten.
    """
    check_name(course_id, "course id")
    check_name(exercise_id, "exercise id")
    drafts: list[Draft] = []
    problems: list[str] = []
    root = Path(data_dir) / DEVICES_DIR
    try:
        folders = sorted(
            (entry for entry in os.scandir(root) if not is_ignored(entry.name) and entry.is_dir()),
            key=lambda entry: entry.name,
        )
    except FileNotFoundError:
        return drafts, problems
    except OSError as exc:
        return drafts, [f"Could not open {root}: {exc.strerror}."]
    for folder in folders:
        path = Path(folder.path) / DRAFTS_DIR / course_id / f"{exercise_id}.json"
        try:
            drafts.append(_read_draft(path, folder.name, course_id, exercise_id))
        except FileNotFoundError:
            continue
        except OSError as exc:
            problems.append(f"Could not read the draft {path}: {exc.strerror}.")
        except (ValueError, KeyError, UnicodeDecodeError) as exc:
            problems.append(f"The draft {path} is damaged ({exc}); it was left as it is.")
    drafts.sort(key=lambda draft: (draft.hlc.ms, draft.hlc.counter, draft.device))
    return drafts, problems


def delete_draft(data_dir: Path, device_id: str, course_id: str, exercise_id: str) -> bool:
    """Remove this device's draft for an exercise; True if there was one."""
    path = draft_path(data_dir, device_id, course_id, exercise_id)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise storage_error(exc, "remove the draft", path) from exc
    fsync_dir(path.parent)
    return True


__all__ = ["Draft", "StorageError", "delete_draft", "draft_path", "read_drafts", "write_draft"]
