"""Course text is data: show it literally, never as markup or terminal control.

Textual parses markup in plain strings given to ``Static``, ``Label``, ``Button``
and friends, and a raw ESC byte written to the terminal would be obeyed. Every
string that comes from a course (or from the learner) goes through ``literal``
(for one-line labels) or ``literal_markdown`` (for Markdown bodies).
"""

from __future__ import annotations

import re

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.content import Content

# C0 controls except tab and newline, DEL, and the C1 range: shown as visible symbols.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """``text`` with control characters replaced by visible stand-ins."""
    return _CONTROL.sub(_picture, text)


def literal(text: str, style: str = "") -> Content:
    """A Content that shows ``text`` exactly as written (markup is not parsed)."""
    return Content.styled(visible(text), style) if style else Content(visible(text))


def hanging(rows: list[tuple[str, str]]) -> Group:
    """Rows of a marker ("1.", a symbol) and a text, shown literally; a text that wraps
    continues under the text, not under its marker (a hanging indent). Each row keeps
    its own marker's width, so an unwrapped row reads exactly as "marker text"."""
    grids = []
    for marker, text in rows:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row(Text(visible(marker)), Text(visible(text)))
        grids.append(grid)
    return Group(*grids)


def literal_markdown(text: str) -> str:
    """Markdown source safe to hand to a Markdown renderer (which never parses Rich markup)."""
    return visible(text)
