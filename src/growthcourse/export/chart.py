"""A small inline SVG line chart of scale check-ins over time (one chart per series).

Pure string building, no dependency: the html export must be self-contained.
Every piece of text that reaches the SVG is escaped (series titles come from
the course, which is data).
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Sequence

WIDTH = 480
HEIGHT = 170
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 18, 34
MAX_VALUE_LABELS = 24


def _parse(time: str) -> datetime:
    return datetime.fromisoformat(time.replace("Z", "+00:00"))


def series_svg(
    title: str,
    low: int,
    high: int,
    points: Sequence[tuple[str, int]],
    *,
    date_label=lambda when: when.strftime("%d %b"),
) -> str:
    """An SVG chart of ``points`` (UTC ISO time, value) on a ``low``..``high`` axis.

    ``date_label`` turns a datetime into the text shown under the first and
    last point (the caller picks the time zone).
    """
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span = max(high - low, 1)
    times = [_parse(time) for time, _ in points]
    first, last = (min(times), max(times)) if times else (None, None)
    seconds = (last - first).total_seconds() if times else 0.0

    def x(when: datetime) -> float:
        if not seconds:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (when - first).total_seconds() / seconds

    def y(value: int) -> float:
        clamped = min(max(value, low), high)
        return TOP + plot_h * (1 - (clamped - low) / span)

    label = escape(title, quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" aria-label="{label}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 6}" y="{y(high) + 4:.1f}" text-anchor="end">{high}</text>',
        f'<text class="tick" x="{LEFT - 6}" y="{y(low) + 4:.1f}" text-anchor="end">{low}</text>',
    ]
    ordered = sorted(zip(times, (value for _, value in points)), key=lambda p: p[0])
    if len(ordered) > 1:
        path = " ".join(f"{x(when):.1f},{y(value):.1f}" for when, value in ordered)
        parts.append(f'<polyline class="line" fill="none" points="{path}"/>')
    labelled = len(ordered) <= MAX_VALUE_LABELS  # printed charts show each value while they fit
    for when, value in ordered:
        tip = escape(f"{value} on {date_label(when)}")
        parts.append(
            f'<circle class="point" cx="{x(when):.1f}" cy="{y(value):.1f}" r="3.5">'
            f"<title>{tip}</title></circle>"
        )
        if labelled:
            parts.append(
                f'<text class="tick" x="{x(when):.1f}" y="{y(value) - 7:.1f}" text-anchor="middle">{value}</text>'
            )
    if ordered:
        baseline = TOP + plot_h + 18
        parts.append(
            f'<text class="tick" x="{x(first):.1f}" y="{baseline}" '
            f'text-anchor="{"start" if seconds else "middle"}">'
            f"{escape(date_label(first))}</text>"
        )
        if seconds:
            parts.append(
                f'<text class="tick" x="{x(last):.1f}" y="{baseline}" text-anchor="end">'
                f"{escape(date_label(last))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
