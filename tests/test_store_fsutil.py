"""Durable writes: permissions, atomic replace surviving a crash, safe appends, clear errors."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

from growthcourse.store import fsutil
from growthcourse.store.fsutil import (
    StorageError,
    append_line,
    atomic_write,
    check_name,
    ensure_private_dir,
    permission_problems,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_private_dir_is_0700_with_parents(tmp_path: Path) -> None:
    folder = ensure_private_dir(tmp_path / "a" / "b" / "c")
    assert folder.is_dir()
    for path in (tmp_path / "a", tmp_path / "a" / "b", folder):
        assert mode(path) == 0o700


@posix_only
def test_atomic_write_creates_0600_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    atomic_write(target, "first")
    atomic_write(target, "second, with ümlauts")
    assert target.read_text(encoding="utf-8") == "second, with ümlauts"
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json"]  # no temp left behind


def test_atomic_write_crash_before_replace_keeps_old_content(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "config.toml"
    atomic_write(target, "old = 1\n")

    def crash(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fsutil.os, "replace", crash)
    with pytest.raises(StorageError) as info:
        atomic_write(target, "new = 2\n")
    assert target.read_text() == "old = 1\n"
    assert "Input/output error" in str(info.value)
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_atomic_write_failed_write_leaves_target_untouched(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "note.json"
    atomic_write(target, "kept")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "write", full)
    with pytest.raises(StorageError) as info:
        atomic_write(target, "x" * 100, what="save your draft to")
    message = str(info.value)
    assert message.startswith("The disk is full: could not save your draft to")
    assert str(target) in message
    assert target.read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["note.json"]


def test_append_line_is_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    append_line(log, '{"a":1}')
    append_line(log, '{"b":"two"}')
    assert log.read_text() == '{"a":1}\n{"b":"two"}\n'


def test_append_after_a_cut_line_starts_a_new_line(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    log.write_bytes(b'{"a":1}\n{"b":"cut sho')
    append_line(log, '{"c":3}')
    assert log.read_bytes() == b'{"a":1}\n{"b":"cut sho\n{"c":3}\n'


@posix_only
def test_append_line_creates_0600(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    append_line(log, "{}")
    assert mode(log) == 0o600


@pytest.mark.parametrize(
    "code, start",
    [
        (errno.ENOSPC, "The disk is full"),
        (errno.EROFS, "The folder is read-only"),
        (errno.EACCES, "No permission"),
    ],
)
def test_append_errors_are_sentences(tmp_path: Path, monkeypatch, code: int, start: str) -> None:
    log = tmp_path / "events.jsonl"
    append_line(log, '{"kept":true}')

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fsutil.os, "open", refuse)
    with pytest.raises(StorageError) as info:
        append_line(log, '{"lost":false}', what="save your progress to")
    assert str(info.value).startswith(start)
    assert str(log) in str(info.value)
    assert info.value.path == log
    assert log.read_text() == '{"kept":true}\n'


@pytest.mark.parametrize("bad", ["", "..", ".hidden", "a/b", "a\\b", "x\n", " padded", "~tmp", "a:b"])
def test_check_name_refuses_names_that_escape_or_hide(bad: str) -> None:
    with pytest.raises(StorageError):
        check_name(bad, "course id")


def test_check_name_accepts_ids() -> None:
    assert check_name("fix-it-to-growth", "course id") == "fix-it-to-growth"
    assert check_name("week_2.reflect", "exercise id") == "week_2.reflect"


@posix_only
def test_permission_problems_names_open_files(tmp_path: Path) -> None:
    root = ensure_private_dir(tmp_path / "data")
    (root / "ok.jsonl").write_text("")
    os.chmod(root / "ok.jsonl", 0o600)
    (root / "open.jsonl").write_text("")
    os.chmod(root / "open.jsonl", 0o644)
    problems = permission_problems(root)
    assert len(problems) == 1
    assert "open.jsonl" in problems[0] and "644" in problems[0]


def test_a_crash_mid_replace_leaves_old_content_and_an_ignorable_temp(tmp_path: Path, monkeypatch) -> None:
    from growthcourse.store.eventlog import is_ignored
    from growthcourse.store.fsutil import is_own_temp
    from growthcourse.store.paths import read_config, write_config

    write_config({"theme": "calm"}, tmp_path)

    def killed(src, dst):
        raise KeyboardInterrupt  # the process dies between writing the temp file and the rename

    monkeypatch.setattr(fsutil.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_config({"theme": "paper"}, tmp_path)
    monkeypatch.undo()
    [leftover] = [p.name for p in tmp_path.iterdir() if p.name != "config.toml"]
    assert is_own_temp(leftover) and is_ignored(leftover)
    assert read_config(tmp_path) == {"theme": "calm"}
    write_config({"theme": "paper"}, tmp_path)
    assert read_config(tmp_path) == {"theme": "paper"}


CHILD = r"""
import sys, itertools
from growthcourse.store.fsutil import atomic_write
target = sys.argv[1]
print("ready", flush=True)
for n in itertools.count():
    atomic_write(target, ('{"text": "%d %s"}\n' % (n, "word " * (n % 500))).encode())
