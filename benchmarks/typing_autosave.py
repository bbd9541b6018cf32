"""CPU per keystroke in the reflection editor, draft autosave on against off, in one run.

A reflection of 10,000 words is open in the real app (headless, 80x24); keys
are typed at a steady 10 a second for 30 seconds at the end of the text. The
CPU time of the whole process (all threads: the autosave writer is a thread
worker) over the typing is divided by the keys typed. Sides alternate (off, on,
on, off, off, on...) so drift hits both and neither always goes first. The CPU
of the draft writes themselves (in the writing thread) is shown apart. Target:
autosave on costs at most 1.1x off.

    python benchmarks/typing_autosave.py             # 2 pairs of 30 s
    python benchmarks/typing_autosave.py --quick     # 1 pair of 3 s (CI smoke)
    python benchmarks/typing_autosave.py --seconds 60 --pairs 3 --words 20000
    python benchmarks/typing_autosave.py --per-draft 3   # CPU of one kept draft, nothing typed

Speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from datetime import timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test course kit
sys.path.insert(0, str(ROOT / "src"))

WORDS = ("pause breathe notice urge space patience grow listen wait steady kind quiet walk "
         "feel allow trust slow gentle room time").split()
KEYS = "I noticed the urge and let it pass. "


def reflection_text(words: int) -> str:
    lines, line = [], []
    for n in range(words):
        line.append(WORDS[(n * 7 + n // 13) % len(WORDS)])
        if len(line) == 12:
            lines.append(" ".join(line) + ".")
            line = []
            if len(lines) % 6 == 0:
                lines.append("")
    if line:
        lines.append(" ".join(line) + ".")
    return "\n".join(lines)


@contextlib.asynccontextmanager
async def open_editor(autosave: bool, words: int):
    """The real app with the reflection of ``words`` words open, the cursor at its end:
    yields (pilot, screen, CPU ms of the draft writes so far as a one-item list)."""
    from exercisekit import FakeClock, exercise_course, open_store

    from growthcourse.store import events as ev
    from growthcourse.tui.app import GrowthcourseApp
    from growthcourse.tui.exercises.reflection import ReflectionScreen
    from growthcourse.tui.session import Session

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        clock = FakeClock()
        course = exercise_course(tmp)
        store = open_store(tmp, clock)
        store.append(course.id, ev.REFLECTION_SAVED,
                     {"exercise": "w1-write", "text": reflection_text(words), "parents": []})
        write_ms = [0.0]
        save_draft = store.save_draft

        def timed_save_draft(*args, **kwargs):  # runs in the writing thread: its own CPU time
            start = time.thread_time()
            try:
                return save_draft(*args, **kwargs)
            finally:
                write_ms[0] += (time.thread_time() - start) * 1000

        store.save_draft = timed_save_draft
        session = Session(course, store, clock=clock, tz=timezone.utc, data_dir=str(tmp / "data"))
        app = GrowthcourseApp(session, config_dir=tmp / "config-a")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = ReflectionScreen(course.exercise("w1-write"), session, autosave=autosave)
            app.push_screen(screen)
            await pilot.pause(0.3)
            screen.editor.move_cursor(screen.editor.document.end)
            await pilot.pause(0.3)
            yield pilot, screen, write_ms
            await screen.workers.wait_for_complete()
            screen.drafts.enabled = False  # leaving must not write a revision of the benchmark text
            screen._saved_text = screen.editor.text


async def one_side(autosave: bool, seconds: float, words: int, rate: float) -> tuple[float, int, int, float]:
    """(CPU ms per key, keys typed, drafts written, CPU ms of the draft writes) for one side."""
    async with open_editor(autosave, words) as (pilot, screen, write_ms):
        interval = 1.0 / rate
        keys = int(seconds * rate)
        start_wall = time.perf_counter()
        start_cpu = time.process_time()
        for n in range(keys):
            character = KEYS[n % len(KEYS)]
            await pilot.press("space" if character == " " else character)
            delay = start_wall + (n + 1) * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        await screen.workers.wait_for_complete()
        cpu = time.process_time() - start_cpu
        if len(screen.editor.text) < len(reflection_text(words)) + keys:
            raise SystemExit("the keys did not all reach the editor")
        return cpu * 1000 / keys, keys, screen.drafts.writes, write_ms[0]


async def kept_draft_side(keep: bool, words: int, count: int = 20, period: float = 0.25) -> float:
    """CPU ms per ``period`` on the open editor, nothing typed: idle, or (``keep``) keeping a
    draft each period the way the autosave timer does, the editor holding unsaved writing.

    Steadier than the typing ratio: it is the whole cost of one kept draft (timer, text,
    worker, write, the screen told), without the typing's own swings.
    """
    async with open_editor(True, words) as (_pilot, screen, _write_ms):
        screen._saved_text = ""  # unsaved writing, as while typing
        start_cpu = time.process_time()
        for _ in range(count):
            if keep:
                screen.drafts.last_text = None  # the same text again still counts as new
                screen.drafts.flush()
            await asyncio.sleep(period)
        await screen.workers.wait_for_complete()
        return (time.process_time() - start_cpu) * 1000 / count


def per_draft(words: int, runs: int) -> int:
    results: dict[bool, list[float]] = {False: [], True: []}
    for run in range(runs):
        for keep in (False, True) if run % 2 == 0 else (True, False):
            results[keep].append(asyncio.run(kept_draft_side(keep, words)))
    idle, kept = statistics.median(results[False]), statistics.median(results[True])
    print(f"{words} words open, nothing typed, {runs} run(s) of 20 periods of 0.25 s per side")
    print(f"idle:             {idle:.2f} ms CPU per period")
    print(f"a draft kept:     {kept:.2f} ms CPU per period")
    print(f"one kept draft:   {kept - idle:.2f} ms CPU (medians)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="typing time per side (default 30)")
    parser.add_argument("--pairs", type=int, default=2, help="off/on pairs (default 2)")
    parser.add_argument("--words", type=int, default=10_000, help="words in the reflection (default 10000)")
    parser.add_argument("--rate", type=float, default=10.0, help="keys per second (default 10)")
    parser.add_argument("--quick", action="store_true", help="one pair of 3 s (CI smoke)")
    parser.add_argument("--per-draft", type=int, metavar="RUNS", default=0,
                        help="instead: the CPU of one kept draft on the idle editor (RUNS alternated runs a side)")
    args = parser.parse_args(argv)
    if args.per_draft:
        return per_draft(args.words, args.per_draft)
    if args.quick:
        args.seconds, args.pairs = 3.0, 1

    results: dict[bool, list[float]] = {False: [], True: []}
    writes: dict[bool, int] = {False: 0, True: 0}
    write_ms = 0.0
    keys_typed = 0
    for pair in range(args.pairs):
        # off, on, then on, off: neither side is always first, and a slow drift hits both alike.
        for autosave in (False, True) if pair % 2 == 0 else (True, False):
            per_key, keys, written, cpu_ms = asyncio.run(one_side(autosave, args.seconds, args.words, args.rate))
            results[autosave].append(per_key)
            writes[autosave] += written
            write_ms += cpu_ms
            keys_typed = keys
    print(f"{args.words} words, {args.rate:g} keys/s for {args.seconds:g} s per side ({keys_typed} keys), "
          f"{args.pairs} pair(s)")
    print(f"{'autosave':<10}{'median ms/key':>15}{'min':>9}{'max':>9}{'drafts':>9}")
    for autosave in (False, True):
        values = results[autosave]
        print(f"{'on' if autosave else 'off':<10}{statistics.median(values):>15.2f}{min(values):>9.2f}"
              f"{max(values):>9.2f}{writes[autosave]:>9}")
    ratio = statistics.median(results[True]) / statistics.median(results[False])
    print(f"ratio on/off: {ratio:.2f}x (target <= 1.1x)")
    if writes[True]:
        print(f"draft writes (writing thread): {write_ms / writes[True]:.2f} ms CPU each, "
              f"{write_ms / (keys_typed * args.pairs):.3f} ms per key")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
