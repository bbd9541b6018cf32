"""docs/course-format.md stays true: its worked example is valid and its sample output is real."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from growthcourse.course.loader import load_course, summarize

DOC = Path(__file__).resolve().parent.parent / "docs" / "course-format.md"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def write_example(folder: Path) -> Path:
    """Write the doc's example files as a counsellor would copy them (comment line included)."""
    blocks = re.findall(r"```toml\n(# file: (\S+)\n.*?)```", doc_text(), re.S)
    assert [name for _, name in blocks] == ["course.toml", "01-noticing.toml", "02-one-small-pause.toml",
                                             "03-looking-back.toml"]
    folder.mkdir()
    for content, name in blocks:
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def sample_output(after: str) -> list[str]:
    """The lines of the first plain ``` block after the text ``after``."""
    text = doc_text()
    start = text.index(after)
    match = re.compile(r"```\n(.*?)```", re.S).search(text, start)
    assert match is not None
    return match.group(1).splitlines()


def test_worked_example_is_valid_and_prints_the_documented_summary(tmp_path: Path) -> None:
    course = load_course(write_example(tmp_path / "calm-between-sessions"))
    assert sample_output("`growthcourse validate calm-between-sessions` prints:") == [summarize(course)]
    third = course.module("looking-back")
    assert third is not None
    assert (third.after, third.min_days, third.opens_on_day) == (("noticing", "one-small-pause"), 3, 14)
    second = course.module("one-small-pause")
    assert second is not None and (second.after, second.min_days) == (("noticing",), 7)
    assert {exercise.series_key for exercise in course.exercises() if exercise.kind == "scale"} == {"settled"}


def test_documented_problems_are_what_validate_prints(tmp_path: Path) -> None:
    root = write_example(tmp_path / "calm-between-sessions")

    def edit(name: str, old: str, new: str) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("course.toml", "min_days_between_modules = 7", "min_days_between_module = 7")
    edit("01-noticing.toml", 'title = "Why noticing comes first"', "title = Why noticing comes first")
    edit("03-looking-back.toml", 'title = "Week 3: Looking back"', 'tittle = "Week 3: Looking back"\ntitle = "Week 3"')
    edit("03-looking-back.toml", 'kind = "reflection"', 'kind = "quizz"')
    edit("03-looking-back.toml", 'after = ["noticing", "one-small-pause"]', 'after = ["noticing", "one-small-paws"]')
    result = subprocess.run([sys.executable, "-m", "growthcourse", "validate", str(root)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout.splitlines() == sample_output("each naming the file and where in it:")
