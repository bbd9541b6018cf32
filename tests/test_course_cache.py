"""The parsed-course cache: same course as the loader, keyed by content, private, and never trusted blindly."""

from __future__ import annotations

import dataclasses
import marshal
import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

from cachekit import age, crumb_and_stray
from growthcourse.course import cache as course_cache
from growthcourse.course import loader, model
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

    def no_parse(path, **kwargs):  # noqa: ANN001, ANN003
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


class _Planted:
    """A pickle that would create a folder if anything ever unpickled it."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204
        return (os.mkdir, (str(self.marker),))


def _split(entry: Path) -> tuple[bytes, tuple, bytes, bytes]:
    """An entry's (magic and header, header value, files' bytes, course) as written by the cache."""
    raw = entry.read_bytes()
    start = len(course_cache._MAGIC) + 8
    size = int.from_bytes(raw[len(course_cache._MAGIC):start], "little")
    header = marshal.loads(raw[start:start + size])
    files_end = start + size + sum(header[4])
    return raw[:start + size], header, raw[start + size:files_end], raw[files_end:]


@pytest.mark.parametrize("where", ["whole entry", "course part", "old-format entry"])
def test_an_entry_holding_code_is_a_miss_and_never_runs(course_dir: Path, cache: Path, tmp_path: Path,
                                                        where: str) -> None:
    load_course_cached(course_dir, cache=cache)
    entry = _entry(course_dir, cache)
    marker = tmp_path / "ran"
    planted = pickle.dumps(_Planted(marker))
    if where == "whole entry":
        entry.write_bytes(planted)
    elif where == "course part":
        head, _, files, _ = _split(entry)
        entry.write_bytes(head + files + planted)
    else:  # a pickle where format 3 kept its entries
        entry.unlink()
        entry.with_suffix(".pickle").write_bytes(planted)
    assert load_course_cached(course_dir, cache=cache) == load_course(course_dir)
    assert not marker.exists()


def test_a_course_part_that_does_not_fit_together_is_a_miss(course_dir: Path, cache: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = load_course(course_dir)
    load_course_cached(course_dir, cache=cache)
    entry = _entry(course_dir, cache)
    head, _, files, body = _split(entry)
    top, modules, lessons, exercises, options, support, contacts = marshal.loads(body)
    calls = []
    real = loader.check_course
    monkeypatch.setattr(loader, "check_course", lambda path, **kw: calls.append(path) or real(path, **kw))

    def planted(parts: tuple) -> None:
        entry.write_bytes(head + files + marshal.dumps(parts))
        calls.clear()
        assert load_course_cached(course_dir, cache=cache) == parsed
        assert calls, "a damaged entry was served"

    planted((top, modules, lessons[:-1], exercises, options, support, contacts))  # a lesson missing
    planted((top, modules, lessons, exercises[1:], options, support, contacts))  # an exercise missing
    planted((top, modules, lessons, exercises, options + [options[0]], support, contacts))  # an option too many
    odd_kind = [dict(exercises[0], kind="poem"), *exercises[1:]]
    planted((top, modules, lessons, odd_kind, options, support, contacts))
    negative = [dict(lessons[0], exercises=-1), dict(lessons[1], exercises=lessons[1]["exercises"] + 1), *lessons[2:]]
    planted((top, modules, negative, exercises, options, support, contacts))
    planted((top, modules, lessons, exercises, options))
    planted([1, 2, 3])


@pytest.mark.parametrize("sizes", ["too large", "negative", "not numbers", "one missing"])
def test_a_header_with_impossible_file_sizes_is_a_miss(course_dir: Path, cache: Path, sizes: str) -> None:
    load_course_cached(course_dir, cache=cache)
    entry = _entry(course_dir, cache)
    _, header, files, body = _split(entry)
    real = header[4]
    changed = {"too large": (10**12, *real[1:]), "negative": (-1, *real[1:]),
               "not numbers": tuple(map(str, real)), "one missing": real[:-1]}[sizes]
    packed = marshal.dumps((*header[:4], changed))
    entry.write_bytes(course_cache._MAGIC + len(packed).to_bytes(8, "little") + packed + files + body)
    assert load_course_cached(course_dir, cache=cache) == load_course(course_dir)
    assert _split(entry)[1] == header  # rebuilt


def _large_course(folder: Path) -> Path:
    """The benchmark's kind of course, 25 modules (1.2 MB: its entry is mapped, not read)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import _synthetic
    finally:
        sys.path.pop(0)
    return _synthetic.write_course(folder, modules=25)


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_truncated_entry_is_a_miss(course_dir: Path, cache: Path, tmp_path: Path, size: str) -> None:
    folder = course_dir if size == "small" else _large_course(tmp_path / "large")
    parsed = load_course(folder)
    load_course_cached(folder, cache=cache)
    entry = _entry(folder, cache)
    whole = entry.read_bytes()
    assert (len(whole) >= course_cache._MAP_FROM) == (size == "large")
    for cut in (0, 10, len(course_cache._MAGIC) + 4, len(whole) // 3, len(whole) // 2, len(whole) - 1):
        entry.write_bytes(whole[:cut])
        assert load_course_cached(folder, cache=cache) == parsed
        assert entry.read_bytes() == whole  # rebuilt


def test_a_large_entry_that_cannot_be_mapped_is_read(tmp_path: Path, cache: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import mmap

    folder = _large_course(tmp_path / "large")
    first = load_course_cached(folder, cache=cache)

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError(19, "No such device")  # ENODEV: what mmap says on a file system without mappings

    monkeypatch.setattr(mmap, "mmap", refuse)
    monkeypatch.setattr(course_cache, "_check", lambda root, contents: pytest.fail("parsed again"))
    assert load_course_cached(folder, cache=cache) == first


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc/self/maps (Linux)")
def test_a_large_entry_is_not_left_mapped_after_a_hit(tmp_path: Path, cache: Path) -> None:
    folder = _large_course(tmp_path / "large")
    load_course_cached(folder, cache=cache)
    entry = _entry(folder, cache)
    assert entry.stat().st_size >= course_cache._MAP_FROM
    assert load_course_cached(folder, cache=cache).root == folder.resolve()
    assert str(entry) not in Path("/proc/self/maps").read_text()


def test_an_entry_of_an_older_format_is_a_miss(course_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    load_course_cached(course_dir, cache=cache)
    monkeypatch.setattr(course_cache, "CACHE_FORMAT", course_cache.CACHE_FORMAT + 1)
    calls = []
    real = loader.check_course
    monkeypatch.setattr(loader, "check_course", lambda path, **kw: calls.append(path) or real(path, **kw))
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
    assert list((tmp_path / "xdg-cache" / "growthcourse" / "courses").glob("*.course"))
    assert not (tmp_path / "synced").exists()


def test_the_course_file_name_is_the_loaders() -> None:
    assert COURSE_FILE == loader.COURSE_FILE


def test_the_same_course_in_two_folders_has_two_entries(course_dir: Path, cache: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(course_dir, other)
    assert load_course_cached(course_dir, cache=cache).root == course_dir.resolve()
    assert load_course_cached(other, cache=cache).root == other.resolve()
    assert len(list(cache.glob("*.course"))) == 2


def test_a_large_course_is_served_from_the_cache_and_its_changes_seen(tmp_path: Path, cache: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's kind of course (25 modules of 20 long lessons): a hit, and every change seen."""
    folder = _large_course(tmp_path / "big")
    first = load_course_cached(folder, cache=cache)
    monkeypatch.setattr(course_cache, "_check", lambda root, contents: pytest.fail("parsed again"))
    assert load_course_cached(folder, cache=cache) == first
    monkeypatch.undo()
    module_file = folder / first.modules[-1].file
    module_file.write_text(module_file.read_text(encoding="utf-8").replace('title = "Module 25', 'title = "Module XXV', 1),
                           encoding="utf-8")
    assert load_course_cached(folder, cache=cache).modules[-1].title.startswith("Module XXV")


def test_a_file_saved_while_the_course_is_read_is_never_served_stale(course_dir: Path, cache: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry keeps the bytes that were parsed: a save just after the parse is a miss next time."""
    module_file = course_dir / load_course(course_dir).modules[0].file
    text = module_file.read_text(encoding="utf-8")
    saved = text.replace('title = "When your partner pulls away"', 'title = "When your partner pulls AWAY"', 1)
    assert len(saved) == len(text) and saved != text
    real = course_cache._check

    def parse_then_save(root: Path, contents: dict | None):  # noqa: ANN202
        result = real(root, contents)
        module_file.write_text(saved, encoding="utf-8")  # the counsellor saves before the entry is written
        return result

    monkeypatch.setattr(course_cache, "_check", parse_then_save)
    assert load_course_cached(course_dir, cache=cache).modules[0].title == "When your partner pulls away"
    monkeypatch.undo()
    assert load_course_cached(course_dir, cache=cache).modules[0].title == "When your partner pulls AWAY"
    monkeypatch.setattr(course_cache, "_check", lambda root, contents: pytest.fail("parsed again"))
    assert load_course_cached(course_dir, cache=cache).modules[0].title == "When your partner pulls AWAY"


@pytest.mark.parametrize("title", ["When your partner pulls away, and you want to fix it", "Apart"])
def test_a_module_file_that_grew_or_shrank_is_read_again(course_dir: Path, cache: Path, title: str) -> None:
    load_course_cached(course_dir, cache=cache)
    module_file = course_dir / load_course(course_dir).modules[0].file
    text = module_file.read_text(encoding="utf-8")
    module_file.write_text(text.replace('title = "When your partner pulls away"', f'title = "{title}"', 1),
                           encoding="utf-8")
    assert load_course_cached(course_dir, cache=cache).modules[0].title == title


@pytest.mark.parametrize("change", ["emptied", "removed"])
def test_a_module_file_emptied_or_removed_is_reported(course_dir: Path, cache: Path, change: str) -> None:
    load_course_cached(course_dir, cache=cache)
    module_file = course_dir / load_course(course_dir).modules[-1].file
    if change == "emptied":
        module_file.write_text("", encoding="utf-8")
    else:
        module_file.unlink()
    course, problems = check_course_cached(course_dir, cache=cache)
    assert course is None and any(module_file.name in f"{problem.file} {problem}" for problem in problems)


def test_a_cached_course_behaves_like_a_parsed_one(course_dir: Path, cache: Path) -> None:
    parsed = load_course(course_dir)
    load_course_cached(course_dir, cache=cache)
    again = load_course_cached(course_dir, cache=cache)
    for mine, theirs in zip(again.exercises(), parsed.exercises(), strict=True):
        assert type(mine) is type(theirs) and mine == theirs
        assert repr(mine) == repr(theirs) and mine.label == theirs.label
        assert again.exercise(mine.id) is mine
    assert [type(m) for m in again.modules] == [model.Module] * len(parsed.modules)
    assert again.support == parsed.support and type(again.support.contacts[0]) is model.Contact
    assert again.modules[0].lesson(parsed.modules[0].lessons[0].id) == parsed.modules[0].lessons[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        again.modules[0].title = "changed"  # type: ignore[misc]
    renamed = dataclasses.replace(again.modules[0], title="Renamed")
    assert renamed.title == "Renamed" and renamed.lessons == parsed.modules[0].lessons
    choices = [e for e in again.exercises() if e.kind == "choice"]
    assert choices and all(type(option) is model.Option for c in choices for option in c.options)


def test_an_entry_of_the_pickle_format_is_removed_when_the_new_one_is_written(course_dir: Path, cache: Path) -> None:
    cache.mkdir(mode=0o700)
    old = _entry(course_dir, cache).with_suffix(".pickle")
    old.write_bytes(b"an entry of format 3")
    load_course_cached(course_dir, cache=cache)
    assert os.listdir(cache) == [_entry(course_dir, cache).name]


def test_entries_unused_for_two_months_are_removed_when_a_course_is_parsed(tmp_path: Path, cache: Path) -> None:
    folders = {}
    for name in ("used", "gone", "new"):
        folders[name] = tmp_path / name
        shutil.copytree(builtin_course_dir(), folders[name])
    for name in ("used", "gone"):
        check_course_cached(folders[name], cache=cache)
    used, gone = _entry(folders["used"], cache), _entry(folders["gone"], cache)
    age(used, 61)
    age(gone, 61)
    check_course_cached(folders["used"], cache=cache)  # a hit: in use again
    crumb, stray = crumb_and_stray(cache)  # a crash's temp file, and a file not ours

    course, problems = check_course_cached(folders["new"], cache=cache)  # parsed: an entry is written

    assert course is not None and not problems
    assert used.exists() and _entry(folders["new"], cache).exists() and stray.exists()
    assert not gone.exists() and not crumb.exists()
    assert course_cache.prune(tmp_path / "nowhere") == 0  # best effort on a missing folder


def test_an_edited_loader_source_is_a_new_loader_version(tmp_path):
    from growthcourse.course import cache

    package = tmp_path / "course"
    shutil.copytree(Path(loader.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    signature = cache.source_signature(package)
    assert cache.source_signature(package) == signature
    (package / "cache.py").write_text("# the cache's own source does not count\n")
    (package / "README.txt").write_text("not Python")
    assert cache.source_signature(package) == signature

    source = package / "fields.py"
    times = source.stat()
    source.write_bytes(source.read_bytes().replace(b"def ", b"def  ", 1))  # an edit
    assert cache.source_signature(package) != signature
    source.write_bytes(source.read_bytes().replace(b"def  ", b"def ", 1))  # undone, and saved later
    os.utime(source, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000))
    edited = cache.source_signature(package)
    assert edited != signature
    (package / "new_rules.py").write_text("")  # a new module
    assert cache.source_signature(package) != edited
