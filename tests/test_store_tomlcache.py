"""The TOML cache: the same data and errors as tomllib, and a usual start without a TOML parser."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from growthcourse.resources import themes_dir
from growthcourse.store import tomlcache


@pytest.fixture(autouse=True)
def fresh_process(tmp_path, monkeypatch):
    """Each test starts as a new process would: nothing read yet, its own cache folder."""
    monkeypatch.setenv("GROWTHCOURSE_CACHE_DIR", str(tmp_path / "cache"))
    tomlcache._forget()
    yield
    tomlcache._forget()


def restart() -> None:
    """Write the cache as an exiting process does, then forget it as a new process would."""
    tomlcache.save()
    tomlcache._forget()


THEME = (themes_dir() / "growthcourse-calm.toml").read_text(encoding="utf-8")


def test_a_text_parsed_before_comes_from_the_cache_equal_and_fresh():
    first = tomlcache.parse_toml(THEME)
    assert first == tomllib.loads(THEME)
    restart()
    assert tomlcache.cache_file().exists()
    second = tomlcache.parse_toml(THEME)
    assert second == first
    second["variables"]["text-muted"] = "changed by a caller"
    assert tomlcache.parse_toml(THEME) == first  # every call gets its own objects


def test_the_cache_is_private_and_outside_the_data_folder(tmp_path):
    tomlcache.parse_toml(THEME)
    restart()
    file = tomlcache.cache_file()
    assert file.parent == tmp_path / "cache"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize("text", [
    'name = "x"\nprimary = "#fff"\n[variables]\nwrong = \n',
    'a = 1\na = 2\n',
    'title = "unterminated\n',
])
def test_errors_are_tomllibs_every_time(text):
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(text)
    for _ in range(2):
        with pytest.raises(tomllib.TOMLDecodeError) as raised:
            tomlcache.parse_toml(text)
        assert str(raised.value) == str(expected.value)
        restart()


def test_a_parse_with_a_date_is_given_but_not_kept():
    text = 'when = 2026-11-26\nname = "x"\n'
    assert tomlcache.parse_toml(text) == tomllib.loads(text)
    restart()
    assert not tomlcache.cache_file().exists()
    assert tomlcache.parse_toml(text) == tomllib.loads(text)


@pytest.mark.parametrize("damage", [
    b"", b"garbage", tomlcache._MAGIC, tomlcache._MAGIC + b"\x00\x01\x02",
    tomlcache._MAGIC + __import__("marshal").dumps(((tomlcache._FORMAT, "another python"), {THEME: b"x"})),
    tomlcache._MAGIC + __import__("marshal").dumps((tomlcache._KEY, {THEME: b"not marshal"})),
    tomlcache._MAGIC + __import__("marshal").dumps((tomlcache._KEY, {THEME: __import__("marshal").dumps([1])})),
    tomlcache._MAGIC + __import__("marshal").dumps((tomlcache._KEY, [THEME])),
])
def test_a_damaged_cache_is_a_miss_and_is_replaced(damage):
    file = tomlcache.cache_file()
    file.parent.mkdir(parents=True)
    file.write_bytes(damage)
    assert tomlcache.parse_toml(THEME) == tomllib.loads(THEME)
    restart()
    assert tomlcache.parse_toml(THEME) == tomllib.loads(THEME)
    assert file.read_bytes().startswith(tomlcache._MAGIC) and file.read_bytes() != damage


def test_a_cache_that_cannot_be_written_only_means_parsing_again(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("GROWTHCOURSE_CACHE_DIR", str(blocker))
    tomlcache._forget()
    assert tomlcache.parse_toml(THEME) == tomllib.loads(THEME)
    assert tomlcache.save() is False
    assert blocker.read_text() == "a file where the cache folder would be"


def test_it_keeps_the_texts_used_last():
    texts = [f'n = {number}\n' for number in range(tomlcache.MAX_TEXTS + 5)]
    for text in texts:
        tomlcache.parse_toml(text)
    tomlcache.parse_toml(texts[0])  # used again: kept
    restart()
    kept = tomlcache._load()
    assert len(kept) == tomlcache.MAX_TEXTS
    assert texts[0] in kept and texts[-1] in kept and texts[1] not in kept


toml_keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=8)
toml_values = st.recursive(
    st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(toml_keys, children, max_size=3),
    max_leaves=12,
)


def _toml(value) -> str:  # noqa: ANN001
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}"
                             for c in value) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return "{" + ", ".join(f'"{key}" = {_toml(item)}' for key, item in value.items()) + "}"


@settings(max_examples=60)
@given(st.dictionaries(toml_keys, toml_values, max_size=5))
def test_any_document_reads_back_as_tomllib_reads_it(document):
    text = "".join(f'"{key}" = {_toml(value)}\n' for key, value in document.items())
    expected = tomllib.loads(text)
    assert tomlcache.parse_toml(text) == expected
    restart()
    assert tomlcache.parse_toml(text) == expected


def test_a_usual_start_needs_no_toml_parser(tmp_path):
    """The shipped themes and a settings file: parsed by the first process, read from the cache by the next."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text('theme = "growthcourse-warm"\n', encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from growthcourse.resources import themes_dir\n"
        "from growthcourse.store.paths import read_config\n"
        "from growthcourse.tui.themes import load_themes\n"
        "themes, errors = load_themes(themes_dir())\n"
        "print(sorted(theme.name for theme in themes), errors, read_config(Path(sys.argv[1])))\n"
        "print(sorted(m for m in ('tomllib', 'tomli', 'json') if m in sys.modules))\n"
    )
    env = dict(os.environ, GROWTHCOURSE_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True, text=True, env=env,
                           timeout=60) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    first, second = (run.stdout.splitlines() for run in runs)
    assert first[0] == second[0]
    assert "'growthcourse-calm', 'growthcourse-high-contrast', 'growthcourse-warm'" in first[0]
    assert "{'theme': 'growthcourse-warm'}" in first[0]
    assert first[1] == "['tomllib']"
    assert second[1] == "[]"


def test_the_loader_and_the_settings_still_say_what_is_wrong(tmp_path):
    from growthcourse.store.paths import ConfigError, read_config
    from growthcourse.tui.themes import load_theme

    broken = tmp_path / "broken.toml"
    broken.write_text('primary = "#fff"\nname = \n', encoding="utf-8")
    for _ in range(2):
        theme, problems = load_theme(broken)
        assert theme is None and problems and problems[0].startswith("not valid TOML: ")
        restart()
    (tmp_path / "config.toml").write_text("theme = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        read_config(tmp_path)


def test_shipped_theme_texts_are_plain_values(tmp_path):
    for path in Path(themes_dir()).glob("*.toml"):
        tomlcache.parse_toml(path.read_text(encoding="utf-8"))
    restart()
    assert len(tomlcache._load()) == len(list(Path(themes_dir()).glob("*.toml")))
