"""Markdown from a course (summary, description, prompt), shown literally and fast."""

from __future__ import annotations

from growthcourse.tui.widgets.lesson_text import LessonText


class CourseMarkdown(LessonText):
    """A course's Markdown in one widget (see ``LessonText``: no markup, no escapes obeyed)."""
