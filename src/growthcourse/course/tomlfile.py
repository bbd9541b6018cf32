"""Reading one course file: bytes -> UTF-8 text -> TOML data, or a problem saying why not.

tomllib stops at the first syntax error; on Python 3.11 its error has no line
attribute, so the line and column come from the message ("... (at line N,
column M)"). A UTF-8 byte-order mark (as Notepad writes) is accepted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from growthcourse.course.problems import Problem

try:
    # tomli is the parser tomllib was made from (same results, same messages); its compiled wheels
    # parse about twice as fast, which a large course needs (issue 7, P4: first load <= 1.2x tomllib).
    import tomli as tomllib
except ImportError:  # pragma: no cover - tomli is a dependency; tomllib does the same, slower
    import tomllib

MAX_FILE_BYTES = 5 * 1024 * 1024
SAVE_AS_UTF8 = "(in most editors: Save as > Encoding > UTF-8)"

_TOML_POSITION_RE = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$", re.S)
_TOP_ID_RE = re.compile(r'^\s*id\s*=\s*["\']([A-Za-z0-9_-]+)["\']', re.M)


def guess_module_id(path: Path) -> str | None:
    """The module id of a file TOML could not parse, if a plain ``id = "..."`` line gives it away.

    Only used so that an ``after`` naming that module is not reported as a
    second, misleading problem while the file's syntax error is being fixed.
    """
    try:
        text = path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", errors="replace")
    except OSError:
        return None
    header = re.search(r"^\s*\[", text, re.M)
    match = _TOP_ID_RE.search(text, 0, header.start() if header else len(text))
    return match.group(1) if match else None


def _decode_error_position(raw: bytes, start: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, start) + 1
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    return line, column


def read_toml(file: str, path: Path, problems: list[Problem],
              contents: dict[str, bytes] | None = None) -> dict[str, Any] | None:
    """Read and parse one TOML file, reporting why it cannot be read.

    ``contents``, when given, receives the bytes read (``contents[file]``), so
    the course cache can key its entry on exactly what was parsed.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(file, "", f"the file is too large ({size // 1024} KB); "
                                              f"a course file may be at most {MAX_FILE_BYTES // 1024} KB"))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file, "", f"cannot read the file: {exc.strerror or exc}"))
        return None
    if contents is not None:
        contents[file] = raw
    if raw.startswith(b"\xef\xbb\xbf"):  # UTF-8 byte-order mark, as Notepad writes
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(file, "", f"the file is saved as UTF-16; save it as UTF-8 instead {SAVE_AS_UTF8}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _decode_error_position(raw, exc.start)
        problems.append(Problem(file, f"line {line}, column {column}",
                                f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8 {SAVE_AS_UTF8}"))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(_syntax_problem(file, exc))
    except RecursionError:
        problems.append(Problem(file, "", "TOML syntax error: lists or tables are nested too deeply"))
    except ValueError:  # e.g. an integer with more than 4300 digits
        problems.append(Problem(file, "", "TOML syntax error: a number is far too long"))
    return None


def _syntax_problem(file: str, exc: tomllib.TOMLDecodeError) -> Problem:
    text = str(exc)
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    message = getattr(exc, "msg", None)
    match = _TOML_POSITION_RE.match(text)
    if match:
        message = message or match["message"]
        line, column = line or int(match["line"]), column or int(match["column"])
    elif text.endswith(" (at end of document)"):
        message = message or text.removesuffix(" (at end of document)")
    message = message or text
    hint = ""
    if message.startswith("Invalid value"):
        hint = ' (text must be in quotes, e.g. title = "Week one"; true/false and numbers are written bare)'
    elif message.startswith("Invalid statement") or message.startswith("Expected '=' after a key"):
        hint = ' (each line should look like key = value, a [table] or an [[array.of.tables]] header)'
    at_end = text.endswith(" (at end of document)")  # tomli also gives that spot a line number
    location = f"line {line}, column {column}" if line and not at_end else "end of file"
    return Problem(file, location, f"TOML syntax error: {message}{hint}")
