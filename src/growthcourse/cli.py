"""The ``growthcourse`` command line.

Each subcommand lives in its own module under ``growthcourse.commands`` and
exposes ``add_parser(subparsers, common)`` and ``run(args) -> int``. Adding a
command is one module plus one name in ``COMMANDS``.

This module must stay fast and must not import textual: ``--help``,
``--version`` and the scripting subcommands are used from shell scripts. Only
the bare ``growthcourse`` (start the app) imports the TUI, lazily.

Exit status: 0 success, 1 the input or the data is at fault (with a message),
2 usage error (argparse's own convention).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from typing import NoReturn, Sequence

from growthcourse import __version__

# Subcommand modules in growthcourse.commands, in the order --help lists them.
COMMANDS: tuple[str, ...] = ("validate", "status", "reflect", "export", "unlock", "doctor")

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


def _add_common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The options every command accepts, before or after the subcommand.

    The subcommand copies default to SUPPRESS so that a value given before the
    subcommand is not overwritten by the subcommand's default.
    """
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--course",
        metavar="DIR",
        default=default,
        help="course folder to use (default: the last course used, else the built-in course)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="folder holding your progress and writing (default: $GROWTHCOURSE_DATA_DIR, "
        "the config file's data_dir, else your platform's data folder)",
    )


class _NeedsFullParser(Exception):
    """Raised instead of a usage error by a partial parser: the full parser says it better."""


class _PartialParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NeedsFullParser(message)


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """The argument parser with the subcommands in ``commands`` (default: all of them).

    A parser with fewer commands (see ``main``) raises ``_NeedsFullParser``
    instead of printing a usage error.
    """
    partial = tuple(commands) != COMMANDS
    parser = (_PartialParser if partial else argparse.ArgumentParser)(
        prog="growthcourse",
        description="A calm course for doing therapeutic homework in your terminal. "
        "Run without a command to open the course.",
    )
    parser.add_argument("--version", action="version", version=f"growthcourse {__version__}")
    parser.add_argument(
        "--preview",
        action="store_true",
        help="open every module regardless of gates and record nothing (for counsellors)",
    )
    _add_common(parser, suppress=False)

    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, suppress=True)

    if not commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands:
        module = importlib.import_module(f"growthcourse.commands.{name}")
        module.add_parser(subparsers, common)
    return parser


# Top-level options (with a value for those in _APP_OPTIONS), allowed before a command.
_APP_FLAGS = frozenset({"--preview", "--version"})
_APP_OPTIONS = frozenset({"--course", "--data-dir"})


def _commands_needed(argv: Sequence[str]) -> tuple[str, ...]:
    """Which subcommands the parser needs for ``argv``: none, the one named, or all.

    Importing every command module costs more than the rest of parsing, and
    the quickest paths matter most: opening the app (start-up), ``--version``
    and scripted commands such as ``status``. A command line of top-level
    options only needs no command; one naming a command needs only that one;
    anything else (``--help``, an abbreviation, a typo) gets the full parser,
    as does any usage error, so every message stays the same.
    """
    tokens = iter(argv)
    for token in tokens:
        if token in _APP_FLAGS or token.startswith(("--course=", "--data-dir=")):
            continue
        if token in _APP_OPTIONS:
            next(tokens, None)
            continue
        return (token,) if token in COMMANDS else COMMANDS
    return ()


def main(argv: Sequence[str] | None = None) -> int:
    # A command runs once and exits: it allocates a lot (imports, events, state) and
    # frees little, so the cyclic garbage collector only costs time (about 8 ms of
    # `status`, issue 7, P3). Plain reference counting still frees what is dropped.
    # The app turns it back on once its first frame is shown (GrowthcourseApp.on_ready).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        _save_caches()
        if collecting:
            gc.enable()


def _save_caches() -> None:
    """Store this machine's parse of any large log read (after the command's output, not before)."""
    store_module = sys.modules.get("growthcourse.store.datastore")
    if store_module is not None:
        store_module.save_caches()


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(_commands_needed(arguments)).parse_args(arguments)
    except _NeedsFullParser:
        args = build_parser().parse_args(arguments)
    try:
        if args.command is None:
            from growthcourse.commands.app import run as run_app

            return run_app(args)
        return int(args.func(args))
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `growthcourse status | head` closes the pipe early: not an error.
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
