"""The typing/autosave benchmark still runs (quick mode). No timing is asserted: speed lives in benchmarks/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_typing_autosave_quick_mode_prints_both_sides_and_a_ratio() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "typing_autosave.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    off = next(line for line in lines if line.startswith("off"))
    on = next(line for line in lines if line.startswith("on"))
    assert int(off.split()[-1]) == 0  # autosave off writes no draft
    assert int(on.split()[-1]) >= 1  # autosave on wrote drafts while typing without a pause
    assert re.search(r"ratio on/off: \d+\.\d+x", result.stdout), result.stdout
