"""Where things live: the local config folder and the (synced) data folder.

Two folders, never mixed up:

* the **config folder** is local to this machine: ``config.toml`` (settings
  such as the theme, and optionally ``data_dir``) and ``device.json`` (this
  device's identity). ``GROWTHCOURSE_CONFIG_DIR`` overrides it (tests use it to
  play two devices on one machine); default
  ``platformdirs.user_config_dir("growthcourse")``.
* the **data folder** is what a learner syncs between machines. Chosen by, in
  order: ``--data-dir`` (``resolve_data_dir(cli_value)``), the
  ``GROWTHCOURSE_DATA_DIR`` environment variable, ``data_dir`` in
  ``config.toml``, else ``default_data_dir()``: the platform data folder on
  Linux; on macOS and Windows, where platformdirs gives the same folder for
  config and data, its ``data`` subfolder, so the device identity sits beside
  the synced folder and never inside it.

Config helpers: ``read_config()`` -> dict, ``write_config(values)`` (atomic,
0600), ``update_config(**changes)``. A config file that cannot be read or
parsed raises ``ConfigError`` naming the file; it is never overwritten.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Mapping

import msgspec
import platformdirs

from growthcourse.store.fsutil import StorageError, atomic_write, ensure_private_dir

APP_NAME = "growthcourse"
CONFIG_FILE = "config.toml"
ENV_DATA_DIR = "GROWTHCOURSE_DATA_DIR"
ENV_CONFIG_DIR = "GROWTHCOURSE_CONFIG_DIR"
ENV_CACHE_DIR = "GROWTHCOURSE_CACHE_DIR"


class ConfigError(StorageError):
    """The config file exists but cannot be used; the message names the file and the problem."""


def _expand(value: str, base: Path | None = None) -> Path:
    path = Path(os.path.expandvars(os.path.expanduser(value)))
    if not path.is_absolute():
        path = (base / path) if base is not None else Path.cwd() / path
    return path


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """This machine's config folder (``GROWTHCOURSE_CONFIG_DIR`` or the platform's)."""
    env = os.environ if env is None else env
    override = env.get(ENV_CONFIG_DIR, "").strip()
    if override:
        return _expand(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    """This machine's cache folder (``GROWTHCOURSE_CACHE_DIR`` or the platform's): parsed courses, logs
    and TOML files, never in the synced data folder; anything in it may be deleted at any time."""
    env = os.environ if env is None else env
    override = env.get(ENV_CACHE_DIR, "").strip()
    if override:
        return _expand(override)
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_data_dir(config: Path | None = None) -> Path:
    """The data folder used when nothing else says where it is.

    The platform data folder, or its ``data`` subfolder where it is the same
    as (or contains) the config folder, as on macOS and Windows.
    """
    data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    platform_config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    configs = {platform_config, config} if config is not None else {platform_config}
    overlaps = any(c == data or data in c.parents for c in configs)
    if sys.platform in ("darwin", "win32") or overlaps:
        return data / "data"
    return data


class DataDirChoice(msgspec.Struct, frozen=True):
    path: Path
    source: str
    """Where the choice came from, for ``doctor``: "--data-dir", "GROWTHCOURSE_DATA_DIR",
    "data_dir in <config file>" or "default"."""


def choose_data_dir(
    cli_value: str | os.PathLike[str] | None = None,
    *,
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> DataDirChoice:
    """The data folder and why it was chosen (see the module docstring for the order).

    Raises ``ConfigError`` if the config file is needed but broken.
    """
    env = os.environ if env is None else env
    if cli_value is not None and str(cli_value).strip():
        return DataDirChoice(_expand(str(cli_value)), "--data-dir")
    from_env = env.get(ENV_DATA_DIR, "").strip()
    if from_env:
        return DataDirChoice(_expand(from_env), ENV_DATA_DIR)
    folder = config if config is not None else config_dir(env)
    settings = read_config(folder)
    if "data_dir" in settings:
        value = settings["data_dir"]
        file = folder / CONFIG_FILE
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f"{file}: data_dir must be a folder path in quotes, for example "
                f'data_dir = "~/Sync/growthcourse".',
                file,
            )
        return DataDirChoice(_expand(value, base=folder), f"data_dir in {file}")
    return DataDirChoice(default_data_dir(folder), "default")


def resolve_data_dir(
    cli_value: str | os.PathLike[str] | None = None,
    *,
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Path:
    """The data folder to use (``choose_data_dir(...).path``)."""
    return choose_data_dir(cli_value, config=config, env=env).path


def config_file(config: Path | None = None) -> Path:
    return (config if config is not None else config_dir()) / CONFIG_FILE


def read_config(config: Path | None = None) -> dict[str, Any]:
    """The settings in ``config.toml`` ({} when there is none).

    Raises ``ConfigError`` naming the file when it cannot be read or is not
    valid TOML; the file is left untouched.
    """
    file = config_file(config)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return {}
    except IsADirectoryError as exc:
        raise ConfigError(f"{file} is a folder, not a settings file.", file, exc) from exc
    except OSError as exc:
        raise ConfigError(f"Could not read the settings file {file}: {exc.strerror}.", file, exc) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{file} is not UTF-8 text; fix or remove it (it was left as it is).", file, exc
        ) from exc
    from growthcourse.store.tomlcache import parse_toml  # this machine's cache: no TOML parser at a usual start

    try:
        return parse_toml(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(
            f"{file} is not valid TOML ({exc}); fix or remove it (it was left as it is).", file, exc
        ) from exc


def write_config(values: Mapping[str, Any], config: Path | None = None) -> Path:
    """Replace ``config.toml`` with ``values`` (atomic, 0600); create the config folder 0700."""
    import tomli_w

    folder = config if config is not None else config_dir()
    ensure_private_dir(folder)
    file = folder / CONFIG_FILE
    atomic_write(file, tomli_w.dumps(dict(values)), what="save the settings to")
    return file


def update_config(changes: Mapping[str, Any], config: Path | None = None) -> dict[str, Any]:
    """Merge ``changes`` into the settings and save them; a value of None removes the key.

    Refuses (``ConfigError``) to touch a config file it cannot parse.
    """
    settings = read_config(config)
    for key, value in changes.items():
        if value is None:
            settings.pop(key, None)
        else:
            settings[key] = value
    write_config(settings, config)
    return settings
