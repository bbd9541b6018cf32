"""``growthcourse validate`` as a counsellor or a script runs it: exit codes and output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit import default_modules, minimal_course_dict, module_dict, write_course
from growthcourse import cli


def validate(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "growthcourse", *args], capture_output=True, text=True,
                            cwd=cwd, env=env, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def broken_course(root: Path) -> Path:
    second = module_dict("second", tittle="oops")
    second["lessons"][0]["exercises"][0]["kind"] = "quizz"
    return write_course(root, modules={"01-first.toml": module_dict("first"), "02-second.toml": second})


def test_valid_course_prints_the_summary_and_exits_0(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules=default_modules())
    result = validate("validate", str(root))
    assert result.returncode == 0
    assert result.stdout == ("A test course (test-course): 2 modules, 2 lessons, 2 exercises (2 reflection), "
                             "about 10 minutes\n")
    assert result.stderr == ""


def test_broken_course_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    result = validate("validate", str(broken_course(tmp_path / "course")))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        '02-second.toml: tittle: unknown key "tittle"; did you mean "title"?',
        '02-second.toml: lessons[0].exercises[0].kind: unknown kind "quizz"; expected one of reflection, choice, '
        "checklist, scale, practice",
        "2 problems found. Fix them and run growthcourse validate again.",
    ]


def test_several_courses_prefix_each_line_with_the_folder(tmp_path: Path) -> None:
    good = write_course(tmp_path / "good", modules=default_modules())
    bad = broken_course(tmp_path / "bad")
    result = validate("validate", str(good), str(bad))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{good}: A test course (test-course): 2 modules, 2 lessons, 2 exercises (2 reflection), " \
                       "about 10 minutes"
    assert lines[1] == f'{bad}: 02-second.toml: tittle: unknown key "tittle"; did you mean "title"?'
    assert lines[-1] == "2 problems in 1 of 2 courses."


def test_several_valid_courses_exit_0(tmp_path: Path) -> None:
    first = write_course(tmp_path / "a", modules=default_modules())
    second = write_course(tmp_path / "b", modules=default_modules())
    result = validate("validate", str(first), str(second))
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 2


def test_course_option_before_or_after_the_subcommand(tmp_path: Path) -> None:
    bad = broken_course(tmp_path / "bad")
    for args in (("--course", str(bad), "validate"), ("validate", "--course", str(bad))):
        result = validate(*args)
        assert result.returncode == 1
        assert result.stdout.startswith("02-second.toml: tittle:")


def test_positional_folder_wins_over_course_option(tmp_path: Path) -> None:
    good = write_course(tmp_path / "good", modules=default_modules())
    bad = broken_course(tmp_path / "bad")
    assert validate("--course", str(bad), "validate", str(good)).returncode == 0


def test_default_is_the_built_in_course(tmp_path: Path) -> None:
    result = validate("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " modules, " in result.stdout and result.stdout.count("\n") == 1


def test_missing_built_in_course_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import growthcourse.resources as resources

    def nothing() -> Path:
        raise FileNotFoundError("no built-in course found in /nowhere/lessons")

    monkeypatch.setattr(resources, "builtin_course_dir", nothing)
    assert cli.main(["validate"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ("growthcourse validate: no built-in course found in /nowhere/lessons.\n"
                            "Give a course folder to check: growthcourse validate COURSE_DIR\n")


def test_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = validate("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'nowhere'}: no such folder\n"
    assert result.stdout == "1 problem found. Fix it and run growthcourse validate again.\n"


def test_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "course.toml").write_text("format = 1\n")
    result = validate("validate", str(tmp_path / "course.toml"))
    assert result.returncode == 1
    assert "not a folder (give the folder that holds course.toml)" in result.stderr


def test_folder_without_course_toml(tmp_path: Path) -> None:
    result = validate("validate", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path}: no course.toml in this folder")


def test_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    result = validate("validate", "--strict", str(tmp_path))
    assert result.returncode == 2
    assert "unrecognized arguments: --strict" in result.stderr


def test_help_lists_validate() -> None:
    result = validate("--help")
    assert result.returncode == 0
    assert "validate" in result.stdout


GARBAGE = {
    "binary": bytes(range(256)),
    "huge int": "format = 1\nid = \"x\"\ntitle = \"t\"\nmodules = [\"m.toml\"]\n[pacing]\nmin_days_between_modules = "
                + "9" * 4000 + "\n",
    "array for table": 'format = 1\nid = "x"\ntitle = "t"\nmodules = ["m.toml"]\npacing = [[1], [2]]\n'
                       "support = [1, 2]\n",
    "table for array": 'format = 1\nid = "x"\ntitle = "t"\n[modules]\nfirst = "m.toml"\n',
    "modules of tables": 'format = 1\nid = "x"\ntitle = "t"\n[[modules]]\nfile = "m.toml"\n',
    "escape in title": 'format = 1\nid = "x"\ntitle = "\\u001b]0;pwned\\u0007"\nmodules = ["m.toml"]\n',
    "nul byte": b'format = 1\x00\n',
    "empty": b"",
    "only a bom": b"\xef\xbb\xbf",
    "dates": 'format = 1979-05-27\nid = 07:32:00\ntitle = 1979-05-27T07:32:00Z\nmodules = [nan, inf]\n',
    "deep nesting": "format = " + "[" * 3000 + "]" * 3000 + "\n",
    "module path is a device": 'format = 1\nid = "x"\ntitle = "t"\nmodules = ["/dev/zero", "../../etc/passwd"]\n',
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_course_toml_exits_1_with_a_message_naming_the_file(tmp_path: Path, name: str) -> None:
    content = GARBAGE[name]
    path = tmp_path / "course.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = validate("validate", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.startswith("course.toml: "), result.stdout
    assert "\x1b" not in result.stdout


def test_garbage_module_files_exit_1_naming_each_file(tmp_path: Path) -> None:
    files = {f"{index:02d}-{name.replace(' ', '-')}.toml": content for index, (name, content)
             in enumerate(sorted(GARBAGE.items()))}
    root = write_course(tmp_path / "course", course=minimal_course_dict(list(files)), modules=files)
    result = validate("validate", str(root))
    assert result.returncode == 1
    for name in files:
        assert f"\n{name}: " in "\n" + result.stdout, name


def test_narrow_terminal_encoding_does_not_crash(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules={"01-first.toml": module_dict("first", tittle="Überschrift ✓")})
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    result = validate("validate", str(root), env=env)
    assert result.returncode == 1
    assert 'unknown key "tittle"' in result.stdout


def test_validate_does_not_import_textual(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", modules=default_modules())
    code = ("import sys\nfrom growthcourse.cli import main\n"
            f"code = main(['validate', {str(root)!r}])\n"
            "assert code == 0, code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"


def test_folder_holding_course_folders_suggests_them(tmp_path: Path) -> None:
    write_course(tmp_path / "courses" / "calm", modules=default_modules())
    result = validate("validate", str(tmp_path / "courses"))
    assert result.returncode == 1
    assert result.stderr.rstrip().endswith(f"; did you mean {tmp_path / 'courses' / 'calm'}?")


def test_a_module_file_not_listed_in_the_course_gets_a_note(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", minimal_course_dict(["01-first.toml"]), default_modules())
    result = validate("validate", str(course))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Note: 02-second.toml is not listed in course.toml's modules, so it is not part of the course." in result.stdout
    assert "01-first.toml" not in result.stdout
