"""Random damage to a valid course never crashes the loader: it always explains itself.

Hypothesis mutates a valid course (values replaced by values of any TOML type,
keys deleted or added, bytes of the files flipped) and checks that
``check_course`` returns problems, never raises, and never hits its internal
safety net.
"""

from __future__ import annotations

import copy
import datetime
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import every_kind_module_dict, minimal_course_dict, module_dict, write_course
from growthcourse.course.loader import check_course
from growthcourse.course.model import Course
from growthcourse.course.problems import Problem

MODULE_FILES = ("01-first.toml", "02-kinds.toml", "03-third.toml")
FUZZ_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def valid_course() -> dict[str, dict[str, Any]]:
    course = minimal_course_dict(MODULE_FILES, subtitle="S", pacing={"min_days_between_modules": 2},
                                 support={"title": "Help", "contacts": [{"name": "Line", "phone": "1"}]})
    return {
        "course.toml": course,
        "01-first.toml": module_dict("first", lessons=2),
        "02-kinds.toml": every_kind_module_dict("kinds"),
        "03-third.toml": module_dict("third", unlock={"after": ["first", "kinds"], "min_days": 1}),
    }


scalars = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 1, 2**63 - 1, -(2**63)]),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", "   ", "\x1b[31m", "[bold]x[/bold]", "reflection", "choice", "scale", "first", "kinds",
                     "../x.toml", "/etc/passwd", "01-first.toml", "02-kinds.toml", "a\nb", "\x00"]),
    st.datetimes(timezones=st.none()),
    st.dates(),
    st.just(datetime.time(12, 30)),
)
toml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=10,
)


def containers(value: Any, found: list) -> list:
    """Every dict and list inside ``value`` (including itself)."""
    if isinstance(value, (dict, list)):
        found.append(value)
        for child in (value.values() if isinstance(value, dict) else value):
            containers(child, found)
    return found


def mutate(data: st.DataObject, files: dict[str, dict[str, Any]]) -> None:
    name = data.draw(st.sampled_from(sorted(files)))
    target = data.draw(st.sampled_from(containers(files[name], [])))
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    if isinstance(target, dict):
        if action == "add" or not target:
            target[data.draw(st.text(max_size=10))] = data.draw(toml_values)
        else:
            key = data.draw(st.sampled_from(sorted(target)))
            if action == "delete":
                del target[key]
            else:
                target[key] = data.draw(toml_values)
    else:
        if action == "add" or not target:
            target.append(data.draw(toml_values))
        else:
            index = data.draw(st.integers(0, len(target) - 1))
            if action == "delete":
                del target[index]
            else:
                target[index] = data.draw(toml_values)


def assert_explains_itself(root: Path) -> None:
    course, problems = check_course(root)
    assert all(isinstance(problem, Problem) for problem in problems)
    assert not any("internal error" in str(problem) for problem in problems), problems
    if problems:
        assert course is None
        for problem in problems:
            assert problem.message
            assert "\x1b" not in str(problem)
    else:
        assert isinstance(course, Course)


def test_the_unmutated_course_is_valid(tmp_path: Path) -> None:
    files = valid_course()
    root = write_course(tmp_path, course=files.pop("course.toml"), modules=files)
    course, problems = check_course(root)
    assert problems == [] and course is not None


@FUZZ_SETTINGS
@given(st.data())
def test_mutated_values_never_raise(data: st.DataObject) -> None:
    files = copy.deepcopy(valid_course())
    for _ in range(data.draw(st.integers(1, 4))):
        mutate(data, files)
    with tempfile.TemporaryDirectory() as folder:
        root = write_course(Path(folder), course=files.pop("course.toml"), modules=files)
        assert_explains_itself(root)


@FUZZ_SETTINGS
@given(st.data())
def test_damaged_bytes_never_raise(data: st.DataObject) -> None:
    files = valid_course()
    with tempfile.TemporaryDirectory() as folder:
        root = write_course(Path(folder), course=files.pop("course.toml"), modules=files)
        name = data.draw(st.sampled_from(("course.toml",) + MODULE_FILES))
        raw = bytearray((root / name).read_bytes())
        for _ in range(data.draw(st.integers(1, 5))):
            position = data.draw(st.integers(0, len(raw)))
            how = data.draw(st.sampled_from(["insert", "delete", "replace"]))
            chunk = data.draw(st.binary(min_size=1, max_size=4) | st.sampled_from(
                [b"[", b"]", b"=", b'"', b"\n", b"[[lessons]]\n", b"\xff", b"\x00", b"\xef\xbb\xbf"]))
            if how == "insert":
                raw[position:position] = chunk
            elif how == "delete":
                del raw[position:position + len(chunk)]
            else:
                raw[position:position + len(chunk)] = chunk
        (root / name).write_bytes(bytes(raw))
        assert_explains_itself(root)
