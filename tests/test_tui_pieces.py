"""The TUI building blocks on their own: lesson text, themes, help and support screens.

Each test drives a small harness app (``App.run_test``) and checks what a learner
would see on screen.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from growthcourse.tui.widgets.lesson_text import LessonText

LESSON = """\
# Giving space

Some *gentle* words, **strong** words, `a-code` and ~~old~~ ideas.

Read [the notes](https://example.org/notes) or <https://example.org/auto>.

## Noticing

- first point
  - nested point
    - deeper point
- second point

1. one step
2. next step

> Giving space is not giving up.

### A table

| Moment | Try |
|:--|--:|
| Morning | Walk |

```
breathe in
	breathe out
```

---

Last line.
"""


class LessonApp(App[None]):
    def __init__(self, markdown: str, size: int = 0) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield LessonText(self.markdown)


def painted(widget: LessonText) -> list[str]:
    """The lines the widget paints, right-stripped."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.content_size.height)]


def line_with(lines: list[str], needle: str) -> int:
    return next(index for index, line in enumerate(lines) if needle in line)


async def test_lesson_text_renders_each_markdown_construct() -> None:
    app = LessonApp(LESSON)
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.pause()
        widget = app.query_one(LessonText)
        lines = painted(widget)

    title = line_with(lines, "Giving space")
    assert lines[title] == "Giving space"
    assert set(lines[title + 1]) == {"━"}, "a level-1 heading has a heavy rule under it"
    assert "Some gentle words, strong words, a-code and old ideas." in lines
    assert "Read the notes (https://example.org/notes) or https://example.org/auto." in lines
    assert "Noticing" in lines
    assert "• first point" in lines
    assert "  ◦ nested point" in lines
    assert "    ▪ deeper point" in lines
    assert "• second point" in lines
    assert "1. one step" in lines and "2. next step" in lines
    assert "▌ Giving space is not giving up." in lines
    header = line_with(lines, "Moment")
    assert lines[header - 1].startswith("┌") and "│ Moment  │  Try │" in lines[header]
    assert "│ Morning │ Walk │" in lines
    assert "  breathe in" in lines
    assert "      breathe out" in lines, "tabs in code are expanded, the block is indented"
    rule = line_with(lines, "─" * 78)
    assert set(lines[rule]) == {"─"} and len(lines[rule]) == 78
    assert lines[-1] == "Last line."


async def test_headings_links_and_emphasis_do_not_rely_on_colour() -> None:
    app = LessonApp(LESSON)
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.pause()
        widget = app.query_one(LessonText)
        lines = painted(widget)

        def style_of(needle: str):
            for y, line in enumerate(lines):
                if needle in line:
                    for segment in widget.render_line(y):
                        if needle in segment.text:
                            return segment.style
            raise AssertionError(needle)

        assert style_of("Giving space").bold
        assert style_of("Noticing").bold and style_of("Noticing").underline
        assert style_of("A table").bold
        assert style_of("gentle").italic
        assert style_of("strong").bold
        assert style_of("the notes").underline
        assert style_of("old").strike


async def test_rich_markup_and_escape_sequences_show_literally() -> None:
    text = "Say [bold]hello[/bold] and [red]x[/] \x1b[31mred\x1b[0m <b>tag</b>\n\n| [i]a[/i] |\n|--|\n| \x07 |\n"
    app = LessonApp(text)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(LessonText)
        lines = painted(widget)
        segments = [segment for y in range(len(lines)) for segment in widget.render_line(y)]
    assert "Say [bold]hello[/bold] and [red]x[/] ␛[31mred␛[0m <b>tag</b>" in lines
    assert any("[i]a[/i]" in line for line in lines)
    assert any("␇" in line for line in lines)
    assert not any(segment.style and segment.style.bold for segment in segments if "hello" in segment.text)
    assert not any("\x1b" in segment.text or "\x07" in segment.text for segment in segments)


async def test_lesson_text_follows_the_theme_and_scrolls_by_keyboard() -> None:
    long_lesson = "# Top\n\n" + "\n\n".join(f"Paragraph {n} of the lesson." for n in range(80))
    app = LessonApp(long_lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(LessonText)
        before = list(widget.render_line(0))[0].style.color
        app.theme = "textual-light"
        await pilot.pause()
        after = list(widget.render_line(0))[0].style.color
        assert before != after, "a theme switch recolours the heading"

        scroller = app.query_one(VerticalScroll)
        scroller.focus()
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y > 100
        assert "Paragraph 79 of the lesson." in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("home")
        await pilot.pause()
        assert scroller.scroll_y == 0


async def test_update_replaces_the_document() -> None:
    app = LessonApp("# Old")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(LessonText)
        widget.update("# New\n\nFresh text.")
        await pilot.pause()
        assert widget.markdown.startswith("# New")
        assert painted(widget)[0] == "New" and "Fresh text." in painted(widget)
