"""Typed access to the values of one course file, reporting every problem on the way.

``FileChecker`` reads a key as text, an id, a whole number, true/false, a list
of text or a list of tables; when the value is wrong it records a problem
naming the key path and returns a default, so checking always goes on and a
single run reports every problem.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from growthcourse.course.problems import (
    Problem,
    control_message,
    describe,
    did_you_mean,
    key_path,
    number,
    quote,
)

MAX_ID_LENGTH = 64

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
WHOLE_NUMBER_RE = re.compile(r"[+-]?[0-9]+")
# Control characters (C0 except tab and newline, DEL, C1): they can move the
# cursor or start terminal escape sequences, so course text may not hold them.
CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ONE_OF = {"lessons": "a lesson", "exercises": "an exercise", "options": "an option", "contacts": "a contact"}

MISSING: Any = object()
"""What ``data.get(key, MISSING)`` returns for a key that is not there."""


class FileChecker:
    """Reports problems in one file and converts its values."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def add(self, location: str, message: str) -> None:
        self.problems.append(Problem(self.file, location, message))

    def table(self, value: Any, location: str, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        header = f" ([{location}] section)" if location and "[" not in location else ""
        self.add(location, f"expected a table{header} for {what}, got {describe(value)}")
        return None

    def keys(self, data: Mapping[str, Any], location: str, allowed: Iterable[str], required: Iterable[str],
             what: str, *, elsewhere: Mapping[str, str] | None = None) -> None:
        """Report unknown keys (with a "did you mean") and missing required ones."""
        allowed = tuple(allowed)
        for key in data:
            if key in allowed:
                continue
            if elsewhere and key in elsewhere:
                self.add(key_path(location, key), f'"{key}" is not used {what}; {elsewhere[key]}')
                continue
            suggestion = did_you_mean(key, allowed) or f" (allowed {what}: {', '.join(allowed)})"
            self.add(key_path(location, key), f"unknown key {quote(key)}{suggestion}")
        for key in required:
            if key not in data:
                self.add(key_path(location, key), f'required key "{key}" is missing {what}')

    # value converters: they return the default after reporting a problem --------------

    def text(self, data: Mapping[str, Any], location: str, key: str, *, required: bool = False,
             one_line: bool = True) -> str | None:
        value = data.get(key, MISSING)
        if value is MISSING:
            return None
        return self.text_value(value, location, key, required=required, one_line=one_line)

    def text_value(self, value: Any, location: str, key: str, *, required: bool = False,
                   one_line: bool = True) -> str | None:
        """Check one text value found at ``location`` + ``key`` (key may be empty)."""
        if isinstance(value, str) and value.strip():
            bad = (CONTROL_RE if one_line else _CONTROL_MULTILINE_RE).search(value)
            if bad is None:
                return value.strip() if one_line else value
        where = key_path(location, key)
        if not isinstance(value, str):
            hint = ""
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key:
                hint = f' (put it in quotes: {key} = "{value}")'
            self.add(where, f"expected text, got {describe(value)}{hint}")
            return None
        if not value.strip():
            if required:
                self.add(where, "must not be empty")
            return None
        bad = (CONTROL_RE if one_line else _CONTROL_MULTILINE_RE).search(value)
        if bad:
            if bad.group() == "\n":
                self.add(where, "must be a single line (it contains a line break)")
            else:
                self.add(where, control_message(bad.group()))
            return None
        return value.strip() if one_line else value

    def ident(self, data: Mapping[str, Any], location: str, key: str, what: str) -> str | None:
        value = data.get(key, MISSING)
        if value is MISSING:
            return None
        if isinstance(value, str) and len(value) <= MAX_ID_LENGTH and ID_RE.fullmatch(value):
            return value
        where = key_path(location, key)
        if not isinstance(value, str):
            self.add(where, f"expected text for {what}, got {describe(value)}")
            return None
        if not value.strip():
            self.add(where, "must not be empty")
            return None
        bad = CONTROL_RE.search(value)
        if bad:
            self.add(where, control_message(bad.group()))
            return None
        if not ID_RE.fullmatch(value) or len(value) > MAX_ID_LENGTH:
            self.add(where, f"{what} {quote(value)} is not a simple id: use letters, digits, - and _ only "
                            f"(no spaces), starting with a letter or digit, at most {MAX_ID_LENGTH} characters")
            return None
        return value

    def whole(self, data: Mapping[str, Any], location: str, key: str, *, low: int, high: int,
              default: int | None = None) -> int | None:
        value = data.get(key, MISSING)
        if value is MISSING:
            return default
        if type(value) is int and low <= value <= high:
            return value
        where = key_path(location, key)
        if isinstance(value, bool) or not isinstance(value, int):
            hint = " (write the number without quotes)" if isinstance(value, str) and \
                WHOLE_NUMBER_RE.fullmatch(value.strip()) else ""
            self.add(where, f"expected a whole number, got {describe(value)}{hint}")
            return default
        if value < low:
            self.add(where, f"must be {low} or more, got {number(value)}")
            return default
        if value > high:
            self.add(where, f"must be at most {high}, got {number(value)}")
            return default
        return value

    def flag(self, data: Mapping[str, Any], location: str, key: str, default: bool) -> bool:
        value = data.get(key, MISSING)
        if value is MISSING:
            return default
        if not isinstance(value, bool):
            hint = " (write true or false without quotes)" if isinstance(value, str) and \
                value.strip().lower() in ("true", "false", "yes", "no") else ""
            self.add(key_path(location, key), f"expected true or false, got {describe(value)}{hint}")
            return default
        return value

    def tables(self, data: Mapping[str, Any], location: str, key: str, what: str) -> list[tuple[str, dict]]:
        """An array of tables (``[[key]]``), as (location, table) pairs of the valid entries."""
        value = data.get(key, MISSING)
        if value is MISSING:
            return []
        where = key_path(location, key)
        if not isinstance(value, list):
            header = re.sub(r"\[\d+\]", "", where)
            self.add(where, f"expected a list of {what} (written as [[{header}]] sections), got {describe(value)}")
            return []
        result = []
        for index, item in enumerate(value):
            item_location = f"{where}[{index}]"
            if isinstance(item, dict):
                result.append((item_location, item))
            else:
                one = _ONE_OF.get(what, what)
                self.add(item_location, f"expected a table ({one}), got {describe(item)}")
        return result

    def strings(self, data: Mapping[str, Any], location: str, key: str, *, one_line: bool = True
                ) -> list[tuple[str, str]] | None:
        """A list of text, as (location, text) pairs of the valid entries; None if not a list."""
        value = data.get(key, MISSING)
        if value is MISSING:
            return None
        where = key_path(location, key)
        if not isinstance(value, list):
            self.add(where, f'expected a list of text (like {key} = ["first", "second"]), got {describe(value)}')
            return None
        result = []
        for index, item in enumerate(value):
            item_location = f"{where}[{index}]"
            text = self.text_value(item, item_location, "", required=True, one_line=one_line)
            if text is not None:
                result.append((item_location, text))
        return result
