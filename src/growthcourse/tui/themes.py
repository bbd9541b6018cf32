"""Theme files: every ``themes/*.toml`` becomes a ``textual.theme.Theme``.

A theme file's keys are the fields of ``textual.theme.Theme``::

    name = "growthcourse-calm"        # optional: defaults to the file name
    primary = "#7FB8A4"               # required
    secondary = "#8FA9C9"             # optional colours: secondary, warning, error,
    background = "#1B2126"            #   success, accent, foreground, background,
    dark = true                       #   surface, panel, boost
    luminosity_spread = 0.15          # number
    text_alpha = 0.95                 # number
    [variables]                       # optional CSS variables, text values
    text-muted = "#B9C3C8"

``load_themes(folder)`` never raises: a broken file is left out and described
in ONE message naming the file and every problem found in it, so the app can
show one notification. ``install_themes(app)`` does both for the app shell:
registers the good themes and shows that one notification (markup off).
``startup_theme(stored, available)`` picks the theme to start with from the
local config, falling back calmly to the default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from textual.app import App
from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

from growthcourse.store.tomlcache import parse_toml

DEFAULT_THEME = "growthcourse-calm"
"""The theme a fresh install starts with (shipped in ``themes/``)."""

FALLBACK_THEME = "textual-dark"
"""Used when even the default theme file is missing or broken."""

COLOUR_KEYS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
NUMBER_KEYS = ("luminosity_spread", "text_alpha")
BOOL_KEYS = ("dark", "ansi")
KNOWN_KEYS = ("name", *COLOUR_KEYS, *NUMBER_KEYS, *BOOL_KEYS, "variables")


def load_themes(folder: Path) -> tuple[list[Theme], list[str]]:
    """Load every ``*.toml`` in ``folder`` (sorted by file name).

    Returns the valid themes and one human message per broken file (or one for
    a missing folder). Never raises. A theme may not reuse the name of another
    file's theme or of a built-in Textual theme (those stay available).
    """
    themes: list[Theme] = []
    errors: list[str] = []
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError as error:
        return [], [f"{folder}: cannot read the theme folder ({error.strerror or error})"]
    if not folder.is_dir():
        return [], [f"{folder}: theme folder not found"]
    taken: dict[str, Path] = {}
    for path in paths:
        theme, problems = load_theme(path)
        if theme is not None:
            if theme.name in BUILTIN_THEMES:
                problems.append(f'name "{theme.name}" is already a built-in Textual theme; choose another')
            elif theme.name in taken:
                problems.append(f'name "{theme.name}" is already used by {taken[theme.name].name}')
        if problems:
            errors.append(f"{path}: " + "; ".join(problems))
        elif theme is not None:
            taken[theme.name] = path
            themes.append(theme)
    return themes, errors


def install_themes(app: App[object], folder: Path | None = None) -> list[str]:
    """Register every good theme of ``folder`` (default: the shipped themes) on ``app``.

    Broken files are reported in ONE error notification listing them all; the
    messages are also returned (empty when all is well).
    """
    if folder is None:
        from growthcourse.resources import themes_dir

        folder = themes_dir()
    themes, errors = load_themes(folder)
    for theme in themes:
        app.register_theme(theme)
    if errors:
        app.notify(
            "\n".join(errors),
            title="Some theme files were skipped",
            severity="error",
            timeout=20,
            markup=False,
        )
    return errors


def load_theme(path: Path) -> tuple[Theme | None, list[str]]:
    """One theme file: the theme (None when unusable) and its problems (file name not included)."""
    try:
        data = parse_toml(path.read_text(encoding="utf-8"))  # this machine's cache: no TOML parser at a usual start
    except OSError as error:
        return None, [f"cannot read the file ({error.strerror or error})"]
    except UnicodeDecodeError:
        return None, ["not UTF-8 text"]
    except ValueError as error:  # tomllib.TOMLDecodeError
        return None, [f"not valid TOML: {error}"]
    problems = _check(data)
    if problems:
        return None, problems
    fields: dict[str, Any] = {key: value for key, value in data.items()}
    fields.setdefault("name", path.stem)
    fields["variables"] = dict(data.get("variables", {}))
    for key in NUMBER_KEYS:
        if key in fields:
            fields[key] = float(fields[key])
    return Theme(**fields), []


def _check(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for key in data:
        if key not in KNOWN_KEYS:
            from growthcourse.course.problems import closest

            close = closest(key, KNOWN_KEYS)
            hint = f' (did you mean "{close}"?)' if close else f" (known keys: {', '.join(KNOWN_KEYS)})"
            problems.append(f'unknown key "{key}"{hint}')
    if "primary" not in data:
        problems.append('missing "primary" (every theme needs a primary colour)')
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        problems.append('"name" must be a non-empty text, e.g. name = "my-theme"')
    for key in COLOUR_KEYS:
        if key in data:
            problems.extend(_check_colour(key, data[key]))
    for key in NUMBER_KEYS:
        value = data.get(key)
        if key in data and (isinstance(value, bool) or not isinstance(value, (int, float))):
            problems.append(f'"{key}" must be a number, not {_describe(value)}')
    for key in BOOL_KEYS:
        if key in data and not isinstance(data[key], bool):
            problems.append(f'"{key}" must be true or false, not {_describe(data[key])}')
    variables = data.get("variables")
    if "variables" in data:
        if not isinstance(variables, dict):
            problems.append(f'"variables" must be a table ([variables]), not {_describe(variables)}')
        else:
            for key, value in variables.items():
                if not isinstance(value, str):
                    problems.append(f'variable "{key}" must be a text value, not {_describe(value)}')
    return problems


def _check_colour(key: str, value: object) -> list[str]:
    if not isinstance(value, str):
        return [f'"{key}" must be a colour text like "#3A7BD5", not {_describe(value)}']
    try:
        Color.parse(value)
    except ColorParseError as error:
        hint = f' (did you mean "{error.suggested_color}"?)' if error.suggested_color else ""
        return [f'"{key}" = "{value}" is not a colour{hint}; use e.g. "#3A7BD5" or "rgb(58, 123, 213)"']
    return []


def _describe(value: object) -> str:
    kind = {bool: "true/false", int: "a number", float: "a number", str: "a text", list: "a list", dict: "a table"}
    return f"{kind.get(type(value), type(value).__name__)} ({value!r})"


def startup_theme(stored: str | None, available: Iterable[str], default: str = DEFAULT_THEME) -> str:
    """The theme to start with: the one stored in the local config if it still exists.

    A stored theme that was removed or renamed falls back to ``default``, then
    to Textual's own dark theme, without any fuss.
    """
    names = set(available)
    if stored and stored in names:
        return stored
    if default in names:
        return default
    return FALLBACK_THEME
