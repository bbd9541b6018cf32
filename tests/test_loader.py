"""The course loader and validator: one test per rule, each with a small broken course.

Every test asserts the line a counsellor would read: the file, the key path
(or line and column) and the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursekit import default_modules, every_kind_module_dict, minimal_course_dict, module_dict, write_course
from growthcourse.course.loader import check_course, load_course, summarize
from growthcourse.course.model import Checklist, Choice, Course, Practice, Reflection, Scale
from growthcourse.course.problems import CourseError, Problem


def problems_of(root: Path) -> list[str]:
    course, problems = check_course(root)
    assert course is None, "a course with problems must not be returned"
    assert problems, "expected at least one problem"
    return [str(problem) for problem in problems]


def only_problem(root: Path) -> str:
    lines = problems_of(root)
    assert len(lines) == 1, lines
    return lines[0]


def broken_module(tmp_path: Path, **changes) -> Path:
    """A two-module course whose second module has ``changes`` applied."""
    second = module_dict("second")
    second.update(changes)
    return write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})


def with_exercise(tmp_path: Path, exercise: dict) -> Path:
    second = module_dict("second")
    second["lessons"][0]["exercises"] = [exercise]
    return write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})


# --------------------------------------------------------------------------- valid courses


def test_valid_course_loads_with_every_default_resolved(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": module_dict("first", lessons=2),
        "02-second.toml": module_dict("second"),
        "03-kinds.toml": every_kind_module_dict("kinds"),
        "04-late.toml": module_dict("late", unlock={"after": ["first", "second"], "opens_on_day": 21}),
    })
    course = load_course(root)
    assert isinstance(course, Course)
    assert course.root == root.resolve()
    first, second, kinds, late = course.modules
    assert (first.after, first.min_days) == ((), 0)
    assert (second.after, second.min_days) == (("first",), 7)
    assert (kinds.after, kinds.min_days) == ((), 0)  # explicit after = []
    assert (late.after, late.min_days, late.opens_on_day) == (("first", "second"), 7, 21)
    assert [module.file for module in course.modules] == ["01-first.toml", "02-second.toml", "03-kinds.toml",
                                                          "04-late.toml"]
    assert [lesson.module_id for lesson in first.lessons] == ["first", "first"]
    exercise = course.exercise("first-reflect-2")
    assert isinstance(exercise, Reflection)
    assert (exercise.module_id, exercise.lesson_id, exercise.required, exercise.min_words) == (
        "first", "lesson-2", True, 0)


def test_every_exercise_kind_is_read_into_the_model(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={"01-kinds.toml": every_kind_module_dict("k")})
    course = load_course(root)
    reflection, choice, checklist, scale, practice = course.modules[0].lessons[0].exercises
    assert isinstance(reflection, Reflection) and reflection.guidance == "Take your time."
    assert reflection.min_words == 10 and reflection.title == "Write"
    assert isinstance(choice, Choice) and not choice.required
    assert [(option.text, option.correct, option.feedback) for option in choice.options] == [
        ("Waiting", True, "Yes."), ("Fixing", False, "Not quite.")]
    assert isinstance(checklist, Checklist) and checklist.items == ("Breathe", "Walk")
    assert isinstance(scale, Scale) and (scale.min, scale.max, scale.series) == (0, 10, "settled")
    assert scale.labels == {0: "not at all", 10: "completely"}
    assert isinstance(practice, Practice) and practice.times == 3
    assert course.modules[0].minutes == 20


def test_pacing_sets_the_default_gate_but_not_for_the_first_module(tmp_path: Path) -> None:
    course = minimal_course_dict(["01-first.toml", "02-second.toml", "03-third.toml"],
                                 pacing={"min_days_between_modules": 3})
    root = write_course(tmp_path / "course", course=course, modules={
        "01-first.toml": module_dict("first"),
        "02-second.toml": module_dict("second"),
        "03-third.toml": module_dict("third", unlock={"min_days": 0}),
    })
    loaded = load_course(root)
    assert [(m.id, m.after, m.min_days) for m in loaded.modules] == [
        ("first", (), 0), ("second", ("first",), 3), ("third", ("second",), 0)]
    assert loaded.min_days_between_modules == 3


def test_optional_course_fields_and_support_contacts(tmp_path: Path) -> None:
    course = minimal_course_dict(["01-first.toml"], subtitle="Sub", author="A. Counsellor", version="1.0",
                                 language="en", description="# About\n\nText.",
                                 support={"title": "Help now", "body": "Call someone.",
                                          "contacts": [{"name": "Line", "phone": "0800", "hours": "24/7"}]})
    root = write_course(tmp_path / "course", course=course, modules={"01-first.toml": module_dict("first")})
    loaded = load_course(root)
    assert (loaded.subtitle, loaded.author, loaded.version, loaded.language) == ("Sub", "A. Counsellor", "1.0", "en")
    assert loaded.support is not None and loaded.support.title == "Help now"
    assert [(c.name, c.phone, c.hours) for c in loaded.support.contacts] == [("Line", "0800", "24/7")]


def test_markup_in_course_text_is_kept_literally(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": module_dict("first", title="[bold red]Week one[/]"),
    })
    assert load_course(root).modules[0].title == "[bold red]Week one[/]"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first")})
    for name in ("course.toml", "01-first.toml"):
        path = root / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_course(root).modules[0].id == "first"


def test_module_files_in_a_subfolder_are_fine(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={"weeks/01-first.toml": module_dict("first")})
    assert load_course(root).modules[0].file == "weeks/01-first.toml"


def test_summary_counts_modules_lessons_exercises_by_kind_and_minutes(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": module_dict("first", lessons=2),
        "02-kinds.toml": every_kind_module_dict("k"),
    })
    assert summarize(load_course(root)) == (
        "A test course (test-course): 2 modules, 3 lessons, 7 exercises (3 reflection, 1 choice, "
        "1 checklist, 1 scale, 1 practice), about 30 minutes")


# --------------------------------------------------------------------------- the public API


def test_load_course_raises_course_error_listing_every_problem(tmp_path: Path) -> None:
    root = broken_module(tmp_path, title="", tittle="Week")
    with pytest.raises(CourseError) as caught:
        load_course(root)
    assert len(caught.value.problems) == 2
    assert str(caught.value).splitlines() == [str(problem) for problem in caught.value.problems]


def test_problem_prints_file_location_and_message() -> None:
    problem = Problem("02-fix-it.toml", "lessons[2].exercises[0].kind", "unknown kind")
    assert str(problem) == "02-fix-it.toml: lessons[2].exercises[0].kind: unknown kind"
    assert str(Problem("course.toml", "", "not found")) == "course.toml: not found"


def test_not_a_folder_and_missing_course_toml(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: no such folder"]
    (tmp_path / "file.txt").write_text("x")
    assert "not a folder" in only_problem(tmp_path / "file.txt")
    (tmp_path / "empty").mkdir()
    assert only_problem(tmp_path / "empty").startswith("course.toml: not found")


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    first = module_dict("first", tittle="x")
    second = module_dict("second")
    second["lessons"][0]["minutes"] = -5
    root = write_course(tmp_path / "course", course=minimal_course_dict(["01-first.toml", "02-second.toml",
                                                                         "03-third.toml"], title=""),
                        modules={"01-first.toml": first, "02-second.toml": second, "03-third.toml": "id = \n"})
    lines = problems_of(root)
    assert lines == [
        "course.toml: title: must not be empty",
        '01-first.toml: tittle: unknown key "tittle"; did you mean "title"?',
        "02-second.toml: lessons[0].minutes: must be 0 or more, got -5",
        lines[3],
    ]
    assert lines[3].startswith("03-third.toml: line 1, column 6: TOML syntax error: Invalid value")


# --------------------------------------------------------------------------- files


def test_toml_syntax_error_names_line_and_column_and_other_files_are_still_checked(tmp_path: Path) -> None:
    second = module_dict("second")
    second["lessons"][0]["body"] = ""
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": 'id = "first"\ntitle = "First"\ntitle "oops"\n',
        "02-second.toml": second,
    })
    lines = problems_of(root)
    assert lines[0].startswith("01-first.toml: line 3, column 7: TOML syntax error: Expected '=' after a key")
    assert "02-second.toml: lessons[0].body: must not be empty" in lines


def test_toml_syntax_error_at_end_of_file(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={"01-first.toml": 'id = "first"\nitems = [1,'})
    assert only_problem(root).startswith("01-first.toml: end of file: TOML syntax error: ")


def test_syntax_error_in_course_toml(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course='format = 1\nid = "x\n', modules={})
    assert only_problem(root).startswith("course.toml: line 2, column ")


def test_file_that_is_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": 'id = "first"\ntitle = "Caf\xe9"\n'.encode("latin-1"),
    })
    line = only_problem(root)
    assert line.startswith("01-first.toml: line 2, column 13: not UTF-8 text (byte 0xe9)")
    assert "save the file as UTF-8" in line


def test_utf16_file_is_explained(tmp_path: Path) -> None:
    text = 'id = "first"\n'
    root = write_course(tmp_path / "course", modules={"01-first.toml": b"\xff\xfe" + text.encode("utf-16-le")})
    assert only_problem(root).startswith("01-first.toml: the file is saved as UTF-16; save it as UTF-8")


def test_binary_garbage_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={"01-first.toml": bytes(range(256)) * 4})
    assert only_problem(root).startswith("01-first.toml: ")


def test_number_with_thousands_of_digits_is_a_syntax_problem(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={"01-first.toml": "minutes = " + "9" * 5000 + "\n"})
    assert only_problem(root) == "01-first.toml: TOML syntax error: a number is far too long"


def test_deeply_nested_lists_are_a_syntax_problem(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={"01-first.toml": "x = " + "[" * 5000 + "\n"})
    assert only_problem(root).startswith("01-first.toml: TOML syntax error: ")


def test_missing_module_file_with_did_you_mean(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict(["01-frist.toml"]),
                        modules={"01-first.toml": module_dict("first")})
    assert only_problem(root) == ('course.toml: modules[0]: module file "01-frist.toml" not found in the course '
                                  'folder; did you mean "01-first.toml"?')


def test_module_path_that_is_a_folder(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict(["weeks"]), modules={})
    (root / "weeks").mkdir()
    assert only_problem(root) == 'course.toml: modules[0]: "weeks" is a folder, not a module file'


def test_module_path_leaving_the_course_folder(tmp_path: Path) -> None:
    (tmp_path / "outside.toml").write_text('id = "x"\n')
    root = write_course(tmp_path / "course", course=minimal_course_dict(["../outside.toml"]), modules={})
    assert only_problem(root) == ('course.toml: modules[0]: "../outside.toml" leads outside the course folder; '
                                  "module files must be inside the course folder")


def test_absolute_module_path(tmp_path: Path) -> None:
    absolute = str(tmp_path / "course" / "01-first.toml")
    root = write_course(tmp_path / "course", course=minimal_course_dict([absolute]),
                        modules={"01-first.toml": module_dict("first")})
    assert f'course.toml: modules[0]: "{absolute}" is an absolute path' in only_problem(root)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_pointing_outside_the_course_folder(tmp_path: Path) -> None:
    (tmp_path / "outside.toml").write_text('id = "x"\n')
    root = write_course(tmp_path / "course", course=minimal_course_dict(["01-first.toml"]), modules={})
    (root / "01-first.toml").symlink_to(tmp_path / "outside.toml")
    assert only_problem(root) == ('course.toml: modules[0]: "01-first.toml" leads through a symlink outside the '
                                  "course folder; module files must be inside the course folder")


def test_module_listed_twice(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict(["01-first.toml", "./01-first.toml"]),
                        modules={"01-first.toml": module_dict("first")})
    assert only_problem(root) == 'course.toml: modules[1]: "./01-first.toml" is listed twice (also modules[0])'


# --------------------------------------------------------------------------- course.toml


def test_unsupported_format(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict(["01-first.toml"], format=2),
                        modules={"01-first.toml": module_dict("first")})
    assert only_problem(root) == ("course.toml: format: unsupported format 2; this version of growthcourse "
                                  "reads format 1")


def test_course_with_no_modules(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict([]), modules={})
    assert only_problem(root).startswith("course.toml: modules: a course needs at least one module file")


def test_missing_required_course_keys(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course={"title": "T"}, modules={})
    assert problems_of(root) == [
        'course.toml: format: required key "format" is missing in course.toml',
        'course.toml: id: required key "id" is missing in course.toml',
        'course.toml: modules: required key "modules" is missing in course.toml',
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict(["01-first.toml"], colour="blue"),
                        modules={"01-first.toml": module_dict("first")})
    assert only_problem(root).startswith('course.toml: colour: unknown key "colour" (allowed in course.toml: '
                                         "format, id, title,")


def test_tables_where_lists_are_expected_and_the_reverse(tmp_path: Path) -> None:
    course = minimal_course_dict(["01-first.toml"], pacing=[1, 2], support="call")
    first = module_dict("first", unlock=[])
    first["lessons"] = {"id": "x"}
    root = write_course(tmp_path / "course", course=course, modules={"01-first.toml": first})
    assert problems_of(root) == [
        "course.toml: pacing: expected a table ([pacing] section) for pacing, got a list",
        'course.toml: support: expected a table ([support] section) for the support section, got text ("call")',
        "01-first.toml: unlock: expected a table ([unlock] section) for the unlock rule, got a list",
        "01-first.toml: lessons: expected a list of lessons (written as [[lessons]] sections), got a table",
    ]


def test_pacing_must_be_a_whole_number_of_days(tmp_path: Path) -> None:
    course = minimal_course_dict(["01-first.toml"], pacing={"min_days_between_modules": 2.5})
    root = write_course(tmp_path / "course", course=course, modules={"01-first.toml": module_dict("first")})
    assert only_problem(root) == ("course.toml: pacing.min_days_between_modules: expected a whole number, "
                                  "got a decimal number (2.5)")


def test_contact_needs_a_name(tmp_path: Path) -> None:
    course = minimal_course_dict(["01-first.toml"], support={"title": "Help", "contacts": [{"phone": "112"}]})
    root = write_course(tmp_path / "course", course=course, modules={"01-first.toml": module_dict("first")})
    assert only_problem(root) == ('course.toml: support.contacts[0].name: required key "name" is missing '
                                  "in a contact")


# --------------------------------------------------------------------------- module files


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    assert only_problem(broken_module(tmp_path, tittle="Week")) == (
        '02-second.toml: tittle: unknown key "tittle"; did you mean "title"?')


def test_unknown_lesson_key_with_did_you_mean(tmp_path: Path) -> None:
    second = module_dict("second")
    second["lessons"][0]["bodyy"] = "x"
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert only_problem(root) == '02-second.toml: lessons[0].bodyy: unknown key "bodyy"; did you mean "body"?'


def test_missing_required_module_and_lesson_keys(tmp_path: Path) -> None:
    second = module_dict("second")
    del second["title"]
    del second["lessons"][0]["body"]
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert problems_of(root) == [
        '02-second.toml: title: required key "title" is missing in a module file',
        '02-second.toml: lessons[0].body: required key "body" is missing in a lesson',
    ]


def test_module_with_no_lessons(tmp_path: Path) -> None:
    assert only_problem(broken_module(tmp_path, lessons=[])) == (
        "02-second.toml: lessons: a module needs at least one lesson (a [[lessons]] section)")
    second = module_dict("second")
    del second["lessons"]
    root = write_course(tmp_path / "other", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert only_problem(root) == '02-second.toml: lessons: required key "lessons" is missing in a module file'


def test_wrong_types_are_named_in_plain_words(tmp_path: Path) -> None:
    second = module_dict("second", title=3)
    second["lessons"][0]["minutes"] = "10"
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert problems_of(root) == [
        '02-second.toml: title: expected text, got a whole number (3) (put it in quotes: title = "3")',
        '02-second.toml: lessons[0].minutes: expected a whole number, got text ("10") '
        "(write the number without quotes)",
    ]


def test_true_is_not_a_number(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "r", "kind": "reflection", "prompt": "p",
                                                 "min_words": True})) == (
        "02-second.toml: lessons[0].exercises[0].min_words: expected a whole number, got true/false (true)")


def test_required_must_be_true_or_false(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "r", "kind": "reflection", "prompt": "p",
                                                 "required": "yes"})) == (
        '02-second.toml: lessons[0].exercises[0].required: expected true or false, got text ("yes") '
        "(write true or false without quotes)")


def test_whitespace_only_text_where_text_is_required(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "r", "kind": "reflection", "prompt": "  \n "})) == (
        "02-second.toml: lessons[0].exercises[0].prompt: must not be empty")


@pytest.mark.parametrize(("where", "value"), [
    ("unlock.min_days", -1), ("unlock.opens_on_day", -3), ("lessons[0].minutes", -10),
])
def test_negative_days_and_minutes(tmp_path: Path, where: str, value: int) -> None:
    second = module_dict("second", unlock={})
    table = second["unlock"] if where.startswith("unlock") else second["lessons"][0]
    table[where.rsplit(".", 1)[1]] = value
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert only_problem(root) == f"02-second.toml: {where}: must be 0 or more, got {value}"


def test_negative_min_words_and_times(tmp_path: Path) -> None:
    second = module_dict("second")
    second["lessons"][0]["exercises"] = [
        {"id": "r", "kind": "reflection", "prompt": "p", "min_words": -1},
        {"id": "p", "kind": "practice", "prompt": "p", "times": 0},
    ]
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert problems_of(root) == [
        "02-second.toml: lessons[0].exercises[0].min_words: must be 0 or more, got -1",
        "02-second.toml: lessons[0].exercises[1].times: must be 1 or more, got 0",
    ]


def test_huge_numbers_are_refused(tmp_path: Path) -> None:
    assert only_problem(broken_module(tmp_path, unlock={"min_days": 10**18})) == (
        "02-second.toml: unlock.min_days: must be at most 3650, got 1000000000000000000")


# --------------------------------------------------------------------------- ids and text


def test_duplicate_module_ids(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": module_dict("first"),
        "02-second.toml": module_dict("first", exercise_prefix="other"),
    })
    assert only_problem(root) == ('02-second.toml: id: module id "first" is already used by 01-first.toml; '
                                  "module ids must be unique")


def test_duplicate_lesson_ids_in_a_module(tmp_path: Path) -> None:
    second = module_dict("second", lessons=2)
    second["lessons"][1]["id"] = "lesson-1"
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert only_problem(root) == ('02-second.toml: lessons[1].id: lesson id "lesson-1" is already used by '
                                  "lessons[0] in this module; lesson ids must differ within a module")


def test_same_lesson_id_in_two_modules_is_fine(tmp_path: Path) -> None:
    course = load_course(write_course(tmp_path / "course", modules=default_modules()))
    assert [module.lessons[0].id for module in course.modules] == ["lesson-1", "lesson-1"]


def test_duplicate_exercise_ids_across_the_course(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": module_dict("first"),
        "02-second.toml": module_dict("second", exercise_prefix="first"),
    })
    assert only_problem(root) == (
        '02-second.toml: lessons[0].exercises[0].id: exercise id "first-reflect-1" is already used by '
        "01-first.toml lessons[0].exercises[0]; exercise ids must be unique in the whole course")


def test_ids_must_be_simple_slugs(tmp_path: Path) -> None:
    line = only_problem(broken_module(tmp_path, id="week two"))
    assert line.startswith('02-second.toml: id: the module id "week two" is not a simple id: use letters, '
                           "digits, - and _ only")


def test_escape_sequences_in_titles_and_ids_are_rejected(tmp_path: Path) -> None:
    second = module_dict("second", title="\x1b[31mRed week")
    second["lessons"][0]["id"] = "a\x1b[2J"
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert problems_of(root) == [
        "02-second.toml: title: contains a control character (\\x1b, ESC, which starts terminal escape "
        "sequences); course text must be plain text",
        "02-second.toml: lessons[0].id: contains a control character (\\x1b, ESC, which starts terminal escape "
        "sequences); course text must be plain text",
    ]


def test_control_characters_in_markdown_bodies_are_rejected_but_newlines_are_fine(tmp_path: Path) -> None:
    second = module_dict("second")
    second["lessons"][0]["body"] = "Line one\n\tLine two\x07"
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert only_problem(root) == ("02-second.toml: lessons[0].body: contains a control character (\\x07, BEL); "
                                  "course text must be plain text")


def test_titles_must_be_one_line(tmp_path: Path) -> None:
    assert only_problem(broken_module(tmp_path, title="Week\ntwo")) == (
        "02-second.toml: title: must be a single line (it contains a line break)")


def test_unknown_keys_with_escape_sequences_are_shown_escaped(tmp_path: Path) -> None:
    line = only_problem(broken_module(tmp_path, **{"\x1b[31m": "x"}))
    assert "\x1b" not in line
    assert '"\\x1b[31m"' in line


# --------------------------------------------------------------------------- exercises


def test_unknown_kind(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "q", "kind": "quizz", "prompt": "p"})) == (
        '02-second.toml: lessons[0].exercises[0].kind: unknown kind "quizz"; expected one of reflection, choice, '
        "checklist, scale, practice")


def test_unknown_kind_close_to_a_known_one(tmp_path: Path) -> None:
    line = only_problem(with_exercise(tmp_path, {"id": "q", "kind": "reflexion", "prompt": "p"}))
    assert line.endswith('practice; did you mean "reflection"?')


def test_missing_kind(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "q", "prompt": "p"})) == (
        '02-second.toml: lessons[0].exercises[0].kind: required key "kind" is missing in an exercise')


def test_key_of_another_kind_is_explained(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "q", "kind": "reflection", "prompt": "p",
                                                 "items": ["a"]})) == (
        '02-second.toml: lessons[0].exercises[0].items: "items" is not used in a reflection exercise; '
        "it belongs to checklist exercises")


def test_missing_kind_specific_keys(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "q", "kind": "scale", "prompt": "p", "min": 0})) == (
        '02-second.toml: lessons[0].exercises[0].max: required key "max" is missing in a scale exercise')


def test_choice_needs_two_options(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "c", "kind": "choice", "question": "q",
                                                 "options": [{"text": "Only one"}]})) == (
        "02-second.toml: lessons[0].exercises[0].options: a choice needs at least 2 options, found 1 "
        "(add [[lessons.exercises.options]] sections)")


def test_choice_option_needs_text(tmp_path: Path) -> None:
    assert problems_of(with_exercise(tmp_path, {"id": "c", "kind": "choice", "question": "q",
                                                "options": [{"text": "a"}, {"txt": "b"}]})) == [
        '02-second.toml: lessons[0].exercises[0].options[1].txt: unknown key "txt"; did you mean "text"?',
        '02-second.toml: lessons[0].exercises[0].options[1].text: required key "text" is missing in a choice option',
    ]


def test_checklist_needs_an_item(tmp_path: Path) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "c", "kind": "checklist", "prompt": "p", "items": []})) == (
        "02-second.toml: lessons[0].exercises[0].items: a checklist needs at least 1 item")


def test_checklist_items_must_be_text(tmp_path: Path) -> None:
    assert problems_of(with_exercise(tmp_path, {"id": "c", "kind": "checklist", "prompt": "p",
                                                "items": ["a", 2, ""]})) == [
        "02-second.toml: lessons[0].exercises[0].items[1]: expected text, got a whole number (2)",
        "02-second.toml: lessons[0].exercises[0].items[2]: must not be empty",
    ]


@pytest.mark.parametrize(("low", "high"), [(5, 5), (10, 0)])
def test_scale_min_must_be_below_max(tmp_path: Path, low: int, high: int) -> None:
    assert only_problem(with_exercise(tmp_path, {"id": "s", "kind": "scale", "prompt": "p", "min": low,
                                                 "max": high})) == (
        f"02-second.toml: lessons[0].exercises[0].max: max ({high}) must be greater than min ({low})")


def test_scale_labels_must_be_numbers_inside_the_range(tmp_path: Path) -> None:
    root = with_exercise(tmp_path, {"id": "s", "kind": "scale", "prompt": "p", "min": 0, "max": 10,
                                    "labels": {"0": "calm", "11": "too far", "high": "x", "5": ""}})
    assert problems_of(root) == [
        "02-second.toml: lessons[0].exercises[0].labels.11: label 11 is outside the scale (min 0, max 10)",
        '02-second.toml: lessons[0].exercises[0].labels.high: label key "high" is not a whole number; labels '
        'are keyed by the scale value in quotes, like "0" = "calm"',
        "02-second.toml: lessons[0].exercises[0].labels.5: must not be empty",
    ]


def test_scale_labels_must_be_a_table(tmp_path: Path) -> None:
    line = only_problem(with_exercise(tmp_path, {"id": "s", "kind": "scale", "prompt": "p", "min": 0, "max": 10,
                                                 "labels": ["calm", "wild"]}))
    assert line.startswith("02-second.toml: lessons[0].exercises[0].labels: expected a table for the labels")


def test_exercise_that_is_not_a_table(tmp_path: Path) -> None:
    second = module_dict("second")
    second["lessons"][0]["exercises"] = ["reflect"]
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert only_problem(root) == ('02-second.toml: lessons[0].exercises[0]: expected a table (an exercise), '
                                  'got text ("reflect")')


# --------------------------------------------------------------------------- unlock rules


def test_after_naming_an_unknown_module(tmp_path: Path) -> None:
    assert only_problem(broken_module(tmp_path, unlock={"after": ["frist"]})) == (
        '02-second.toml: unlock.after[0]: no module has id "frist"; did you mean "first"?')


def test_after_naming_a_module_in_an_unreadable_file_says_so(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": "id = = 1",
        "02-second.toml": module_dict("second", unlock={"after": ["first"]}),
    })
    lines = problems_of(root)
    assert lines[1] == ('02-second.toml: unlock.after[0]: no module has id "first" (some module files could not '
                        "be read: it may be in one of them)")


def test_module_waiting_for_itself(tmp_path: Path) -> None:
    assert only_problem(broken_module(tmp_path, unlock={"after": ["second"]})) == (
        '02-second.toml: unlock.after[0]: module "second" waits for itself, so it can never open; remove it '
        "from after")


def test_circle_in_after(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-a.toml": module_dict("a", unlock={"after": ["c"]}),
        "02-b.toml": module_dict("b", unlock={"after": ["a"]}),
        "03-c.toml": module_dict("c", unlock={"after": ["b"]}),
    })
    assert only_problem(root) == ('01-a.toml: unlock.after: modules wait for each other in a circle: "a" -> "c" '
                                  '-> "b" -> "a", so none of them can ever open; remove one of them from an after '
                                  "list")


def test_circle_through_the_default_after(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-a.toml": module_dict("a", unlock={"after": ["b"]}),
        "02-b.toml": module_dict("b"),  # waits for "a" by default
    })
    line = only_problem(root)
    assert line.startswith('01-a.toml: unlock.after: modules wait for each other in a circle: "a" -> "b" -> "a"')
    assert line.endswith("(remember: without [unlock] after, a module waits for the one listed before it)")


def test_modules_that_can_never_open(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-a.toml": module_dict("a", unlock={"after": ["b"]}),
        "02-b.toml": module_dict("b", unlock={"after": ["a"]}),
        "03-c.toml": module_dict("c", unlock={"after": ["b"]}),
        "04-d.toml": module_dict("d"),  # waits for c by default
        "05-e.toml": module_dict("e", unlock={"after": []}),
    })
    lines = problems_of(root)
    assert lines == [
        lines[0],
        '03-c.toml: unlock.after: this module can never open: it waits for "b", which is part of a circle of '
        "modules waiting for each other",
        '04-d.toml: unlock.after: this module can never open: it waits for "c", which can never open either '
        "(by default a module waits for the one listed before it)",
    ]
    assert lines[0].startswith("01-a.toml: unlock.after: modules wait for each other in a circle")


def test_after_must_be_a_list_of_ids(tmp_path: Path) -> None:
    assert only_problem(broken_module(tmp_path, unlock={"after": "first"})) == (
        '02-second.toml: unlock.after: expected a list of text (like after = ["first", "second"]), '
        'got text ("first")')


def test_course_keys_in_a_module_file_point_to_course_toml(tmp_path: Path) -> None:
    assert only_problem(broken_module(tmp_path, modules=["x.toml"])) == (
        '02-second.toml: modules: "modules" is not used in a module file; it belongs in course.toml (is this file '
        "the course file, not a module file?)")


def test_module_keys_in_course_toml_point_to_module_files(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict(["01-first.toml"], lessons=[]),
                        modules={"01-first.toml": module_dict("first")})
    assert only_problem(root) == ('course.toml: lessons: "lessons" is not used in course.toml; it belongs in a module '
                                  "file (course.toml lists the module files in modules)")


def test_after_naming_a_module_whose_file_has_a_syntax_error_is_not_a_second_problem(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={
        "01-first.toml": 'id = "first"\ntitle = First\n',
        "02-second.toml": module_dict("second", unlock={"after": ["first"]}),
        "03-third.toml": module_dict("third", unlock={"after": ["frist"]}),
    })
    lines = problems_of(root)
    assert lines[0].startswith("01-first.toml: line 2, column 9: TOML syntax error: Invalid value")
    assert lines[1:] == ['03-third.toml: unlock.after[0]: no module has id "frist"; did you mean "first"?']


def test_exercises_that_are_not_a_list_name_the_section_header(tmp_path: Path) -> None:
    second = module_dict("second")
    second["lessons"][0]["exercises"] = {"id": "x"}
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first"), "02-second.toml": second})
    assert only_problem(root) == ("02-second.toml: lessons[0].exercises: expected a list of exercises (written as "
                                  "[[lessons.exercises]] sections), got a table")


def test_the_shared_fixed_test_course_is_valid_and_keeps_markup_literally(tmp_path: Path) -> None:
    course = load_course(write_course(tmp_path / "course"))
    assert course.title == "Steady <steps> & [bold]care[/bold]"
    assert [module.id for module in course.modules] == ["first", "second"]
    assert course.modules[1].after == ("first",)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_module_path_that_is_not_a_regular_file(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict(["pipe.toml"]), modules={})
    os.mkfifo(root / "pipe.toml")
    assert only_problem(root) == 'course.toml: modules[0]: "pipe.toml" is not a regular file'


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_module_path_in_a_symlink_loop(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course=minimal_course_dict(["loop.toml"]), modules={})
    (root / "loop.toml").symlink_to(root / "loop.toml")
    line = only_problem(root)
    assert line.startswith('course.toml: modules[0]: "loop.toml"'), line


def test_version_may_be_a_plain_number_and_series_any_short_name(tmp_path: Path) -> None:
    kinds = every_kind_module_dict("k")
    kinds["lessons"][0]["exercises"][3]["series"] = "weekly mood"
    root = write_course(tmp_path / "course", course=minimal_course_dict(["01-k.toml"], version=2),
                        modules={"01-k.toml": kinds})
    course = load_course(root)
    assert course.version == "2"
    assert course.exercise("k-scale").series_key == "weekly mood"  # type: ignore[union-attr]


def test_module_files_are_still_checked_when_course_toml_is_broken(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", course='format = 1\nid = "x\n',
                        modules={"01-first.toml": module_dict("first"), "02-second.toml": module_dict("second",
                                                                                                        tittle="x")})
    lines = problems_of(root)
    assert len(lines) == 2
    assert lines[0].startswith("course.toml: line 2, column ")
    assert lines[1] == '02-second.toml: tittle: unknown key "tittle"; did you mean "title"?'
