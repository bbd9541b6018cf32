"""A course's plain paragraphs are shown by a Static, and read exactly as the Markdown reader shows them."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from growthcourse.course.loader import load_course
from growthcourse.resources import builtin_course_dir
from growthcourse.tui.widgets.course_text import course_text, plain_paragraphs
from growthcourse.tui.widgets.lesson_text import LessonText
from growthcourse.tui.widgets.markdown_text import CourseMarkdown


class TextApp(App[None]):
    CSS = "LessonText { padding: 0; }"

    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield self.widget


async def _painted(widget, width: int) -> list[str]:
    app = TextApp(widget)
    async with app.run_test(size=(width, 60)) as pilot:
        await pilot.pause()
        return [widget.render_line(y).text.rstrip() for y in range(widget.content_size.height)]


def test_plain_paragraphs_are_joined_like_markdown_joins_them() -> None:
    text = "First line\n  of the first paragraph. \n\n\n Second: 100% yours, F2 for help.\n"
    assert plain_paragraphs(text) == ["First line of the first paragraph.", "Second: 100% yours, F2 for help."]
    assert plain_paragraphs("One\n\u00a0\nline") == ["One \u00a0 line"]  # a no-break space is not blank


@pytest.mark.parametrize("text", [
    "A path too long for the width: https://example.org/a/very/long/path/that/does/not/fit/in/thirty/columns ok.",
    "One\n\u00a0\nparagraph, as Markdown sees it.",
    "Accents, quotes and dashes: café “quoted” – fine; 50% off! (Really?)",
    "Windows\r\nline ends: the reader shows the carriage return as a symbol too.",
])
async def test_plain_text_paints_what_the_markdown_reader_paints(text: str) -> None:
    fast = course_text(text)
    assert not isinstance(fast, LessonText)
    assert await _painted(fast, 30) == await _painted(LessonText(text), 30)


@pytest.mark.parametrize("markdown", [
    "Some *gentle* words.", "Some __strong__ words.", "A `code` word.", "A [link](https://example.org).",
    "# A heading", "> A quote", "- an item", "+ an item", "* an item", "1. first", "2) second",
    "Title\n=====", "Title\n---", "    indented code", "\tcode", "A <b>tag</b>.", "Caf&eacute;",
    "A \\*literal\\* star", "| a | b |", "~~gone~~", "A hard  \nbreak",
])
def test_anything_that_may_be_markdown_syntax_goes_to_the_markdown_reader(markdown: str) -> None:
    assert plain_paragraphs(markdown) is None
    assert isinstance(course_text(markdown), CourseMarkdown)


@pytest.mark.parametrize("width", [40, 76, 100])
async def test_the_builtin_description_reads_the_same_as_in_the_markdown_reader(width: int) -> None:
    description = load_course(builtin_course_dir()).description
    fast = course_text(description, id="description")
    assert isinstance(fast, Static) and not isinstance(fast, LessonText)

    plain = await _painted(fast, width)
    markdown = await _painted(LessonText(description), width)
    assert plain == markdown
    assert any("Adam Day" in line for line in plain)


async def test_a_control_character_in_plain_text_is_shown_not_obeyed() -> None:
    widget = course_text("An escape \x1b[31m is not plain; this one \x1b is.")
    assert isinstance(widget, CourseMarkdown)  # "[" may start a link: the Markdown reader shows it
    widget = course_text("This escape \x1b is shown, never obeyed.")
    assert not isinstance(widget, LessonText)
    assert await _painted(widget, 80) == ["This escape \u241b is shown, never obeyed."]
