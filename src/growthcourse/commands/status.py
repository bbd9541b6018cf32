"""``growthcourse status [--json]``: where the learner stands, and the next thing to do.

Human output is a short table (state always in words, never by colour alone)
and one calm sentence about what comes next. ``--json`` is for scripts; its
shape is documented in docs/cli.md and only ever grows within
``status_format`` 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from growthcourse.commands._context import Context, command_errors, open_context
from growthcourse.export.document import utc
from growthcourse.progress import CourseState

STATUS_FORMAT = 1


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "status",
        parents=[common],
        help="show where you are in the course and what comes next",
        description="Show each module's state (with why a module is still closed or when it opens), "
        "how many exercises are done, and the next thing to do.",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON (see docs/cli.md)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with command_errors("status") as status:
        context = open_context(args)
        state = context.state()
        if args.json:
            import json  # only for --json (see ``store.fsutil.json_from_bytes``)

            sys.stdout.write(json.dumps(as_json(context, state), ensure_ascii=False, sort_keys=True, indent=2) + "\n")
        else:
            print_human(context, state)
    return status[0]


def as_json(context: Context, state: CourseState) -> dict[str, Any]:
    course = context.course.course
    return {
        "status_format": STATUS_FORMAT,
        "course": {
            "id": course.id,
            "title": course.title,
            "version": course.version,
            "source": context.course.source,
        },
        "data_dir": str(context.store.data_dir),
        "now": utc(state.now),
        "started": utc(state.progress.started_at),
        "done": state.done,
        "total": state.total,
        "complete": state.complete,
        "modules": [
            {
                "id": module.id,
                "title": module.title,
                "state": module.status,
                "done": module.done,
                "total": module.total,
                "reason": module.reason,
                "opens_at": utc(module.opens_at) if module.locked else None,
                "completed_at": utc(module.completed_at),
                "unlocked_by_counsellor": module.unlocked_by_counsellor,
                "unlock_reason": module.unlock_reason,
                "lessons": [
                    {
                        "id": lesson.id,
                        "title": lesson.title,
                        "done": lesson.done,
                        "total": lesson.total,
                        "complete": lesson.complete,
                        "opened": lesson.opened,
                    }
                    for lesson in module.lessons
                ],
            }
            for module in state.modules
        ],
        "next": {
            "module": state.resume[0] if state.resume else None,
            "lesson": state.resume[1] if state.resume else None,
            "text": state.next_step,
        },
        "next_opening": (
            {"module": state.next_opening_module, "at": utc(state.next_opening)}
            if state.next_opening is not None
            else None
        ),
        "edited_on_two_devices": [
            {"exercise": exercise.id, "title": exercise.label, "module": _module_id(state, exercise.id)}
            for exercise in state.conflicted()
        ],
        "notices": context.notices(),
    }


def _module_id(state: CourseState, exercise_id: str) -> str | None:
    module = state.module_of(exercise_id)
    return module.id if module is not None else None


def without_trailing_spaces(renderable: Any) -> Any:
    """``renderable`` with the spaces at the end of each line dropped (a table pads its
    last column to full width; in a terminal that is invisible, in a pipe or a file it is noise)."""
    from rich.segment import Segment

    class Trimmed:
        def __rich_console__(self, console: Any, options: Any) -> Any:
            for line in console.render_lines(renderable, options, pad=False):
                while line and not line[-1].control and not line[-1].text.rstrip(" "):
                    line.pop()
                if line and not line[-1].control:
                    last = line.pop()
                    line.append(Segment(last.text.rstrip(" "), last.style))
                yield from line
                yield Segment.line()

    return Trimmed()


def print_human(context: Context, state: CourseState) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            # `growthcourse status | head`: not an error (cli.main exits 0 on BrokenPipeError).
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise BrokenPipeError

    console = QuietConsole(highlight=False, soft_wrap=False)

    def say(renderable: Any) -> None:
        console.print(without_trailing_spaces(renderable))

    course = context.course.course
    say(Text(course.title, style="bold"))
    if not state.started:
        say(Text("You have not started yet. Everything below is ready when you are."))
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    table.add_column("Module", overflow="fold", ratio=3)
    table.add_column("State", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Notes", overflow="fold", ratio=3)
    for module in state.modules:
        notes = ""
        if module.locked and module.reason:
            notes = module.reason
        elif module.unlocked_by_counsellor and not module.complete:
            notes = "opened early by your counsellor"
        table.add_row(
            Text(module.title),
            Text(module.status_words),
            Text(f"{module.done} of {module.total}"),
            Text(notes),
        )
    say(table)
    conflicted = state.conflicted()
    if conflicted:
        names = ", ".join(f"\u201c{exercise.label}\u201d" for exercise in conflicted)
        say(
            Text(
                f"Edited on two devices: {names}. Both versions are kept; "
                "open it in the app to keep one or combine them."
            )
        )
    say(Text(state.next_step))
    for notice in context.notices():
        console.print(Text(f"Note: {notice}"), soft_wrap=True)  # paths stay whole for copy and paste
