"""Long texts of a large history left in their log file, and read again when something shows them.

A reflection is saved whole at every revision, so a long history is mostly
earlier versions of reflections: 10,000 revisions of 200 words are 12 MB of
text that the dashboard, the gating and almost every screen never look at
(issue 7, P7). When a read is large (``eventlog.SHARE_FROM_BYTES``), the
text of a saved reflection of at least ``DEFER_CHARS`` characters is not
kept: the payload keeps ``STORED`` in its place and is a ``StoredPayload``,
which knows the log file and the byte span of the event's line. (Only
reflections: they are the history nobody reads at once. Practice notes are
all shown together in the journal, so they stay.) ``read()`` reads
that line again and checks that it is still the same event (its id) before
returning the payload as written.

Why this is safe: a log's complete lines never change (growthcourse only
appends, and a sync engine only replaces a file by a longer copy of it). A
line that is no longer at its place (a file replaced by a copy laid out
differently) is looked for in the whole file, by its id. Only a log that is
gone or unreadable since it was read makes a text unavailable: ``read()``
then raises ``TextUnavailable``, a ``StorageError`` that names the file, and
the text is still in that file for the next start. The texts a learner works
on (each reflection's current version) are read back right after the fold
(``Columns.pin``), so the editor never depends on a later read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import msgspec

from growthcourse.store.events import Event, decode_line
from growthcourse.store.fsutil import StorageError

__all__ = ["DEFER_CHARS", "STORED", "LogFile", "StoredPayload", "TextUnavailable", "defer_text", "stored"]

DEFER_CHARS = 512
"""A text value of at least this many characters is left in the file (a reflection of about 80 words)."""


class _Stored:
    """The value in place of a text left in the log file (one shared object, ``STORED``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "STORED"


STORED = _Stored()


class TextUnavailable(StorageError):
    """A text left in a log file cannot be read again (the file is gone or no longer holds the event)."""


class LogFile:
    """A log file some of whose texts were left in it (shared by every payload read from it)."""

    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        self.path = path

    def event(self, offset: int, length: int, event_id: str) -> Event:
        """Event ``event_id`` as written: its line at ``offset`` as when read, else found by its id."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise self._unavailable(f"it cannot be opened ({exc.strerror})", exc) from None
        try:
            with open(fd, "rb", buffering=0) as handle:
                handle.seek(offset)
                event = _decoded(handle.read(length))
                if event is not None and event.id == event_id:
                    return event
                handle.seek(0)
                found = _find_line(handle.readall(), event_id)
        except OSError as exc:
            raise self._unavailable(f"it cannot be read ({exc.strerror})", exc) from None
        if found is None:
            raise self._unavailable("it no longer holds that event")
        return found

    def _unavailable(self, why: str, cause: BaseException | None = None) -> TextUnavailable:
        return TextUnavailable(
            f"A text saved earlier could not be read again from {self.path}: {why}. Nothing was changed; "
            "close growthcourse and open it again to read your data folder afresh.",
            self.path, cause,
        )


def _decoded(line: bytes) -> Event | None:
    try:
        return decode_line(line)
    except (msgspec.MsgspecError, UnicodeDecodeError):
        return None


def _find_line(data: bytes, event_id: str) -> Event | None:
    """The event ``event_id`` in the lines of ``data`` (its id is looked for as text, then checked)."""
    needle = event_id.encode("utf-8", "surrogatepass")
    at = data.find(needle)
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        event = _decoded(data[start : end if end >= 0 else len(data)])
        if event is not None and event.id == event_id:
            return event
        at = data.find(needle, at + 1)
    return None


class StoredPayload(dict):  # type: ignore[type-arg]
    """A payload whose long texts are ``STORED``: ``read`` gives it as written.

    A dict (the keys and short values are there), so the fold reads it like
    any payload; ``type(payload) is StoredPayload`` tells it apart in C.
    Made by ``stored(values, log, offset, length)``.
    """

    __slots__ = ("log", "span")
    log: LogFile
    span: Any  # offset << 32 | length, or (offset, length) for a line of 4 GB or more

    @property
    def offset(self) -> int:
        span = self.span
        return span[0] if type(span) is tuple else span >> 32

    @property
    def length(self) -> int:
        span = self.span
        return span[1] if type(span) is tuple else span & 0xFFFFFFFF

    @property
    def stored_keys(self) -> tuple[str, ...]:
        return tuple(key for key, value in self.items() if value is STORED)

    def read(self, event_id: str) -> dict[str, Any]:
        """The payload as written in the log (a new dict); ``TextUnavailable`` if it cannot be read."""
        data = self.log.event(self.offset, self.length, event_id).data
        if data.keys() != self.keys() or any(
            type(data[key]) is not str if value is STORED else data[key] != value for key, value in self.items()
        ):
            raise self.log._unavailable("the event there is not the one read before")
        return data


def stored(values: dict[str, Any], log: LogFile, offset: int, length: int) -> StoredPayload:
    """A ``StoredPayload`` of ``values`` (with ``STORED`` for each text left in ``log``)."""
    payload = StoredPayload(values)
    payload.log = log
    payload.span = (offset << 32) | length if length < (1 << 32) else (offset, length)
    return payload


def defer_text(payload: dict[str, Any], log: LogFile, offset: int, length: int) -> dict[str, Any]:
    """A reflection's payload with its ``text`` left in ``log`` when it is long (else as it is)."""
    text = payload.get("text")
    if type(text) is not str or len(text) < DEFER_CHARS:
        return payload
    left = stored(payload, log, offset, length)
    left["text"] = STORED
    return left
