"""Command palette: jump to any open module or lesson by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from growthcourse.tui.text import literal, visible


def _highlight(matcher: Matcher, title: str) -> Content:
    """Like ``Matcher.highlight`` but for literal text (it would parse markup in titles)."""
    content = literal(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class CourseCommands(Provider):
    """Open modules and their lessons, searchable by title."""

    def _targets(self):
        app = self.app
        session = app.session
        for module in session.course.modules:
            if not session.is_open(module.id):
                continue
            yield f"Module: {module.title}", partial(app.open_module, module.id), "Open this module"
            for lesson in module.lessons:
                yield (
                    f"Lesson: {lesson.title}",
                    partial(app.open_lesson, module.id, lesson.id),
                    # The palette parses help text as markup: escape the course's words.
                    escape(visible(f"In {module.title}")),
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._targets():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), callback, text=title, help=help_text)

    async def discover(self) -> Hits:
        for title, callback, help_text in self._targets():
            yield DiscoveryHit(literal(title), callback, text=title, help=help_text)
