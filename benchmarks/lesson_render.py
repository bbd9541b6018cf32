"""P2: opening a 300-line lesson, stock ``Markdown`` widget vs ``LessonText``.

Run:  python benchmarks/lesson_render.py            (warm-up, then 7 pairs A B A B ...)
      python benchmarks/lesson_render.py --quick    (one pair, no warm-up: a CI smoke run)

Method (in-process, same app, same run, same text):

- A harness app holds an empty ``VerticalScroll`` at 80x24 (``App.run_test``,
  headless). Key ``a`` mounts Textual's stock ``Markdown`` widget with the
  generated lesson, key ``b`` mounts ``LessonText`` with the same text; ``c``
  clears the stage (untimed, between runs).
- The clock starts just before ``pilot.press(key)`` and stops at the first
  screen paint made after the widget's content is complete:
  * "paint" = the harness overrides ``App._display``, the single place where a
    compositor update of the screen is handed to the driver (headless or not),
    and records its time;
  * "complete" = for the stock widget, when it posts
    ``Markdown.TableOfContentsUpdated``, which it does after its last batch of
    blocks is mounted; for ``LessonText`` (which has all its content from the
    constructor), when it is mounted.
  So each figure covers key dispatch, mounting, parsing, layout and rendering
  up to the frame that shows the lesson.
- Runs alternate A B A B so machine drift hits both equally; after a warm-up
  pair (not counted) we print median, min and max per widget, the ratio of the
  medians and the median of the per-pair ratios. Target (issue 7, P2): <= 0.25x.
- After timing, a check confirms both widgets really showed the lesson (its
  title is on screen), so a fast-but-empty render can't pass.

``measure()`` returns the figures for a benchmark runner to tabulate.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from growthcourse.tui.widgets.lesson_text import LessonText

TITLE = "Making space when your partner pulls away"


def make_lesson(lines: int = 300) -> str:
    """A deterministic lesson of about ``lines`` lines using every construct a course uses."""
    out = [f"# {TITLE}", ""]
    section = 0
    while len(out) < lines:
        section += 1
        out += [
            f"## Part {section}: noticing the urge to fix",
            "",
            "When the distance grows, the *urge to act* can feel **overwhelming**. "
            "Notice it, name it, and let it pass; you can read more at "
            f"[the course notes](https://example.org/notes/{section}).",
            "Breathing slowly, with `4-7-8` counting, helps many people settle.",
            "",
            "- Notice where you feel it in your body",
            "- Name the feeling without judging it",
            "  - sadness, worry, or fear of being left",
            "  - or something without a name yet",
            "- Let it be there for a few minutes",
            "",
            "1. Write down what you wanted to say",
            "2. Wait a day before sending anything",
            "3. Read it again and ask: *is this for them, or for my panic?*",
            "",
            "> Giving space is not giving up. It is trusting that both of you",
            "> can find your way back when you are ready.",
            "",
            "| Moment | What you might try | Minutes |",
            "|:--|:--|--:|",
            "| Morning | A short walk without the phone | 15 |",
            "| Evening | Writing three lines in your journal | 10 |",
            "",
            "```text",
            "Today I noticed: ...",
            "What I did instead of fixing: ...",
            "```",
            "",
            "---",
            "",
        ]
    return "\n".join(out[:lines]) + "\n"


class Harness(App[None]):
    """Mounts one lesson widget on a key press and records screen paints."""

    CSS = "VerticalScroll { height: 1fr; }"
    BINDINGS = [("a", "show('stock')"), ("b", "show('lesson')"), ("c", "clear")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown
        self.paints: list[float] = []
        self.complete_at: float | None = None

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="stage")

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None and not self._batch_count:
            self.paints.append(time.perf_counter())
        super()._display(screen, renderable)

    async def action_show(self, which: str) -> None:
        self.complete_at = None
        stage = self.query_one("#stage", VerticalScroll)
        if which == "stock":
            await stage.mount(Markdown(self.markdown, open_links=False))
        else:
            await stage.mount(LessonText(self.markdown))
            self.complete_at = time.perf_counter()

    def on_markdown_table_of_contents_updated(self) -> None:
        self.complete_at = time.perf_counter()

    async def action_clear(self) -> None:
        await self.query_one("#stage", VerticalScroll).remove_children()


@dataclass
class Result:
    stock: list[float]
    lesson: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(self.lesson) / statistics.median(self.stock)

    @property
    def pair_ratio(self) -> float:
        return statistics.median(b / a for a, b in zip(self.stock, self.lesson))


async def _time_open(app: Harness, pilot, key: str) -> float:  # type: ignore[no-untyped-def]
    await pilot.press("c")
    await pilot.pause()
    app.complete_at = None
    start = time.perf_counter()
    await pilot.press(key)
    deadline = start + 60
    while time.perf_counter() < deadline:
        complete = app.complete_at
        if complete is not None:
            painted = [t for t in app.paints if t >= complete]
            if painted:
                return painted[0] - start
        await asyncio.sleep(0.001)
    raise RuntimeError(f"widget for key {key!r} never finished painting")


async def _shows_title(app: Harness, pilot, key: str) -> bool:  # type: ignore[no-untyped-def]
    await pilot.press("c", key)
    for _ in range(200):
        await pilot.pause(0.01)
        if app.complete_at is not None:
            break
    await pilot.pause(0.05)
    return TITLE.replace(" ", "&#160;") in app.export_screenshot()


async def _measure(runs: int, warmup: bool, lines: int, size: tuple[int, int]) -> Result:
    app = Harness(make_lesson(lines))
    stock: list[float] = []
    lesson: list[float] = []
    async with app.run_test(size=size) as pilot:
        if warmup:
            await _time_open(app, pilot, "a")
            await _time_open(app, pilot, "b")
        for _ in range(runs):
            stock.append(await _time_open(app, pilot, "a"))
            lesson.append(await _time_open(app, pilot, "b"))
        for key, name in (("a", "stock Markdown"), ("b", "LessonText")):
            if not await _shows_title(app, pilot, key):
                raise RuntimeError(f"{name} did not show the lesson title")
    return Result(stock, lesson)


def measure(runs: int = 7, *, warmup: bool = True, lines: int = 300, size: tuple[int, int] = (80, 24)) -> Result:
    """Time ``runs`` alternating pairs (stock Markdown, LessonText); seconds per open."""
    return asyncio.run(_measure(runs, warmup, lines, size))


def _row(name: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"{name:<16} {statistics.median(ms):>9.1f} {min(ms):>9.1f} {max(ms):>9.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one pair, no warm-up (CI smoke run)")
    parser.add_argument("--runs", type=int, default=7, help="alternating pairs to time (default 7)")
    parser.add_argument("--lines", type=int, default=300, help="lesson length in lines (default 300)")
    args = parser.parse_args(argv)
    runs, warmup = (1, False) if args.quick else (max(args.runs, 1), True)
    result = measure(runs, warmup=warmup, lines=args.lines)
    print(f"P2 lesson render: {args.lines}-line lesson at 80x24, {runs} pair(s) A B"
          f"{', after a warm-up pair' if warmup else ''}")
    print(f"{'widget':<16} {'median ms':>9} {'min ms':>9} {'max ms':>9}")
    print(_row("stock Markdown", result.stock))
    print(_row("LessonText", result.lesson))
    print(f"ratio LessonText/Markdown: {result.ratio:.3f}x (median of pair ratios "
          f"{result.pair_ratio:.3f}x; target <= 0.25x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
