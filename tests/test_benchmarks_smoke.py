"""The benchmark scripts still run (quick mode). No timing is asserted: speed lives in benchmarks/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_lesson_render_quick_mode_prints_a_ratio() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "lesson_render.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    assert "stock Markdown" in result.stdout
    assert "LessonText" in result.stdout
    assert re.search(r"ratio LessonText/Markdown: \d+\.\d+x", result.stdout), result.stdout
