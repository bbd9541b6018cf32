"""A fast lesson reader: a whole Markdown document in ONE widget.

Textual's stock ``Markdown`` widget mounts one widget per block, which costs
more than a second for a 300-line lesson. ``LessonText`` parses the document
once with markdown-it-py (a Textual dependency), lays it out into cached
``Strip`` lines for the current width, and paints them with ``render_line``.
A width or theme change re-lays out the cached syntax tree; nothing is mounted.

What the learner sees:

- headings are bold; level 1 has a heavy rule under it, level 2 is underlined,
  so they stand out under ``NO_COLOR`` too;
- lists (nested, ordered or not), block quotes (a bar on the left), tables,
  code blocks (indented, on a tinted background), rules, emphasis, strong,
  strike-through and inline code;
- links as ``text (url)``: a learner can't click in every terminal, and nothing
  ever opens a browser;
- Rich markup (``[bold]``) is plain text, raw HTML is shown as written, and
  control characters (ESC...) appear as visible symbols (``␛``), never obeyed.

Colours come from the app theme through component classes (see
``COMPONENT_CLASSES``), so a theme switch recolours the lesson.

Use it with ``height: auto`` (the default) inside a ``VerticalScroll``, which
gives keyboard scrolling::

    with VerticalScroll():
        yield LessonText(lesson.body)
"""

from __future__ import annotations

from typing import ClassVar, Iterable

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from rich import box
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from growthcourse.tui.text import visible

_BULLETS = ("•", "◦", "▪")
_QUOTE_BAR = "▌ "
_CODE_INDENT = 2
_TAB_SIZE = 4


def _parser() -> MarkdownIt:
    # html=False: tags in a lesson are shown as written, never interpreted.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


