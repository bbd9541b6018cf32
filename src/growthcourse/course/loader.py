"""Turn a course folder into the typed model, or explain every mistake in it.

``check_course`` reads ``course.toml`` and every module file it lists, checks
everything in one pass and returns the model together with the list of
problems (the model only when there are none). It never raises for anything a
course folder may contain. ``load_course`` is the strict form the app uses.

Every default of the format is resolved here (``Module.after``,
``Module.min_days``, the ids an exercise belongs to), so no other part of the
program needs to know the file format.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any, Mapping

from growthcourse.course.fields import CONTROL_RE, MISSING, WHOLE_NUMBER_RE, FileChecker
from growthcourse.course.model import (
    EXERCISE_KINDS,
    Checklist,
    Choice,
    Contact,
    Course,
    Exercise,
    Lesson,
    Module,
    Option,
    Practice,
    Reflection,
    Scale,
    Support,
)
from growthcourse.course.problems import (
    CourseError,
    Problem,
    closest,
    control_message,
    describe,
    did_you_mean,
    key_path,
    number,
    quote,
)
from growthcourse.course.tomlfile import guess_module_id, read_toml

__all__ = ["COURSE_FILE", "CourseError", "Problem", "check_course", "load_course", "summarize"]

COURSE_FILE = "course.toml"
SUPPORTED_FORMATS = (1,)
DEFAULT_MIN_DAYS = 7

# Upper limits keep numbers meaningful (and keep later date arithmetic safe).
MAX_DAYS = 3650
MAX_MINUTES = 1440
MAX_TIMES = 1000
MAX_MIN_WORDS = 100_000
SCALE_LIMIT = 1000
MAX_SCALE_STEPS = 100

COURSE_KEYS = ("format", "id", "title", "subtitle", "author", "version", "language", "description",
               "modules", "pacing", "support")
PACING_KEYS = ("min_days_between_modules",)
SUPPORT_KEYS = ("title", "body", "contacts")
CONTACT_KEYS = ("name", "phone", "url", "text", "region", "hours")
MODULE_KEYS = ("id", "title", "summary", "unlock", "lessons")
UNLOCK_KEYS = ("after", "min_days", "opens_on_day")
LESSON_KEYS = ("id", "title", "body", "minutes", "exercises")
OPTION_KEYS = ("text", "correct", "feedback")
EXERCISE_COMMON_KEYS = ("id", "kind", "required", "title")
EXERCISE_KIND_KEYS: dict[str, tuple[str, ...]] = {
    "reflection": ("prompt", "guidance", "min_words"),
    "choice": ("question", "options"),
    "checklist": ("prompt", "items"),
    "scale": ("prompt", "min", "max", "labels", "series"),
    "practice": ("prompt", "times"),
}
_ALL_EXERCISE_KEYS = EXERCISE_COMMON_KEYS + tuple(
    dict.fromkeys(key for keys in EXERCISE_KIND_KEYS.values() for key in keys)
)
# key -> "reflection, checklist and scale": which kinds use a kind-specific key
_KEY_OWNERS: dict[str, str] = {
    key: " and ".join(", ".join(owners).rsplit(", ", 1))
    for key in _ALL_EXERCISE_KEYS[len(EXERCISE_COMMON_KEYS):]
    for owners in [[kind for kind, keys in EXERCISE_KIND_KEYS.items() if key in keys]]
}
# kind -> {key of other kinds: "it belongs to ... exercises"}
_KIND_ELSEWHERE: dict[str, dict[str, str]] = {
    kind: {key: f"it belongs to {owners} exercises" for key, owners in _KEY_OWNERS.items() if key not in keys}
    for kind, keys in EXERCISE_KIND_KEYS.items()
}
_REQUIRED_EXERCISE_KEYS: dict[str, tuple[str, ...]] = {
    "reflection": ("prompt",),
    "choice": ("question", "options"),
    "checklist": ("prompt", "items"),
    "scale": ("prompt", "min", "max"),
    "practice": ("prompt",),
}

# Keys written in the wrong kind of file get a pointer to the right one.
_COURSE_ONLY_KEYS = {key: "it belongs in course.toml (is this file the course file, not a module file?)"
                     for key in ("format", "modules", "pacing", "support", "subtitle", "author", "version",
                                 "language", "description")}
_MODULE_ONLY_KEYS = {key: "it belongs in a module file (course.toml lists the module files in modules)"
                     for key in ("lessons", "unlock", "summary", "exercises")}


# --------------------------------------------------------------------------- public API


def load_course(path: str | os.PathLike[str]) -> Course:
    """Load a course folder; raise ``CourseError`` listing every problem if it has any."""
    course, problems = check_course(path)
    if problems or course is None:
        raise CourseError(problems)
    return course


def check_course(path: str | os.PathLike[str], *, contents: dict[str, bytes] | None = None
                 ) -> tuple[Course | None, list[Problem]]:
    """Check a course folder: ``(course, [])`` when valid, else ``(None, problems)``.

    Never raises for anything found in the folder. ``contents``, when given,
    receives the bytes of every file parsed (``{file: bytes}``, as the course
    cache keys its entries).
    """
    try:
        return _CourseReader(Path(path), contents).read()
    except Exception as exc:  # pragma: no cover - a safety net; the fuzz test asserts it never fires
        return None, [Problem("", "", f"internal error while checking this course ({type(exc).__name__}: "
                                      f"{quote(str(exc))}); please report it")]


def summarize(course: Course) -> str:
    """One line: modules, lessons, exercises by kind and estimated minutes."""
    modules = len(course.modules)
    lessons = sum(len(module.lessons) for module in course.modules)
    kinds = Counter(exercise.kind for exercise in course.exercises())
    total = sum(kinds.values())
    by_kind = ", ".join(f"{kinds[kind]} {kind}" for kind in EXERCISE_KINDS if kinds[kind])
    exercises = _plural(total, "exercise") + (f" ({by_kind})" if by_kind else "")
    minutes = sum(module.minutes for module in course.modules)
    estimate = f"about {_plural(minutes, 'minute')}" if minutes else "no time estimates"
    return (f'{course.title} ({course.id}): {_plural(modules, "module")}, {_plural(lessons, "lesson")}, '
            f"{exercises}, {estimate}")


# --------------------------------------------------------------------------- helpers


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _similar_file(entry: str, present: list[str]) -> str:
    """A "did you mean" comparing names without their .toml ending (which all share)."""
    stems = {name.removesuffix(".toml"): name for name in present}
    match = closest(entry.removesuffix(".toml"), stems)
    return f'; did you mean "{stems[match]}"?' if match else ""


# --------------------------------------------------------------------------- the course


class _ModuleInfo:
    """What the cross-module checks need to know about one listed module file."""

    __slots__ = ("file", "index", "id", "after", "after_locations", "explicit_after", "min_days", "module")

    def __init__(self, file: str, index: int) -> None:
        self.file = file
        self.index = index
        self.id: str | None = None
        # As written in [unlock] (None when not given); then only the prerequisites that exist.
        self.after: tuple[str, ...] | None = None
        self.after_locations: tuple[str, ...] = ()
        self.explicit_after = False
        self.min_days: int | None = None
        self.module: Module | None = None


class _CourseReader:
    def __init__(self, root: Path, contents: dict[str, bytes] | None = None) -> None:
        self.root = root
        self.contents = contents  # file -> bytes parsed, when the caller asks (the course cache)
        self.problems: list[Problem] = []
        # exercise id -> "file, location" of its first use (ids are unique course-wide)
        self.exercise_ids: dict[str, str] = {}
        self.module_files: list[str] = []
        self.listed_count = 0  # entries in course.toml's modules list
        self.guessed_ids: set[str] = set()  # ids found in module files that could not be parsed

    # ----------------------------------------------------------------- entry point

    def read(self) -> tuple[Course | None, list[Problem]]:
        root = self.root
        course_path = root / COURSE_FILE
        try:
            if not root.exists():
                return None, [Problem(str(root), "", "no such folder")]
            if not root.is_dir():
                return None, [Problem(str(root), "", "not a folder (a course is a folder holding course.toml)")]
            if not course_path.is_file():
                what = "is a folder, not a file" if course_path.is_dir() else "not found"
                return None, [Problem(COURSE_FILE, "", f"{what}: a course folder must hold a course.toml file "
                                                       f"(looked in {root})")]
        except OSError as exc:
            return None, [Problem(str(root), "", f"cannot open the course folder: {exc.strerror or exc}")]
        data = read_toml(COURSE_FILE, course_path, self.problems, self.contents)
        if data is None:
            self._check_loose_module_files()
            return None, self._sorted_problems()
        course = self._course(data)
        if self.problems:
            return None, self._sorted_problems()
        return course, []

    def _check_loose_module_files(self) -> None:
        """course.toml cannot be read: still check the module files beside it, in name order.

        A counsellor then sees every problem in one run even while course.toml
        is broken. (Unlock rules depend on the order course.toml gives, so they
        wait until course.toml is fixed.)
        """
        try:
            names = sorted(entry.name for entry in os.scandir(self.root)
                           if entry.name.endswith(".toml") and entry.name != COURSE_FILE and entry.is_file())
        except OSError:
            return
        self.module_files = names
        for index, name in enumerate(names):
            self._module(name, self.root / name, index)

    def _sorted_problems(self) -> list[Problem]:
        order = {COURSE_FILE: -1}
        for index, file in enumerate(self.module_files):
            order.setdefault(file, index)
        return sorted(self.problems, key=lambda problem: order.get(problem.file, -2))

    # ----------------------------------------------------------------- course.toml

    def _course(self, data: dict[str, Any]) -> Course:
        ck = FileChecker(COURSE_FILE, self.problems)
        ck.keys(data, "", COURSE_KEYS, ("format", "id", "title", "modules"), "in course.toml",
                elsewhere=_MODULE_ONLY_KEYS)
        self._format(ck, data)
        course_id = ck.ident(data, "", "id", "the course id") or ""
        title = ck.text(data, "", "title", required=True) or ""
        subtitle = ck.text(data, "", "subtitle")
        author = ck.text(data, "", "author")
        raw_version = data.get("version")
        if isinstance(raw_version, (int, float)) and not isinstance(raw_version, bool) and \
                math.isfinite(raw_version):
            version: str | None = str(raw_version)  # version = 2 is as clear as version = "2"
        else:
            version = ck.text(data, "", "version")
        language = ck.text(data, "", "language")
        description = ck.text(data, "", "description", one_line=False)
        default_min_days = self._pacing(ck, data)
        support = self._support(ck, data)
        entries = self._module_entries(ck, data)
        self.module_files = [file for _, file, _ in entries]
        infos = [self._module(file, path, index) for index, file, path in entries]
        modules = self._resolve_unlocks(infos, default_min_days)
        return Course(
            id=course_id, title=title, modules=tuple(modules), format=SUPPORTED_FORMATS[-1],
            subtitle=subtitle, author=author,
            version=version, language=language, description=description,
            min_days_between_modules=default_min_days, support=support, root=self.root.resolve(),
        )

    def _format(self, ck: FileChecker, data: Mapping[str, Any]) -> None:
        value = data.get("format", MISSING)
        if value is MISSING:
            return
        supported = ", ".join(str(number) for number in SUPPORTED_FORMATS)
        if isinstance(value, bool) or not isinstance(value, int):
            ck.add("format", f"expected a whole number (format = 1), got {describe(value)}")
        elif value not in SUPPORTED_FORMATS:
            ck.add("format", f"unsupported format {number(value)}; "
                             f"this version of growthcourse reads format {supported}")

    def _pacing(self, ck: FileChecker, data: Mapping[str, Any]) -> int:
        if "pacing" not in data:
            return DEFAULT_MIN_DAYS
        pacing = ck.table(data["pacing"], "pacing", "pacing")
        if pacing is None:
            return DEFAULT_MIN_DAYS
        ck.keys(pacing, "pacing", PACING_KEYS, (), "in [pacing]")
        return ck.whole(pacing, "pacing", "min_days_between_modules", low=0, high=MAX_DAYS,
                        default=DEFAULT_MIN_DAYS)  # type: ignore[return-value]

    def _support(self, ck: FileChecker, data: Mapping[str, Any]) -> Support | None:
        if "support" not in data:
            return None
        support = ck.table(data["support"], "support", "the support section")
        if support is None:
            return None
        ck.keys(support, "support", SUPPORT_KEYS, (), "in [support]")
        title = ck.text(support, "support", "title") or "Support"
        body = ck.text(support, "support", "body", one_line=False)
        contacts = []
        for location, contact in ck.tables(support, "support", "contacts", "contacts"):
            ck.keys(contact, location, CONTACT_KEYS, ("name",), "in a contact")
            contacts.append(Contact(
                name=ck.text(contact, location, "name", required=True) or "",
                phone=ck.text(contact, location, "phone"),
                url=ck.text(contact, location, "url"),
                text=ck.text(contact, location, "text", one_line=False),
                region=ck.text(contact, location, "region"),
                hours=ck.text(contact, location, "hours"),
            ))
        return Support(title=title, body=body, contacts=tuple(contacts))

    def _module_entries(self, ck: FileChecker, data: Mapping[str, Any]) -> list[tuple[int, str, Path]]:
        """The listed module files that exist inside the course folder: (index, file, path)."""
        if "modules" not in data:
            return []
        value = data["modules"]
        if not isinstance(value, list):
            ck.add("modules", f'expected a list of module file names (like modules = ["01-first-week.toml"]), '
                              f"got {describe(value)}")
            return []
        if not value:
            ck.add("modules", 'a course needs at least one module file (like modules = ["01-first-week.toml"])')
            return []
        self.listed_count = len(value)
        root = self.root.resolve()
        try:
            present = sorted(name for name in os.listdir(root) if name.endswith(".toml") and name != COURSE_FILE)
        except OSError:
            present = []
        entries: list[tuple[int, str, Path]] = []
        seen: dict[Path, str] = {}
        for index, entry in enumerate(value):
            location = f"modules[{index}]"
            try:
                found = self._module_entry(ck, root, entry, location, present, seen)
            except OSError as exc:
                ck.add(location, f"{quote(str(entry))} cannot be read: {exc.strerror or exc}")
                continue
            if found is not None:
                entries.append((index, found[0], found[1]))
        return entries

    def _module_entry(self, ck: FileChecker, root: Path, entry: Any, location: str, present: list[str],
                      seen: dict[Path, str]) -> tuple[str, Path] | None:
        """Check one entry of course.toml's modules list: (file, path) when it is a usable module file."""
        if not isinstance(entry, str):
            ck.add(location, f"expected a file name in quotes, got {describe(entry)}")
            return None
        if not entry.strip():
            ck.add(location, "must not be empty")
            return None
        bad = CONTROL_RE.search(entry)
        if bad:
            ck.add(location, control_message(bad.group()))
            return None
        if "\\" in entry:
            ck.add(location, f"{quote(entry, 300)}: use / between folder names, not \\")
            return None
        pure = PurePosixPath(entry)
        if pure.is_absolute() or re.match(r"[A-Za-z]:", entry):
            ck.add(location, f"{quote(entry, 300)} is an absolute path; give module files relative to the course "
                             'folder (like "01-first-week.toml")')
            return None
        path = root / entry
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            ck.add(location, f"{quote(entry, 300)}: the path cannot be followed (a symlink loop?)")
            return None
        if not resolved.is_relative_to(root):
            how = "through a symlink " if ".." not in pure.parts else ""
            ck.add(location, f"{quote(entry, 300)} leads {how}outside the course folder; module files must be "
                             "inside the course folder")
            return None
        if resolved == root / COURSE_FILE:
            ck.add(location, f"{quote(entry, 300)} is the course file itself, not a module file")
            return None
        if resolved in seen:
            ck.add(location, f"{quote(entry, 300)} is listed twice (also {seen[resolved]})")
            return None
        seen[resolved] = location
        if not path.exists():
            ck.add(location, f"module file {quote(entry, 300)} not found in the course folder"
                             f"{_similar_file(entry, present)}")
            return None
        if path.is_dir():
            ck.add(location, f"{quote(entry, 300)} is a folder, not a module file")
            return None
        if not path.is_file():
            ck.add(location, f"{quote(entry, 300)} is not a regular file")
            return None
        return pure.as_posix(), path

    # ----------------------------------------------------------------- module files

    def _module(self, file: str, path: Path, index: int) -> _ModuleInfo:
        info = _ModuleInfo(file, index)
        data = read_toml(file, path, self.problems, self.contents)
        if data is None:
            guessed = guess_module_id(path)
            if guessed:
                self.guessed_ids.add(guessed)
            return info
        ck = FileChecker(file, self.problems)
        ck.keys(data, "", MODULE_KEYS, ("id", "title", "lessons"), "in a module file", elsewhere=_COURSE_ONLY_KEYS)
        info.id = ck.ident(data, "", "id", "the module id")
        module_id = info.id or ""
        title = ck.text(data, "", "title", required=True) or ""
        summary = ck.text(data, "", "summary", one_line=False)
        opens_on_day = 0
        if "unlock" in data:
            unlock = ck.table(data["unlock"], "unlock", "the unlock rule")
            if unlock is not None:
                ck.keys(unlock, "unlock", UNLOCK_KEYS, (), "in [unlock]")
                if "after" in unlock:
                    info.explicit_after = True
                    after = ck.strings(unlock, "unlock", "after") or []
                    info.after = tuple(text for _, text in after)
                    info.after_locations = tuple(location for location, _ in after)
                info.min_days = ck.whole(unlock, "unlock", "min_days", low=0, high=MAX_DAYS)
                opens_on_day = ck.whole(unlock, "unlock", "opens_on_day", low=0, high=MAX_DAYS, default=0) or 0
        lessons = []
        lesson_ids: dict[str, str] = {}
        lesson_tables = ck.tables(data, "", "lessons", "lessons")
        if "lessons" in data and isinstance(data["lessons"], list) and not data["lessons"]:
            ck.add("lessons", "a module needs at least one lesson (a [[lessons]] section)")
        for location, lesson in lesson_tables:
            lessons.append(self._lesson(ck, lesson, location, module_id, lesson_ids))
        info.module = Module(id=module_id, title=title, file=file, summary=summary, lessons=tuple(lessons),
                             opens_on_day=opens_on_day)
        return info

    def _lesson(self, ck: FileChecker, data: dict[str, Any], location: str, module_id: str,
                lesson_ids: dict[str, str]) -> Lesson:
        ck.keys(data, location, LESSON_KEYS, ("id", "title", "body"), "in a lesson")
        lesson_id = ck.ident(data, location, "id", "the lesson id")
        if lesson_id is not None:
            if lesson_id in lesson_ids:
                ck.add(key_path(location, "id"), f'lesson id "{lesson_id}" is already used by {lesson_ids[lesson_id]} '
                                                 "in this module; lesson ids must differ within a module")
            else:
                lesson_ids[lesson_id] = location
        lesson_id = lesson_id or ""
        title = ck.text(data, location, "title", required=True) or ""
        body = ck.text(data, location, "body", required=True, one_line=False) or ""
        minutes = ck.whole(data, location, "minutes", low=0, high=MAX_MINUTES)
        exercises = tuple(
            exercise
            for exercise_location, exercise_data in ck.tables(data, location, "exercises", "exercises")
            if (exercise := self._exercise(ck, exercise_data, exercise_location, module_id, lesson_id)) is not None
        )
        return Lesson(id=lesson_id, title=title, body=body, minutes=minutes, exercises=exercises,
                      module_id=module_id)

    def _exercise(self, ck: FileChecker, data: dict[str, Any], location: str, module_id: str,
                  lesson_id: str) -> Exercise | None:
        kind = data.get("kind", MISSING)
        known_kind = kind if isinstance(kind, str) and kind in EXERCISE_KIND_KEYS else None
        if kind is MISSING:
            pass  # reported by keys() below
        elif not isinstance(kind, str):
            ck.add(key_path(location, "kind"), f"expected text (one of {', '.join(EXERCISE_KINDS)}), "
                                               f"got {describe(kind)}")
        elif known_kind is None:
            ck.add(key_path(location, "kind"), f"unknown kind {quote(kind)}; expected one of "
                                               f"{', '.join(EXERCISE_KINDS)}{did_you_mean(kind, EXERCISE_KINDS)}")
        if known_kind is None:
            # Without a kind, check the keys against every kind's, to still catch typos.
            ck.keys(data, location, _ALL_EXERCISE_KEYS, ("id", "kind"), "in an exercise")
        else:
            allowed = EXERCISE_COMMON_KEYS + EXERCISE_KIND_KEYS[known_kind]
            elsewhere = _KIND_ELSEWHERE[known_kind]
            ck.keys(data, location, allowed, ("id", "kind") + _REQUIRED_EXERCISE_KEYS[known_kind],
                    f"in a {known_kind} exercise", elsewhere=elsewhere)
        exercise_id = ck.ident(data, location, "id", "the exercise id")
        if exercise_id is not None:
            here = f"{ck.file} {location}"
            first = self.exercise_ids.setdefault(exercise_id, here)
            if first is not here:
                ck.add(key_path(location, "id"), f'exercise id "{exercise_id}" is already used by {first}; '
                                                 "exercise ids must be unique in the whole course")
        common = dict(
            id=exercise_id or "",
            title=ck.text(data, location, "title"),
            required=ck.flag(data, location, "required", True),
            module_id=module_id,
            lesson_id=lesson_id,
        )
        if known_kind is None:
            return None
        return getattr(self, f"_{known_kind}")(ck, data, location, common)

    def _reflection(self, ck: FileChecker, data: dict[str, Any], location: str, common: dict) -> Reflection:
        return Reflection(
            **common,
            prompt=ck.text(data, location, "prompt", required=True, one_line=False) or "",
            guidance=ck.text(data, location, "guidance", one_line=False),
            min_words=ck.whole(data, location, "min_words", low=0, high=MAX_MIN_WORDS, default=0) or 0,
        )

    def _choice(self, ck: FileChecker, data: dict[str, Any], location: str, common: dict) -> Choice:
        question = ck.text(data, location, "question", required=True, one_line=False) or ""
        options = []
        option_tables = ck.tables(data, location, "options", "options")
        for option_location, option in option_tables:
            ck.keys(option, option_location, OPTION_KEYS, ("text",), "in a choice option")
            options.append(Option(
                text=ck.text(option, option_location, "text", required=True, one_line=False) or "",
                correct=ck.flag(option, option_location, "correct", False),
                feedback=ck.text(option, option_location, "feedback", one_line=False),
            ))
        if isinstance(data.get("options"), list) and len(data["options"]) < 2:
            count = len(data["options"])
            ck.add(key_path(location, "options"), f"a choice needs at least 2 options, found {count} "
                                                  "(add [[lessons.exercises.options]] sections)")
        return Choice(**common, question=question, options=tuple(options))

    def _checklist(self, ck: FileChecker, data: dict[str, Any], location: str, common: dict) -> Checklist:
        prompt = ck.text(data, location, "prompt", required=True, one_line=False) or ""
        items = ck.strings(data, location, "items", one_line=False)
        if items is not None and isinstance(data.get("items"), list) and not data["items"]:
            ck.add(key_path(location, "items"), "a checklist needs at least 1 item")
        return Checklist(**common, prompt=prompt, items=tuple(text for _, text in items or ()))

    def _scale(self, ck: FileChecker, data: dict[str, Any], location: str, common: dict) -> Scale:
        prompt = ck.text(data, location, "prompt", required=True, one_line=False) or ""
        low = ck.whole(data, location, "min", low=-SCALE_LIMIT, high=SCALE_LIMIT)
        high = ck.whole(data, location, "max", low=-SCALE_LIMIT, high=SCALE_LIMIT)
        in_range = low is not None and high is not None
        if in_range and low >= high:  # type: ignore[operator]
            ck.add(key_path(location, "max"), f"max ({high}) must be greater than min ({low})")
            in_range = False
        elif in_range and high - low > MAX_SCALE_STEPS:  # type: ignore[operator]
            ck.add(key_path(location, "max"), f"a scale may span at most {MAX_SCALE_STEPS} steps "
                                              f"(min {low}, max {high})")
        labels: dict[int, str] = {}
        if "labels" in data:
            labels_location = key_path(location, "labels")
            table = ck.table(data["labels"], labels_location,
                             'the labels (like labels = { "0" = "calm", "10" = "overwhelmed" })')
            for key, value in (table or {}).items():
                where = key_path(labels_location, key)
                if not WHOLE_NUMBER_RE.fullmatch(key.strip()):
                    ck.add(where, f"label key {quote(key)} is not a whole number; labels are keyed by the "
                                  'scale value in quotes, like "0" = "calm"')
                    continue
                number = int(key.strip())
                text = ck.text({key: value}, labels_location, key, required=True)
                if in_range and not low <= number <= high:  # type: ignore[operator]
                    ck.add(where, f"label {number} is outside the scale (min {low}, max {high})")
                elif number in labels:
                    ck.add(where, f"label {number} is given twice")
                elif text is not None:
                    labels[number] = text
        return Scale(**common, prompt=prompt, min=low if low is not None else 0,
                     max=high if high is not None else 1, labels=labels,
                     series=ck.text(data, location, "series"))

    def _practice(self, ck: FileChecker, data: dict[str, Any], location: str, common: dict) -> Practice:
        return Practice(
            **common,
            prompt=ck.text(data, location, "prompt", required=True, one_line=False) or "",
            times=ck.whole(data, location, "times", low=1, high=MAX_TIMES, default=1) or 1,
        )

    # ----------------------------------------------------------------- unlock rules

    def _resolve_unlocks(self, infos: list[_ModuleInfo], default_min_days: int) -> list[Module]:
        """Apply the defaults of ``after``/``min_days`` and find modules that can never open."""
        by_id: dict[str, _ModuleInfo] = {}
        for info in infos:
            if info.id is None:
                continue
            first = by_id.setdefault(info.id, info)
            if first is not info:
                self.problems.append(Problem(info.file, "id", f'module id "{info.id}" is already used by '
                                                              f"{first.file}; module ids must be unique"))
        everything_read = self.listed_count == len(infos) and all(
            info.id is not None or info.module is None for info in infos) and \
            len(self.guessed_ids) == sum(info.module is None for info in infos)

        # The real `after` of every module (defaults applied); info.after keeps only the
        # known prerequisites, the edges the gate analysis walks.
        resolved_after: dict[int, tuple[str, ...]] = {}
        previous: _ModuleInfo | None = None
        for info in infos:
            if info.explicit_after:
                after = tuple(dict.fromkeys(info.after or ()))
            elif info.index == 0:
                after = ()
            elif previous is not None and previous.index == info.index - 1 and previous.id is not None:
                after = (previous.id,)
            else:
                after = ()  # the module listed before could not be read: reported already
            previous = info
            resolved_after[info.index] = after
            if info.id is None or by_id[info.id] is not info:
                continue  # a module without a usable id (reported) takes no part in the gates
            known = []
            first_location = dict(zip(reversed(info.after or ()), reversed(info.after_locations)))
            for dependency in after:
                where = first_location.get(dependency, "unlock.after")
                if dependency == info.id:
                    self.problems.append(Problem(info.file, where, f'module "{info.id}" waits for itself, so it '
                                                                   "can never open; remove it from after"))
                    known.append(dependency)
                elif dependency in by_id:
                    known.append(dependency)
                elif dependency in self.guessed_ids:
                    pass  # in a file that could not be read (reported): not a gate problem
                else:
                    note = "" if everything_read else \
                        " (some module files could not be read: it may be in one of them)"
                    self.problems.append(Problem(
                        info.file, where,
                        f"no module has id {quote(dependency)}"
                        f"{did_you_mean(dependency, [*by_id, *self.guessed_ids])}{note}"))
            info.after = tuple(known)

        self._find_blocked(infos, by_id)

        modules = []
        for info in infos:
            if info.module is None:
                continue
            after = resolved_after[info.index]
            min_days = info.min_days if info.min_days is not None else (default_min_days if after else 0)
            module = info.module
            modules.append(Module(id=module.id, title=module.title, file=module.file, summary=module.summary,
                                  lessons=module.lessons, after=after, min_days=min_days,
                                  opens_on_day=module.opens_on_day))
        return modules

    def _find_blocked(self, infos: list[_ModuleInfo], by_id: dict[str, _ModuleInfo]) -> None:
        """Report circles in ``after`` and modules waiting for a module that can never open.

        Kahn's algorithm in O(modules + edges): what it cannot reach is blocked;
        the blocked modules that wait for each other form the circles.
        """
        nodes = [info for info in by_id.values()]
        waiting: dict[str, int] = {}
        dependents: dict[str, list[str]] = {node.id: [] for node in nodes}  # type: ignore[misc]
        for node in nodes:
            deps = node.after or ()
            waiting[node.id] = len(deps)  # type: ignore[index]
            for dep in deps:
                dependents[dep].append(node.id)  # type: ignore[arg-type]
        ready = [module_id for module_id, count in waiting.items() if count == 0]
        opens: set[str] = set()
        while ready:
            module_id = ready.pop()
            opens.add(module_id)
            for dependent in dependents[module_id]:
                waiting[dependent] -= 1
                if waiting[dependent] == 0:
                    ready.append(dependent)
        blocked = [node for node in nodes if node.id not in opens]
        if not blocked:
            return
        in_cycle = self._cycles(blocked, by_id)
        for node in blocked:
            if node.id in in_cycle:
                continue
            blocker = next(dep for dep in node.after or () if dep not in opens)
            if blocker in (by_id[blocker].after or ()):
                why = "waits for itself"
            elif blocker in in_cycle:
                why = "is part of a circle of modules waiting for each other"
            else:
                why = "can never open either"
            default = "" if node.explicit_after else " (by default a module waits for the one listed before it)"
            self.problems.append(Problem(node.file, "unlock.after", f'this module can never open: it waits for '
                                                                    f'"{blocker}", which {why}{default}'))

    def _cycles(self, blocked: list[_ModuleInfo], by_id: dict[str, _ModuleInfo]) -> set[str]:
        """Report each circle once (at its first module in course order); return the ids in circles.

        A module waiting for itself was reported already and counts as a circle of one.
        """
        blocked_ids: set[str | None] = {node.id for node in blocked}
        in_cycle: set[str] = set()
        for node in sorted(blocked, key=lambda info: info.index):
            module_id: str = node.id  # type: ignore[assignment]
            if module_id in (node.after or ()):
                in_cycle.add(module_id)
            if module_id in in_cycle:
                continue
            path = self._path_back(module_id, blocked_ids, by_id)
            if path is None:
                continue
            in_cycle.update(path)
            circle = " -> ".join(f'"{step}"' for step in path + [path[0]])
            default = "" if all(by_id[step].explicit_after for step in path) else \
                " (remember: without [unlock] after, a module waits for the one listed before it)"
            self.problems.append(Problem(node.file, "unlock.after",
                                         f"modules wait for each other in a circle: {circle}, so none of them "
                                         f"can ever open; remove one of them from an after list{default}"))
        return in_cycle

    @staticmethod
    def _path_back(start: str, allowed: set[str | None], by_id: dict[str, _ModuleInfo]) -> list[str] | None:
        """The shortest circle start -> ... -> start through ``after`` edges, if any (breadth-first)."""
        parent: dict[str, str] = {}
        frontier = [start]
        while frontier:
            following = []
            for module_id in frontier:
                for dep in by_id[module_id].after or ():
                    if dep not in allowed or dep == module_id:
                        continue
                    if dep == start:
                        path = [module_id]
                        while path[-1] != start:
                            path.append(parent[path[-1]])
                        return list(reversed(path))
                    if dep not in parent:
                        parent[dep] = module_id
                        following.append(dep)
            frontier = following
        return None
