"""``growthcourse unlock MODULE_ID --reason TEXT``: a counsellor opens a module early.

Recorded as a ``module_unlocked`` event with the reason, so every synced
device sees the module open and the export shows who opened it and why.
"""

from __future__ import annotations

import argparse

from growthcourse.commands._context import CommandError, command_errors, open_context
from growthcourse.store.events import MODULE_UNLOCKED


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "unlock",
        parents=[common],
        help="open a module early (for counsellors)",
        description="Open a module now, whatever its gates say, and record why. "
        "Meant for a counsellor, together with the learner.",
    )
    parser.add_argument("module_id", metavar="MODULE_ID", help="the id of the module to open")
    parser.add_argument("--reason", required=True, metavar="TEXT", help="why it is opened early (recorded)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with command_errors("unlock") as status:
        reason = " ".join(args.reason.split())
        if not reason:
            raise CommandError("Give a reason with --reason TEXT; it is kept with the unlock.")
        context = open_context(args)
        course = context.course.course
        module = course.module(args.module_id)
        if module is None:
            ids = ", ".join(m.id for m in course.modules)
            raise CommandError(f"The course {course.title!r} has no module {args.module_id!r}. Its modules are: {ids}.")
        state = context.state().module(module.id)
        if state is not None and not state.locked:
            print(f"\u201c{module.title}\u201d is already {state.status_words}; nothing to unlock.")
            return status[0]
        context.record(MODULE_UNLOCKED, {"module": module.id, "reason": reason})
        print(f"Opened \u201c{module.title}\u201d early. Reason recorded: {reason}")
    return status[0]
