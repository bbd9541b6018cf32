"""A course's Markdown text (description, summary...) as the lightest widget that shows it right.

Most course descriptions are plain paragraphs. Those are shown by a ``Static``
directly: no Markdown parser to import (``markdown_it``, about 16 ms) or run,
and no ``LessonText`` stylesheet to parse and apply, which matters on the
welcome screen, the first thing a new learner waits for (benchmarks/STARTUP.md).
Anything that uses Markdown syntax, or might, goes to ``CourseMarkdown``;
both show the same words, wrapped the same way.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from growthcourse.tui.text import visible

# Characters that can start Markdown syntax anywhere in a line (emphasis, code,
# links, images, HTML, entities, escapes, tables, strike-through, headings, quotes).
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>&|~#\t\r]")
# Lines that can be a list item, a rule, a setext underline or an indented code block.
_BLOCK_START = re.compile(r"^(?: {4}| {0,3}(?:[-+=]|\d{1,9}[.)](?:\s|$)))")


def plain_paragraphs(markdown: str) -> list[str] | None:
    """The paragraphs of ``markdown`` as Markdown would show them (lines joined by a space),
    or None when it uses, or might use, any other Markdown syntax.

    Like Markdown, only spaces count as blank (a line of no-break spaces is text).
    """
    if _INLINE_SYNTAX.search(markdown):
        return None
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in markdown.split("\n"):
        if not line.strip(" "):
            if lines:
                paragraphs.append(" ".join(lines))
                lines = []
            continue
        if _BLOCK_START.match(line) or line.endswith("  "):  # two trailing spaces: a hard line break
            return None
        lines.append(line.strip(" "))
    if lines:
        paragraphs.append(" ".join(lines))
    return paragraphs


def course_text(markdown: str, *, id: str | None = None) -> Widget:
    """A widget showing the course's ``markdown`` literally (no Rich markup, no escapes obeyed)."""
    paragraphs = plain_paragraphs(visible(markdown))  # control characters made visible first, as LessonText does
    if paragraphs is not None:
        return Static(Content("\n\n".join(paragraphs)), id=id)
    from growthcourse.tui.widgets.markdown_text import CourseMarkdown

    return CourseMarkdown(markdown, id=id)

