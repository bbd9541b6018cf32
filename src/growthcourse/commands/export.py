"""``growthcourse export [--format md|html|json] [--output FILE] [--shared-only] [--module ID]``.

Everything the learner wrote and did, to bring to a counselling session.
Standard output by default; ``--output`` writes the file atomically, readable
by the learner alone (0600), and says on standard error where it went.
Formats: docs/export-format.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from growthcourse.commands._context import CommandError, command_errors, open_context
from growthcourse.export import FORMATS, ExportError, export, export_to_file


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[common],
        help="export your writing and progress (md, html or json)",
        description="Export everything you wrote and did, for example to bring to a counselling session. "
        "md and html are for reading and printing; json is complete and the same on every synced "
        "computer. Unsaved drafts are never exported.",
    )
    parser.add_argument("--format", choices=FORMATS, default="md", help="output format (default: md)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE (readable by you alone) "
                        "instead of standard output")
    parser.add_argument("--shared-only", action="store_true",
                        help='only the reflections you marked "bring to my next session"')
    parser.add_argument("--module", metavar="ID", help="only this module")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with command_errors("export") as status:
        output = _output_path(args.output) if args.output else None
        context = open_context(args)
        course, events = context.course.course, context.events()
        try:
            if output is None:
                text = export(course, events, args.format, shared_only=args.shared_only, module=args.module)
            else:
                export_to_file(course, events, args.format, output, shared_only=args.shared_only,
                               module=args.module)
        except ExportError as exc:
            raise CommandError(str(exc)) from None
        for notice in context.notices():
            print(f"Note: {notice}", file=sys.stderr)
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            print(f"Exported to {output}", file=sys.stderr)
    return status[0]


def _output_path(value: str) -> Path:
    path = Path(os.path.abspath(Path(value).expanduser()))
    if path.is_dir():
        raise CommandError(f"{path} is a folder; give a file name, for example {path / 'growthcourse.md'}.")
    if not path.parent.is_dir():
        raise CommandError(f"The folder {path.parent} does not exist.")
    return path
