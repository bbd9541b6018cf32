"""``growthcourse reflect EXERCISE_ID [--text TEXT | --file FILE | -]``: save a reflection revision.

For quick journaling and scripts. The new revision names the current head
revision(s) as its parents, so saving over a reflection edited on two devices
resolves it (both earlier versions stay in the history). Refuses ids that are
not reflections and exercises in a module that is still closed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from growthcourse.commands._context import CommandError, command_errors, open_context
from growthcourse.course.model import Reflection
from growthcourse.progress import count_words
from growthcourse.store.events import REFLECTION_SAVED


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "reflect",
        parents=[common],
        help="save your writing for a reflection exercise",
        description="Save a new version of a reflection. Earlier versions are kept. "
        "Give the text with --text, from a file with --file, or on standard input with -.",
    )
    parser.add_argument("exercise_id", metavar="EXERCISE_ID", help="the reflection's id (see the course)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--text", metavar="TEXT", help="the text to save")
    source.add_argument("--file", metavar="FILE", help="read the text from FILE (UTF-8)")
    source.add_argument(
        "stdin", nargs="?", choices=["-"], metavar="-", help="read the text from standard input"
    )
    parser.set_defaults(func=run, _parser=parser)


def _read_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return args.text
    if args.file is not None:
        path = Path(args.file).expanduser()
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"No file at {path}.") from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a folder; give a text file.") from None
        except OSError as exc:
            raise CommandError(f"Could not read {path}: {exc.strerror}.") from None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text; save it as UTF-8 and try again.") from None
    if args.stdin != "-" and sys.stdin.isatty():
        args._parser.error("give the text with --text TEXT, --file FILE, or - to read standard input")
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError("The text on standard input is not UTF-8.") from None


def run(args: argparse.Namespace) -> int:
    with command_errors("reflect") as status:
        text = _read_text(args)
        context = open_context(args)
        course = context.course.course
        exercise = course.exercise(args.exercise_id)
        if exercise is None:
            ids = ", ".join(e.id for e in course.exercises() if isinstance(e, Reflection))
            raise CommandError(
                f"The course {course.title!r} has no exercise {args.exercise_id!r}. Its reflections are: {ids}."
            )
        if not isinstance(exercise, Reflection):
            raise CommandError(
                f"{exercise.id!r} is a {exercise.kind} exercise, not a reflection; "
                "answer it in the app (growthcourse)."
            )
        state = context.state()
        module = state.module_of(exercise.id)
        if module is not None and module.locked:
            raise CommandError(
                f"{exercise.label!r} is in {module.title!r}, which is not open yet: {module.reason}."
            )
        if not text.strip():
            raise CommandError("Nothing to save: the text is empty.")
        facts = context.progress().reflections.get(exercise.id)
        heads = [head.id for head in facts.heads] if facts is not None else []
        if facts is not None and len(heads) == 1 and facts.text == text:
            print(f"No change: that is already the saved text of \u201c{exercise.label}\u201d.")
            return status[0]
        context.record(REFLECTION_SAVED, {"exercise": exercise.id, "text": text, "parents": heads})
        context.store.clear_draft(course.id, exercise.id, if_text=text)
        words = count_words(text)
        message = f"Saved \u201c{exercise.label}\u201d ({words} word{'s' if words != 1 else ''})."
        if len(heads) > 1:
            message += " This replaces the versions edited on two devices; both stay in the history."
        if exercise.min_words and words < exercise.min_words:
            message += f" It counts as done from {exercise.min_words} words; add more whenever you like."
        print(message)
    return status[0]
