"""Calm, plain-English phrases for dates and lock reasons, and local-time helpers.

Local time: every function takes ``tz``; ``None`` means the computer's own
time zone (including its daylight-saving rules). Day and month names are
English and do not depend on the system locale.

Phrases contain course text (module and lesson titles). They are plain
strings: show them without markup parsing (``markup=False`` or ``Text``).
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def to_local(moment: datetime, tz: tzinfo | None) -> datetime:
    """An aware datetime in ``tz`` (None: the system's local zone)."""
    return moment.astimezone(tz)


def local_midnight(day: date, tz: tzinfo | None) -> datetime:
    """00:00 local time on ``day``, as an aware datetime."""
    if tz is None:
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), tzinfo=tz)


def format_day(day: date, today: date | None = None) -> str:
    """"Tue 8 Dec" (with the year when it is not ``today``'s year)."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def opening_phrase(opens_at: datetime, now: datetime, tz: tzinfo | None) -> str:
    """When a locked module opens, relative to ``now``.

    "Opens today at 09:00", "Opens tomorrow", "Opens Tue 8 Dec, in 3 days".
    """
    local = to_local(opens_at, tz)
    today = to_local(now, tz).date()
    days = (local.date() - today).days
    clock = f"{local.hour:02d}:{local.minute:02d}"
    at = "" if (local.hour, local.minute) == (0, 0) else f" at {clock}"
    if days <= 0:
        return f"Opens today at {clock}"
    if days == 1:
        return f"Opens tomorrow{at}"
    return f"Opens {format_day(local.date(), today)}{at}, in {days} days"


def join_titles(titles: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def quoted(title: str) -> str:
    """A title inside a sentence, in quotation marks: “Where the panic comes from”."""
    return f"\u201c{title}\u201d"


def waiting_phrase(titles: list[str]) -> str:
    """Why a module waits for others: "Complete “Week 2” first" (titles quoted, so a title that
    reads like a sentence, "Where the panic comes from", does not run into the words around it)."""
    return f"Complete {join_titles([quoted(t) for t in titles])} first"
