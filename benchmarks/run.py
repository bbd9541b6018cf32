"""The benchmark runner: every figure of issue 7, side by side with its reference, in one run.

    python benchmarks/run.py                    # everything (P5 at 1M events takes minutes)
    python benchmarks/run.py --quick            # fewer runs, smaller inputs, no 1M replay (a smoke run)
    python benchmarks/run.py --only P1,P3       # some figures
    python benchmarks/run.py --results FILE     # where the table goes (default benchmarks/RESULTS.md;
                                                # --quick writes no file unless --results is given)

Method. Process-level figures (P1 start-up, P3 commands, P7 memory) run whole
processes; in-process figures (P2, P4, P5, P6) run in a fresh worker process
each (``run.py --worker ID``), so one figure's imports and memory never touch
another's. Every figure is measured against its reference in the same run,
after a warm-up pair that is not counted, alternating A B A B so that machine
drift hits both sides alike. The table gives median, min and max per side and
the median of the per-pair ratios (ours / reference), with the target and
whether it is met. No figure ever fails the run: this is a measurement, not a test.

- P1  launch until the start screen is painted with every module's state
      (``_paint_probe.py`` in a pty, see there), built-in course, a fresh data
      folder (new data and config folders each run) and one with 2,000 events;
      reference: a minimal Textual app (Header, Static, Footer), same probe.
- P2  ``lesson_render.measure()``: opening a 300-line lesson vs the stock Markdown widget.
- P3  ``growthcourse status`` / ``--version`` vs ``jrnl -n 1`` / ``jrnl --version``
      (jrnl from the ``bench`` extra, with its own config and a 200-entry journal in a temp HOME).
- P4  a generated course of 100 modules x 20 lessons x 300 words: first load
      (``load_course_cached`` with an empty cache: parse, check and store) and
      repeat load (a cache hit) vs ``tomllib.loads`` of the same files.
- P5  ``DataStore.open(...).events() + fold + course_state`` for 10k, 100k, 1M
      events of 10 devices, built-in course; reference: 10k scaled linearly.
      Each with the log parse cache warm (a later start), cold (an empty cache:
      the first start, which parses and stores it) and off (parse only). Every
      replay runs in a new process (``run.py --replay``), timed inside it after
      the imports, as a start of the app or a command is.
- P6  ``typing_autosave.one_side`` (the exercises' benchmark): CPU per key typed
      into a 10,000-word reflection, autosave on vs off: 5 pairs of 30 s, in the orders
      off/on, on/off, off/on, ...; the ratio is the median of the pairs' ratios.
- P7  peak RSS (``/usr/bin/time -f %M``, else ``os.wait4`` in a lean launcher) of the app
      started on the generated course with 100k events, until its dashboard is painted,
      vs the minimal app; with the log parse cache warm (a later start) and cold (emptied).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

FINDINGS = "## Findings"
KEPT_NOTE = " not measured in this run; rows kept from the run of "
PY = sys.executable


@dataclass
class Row:
    id: str
    figure: str
    ours: str
    reference: str
    unit: str  # "ms", "MB" or "x"
    a: list[float] = field(default_factory=list)  # ours
    b: list[float] = field(default_factory=list)  # reference
    target: float | None = None
    target_text: str = ""
    note: str = ""
    ratio_override: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.ratio_override is not None:
            return self.ratio_override
        if not self.a or not self.b:
            return None
        if len(self.a) == len(self.b):
            return statistics.median(x / y for x, y in zip(self.a, self.b))
        return statistics.median(self.a) / statistics.median(self.b)

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        if ratio is None or self.target is None:
            return None
        return ratio <= self.target


# --------------------------------------------------------------------------- helpers


def _stats(values: list[float], unit: str) -> str:
    if not values:
        return "n/a"
    scale = {"ms": 1000.0, "MB": 1 / 1e6, "x": 1.0}[unit]
    shown = [v * scale for v in values]
    fmt = "{:.0f}" if unit == "MB" else "{:.1f}"
    med = fmt.format(statistics.median(shown))
    if len(shown) == 1:
        return f"{med} {unit}"
    return f"{med} {unit} ({fmt.format(min(shown))}-{fmt.format(max(shown))})"


def _alternate(pairs: int, warmup: bool, a: Callable[[], float], b: Callable[[], float]) -> tuple[list, list]:
    """Run ``a`` and ``b`` in turn (a warm-up pair first, not counted); their returned figures."""
    if warmup:
        a(), b()
    xs, ys = [], []
    for _ in range(pairs):
        xs.append(a())
        ys.append(b())
    return xs, ys


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-800:]}")
    return elapsed


def _script(name: str) -> str | None:
    """A console script installed beside this Python (the venv's), else on PATH."""
    beside = Path(PY).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def _clean_env(tmp: Path) -> dict[str, str]:
    """An environment that keeps every growthcourse folder inside ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GROWTHCOURSE_", "TEXTUAL"))}
    env.update(HOME=str(tmp / "home"), XDG_CONFIG_HOME=str(tmp / "xdg-config"),
               XDG_DATA_HOME=str(tmp / "xdg-data"), XDG_CACHE_HOME=str(tmp / "xdg-cache"),
               TERM="xterm-256color", COLORTERM="truecolor", PYTHONDONTWRITEBYTECODE="")
    env.pop("NO_COLOR", None)
    return env


def _builtin_events(data_dir: Path, count: int, seed: int = 11) -> None:
    import _synthetic
    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    _synthetic.write_events(data_dir, load_course(builtin_course_dir()), count, seed=seed)


def _worker(figure: str, quick: bool) -> list[Row]:
    """Run an in-process figure in a fresh Python process; its rows."""
    argv = [PY, str(Path(__file__).resolve()), "--worker", figure] + (["--quick"] if quick else [])
    done = subprocess.run(argv, capture_output=True, text=True, cwd=str(ROOT))
    if done.returncode != 0:
        raise RuntimeError(f"worker {figure} failed: {done.stderr[-1500:]}")
    return [Row(**row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


# --------------------------------------------------------------------------- P1 and P7: the app in a pty


# Peak memory is read by a small program between us and the app: a child forked from this (large)
# process counts our pages in its own ru_maxrss until it execs, so it cannot be read from here.
_RSS_HELPER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss * 1024))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _probe(kind: str, args: list[str], env: dict[str, str], out: Path, size: tuple[int, int],
           memory: bool = False) -> tuple[float, int]:
    """(seconds from launch to the painted start screen, peak RSS bytes or 0) of one probed launch.

    With ``memory``, ``/usr/bin/time -f %M`` (Debian's ``time``) or a lean helper starts the app,
    so its peak RSS is its own; the time then includes that launcher and is not used.
    """
    from _pty import run_in_pty

    out.unlink(missing_ok=True)
    rss_file = out.with_suffix(".rss")
    rss_file.unlink(missing_ok=True)
    command = [PY, str(HERE / "_paint_probe.py"), str(out), kind, *args]
    if memory:
        if Path("/usr/bin/time").exists():
            command = ["/usr/bin/time", "-q", "-f", "%M", "-o", str(rss_file), *command]
        else:
            command = [PY, "-S", "-c", _RSS_HELPER, str(rss_file), *command]
    run = run_in_pty(command, env=env, size=size, timeout=60)
    if run.returncode != 0 or not out.exists():
        tail = run.output[-1500:].decode("utf-8", "replace")
        raise RuntimeError(f"{kind} exited with {run.returncode} before painting; it showed: {tail}")
    result = json.loads(out.read_text())
    if not result.get("ok"):
        raise RuntimeError(f"{kind}: the painted screen did not show what it should: {result}")
    rss = 0
    if memory:
        value = int(rss_file.read_text().split()[-1])
        rss = value * 1024 if command[0] == "/usr/bin/time" else value
    return result["painted"] - run.launched, rss


def bench_p1(quick: bool, runs: int | None) -> list[Row]:
    pairs = runs or (2 if quick else 15)  # a launch moves by 10-30 % on a shared VM: many short pairs
    size = (100, 40)  # room for every module of the built-in course on the dashboard
    rows = []
    with tempfile.TemporaryDirectory(prefix="gc-bench-p1-") as name:
        tmp = Path(name)
        env = _clean_env(tmp)
        out = tmp / "probe.json"
        minimal = lambda: _probe("minimal", [], env, out, size)[0]  # noqa: E731
        counter = iter(range(10**6))

        def fresh() -> float:
            n = next(counter)
            run_env = dict(env, GROWTHCOURSE_CONFIG_DIR=str(tmp / f"config-{n}"))
            return _probe("growthcourse", ["--data-dir", str(tmp / f"data-{n}")], run_env, out, size)[0]

        a, b = _alternate(pairs, True, fresh, minimal)
        rows.append(Row("P1", "start-up to painted start screen, fresh data folder (welcome over the "
                        "dashboard)", "growthcourse", "minimal Textual app", "ms", a, b, 1.25, "<= 1.25x"))

        data = tmp / "data-2000"
        _builtin_events(data, 2000)
        config_env = dict(env, GROWTHCOURSE_CONFIG_DIR=str(tmp / "config-2000"))
        with2000 = lambda: _probe("growthcourse", ["--data-dir", str(data)], config_env, out, size)[0]  # noqa: E731
        a, b = _alternate(pairs, True, with2000, minimal)
        rows.append(Row("P1", "start-up to painted dashboard with every module's state, 2,000 events",
                        "growthcourse", "minimal Textual app", "ms", a, b, 1.25, "<= 1.25x"))
    return rows


def bench_p7(quick: bool, runs: int | None) -> list[Row]:
    import _synthetic
    from growthcourse.course.loader import load_course

    pairs = runs or (1 if quick else 3)
    modules, events = (20, 20_000) if quick else (100, 100_000)
    with tempfile.TemporaryDirectory(prefix="gc-bench-p7-") as name:
        tmp = Path(name)
        env = dict(_clean_env(tmp), GROWTHCOURSE_CONFIG_DIR=str(tmp / "config"))
        course_dir = _synthetic.write_course(tmp / "course", modules=modules)
        _synthetic.write_events(tmp / "data", load_course(course_dir), events)
        out = tmp / "probe.json"
        args = ["--course", str(course_dir), "--data-dir", str(tmp / "data")]
        app = lambda: float(_probe("growthcourse", args, env, out, (100, 40), memory=True)[1])  # noqa: E731
        minimal = lambda: float(_probe("minimal", [], env, out, (100, 40), memory=True)[1])  # noqa: E731
        log_cache = tmp / "xdg-cache" / "growthcourse" / "logs"  # the course cache stays warm

        def cold() -> float:
            shutil.rmtree(log_cache, ignore_errors=True)  # a first start: parse every log and store the cache
            return app()

        a, b = _alternate(pairs, True, app, minimal)  # the warm-up fills both caches
        c, d = _alternate(pairs, False, cold, minimal)
    size = f"{modules} modules x 20 lessons, {events // 1000}k events"
    return [Row("P7", f"peak memory until the dashboard is painted ({size}), log cache warm", "growthcourse",
                "minimal Textual app", "MB", a, b, 2.5, "<= 2.5x"),
            Row("P7", f"peak memory until the dashboard is painted ({size}), log cache cold (first start)",
                "growthcourse", "minimal Textual app", "MB", c, d, 2.5, "<= 2.5x")]


# --------------------------------------------------------------------------- P3: scripting commands


JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: true
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: v4.6
"""


def bench_p3(quick: bool, runs: int | None) -> list[Row]:
    pairs = runs or (3 if quick else 15)
    growthcourse, jrnl = _script("growthcourse"), _script("jrnl")
    rows = []
    with tempfile.TemporaryDirectory(prefix="gc-bench-p3-") as name:
        tmp = Path(name)
        env = dict(_clean_env(tmp), GROWTHCOURSE_CONFIG_DIR=str(tmp / "config"))
        data = tmp / "data"
        _builtin_events(data, 2000)
        journal = tmp / "journal.txt"
        journal.write_text("".join(f"[2026-{1 + i // 28:02d}-{1 + i % 28:02d} 09:00] Entry {i}.\n"
                                   "I paused before offering a fix, and asked how she felt.\n\n"
                                   for i in range(200)))
        (tmp / "xdg-config" / "jrnl").mkdir(parents=True)
        (tmp / "xdg-config" / "jrnl" / "jrnl.yaml").write_text(JRNL_CONFIG.format(journal=journal))
        cases = [
            ("`growthcourse status` (2,000 events) vs `jrnl -n 1` (200 entries)",
             [growthcourse, "status", "--data-dir", str(data)], [jrnl, "-n", "1"]),
            ("`growthcourse --version` vs `jrnl --version`", [growthcourse, "--version"], [jrnl, "--version"]),
        ]
        for figure, ours, theirs in cases:
            if growthcourse is None or jrnl is None:
                missing = "jrnl (pip install jrnl==4.6, the bench extra)" if jrnl is None else "growthcourse"
                rows.append(Row("P3", figure, "growthcourse", "jrnl", "ms", note=f"not run: {missing} not found"))
                continue
            a, b = _alternate(pairs, True, lambda: _timed(ours, env), lambda: _timed(theirs, env))
            rows.append(Row("P3", figure, "growthcourse", "jrnl", "ms", a, b, 1.0, "<= 1.0x"))
    return rows


# --------------------------------------------------------------------------- in-process figures (workers)


def work_p2(quick: bool) -> list[Row]:
    import lesson_render

    result = lesson_render.measure(1 if quick else 7, warmup=not quick)
    return [Row("P2", "open a 300-line lesson, key press to painted (in-process)", "LessonText",
                "stock Markdown widget", "ms", result.lesson, result.stock, 0.25, "<= 0.25x")]


def work_p4(quick: bool) -> list[Row]:
    import tomllib

    import _synthetic
    from growthcourse.course.cache import load_course_cached

    pairs, modules = (2, 20) if quick else (5, 100)
    with tempfile.TemporaryDirectory(prefix="gc-bench-p4-") as name:
        tmp = Path(name)
        folder = _synthetic.write_course(tmp / "course", modules=modules)
        files = sorted(folder.glob("*.toml"))
        counter = iter(range(10**6))

        def reference() -> float:
            start = time.perf_counter()
            for path in files:
                tomllib.loads(path.read_bytes().decode("utf-8"))
            return time.perf_counter() - start

        def first() -> float:
            cache = tmp / f"cache-{next(counter)}"  # empty: a miss that parses, checks and stores
            start = time.perf_counter()
            load_course_cached(folder, cache=cache)
            return time.perf_counter() - start

        def repeat() -> float:
            start = time.perf_counter()
            load_course_cached(folder, cache=tmp / "cache-warm")
            return time.perf_counter() - start

        load_course_cached(folder, cache=tmp / "cache-warm")
        a1, b1 = _alternate(pairs, True, first, reference)
        a2, b2 = _alternate(pairs, True, repeat, reference)
        words = sum(len(lesson.body.split()) for lesson in load_course_cached(folder, cache=tmp / "cache-warm")
                    .lessons())
        size = sum(path.stat().st_size for path in files)
    shape = f"{modules} modules x 20 lessons x 300 words, {size / 1e6:.1f} MB, {words // 1000}k words"
    return [
        Row("P4", f"first load of a generated course ({shape})", "load_course_cached, empty cache",
            "tomllib.loads", "ms", a1, b1, 1.2, "<= 1.2x"),
        Row("P4", "repeat load of the same course (cache hit)", "load_course_cached, warm cache",
            "tomllib.loads", "ms", a2, b2, 0.1, "<= 0.1x"),
    ]


def _replay(data_dir: Path, config_dir: Path, cache: Path | None) -> tuple[float, float]:
    """One replay as a new process does it, in a new process; ``cache`` None: the log parse cache off.

    A new process each time: a replay in a process that has already read
    events would find the store's tables of shared texts filled and its heap
    grown, which makes the small replays (the base of the linear
    extrapolation) cheaper than any real start.
    """
    argv = [PY, str(Path(__file__).resolve()), "--replay", str(data_dir), str(config_dir),
            str(cache) if cache is not None else "off"]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=str(ROOT))
    if done.returncode != 0:
        raise RuntimeError(f"replay failed: {done.stderr[-1500:]}")
    elapsed, saved = done.stdout.strip().splitlines()[-1].split()
    return float(elapsed), float(saved)


def _replay_here(data_dir: str, config_dir: str, cache: str) -> tuple[float, float]:
    """The child side of ``_replay``: the course is loaded first; the clock covers opening the store,
    reading every event, the fold and the course state. Then, timed apart, storing this machine's
    parse cache (which the app does once its first screen is painted, and a command once it ends)."""
    import functools

    from growthcourse.course.loader import load_course
    from growthcourse.progress import course_state, fold
    from growthcourse.resources import builtin_course_dir
    from growthcourse.store import datastore
    from growthcourse.store.eventlog import LogReader

    course = load_course(builtin_course_dir())
    if cache == "off":
        datastore.LogReader = functools.partial(LogReader, cache=False)  # type: ignore[misc]
    else:
        os.environ["GROWTHCOURSE_CACHE_DIR"] = cache
    start = time.perf_counter()
    store = datastore.DataStore.open(data_dir, config_dir=config_dir)
    events = store.events(course.id)
    state = course_state(course, fold(course, events), datetime.now(timezone.utc))
    elapsed = time.perf_counter() - start
    assert len(events) > 0 and state.modules
    start = time.perf_counter()
    store.save_cache()
    return elapsed, time.perf_counter() - start


def work_p5(quick: bool) -> list[Row]:
    """Replays with the log parse cache warm (a start after the first), cold (empty: parse and store
    the cache) and off (parse only, the code before the cache), alternating per size."""
    import _synthetic
    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    course = load_course(builtin_course_dir())
    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    runs = 2 if quick else 5
    modes = ("warm", "cold", "off")
    times: dict[tuple[str, int], list[float]] = {}
    saves: dict[int, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="gc-bench-p5-") as name:
        tmp = Path(name)
        counter = iter(range(1_000_000))

        def replay(mode: str, size: int) -> float:
            data = tmp / f"data-{size}"
            if mode == "off":
                return _replay(data, tmp / "config", None)[0]
            if mode == "warm":
                return _replay(data, tmp / "config", tmp / f"cache-warm-{size}")[0]
            cold = tmp / f"cache-cold-{next(counter)}"  # empty: every file parsed, then stored
            try:
                elapsed, saved = _replay(data, tmp / "config", cold)
                saves.setdefault(size, []).append(saved)
                return elapsed
            finally:
                shutil.rmtree(cold, ignore_errors=True)

        for size in sizes:
            _synthetic.write_events(tmp / f"data-{size}", course, size)
        for size in sizes:  # warm-up: file cache, imports; fills the warm cache
            for mode in modes:
                replay(mode, size)
        for _ in range(runs):
            for size in sizes:
                for mode in modes:
                    if size == 1_000_000 and len(times.get((mode, size), [])) >= 3:
                        continue  # three runs of 1M are enough, and each takes a while
                    times.setdefault((mode, size), []).append(replay(mode, size))
    rows: list[Row] = []
    labels = {"warm": "cache warm (a later start)", "cold": "cache cold (first start: parse, the cache stored after)",
              "off": "cache off (parse only)"}
    for mode in modes:
        base = statistics.median(times[(mode, 10_000)])
        rows.append(Row("P5", f"replay 10k events (10 devices) into state, {labels[mode]}: read + fold + "
                        "course_state", "growthcourse", "", "ms", times[(mode, 10_000)], [],
                        note="the base of the linear extrapolation"))
        for size in sizes[1:]:
            factor = size // 10_000
            label = f"{size // 1000}k" if size < 1_000_000 else "1M"
            rows.append(Row("P5", f"replay {label} events vs linear from 10k, {labels[mode]}", "growthcourse",
                            f"{factor} x 10k median", "ms", times[(mode, size)], [base * factor], 1.3, "<= 1.3x",
                            ratio_override=statistics.median(times[(mode, size)]) / (base * factor)))
    for mode in modes:
        hundred = statistics.median(times[(mode, 100_000)])
        rows.append(Row("P5", f"replay 100k events, absolute, {labels[mode]}", "growthcourse", "0.5 s", "ms",
                        times[(mode, 100_000)], [0.5], 1.0, "< 500 ms", ratio_override=hundred / 0.5))
    rows.append(Row("P5", "replay 100k events, first start: storing the parse cache afterwards (the app does it "
                    "once its first screen is painted, a command once it ends: nobody waits for it)",
                    "save_cache", "", "ms", saves[100_000], [], note="no target"))
    return rows


def work_p6(quick: bool) -> list[Row]:
    """``typing_autosave.one_side`` (the exercises' benchmark), alternating off and on."""
    figure = "CPU per keystroke, 10,000-word reflection, 10 keys/s for 30 s, autosave on vs off"
    if not (HERE / "typing_autosave.py").exists():
        return [Row("P6", figure, "autosave on", "autosave off", "ms",
                    note="not run: benchmarks/typing_autosave.py does not exist yet")]
    import asyncio

    import typing_autosave

    seconds, pairs = (3.0, 1) if quick else (30.0, 5)  # one pair moves by 10-20 % on this VM: see RESULTS.md
    on: list[float] = []
    off: list[float] = []
    for pair in range(pairs):
        # off, on; then on, off; ...: neither side always goes first, so a drift of the machine hits both
        for autosave in (False, True) if pair % 2 == 0 else (True, False):
            ms = asyncio.run(typing_autosave.one_side(autosave, seconds, 10_000, 10.0))[0] / 1000
            (on if autosave else off).append(ms)
    if quick:
        figure = figure.replace("30 s", "3 s")
    return [Row("P6", figure + " (CPU ms per key)", "autosave on", "autosave off", "ms", on, off, 1.1,
                "<= 1.1x")]


WORKERS = {"P2": work_p2, "P4": work_p4, "P5": work_p5, "P6": work_p6}
PROCESS = {"P1": bench_p1, "P3": bench_p3, "P7": bench_p7}
ORDER = ("P1", "P2", "P3", "P4", "P5", "P6", "P7")


# --------------------------------------------------------------------------- output


def table(rows: list[Row]) -> str:
    lines = ["| id | figure | growthcourse: median (min-max) | reference: median (min-max) | ratio | target | met |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = row.ratio
        met = {True: "met", False: "**not met**", None: "-"}[row.met]
        ours = f"{row.ours}: {_stats(row.a, row.unit)}" if row.a else row.ours
        ref = f"{row.reference}: {_stats(row.b, row.unit)}" if row.b else (row.reference or "-")
        figure = row.figure + (f" ({row.note})" if row.note else "")
        lines.append(f"| {row.id} | {figure} | {ours} | {ref} | "
                     f"{'-' if ratio is None else f'{ratio:.2f}x'} | {row.target_text or '-'} | {met} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:
        textual = "not installed"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{os.cpu_count()} cores{f' ({cpu})' if cpu else ''}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, Textual {textual}; load average at start {load}")


def _merged_table(rows: list[Row], kept: list[str]) -> str:
    """The table of ``rows`` with the ``kept`` lines of other figures, in figure order."""
    lines = table(rows).splitlines()
    head, body = lines[:2], lines[2:] + kept
    return "\n".join(head + sorted(body, key=lambda line: ORDER.index(line.split("|")[1].strip())))


def write_results(path: Path, rows: list[Row], command: str, started: datetime, seconds: float) -> None:
    """Rewrite the generated part of RESULTS.md, keeping its hand-written Findings section."""
    findings = ""
    kept: list[str] = []  # rows of figures this run did not measure, from the file's last table
    run_date = "an earlier run"
    dates: dict[str, str] = {}  # figure -> date of the run that measured it, for rows kept before
    measured = {row.id for row in rows}
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if FINDINGS in text:
            findings = text[text.index(FINDINGS):]
        generated = text[: text.index(FINDINGS)] if FINDINGS in text else text
        for line in generated.splitlines():
            if line.startswith("- Date: "):
                run_date = line[len("- Date: "):].split(" (")[0]
            elif line.startswith("- ") and KEPT_NOTE in line:
                ids, _, date = line[2:].rstrip(".").partition(KEPT_NOTE)
                dates.update((figure.strip(), date) for figure in ids.rstrip(":").split(","))
            cells = line.split("|")
            if len(cells) > 2 and cells[1].strip() in ORDER and cells[1].strip() not in measured:
                kept.append(line)
    by_date: dict[str, list[str]] = {}
    for figure in sorted({line.split("|")[1].strip() for line in kept}, key=ORDER.index):
        by_date.setdefault(dates.get(figure, run_date), []).append(figure)
    note = [f"- {', '.join(ids)}:{KEPT_NOTE}{date}." for date, ids in by_date.items()]
    head = [
        "# Benchmark results",
        "",
        "<!-- The part above \"Findings\" is written by benchmarks/run.py; edit only the Findings. -->",
        "",
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')} (took {seconds:.0f} s)",
        f"- Machine: {machine()}",
        f"- Command: `{command}`",
        "- Ratio: median of the per-pair ratios growthcourse / reference (pairs alternate A B A B after a "
        "warm-up pair); for P5 the median over the linear extrapolation from 10k.",
        *note,
        "",
        _merged_table(rows, kept),
        "",
    ]
    path.write_text("\n".join(head) + "\n" + (findings or f"{FINDINGS}\n\n(none yet)\n"), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller inputs, skip 1M events")
    parser.add_argument("--only", default="", help="comma-separated figure ids, e.g. P1,P3")
    parser.add_argument("--runs", type=int, default=None, help="pairs per process-level figure")
    parser.add_argument("--results", type=Path, default=None,
                        help="file for the table (default benchmarks/RESULTS.md; none with --quick)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--replay", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.replay:
        print(*_replay_here(*args.replay))
        return 0

    if args.worker:
        rows = WORKERS[args.worker](args.quick)
        print(json.dumps([asdict(row) for row in rows]))
        return 0

    wanted = [item.strip().upper() for item in args.only.split(",") if item.strip()] or list(ORDER)
    unknown = [item for item in wanted if item not in ORDER]
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(unknown)}; choose from {', '.join(ORDER)}")
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    print(f"Machine: {machine()}", flush=True)
    rows: list[Row] = []
    for figure in ORDER:
        if figure not in wanted:
            continue
        print(f"{figure} ...", flush=True)
        try:
            if figure in PROCESS:
                rows += PROCESS[figure](args.quick, args.runs)
            else:
                rows += _worker(figure, args.quick)
        except Exception as error:  # one broken figure must not hide the others
            rows.append(Row(figure, "could not be measured", "", "", "ms", note=f"error: {error}"))
    text = table(rows)
    print(text)
    results = args.results or (None if args.quick else HERE / "RESULTS.md")
    if results is not None:
        command = " ".join(["python benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
        write_results(results, rows, command, started, time.perf_counter() - clock)
        print(f"Written to {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