class LessonText(Widget):
    """A Markdown lesson rendered as one widget (fast to open, themed, literal).

    Args:
        markdown: The lesson's Markdown source.
        name: The widget's name.
        id: The widget's id.
        classes: Space-separated CSS classes.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lesson-text--h1",
        "lesson-text--h1-rule",
        "lesson-text--h2",
        "lesson-text--h3",
        "lesson-text--h4",
        "lesson-text--strong",
        "lesson-text--em",
        "lesson-text--strike",
        "lesson-text--code-inline",
        "lesson-text--code-block",
        "lesson-text--quote",
        "lesson-text--quote-bar",
        "lesson-text--bullet",
        "lesson-text--link",
        "lesson-text--url",
        "lesson-text--rule",
        "lesson-text--table-header",
        "lesson-text--table-border",
    }

    DEFAULT_CSS = """
    LessonText {
        height: auto;
        width: 1fr;
        padding: 0 1;
        & > .lesson-text--h1 { color: $text-primary; text-style: bold; }
        & > .lesson-text--h1-rule { color: $text-primary; }
        & > .lesson-text--h2 { color: $text-primary; text-style: bold underline; }
        & > .lesson-text--h3 { color: $text-secondary; text-style: bold; }
        & > .lesson-text--h4 { color: $foreground; text-style: bold italic; }
        & > .lesson-text--strong { text-style: bold; }
        & > .lesson-text--em { text-style: italic; }
        & > .lesson-text--strike { text-style: strike; }
        & > .lesson-text--code-inline { color: $text-accent; background: $boost; }
        & > .lesson-text--code-block { color: $foreground; background: $surface; }
        & > .lesson-text--quote { color: $text-muted; text-style: italic; }
        & > .lesson-text--quote-bar { color: $text-secondary; }
        & > .lesson-text--bullet { color: $text-secondary; text-style: bold; }
        & > .lesson-text--link { color: $text-accent; text-style: underline; }
        & > .lesson-text--url { color: $text-muted; }
        & > .lesson-text--rule { color: $text-secondary; }
        & > .lesson-text--table-header { color: $text-primary; text-style: bold; }
        & > .lesson-text--table-border { color: $text-secondary; }
    }
    """

    def __init__(
        self,
        markdown: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._markdown = ""
        self._tree = SyntaxTreeNode()
        self._layout: dict[int, list[Strip]] = {}
        self._styles_by_name: dict[str, Style] = {}
        self._set_markdown(markdown)

    # -- public API -----------------------------------------------------------

    @property
    def markdown(self) -> str:
        """The Markdown source currently shown."""
        return self._markdown

    def update(self, markdown: str) -> None:
        """Show another document (re-parses once, then re-lays out on paint)."""
        self._set_markdown(markdown)
        self.refresh(layout=True)

    def rendered_lines(self, width: int) -> list[str]:
        """The lesson laid out at ``width`` cells, as plain text lines (for tests and tools)."""
        return [strip.text for strip in self._lines(width)]

    # -- Textual hooks ----------------------------------------------------------

    def notify_style_update(self) -> None:
        # The theme (or a CSS rule) changed: the cached lines hold old colours.
        super().notify_style_update()
        self._layout.clear()
        self._styles_by_name.clear()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.rich_style
        lines = self._lines(width)
        if 0 <= y < len(lines):
            strip = lines[y]
        else:
            strip = Strip.blank(width)
        return strip.adjust_cell_length(width).apply_style(base)

    # -- parsing and layout ------------------------------------------------------

    def _set_markdown(self, markdown: str) -> None:
        self._markdown = markdown
        self._tree = SyntaxTreeNode(_parser().parse(visible(markdown)))
        self._layout.clear()

    def _style(self, name: str) -> Style:
        style = self._styles_by_name.get(name)
        if style is None:
            style = self.get_component_rich_style(f"lesson-text--{name}")
            self._styles_by_name[name] = style
        return style

    @property
    def _console(self) -> Console:
        return self.app.console

    def _lines(self, width: int) -> list[Strip]:
        width = max(width, 8)
        lines = self._layout.get(width)
        if lines is None:
            if len(self._layout) > 4:  # a few widths (resizes), not an unbounded cache
                self._layout.clear()
            lines = self._blocks(self._tree.children, width, tight=False)
            self._layout[width] = lines
        return lines

    def _blocks(self, nodes: Iterable[SyntaxTreeNode], width: int, *, tight: bool) -> list[Strip]:
        """Lay out sibling blocks, a blank line between them (none in a tight list)."""
        lines: list[Strip] = []
        for node in nodes:
            block = self._block(node, width)
            if not block:
                continue
            if lines and not tight:
                lines.append(Strip([]))
            lines.extend(block)
        return lines

    def _block(self, node: SyntaxTreeNode, width: int) -> list[Strip]:
        kind = node.type
        if kind == "paragraph":
            return self._wrap(self._inline(node), width)
        if kind == "heading":
            return self._heading(node, width)
        if kind in ("bullet_list", "ordered_list"):
            return self._list(node, width, depth=0)
        if kind == "blockquote":
            return self._quote(node, width)
        if kind in ("fence", "code_block"):
            return self._code(node.content, width)
        if kind == "hr":
            return [Strip([Segment("─" * width, self._style("rule"))], width)]
        if kind == "table":
            return self._table(node, width)
        if kind == "html_block":
            return self._wrap(Text(node.content.rstrip("\n")), width)
        # Anything else (future syntax): keep its text rather than drop it.
        return self._wrap(Text(node.content or ""), width)

    def _wrap(self, text: Text, width: int, *, overflow: str = "fold") -> list[Strip]:
        console = self._console
        lines = text.wrap(console, width, overflow=overflow, tab_size=_TAB_SIZE)  # type: ignore[arg-type]
        return [Strip(line.render(console), line.cell_len) for line in lines]

    def _heading(self, node: SyntaxTreeNode, width: int) -> list[Strip]:
        level = int(node.tag[1:])
        style = self._style(f"h{min(level, 4)}")
        text = self._inline(node)
        text.stylize(style)
        lines = self._wrap(text, width)
        if level == 1:
            lines.append(Strip([Segment("━" * width, self._style("h1-rule"))], width))
        return lines

    def _list(self, node: SyntaxTreeNode, width: int, *, depth: int) -> list[Strip]:
        ordered = node.type == "ordered_list"
        items = node.children
        if ordered:
            start = int(node.attrs.get("start", 1) or 1)
            labels = [f"{number}." for number in range(start, start + len(items))]
            label_width = max(len(label) for label in labels) + 1
            markers = [label.rjust(label_width - 1) + " " for label in labels]
        else:
            bullet = _BULLETS[depth % len(_BULLETS)]
            markers = [f"{bullet} "] * len(items)
            label_width = 2
        tight = self._is_tight(node)
        bullet_style = self._style("bullet")
        inner = max(width - label_width, 4)
        lines: list[Strip] = []
        for marker, item in zip(markers, items):
            body: list[Strip] = []
            for child in item.children:
                if child.type in ("bullet_list", "ordered_list"):
                    block = self._list(child, inner, depth=depth + 1)
                else:
                    block = self._block(child, inner)
                if body and block and not tight:
                    body.append(Strip([]))
                body.extend(block)
            if lines and not tight:
                lines.append(Strip([]))
            if not body:
                body = [Strip([])]
            pad = Strip([Segment(" " * label_width)], label_width)
            for index, line in enumerate(body):
                prefix = Strip([Segment(marker, bullet_style)], label_width) if index == 0 else pad
                lines.append(Strip.join([prefix, line]))
        return lines

    @staticmethod
    def _is_tight(list_node: SyntaxTreeNode) -> bool:
        for item in list_node.children:
            for child in item.children:
                if child.type == "paragraph":
                    return bool(child.hidden)
        return True

    def _quote(self, node: SyntaxTreeNode, width: int) -> list[Strip]:
        body = self._blocks(node.children, max(width - len(_QUOTE_BAR), 4), tight=False)
        bar = Strip([Segment(_QUOTE_BAR, self._style("quote-bar"))], len(_QUOTE_BAR))
        quote_style = self._style("quote")
        return [Strip.join([bar, line.apply_style(quote_style)]) for line in body]

    def _code(self, code: str, width: int) -> list[Strip]:
        style = self._style("code-block")
        inner = max(width - 2 * _CODE_INDENT, 4)
        edge = Strip([Segment(" " * _CODE_INDENT, style)], _CODE_INDENT)
        lines: list[Strip] = []
        for source in code.rstrip("\n").split("\n"):
            text = Text(source.expandtabs(_TAB_SIZE), style=style, no_wrap=False)
            for line in self._wrap(text, inner, overflow="fold") or [Strip([])]:
                lines.append(Strip.join([edge, line.adjust_cell_length(inner, style), edge]))
        return lines

    def _table(self, node: SyntaxTreeNode, width: int) -> list[Strip]:
        table = Table(
            box=box.SQUARE,
            header_style=self._style("table-header"),
            border_style=self._style("table-border"),
            show_edge=True,
            pad_edge=True,
            expand=False,
        )
        rows: list[list[Text]] = []
        for section in node.children:
            for row in section.children:
                if section.type == "thead":
                    for cell in row.children:
                        align = str(cell.attrs.get("style", "")).removeprefix("text-align:")
                        table.add_column(
                            self._inline(cell),
                            justify=align if align in ("center", "right") else "left",  # type: ignore[arg-type]
                            overflow="fold",
                        )
                else:
                    rows.append([self._inline(cell) for cell in row.children])
        for cells in rows:
            table.add_row(*cells[: len(table.columns)])
        console = self._console
        options = console.options.update(width=width, max_width=width, height=None)
        return [Strip(segments) for segments in console.render_lines(table, options, pad=False, new_lines=False)]

    # -- inline content -----------------------------------------------------------

    def _inline(self, block: SyntaxTreeNode) -> Text:
        """The styled text of a block's inline children (markup is never parsed)."""
        text = Text(end="")
        for node in block.children:
            if node.type == "inline":
                self._append_inline(text, node.children, Style())
        return text

    def _append_inline(self, text: Text, nodes: list[SyntaxTreeNode], style: Style) -> None:
        for node in nodes:
            kind = node.type
            if kind == "text":
                text.append(node.content, style)
            elif kind == "softbreak":
                text.append(" ", style)
            elif kind == "hardbreak":
                text.append("\n", style)
            elif kind == "code_inline":
                text.append(node.content, style + self._style("code-inline"))
            elif kind == "strong":
                self._append_inline(text, node.children, style + self._style("strong"))
            elif kind == "em":
                self._append_inline(text, node.children, style + self._style("em"))
            elif kind == "s":
                self._append_inline(text, node.children, style + self._style("strike"))
            elif kind == "link":
                self._append_link(text, node, style)
            elif kind == "image":
                alt = "".join(child.content for child in node.children) or "image"
                text.append(f"[image: {alt}]", style + self._style("em"))
                text.append(f" ({node.attrs.get('src', '')})", style + self._style("url"))
            else:  # html_inline (html is off) or future syntax: show as written
                text.append(node.content, style)

    def _append_link(self, text: Text, node: SyntaxTreeNode, style: Style) -> None:
        url = str(node.attrs.get("href", ""))
        start = len(text)
        self._append_inline(text, node.children, style + self._style("link"))
        label = text.plain[start:]
        if url and label.strip() != url and label.strip() != url.removeprefix("mailto:"):
            text.append(f" ({url})", style + self._style("url"))