"""


@posix_only
def test_killed_writer_always_leaves_a_whole_file(tmp_path: Path) -> None:
    import json
    import signal
    import subprocess
    import time

    target = tmp_path / "draft.json"
    target.write_text('{"text": "start"}\n')
    for _attempt in range(3):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(target)], stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(0.2)
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        assert json.loads(target.read_text())["text"]  # whole, parseable, never empty or mixed
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --------------------------------------------------------------------------- json_from_bytes

from hypothesis import given, strategies as st  # noqa: E402

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@given(_json_values, st.sampled_from([None, 1, 2]), st.booleans())
def test_json_from_bytes_reads_what_json_writes_as_json_reads_it(value, indent, ascii_only):
    import json

    raw = json.dumps(value, indent=indent, ensure_ascii=ascii_only).encode("utf-8")
    assert fsutil.json_from_bytes(raw) == json.loads(raw.decode("utf-8"))


_record_values = st.recursive(  # what growthcourse writes: no floats
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@given(_record_values, st.sampled_from([1, 2]), st.booleans())
def test_json_text_writes_what_json_dumps_writes(value, indent, sort_keys):
    import json

    assert fsutil.json_text(value, indent=indent, sort_keys=sort_keys) == json.dumps(
        value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)


@given(_json_values)
def test_json_text_of_floats_reads_back_the_same(value):
    import json

    assert json.loads(fsutil.json_text(value, indent=1)) == value


def test_json_text_of_a_lone_surrogate_is_what_json_dumps_gives():
    import json

    record = {"name": "a\udc80b"}  # msgspec refuses it; the standard library keeps it as it is
    assert fsutil.json_text(record, indent=2) == json.dumps(record, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("raw", [
    b'{"a": NaN}', b'{"a": "\\udc80"}', b'{"a": 1e400}', b'{"name": "caf\\u00e9"}',
    b'\xef\xbb\xbf{"a": 1}', b'{"a": 1,}', b'{"a": 1} x', b'{"a": "\xff"}', b'{"a": "caf\xc3', b'', b'[1, 2',
])
def test_json_from_bytes_gives_the_standard_librarys_value_or_error(raw):
    import json
    import math

    try:
        expected = json.loads(raw.decode("utf-8"))
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
        with pytest.raises(type(error)) as raised:
            fsutil.json_from_bytes(raw)
        assert str(raised.value) == str(error)
    else:
        got = fsutil.json_from_bytes(raw)
        assert repr(got) == repr(expected) or (math.isnan(got["a"]) and math.isnan(expected["a"]))


def test_status_never_imports_json(tmp_path):
    """device.json and last-course.json are written and read through msgspec: ``json`` costs start-up time."""
    import subprocess

    code = (
        "import sys\n"
        "from growthcourse.cli import main\n"
        "main(['--data-dir', sys.argv[1], 'status'])\n"
        "print(sorted(m for m in ('json', 'tomllib', 'difflib') if m in sys.modules))\n"
    )
    env = dict(os.environ, GROWTHCOURSE_CONFIG_DIR=str(tmp_path / "config"))
    runs = [subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")], capture_output=True, text=True,
                           env=env, timeout=60) for _ in range(2)]
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    for run in runs:  # the first run writes them, the second reads them
        assert run.stdout.strip().splitlines()[-1] == "[]"
    assert "From fix-it to growth" in runs[1].stdout


@posix_only
def test_a_cache_file_is_replaced_whole_and_private_and_a_failed_write_leaves_the_old_one(tmp_path, monkeypatch):
    target = tmp_path / "entry.cache"
    fsutil.replace_cache_file(target, [b"first ", b"version"])
    assert target.read_bytes() == b"first version"
    assert mode(target) == 0o600

    def replace_fails(source, destination):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "replace", replace_fails)
    with pytest.raises(OSError):
        fsutil.replace_cache_file(target, [b"second version"])
    assert target.read_bytes() == b"first version"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["entry.cache"]  # no temp file left
