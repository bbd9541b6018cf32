"""The parsed-course cache: same course as the loader, keyed by content, private, and never trusted blindly."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

from growthcourse.course import cache as course_cache
from growthcourse.course import loader
from growthcourse.course.cache import COURSE_FILE, check_course_cached, entry_path, load_course_cached
from growthcourse.course.loader import load_course
from growthcourse.course.problems import CourseError
from growthcourse.resources import builtin_course_dir


@pytest.fixture()
def course_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    shutil.copytree(builtin_course_dir(), folder)
    return folder


@pytest.fixture()
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _entry(course_dir: Path, cache: Path) -> Path:
    return entry_path(course_dir.resolve(), cache)


def test_a_cached_course_equals_the_parsed_one(course_dir: Path, cache: Path) -> None:
    parsed = load_course(course_dir)
    first = load_course_cached(course_dir, cache=cache)
    again = load_course_cached(course_dir, cache=cache)
    assert first == parsed
    assert again == parsed
    assert again.root == course_dir.resolve()
    # Scale labels keep their int keys, tuples stay tuples.
    scales = [e for e in again.exercises() if e.kind == "scale" and e.labels]
    assert scales and all(isinstance(key, int) for key in scales[0].labels)
    assert isinstance(again.modules, tuple) and isinstance(again.modules[0].lessons, tuple)


def test_a_hit_does_not_parse_toml(course_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_course_cached(course_dir, cache=cache)

    def no_parse(path):  # noqa: ANN001
        raise AssertionError("the course was parsed again")

    monkeypatch.setattr(loader, "check_course", no_parse)
    assert load_course_cached(course_dir, cache=cache).id == "fix-it-to-growth"


def test_a_changed_module_file_is_read_again(course_dir: Path, cache: Path) -> None:
    load_course_cached(course_dir, cache=cache)
    module_file = course_dir / load_course(course_dir).modules[0].file
    text = module_file.read_text(encoding="utf-8")
    module_file.write_text(text.replace('title = "When your partner pulls away"',
                                        'title = "When a partner pulls away"', 1), encoding="utf-8")
    assert load_course_cached(course_dir, cache=cache).modules[0].title == "When a partner pulls away"


def test_a_change_of_same_size_and_mtime_is_still_seen(course_dir: Path, cache: Path) -> None:
    load_course_cached(course_dir, cache=cache)
    course_file = course_dir / "course.toml"
    before = course_file.stat()
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace('title = "From fix-it to growth"', 'title = "From fix-it to grow1h"', 1),
                           encoding="utf-8")
    os.utime(course_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert course_file.stat().st_size == before.st_size
    assert load_course_cached(course_dir, cache=cache).title == "From fix-it to grow1h"


def test_a_broken_course_is_reported_not_served_from_the_cache(course_dir: Path, cache: Path) -> None:
    load_course_cached(course_dir, cache=cache)
    (course_dir / "course.toml").write_text('format = 1\nid = "x"\n', encoding="utf-8")
    course, problems = check_course_cached(course_dir, cache=cache)
    assert course is None
    assert any("title" in str(problem) for problem in problems)
    with pytest.raises(CourseError):
        load_course_cached(course_dir, cache=cache)


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1}', b"[1, 2]", b'{"format":1,"loader":"x"}'])
def test_a_damaged_entry_is_ignored_and_rebuilt(course_dir: Path, cache: Path, damage: bytes) -> None:
    load_course_cached(course_dir, cache=cache)
    entry = _entry(course_dir, cache)
    entry.write_bytes(damage)
    assert load_course_cached(course_dir, cache=cache) == load_course(course_dir)
    assert entry.read_bytes() != damage  # rebuilt


def test_an_entry_naming_anything_but_the_course_model_is_a_miss_and_never_runs(
        course_dir: Path, cache: Path, tmp_path: Path) -> None:
    load_course_cached(course_dir, cache=cache)
    entry = _entry(course_dir, cache)
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self):  # noqa: ANN204
            return (os.mkdir, (str(marker),))

    header_end = len(pickle.dumps(pickle.load(open(entry, "rb"))))  # noqa: SIM115
    entry.write_bytes(entry.read_bytes()[:header_end] + pickle.dumps(Planted()))
    assert load_course_cached(course_dir, cache=cache) == load_course(course_dir)
    assert not marker.exists()


def test_an_entry_of_an_older_format_is_a_miss(course_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    load_course_cached(course_dir, cache=cache)
    monkeypatch.setattr(course_cache, "CACHE_FORMAT", course_cache.CACHE_FORMAT + 1)
    calls = []
    real = loader.check_course
    monkeypatch.setattr(loader, "check_course", lambda path: calls.append(path) or real(path))
    assert load_course_cached(course_dir, cache=cache) == load_course(course_dir)
    assert calls  # parsed again


def test_cache_files_are_private(course_dir: Path, cache: Path) -> None:
    load_course_cached(course_dir, cache=cache)
    entry = _entry(course_dir, cache)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert os.listdir(cache) == [entry.name]  # no temp files left


def test_an_unwritable_cache_only_means_parsing(course_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert load_course_cached(course_dir, cache=blocker / "cache") == load_course(course_dir)


def test_the_default_cache_is_the_user_cache_dir_not_the_data_folder(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    monkeypatch.delenv("GROWTHCOURSE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("GROWTHCOURSE_DATA_DIR", str(tmp_path / "synced"))
    assert course_cache.cache_dir() == tmp_path / "xdg-cache" / "growthcourse" / "courses"
    load_course_cached(builtin_course_dir())
    assert list((tmp_path / "xdg-cache" / "growthcourse" / "courses").glob("*.pickle"))
    assert not (tmp_path / "synced").exists()


def test_the_course_file_name_is_the_loaders() -> None:
    assert COURSE_FILE == loader.COURSE_FILE


def test_the_same_course_in_two_folders_has_two_entries(course_dir: Path, cache: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(course_dir, other)
    assert load_course_cached(course_dir, cache=cache).root == course_dir.resolve()
    assert load_course_cached(other, cache=cache).root == other.resolve()
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_large_course_is_served_from_the_cache_and_its_changes_seen(tmp_path: Path, cache: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Courses of 1 MB or more are hashed another way (SHA-1, faster on big files): same guarantees."""
    import sys

    from growthcourse.course import cache as course_cache

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import _synthetic
    finally:
        sys.path.pop(0)
    folder = _synthetic.write_course(tmp_path / "big", modules=25)
    assert sum(p.stat().st_size for p in folder.iterdir()) >= course_cache._LARGE_COURSE
    first = load_course_cached(folder, cache=cache)
    monkeypatch.setattr(course_cache, "_check", lambda root: pytest.fail("parsed again"))
    assert load_course_cached(folder, cache=cache) == first
    monkeypatch.undo()
    module_file = folder / first.modules[-1].file
    module_file.write_text(module_file.read_text(encoding="utf-8").replace('title = "Module 25', 'title = "Module XXV', 1),
                           encoding="utf-8")
    assert load_course_cached(folder, cache=cache).modules[-1].title.startswith("Module XXV")
