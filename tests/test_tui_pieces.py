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


# -- themes --------------------------------------------------------------------------

import pytest  # noqa: E402
from textual.color import Color  # noqa: E402
from textual.theme import BUILTIN_THEMES  # noqa: E402

from growthcourse.resources import themes_dir  # noqa: E402
from growthcourse.tui.themes import DEFAULT_THEME, load_themes, startup_theme  # noqa: E402
from tui_pieces_harness import DATA_DIR, PiecesApp, screen_lines  # noqa: E402


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two opaque colours."""

    def luminance(colour: str) -> float:
        channels = [c / 255 for c in Color.parse(colour).rgb]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_shipped_themes_load_without_errors() -> None:
    themes, errors = load_themes(themes_dir())
    assert errors == []
    by_name = {theme.name: theme for theme in themes}
    assert {"growthcourse-calm", "growthcourse-warm", "growthcourse-high-contrast"} <= set(by_name)
    assert DEFAULT_THEME in by_name
    assert by_name["growthcourse-calm"].dark and not by_name["growthcourse-warm"].dark
    assert not (set(by_name) & set(BUILTIN_THEMES)), "built-in themes stay available"
    assert not (themes_dir() / ".gitkeep").exists()
    for theme in themes:
        assert contrast(theme.foreground, theme.background) >= 4.5, theme.name
    high = by_name["growthcourse-high-contrast"]
    for colour in (high.foreground, high.primary, high.secondary, high.accent, high.variables["text-muted"]):
        assert contrast(colour, high.background) >= 7, colour


async def test_shipped_themes_apply_in_an_app() -> None:
    themes, _ = load_themes(themes_dir())
    app = PiecesApp()
    async with app.run_test() as pilot:
        for theme in themes:
            app.theme = theme.name
            await pilot.pause()
            variables = app.get_css_variables()
            for name in ("background", "primary", "foreground"):
                applied, wanted = Color.parse(variables[name]).rgb, Color.parse(getattr(theme, name)).rgb
                assert all(abs(a - b) <= 1 for a, b in zip(applied, wanted)), (theme.name, name)


GOOD = 'name = "fine"\nprimary = "#336699"\n'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('primary = "#336699"\ndark = \n', "not valid TOML"),
        ('primary = "#336699"\nsecondary = "#112233"\nbackground = "#000000" x\n', "line 3"),
        ('primay = "#336699"\n', 'did you mean "primary"'),
        ('secondary = "#336699"\n', 'missing "primary"'),
        ('primary = "#zzz"\n', '"#zzz" is not a colour'),
        ('primary = "#336699"\nbackground = 12\n', '"background" must be a colour'),
        ('primary = "#336699"\ndark = "yes"\n', '"dark" must be true or false'),
        ('primary = "#336699"\ntext_alpha = "high"\n', '"text_alpha" must be a number'),
        ('primary = "#336699"\nvariables = 3\n', '"variables" must be a table'),
        ('primary = "#336699"\n[variables]\nborder = 3\n', 'variable "border" must be a text'),
        ('name = "fine"\nprimary = "#336699"\n', 'already used by a-good.toml'),
        ('name = "nord"\nprimary = "#336699"\n', "built-in Textual theme"),
        ("primary = \"#336699\"\nname = ''\n", '"name" must be a non-empty text'),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_each_broken_theme_gives_one_message_naming_the_file(tmp_path, content, expected) -> None:
    (tmp_path / "a-good.toml").write_text(GOOD)
    broken = tmp_path / "b-broken.toml"
    if isinstance(content, bytes):
        broken.write_bytes(content)
    else:
        broken.write_text(content)
    themes, errors = load_themes(tmp_path)
    assert [theme.name for theme in themes] == ["fine"], "the good theme still loads"
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{broken}: ")
    assert expected in errors[0]


def test_theme_name_defaults_to_the_file_name_and_numbers_accept_integers(tmp_path) -> None:
    (tmp_path / "quiet-night.toml").write_text('primary = "#336699"\ntext_alpha = 1\n[variables]\ntext-muted = "#999999"\n')
    themes, errors = load_themes(tmp_path)
    assert errors == []
    assert themes[0].name == "quiet-night"
    assert themes[0].text_alpha == 1.0 and themes[0].variables == {"text-muted": "#999999"}


def test_a_missing_theme_folder_is_a_message_not_a_crash(tmp_path) -> None:
    themes, errors = load_themes(tmp_path / "nope")
    assert themes == [] and len(errors) == 1 and "nope" in errors[0]


def test_startup_theme_falls_back_calmly() -> None:
    names = ["textual-dark", "growthcourse-calm", "growthcourse-warm"]
    assert startup_theme("growthcourse-warm", names) == "growthcourse-warm"
    assert startup_theme("gone-theme", names) == "growthcourse-calm"
    assert startup_theme(None, names) == "growthcourse-calm"
    assert startup_theme("gone-theme", ["textual-dark", "nord"]) == "textual-dark"


# -- help ------------------------------------------------------------------------------


async def test_help_lists_the_screen_keys_the_global_keys_and_the_data_folder() -> None:
    app = PiecesApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#reader").focus()
        await pilot.press("f1")
        await pilot.pause()
        lines = screen_lines(app)
        text = "\n".join(lines)
        assert "On this screen" in text
        assert any(line.strip("│ ").split() == ["n", "Next", "lesson"] for line in lines), text
        assert any(line.strip("│ ").split() == ["esc", "Back"] for line in lines), text
        assert any(line.strip("│ ").split() == ["f2", "Support"] for line in lines), text
        assert any(line.strip("│ ").split() == ["f1", "Help"] for line in lines), text
        assert "Quit" in text
        assert str(DATA_DIR) in text
        await pilot.press("end")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "Moving around" in text and "Page Down" in text, "the focused reader's keys are listed"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"


# -- support ----------------------------------------------------------------------------


async def test_support_shows_the_course_contacts_literally() -> None:
    app = PiecesApp()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        for expected in (
            "Help and support",
            "You do not have to get through this alone.",
            "In danger now? Call your local emergency number.",
            "Samaritans",
            "Phone: 116 123",
            "Web:   https://www.samaritans.org",
            "Where: UK and Ireland",
            "When:  24 hours, every day",
            "Someone to talk to if you are struggling, whatever it is about.",
            "Your counsellor [bold]Jo[/bold]",
        ):
            assert expected in text, expected
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"


async def test_support_without_a_course_section_points_to_emergency_services() -> None:
    app = PiecesApp(support=None)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "If you or someone else is in danger now, call your local emergency" in text
        assert "Emergency services" in text and "Your counsellor" in text and "crisis line" in text


async def test_help_over_the_support_screen_still_lists_the_global_keys() -> None:
    app = PiecesApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        lines = screen_lines(app)
        assert any(line.strip("│ ").split() == ["esc", "Close"] for line in lines), lines
        assert any(line.strip("│ ").split() == ["f2", "Support"] for line in lines), lines
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "SupportScreen"


async def test_lesson_text_rewraps_when_the_terminal_is_resized() -> None:
    words = " ".join(f"word{n}" for n in range(40))
    app = LessonApp(words)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(LessonText)
        narrow = painted(widget)
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        wide = painted(widget)
    assert len(narrow) > len(wide) >= 2
    assert max(len(line) for line in narrow) <= 78 < max(len(line) for line in wide) <= 118
    assert " ".join(" ".join(narrow).split()) == words == " ".join(" ".join(wide).split())


async def test_install_themes_registers_good_ones_and_notifies_once_about_broken_files(tmp_path) -> None:
    from textual.app import App

    from growthcourse.tui.themes import install_themes

    (tmp_path / "a-good.toml").write_text(GOOD)
    (tmp_path / "b-bad.toml").write_text('primary = "#zzz"\n')
    (tmp_path / "c-bad.toml").write_text("primary = [\n")
    app = App()
    notices: list[tuple[str, dict]] = []
    app.notify = lambda message, **options: notices.append((message, options))  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        errors = install_themes(app, tmp_path)
        await pilot.pause()
        assert "fine" in app.available_themes
    assert len(errors) == 2
    assert len(notices) == 1
    message, options = notices[0]
    assert "b-bad.toml" in message and "c-bad.toml" in message
    assert options["severity"] == "error" and options["markup"] is False
