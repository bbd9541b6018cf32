"""The benchmark runner still runs and tabulates (quick mode). No timing is asserted: speed lives in benchmarks/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import run as runner  # noqa: E402


def test_quick_run_prints_and_writes_a_table_with_ratios(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# old\n\n## Findings\n\nThe loader spent its time in tomllib.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--only", "P4", "--results", str(results)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| P4 ")]
    assert len(rows) == 2, done.stdout
    for row in rows:
        assert re.search(r"\| \d+\.\d\dx \|", row), row
        assert re.search(r"\| (met|\*\*not met\*\*) \|$", row), row
    written = results.read_text(encoding="utf-8")
    assert "| P4 | first load of a generated course" in written
    assert "Python 3." in written and "Textual " in written and "cores" in written
    assert "python benchmarks/run.py --quick --only P4" in written
    # The hand-written findings survive a run.
    assert written.endswith("## Findings\n\nThe loader spent its time in tomllib.\n")


def test_an_unknown_figure_is_a_usage_error() -> None:
    done = subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "--only", "P9"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "P9" in done.stderr


def test_ratio_is_the_median_of_pair_ratios_and_met_follows_the_target() -> None:
    row = runner.Row("PX", "figure", "ours", "ref", "ms", a=[1.0, 3.0, 2.0], b=[2.0, 2.0, 2.0], target=1.0,
                     target_text="<= 1.0x")
    assert row.ratio == 1.0
    assert row.met is True
    row.target = 0.5
    assert row.met is False
    table = runner.table([row, runner.Row("PY", "skipped", "ours", "ref", "ms", note="not run: no jrnl")])
    assert "| PX | figure | ours: 2000.0 ms (1000.0-3000.0) | ref: 2000.0 ms (2000.0-2000.0) | 1.00x | <= 1.0x |" \
        in table
    assert "| PY | skipped (not run: no jrnl) | ours | ref | - | - | - |" in table


def test_a_replay_runs_in_its_own_process_with_and_without_the_log_cache(tmp_path: Path) -> None:
    import _synthetic

    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    data = tmp_path / "data"
    _synthetic.write_events(data, load_course(builtin_course_dir()), 3000, devices=1)  # one log worth caching
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # off, cold, warm
        seconds, saving = runner._replay(data, tmp_path / "config", cache)
        assert 0 < seconds < 60 and 0 <= saving < 60
    assert (tmp_path / "config").is_dir()  # the child really opened a store (its device identity is there)
    # The cold replay stored the parse after its clock stopped, and the warm one used it.
    assert len(list((tmp_path / "cache" / "logs").glob("*.marshal"))) == 1
