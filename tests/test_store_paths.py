"""Where the data folder and the config live, and the config file helpers."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import platformdirs
import pytest

from growthcourse.store import paths
from growthcourse.store.paths import (
    ConfigError,
    choose_data_dir,
    config_dir,
    default_data_dir,
    read_config,
    resolve_data_dir,
    update_config,
    write_config,
)


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    return tmp_path / "config"


def test_cli_value_wins_over_env_and_config(tmp_path: Path, cfg: Path) -> None:
    write_config({"data_dir": str(tmp_path / "from-config")}, cfg)
    env = {"GROWTHCOURSE_DATA_DIR": str(tmp_path / "from-env")}
    choice = choose_data_dir(str(tmp_path / "from-cli"), config=cfg, env=env)
    assert choice.path == tmp_path / "from-cli"
    assert choice.source == "--data-dir"


def test_env_wins_over_config(tmp_path: Path, cfg: Path) -> None:
    write_config({"data_dir": str(tmp_path / "from-config")}, cfg)
    env = {"GROWTHCOURSE_DATA_DIR": str(tmp_path / "from-env")}
    assert resolve_data_dir(config=cfg, env=env) == tmp_path / "from-env"


def test_config_data_dir_expands_home_and_is_relative_to_config(tmp_path: Path, cfg: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write_config({"data_dir": "~/Sync/growthcourse"}, cfg)
    choice = choose_data_dir(config=cfg, env={})
    assert choice.path == tmp_path / "home" / "Sync" / "growthcourse"
    assert choice.source == f"data_dir in {cfg / 'config.toml'}"
    write_config({"data_dir": "relative"}, cfg)
    assert resolve_data_dir(config=cfg, env={}) == cfg / "relative"


def test_default_when_nothing_is_set(cfg: Path) -> None:
    choice = choose_data_dir(config=cfg, env={})
    assert choice.source == "default"
    assert choice.path == default_data_dir(cfg)


def test_default_data_dir_on_linux_is_the_platform_data_dir(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "share" / "growthcourse"))
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: str(tmp_path / "config" / "growthcourse"))
    assert default_data_dir() == tmp_path / "share" / "growthcourse"


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_default_data_dir_is_a_subfolder_where_config_and_data_coincide(monkeypatch, tmp_path: Path, platform) -> None:
    same = str(tmp_path / "Application Support" / "growthcourse")
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: same)
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: same)
    data = default_data_dir()
    assert data == Path(same) / "data"
    # The identity (config dir) sits beside the data folder, never inside it.
    assert Path(same) not in [data, *data.parents][:1]
    assert data.parent == Path(same)


def test_config_dir_env_override(tmp_path: Path) -> None:
    assert config_dir({"GROWTHCOURSE_CONFIG_DIR": str(tmp_path / "dev-a")}) == tmp_path / "dev-a"
    assert config_dir({}) == Path(platformdirs.user_config_dir("growthcourse", appauthor=False))


def test_write_then_read_config_is_private(cfg: Path) -> None:
    file = write_config({"theme": "calm-dark", "data_dir": "/tmp/x"}, cfg)
    assert read_config(cfg) == {"theme": "calm-dark", "data_dir": "/tmp/x"}
    if sys.platform != "win32":
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert stat.S_IMODE(cfg.stat().st_mode) == 0o700


def test_update_config_merges_and_removes(cfg: Path) -> None:
    write_config({"theme": "calm-dark", "data_dir": "/x"}, cfg)
    assert update_config({"theme": "paper", "data_dir": None}, cfg) == {"theme": "paper"}
    assert read_config(cfg) == {"theme": "paper"}


def test_missing_config_is_empty(cfg: Path) -> None:
    assert read_config(cfg) == {}


def test_broken_config_is_named_and_never_overwritten(cfg: Path) -> None:
    cfg.mkdir()
    file = cfg / "config.toml"
    broken = 'theme = "calm\ndata_dir = 3\n'
    file.write_text(broken)
    with pytest.raises(ConfigError) as info:
        read_config(cfg)
    assert str(file) in str(info.value)
    assert "not valid TOML" in str(info.value)
    with pytest.raises(ConfigError):
        update_config({"theme": "paper"}, cfg)
    with pytest.raises(ConfigError):
        resolve_data_dir(config=cfg, env={})
    assert file.read_text() == broken


def test_config_data_dir_of_wrong_type_is_explained(cfg: Path) -> None:
    write_config({"data_dir": 3}, cfg)
    with pytest.raises(ConfigError) as info:
        resolve_data_dir(config=cfg, env={})
    assert "data_dir must be a folder path" in str(info.value)


def test_non_utf8_config_is_explained(cfg: Path) -> None:
    cfg.mkdir()
    (cfg / "config.toml").write_bytes(b'theme = "\xff"\n')
    with pytest.raises(ConfigError) as info:
        read_config(cfg)
    assert "not UTF-8" in str(info.value)


def test_config_with_bom_is_read(cfg: Path) -> None:
    cfg.mkdir()
    (cfg / "config.toml").write_bytes('\ufefftheme = "paper"\n'.encode("utf-8"))
    assert read_config(cfg) == {"theme": "paper"}


def test_module_names_are_stable() -> None:
    assert paths.CONFIG_FILE == "config.toml"
    assert paths.ENV_DATA_DIR == "GROWTHCOURSE_DATA_DIR"
    assert paths.ENV_CONFIG_DIR == "GROWTHCOURSE_CONFIG_DIR"


def test_every_cache_lives_under_one_cache_folder_never_the_data_folder(tmp_path, monkeypatch):
    from growthcourse.course import cache as course_cache
    from growthcourse.store import logcache, tomlcache
    from growthcourse.store.paths import cache_root

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GROWTHCOURSE_CACHE_DIR", "~/my-cache")
    monkeypatch.setenv("GROWTHCOURSE_DATA_DIR", str(tmp_path / "synced"))
    root = tmp_path / "home" / "my-cache"
    assert cache_root() == root
    assert course_cache.cache_dir() == root / "courses"
    assert logcache.cache_dir() == root / "logs"
    assert tomlcache.cache_file() == root / "toml.cache"
    monkeypatch.delenv("GROWTHCOURSE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "growthcourse"
