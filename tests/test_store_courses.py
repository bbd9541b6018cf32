"""Courses travel with the data: copied into the data folder; the last course is found from any device."""

from __future__ import annotations

from pathlib import Path

from growthcourse.store.courses import installed_versions
from growthcourse.store.datastore import DataStore

T0 = 1_795_680_000_000


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        self.ms += 1
        return self.ms


def make_course(folder: Path, title: str = "Growth") -> Path:
    (folder / "modules").mkdir(parents=True)
    (folder / "course.toml").write_text(f'format = 1\nid = "grow"\ntitle = "{title}"\n')
    (folder / "modules" / "01-week.toml").write_text('id = "w1"\n')
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref")
    (folder / ".syncthing.course.toml.tmp").write_text("partial")
    return folder


def test_install_copies_the_course_by_id_and_version(tmp_path: Path) -> None:
    store = DataStore.open(tmp_path / "data", tmp_path / "cfg")
    source = make_course(tmp_path / "src")
    copy = store.install_course(source, "grow", "1.2")
    assert copy == tmp_path / "data" / "courses" / "grow" / "1.2"
    assert (copy / "course.toml").read_text() == (source / "course.toml").read_text()
    assert (copy / "modules" / "01-week.toml").is_file()
    assert sorted(p.name for p in copy.iterdir()) == ["course.toml", "modules"]  # no .git, no temp files
    assert [p.name for p in copy.parent.iterdir()] == ["1.2"]  # no temp folder left
    assert installed_versions(tmp_path / "data", "grow") == ["1.2"]


def test_install_again_same_content_is_untouched_changed_content_replaced(tmp_path: Path) -> None:
    store = DataStore.open(tmp_path / "data", tmp_path / "cfg")
    source = make_course(tmp_path / "src")
    copy = store.install_course(source, "grow", None)
    assert copy.name == "unversioned"
    mtime = (copy / "course.toml").stat().st_mtime_ns
    store.install_course(source, "grow", None)
    assert (copy / "course.toml").stat().st_mtime_ns == mtime
    (source / "course.toml").write_text('format = 1\nid = "grow"\ntitle = "Edited"\n')
    store.install_course(source, "grow", None)
    assert "Edited" in (copy / "course.toml").read_text()
    assert sorted(p.name for p in copy.parent.iterdir()) == ["unversioned"]


def test_second_machine_opens_the_last_course_used_with_no_extra_step(tmp_path: Path) -> None:
    laptop = DataStore.open(tmp_path / "data", tmp_path / "cfg-laptop", wall_ms=FakeWall(T0))
    desktop = DataStore.open(tmp_path / "data", tmp_path / "cfg-desktop", wall_ms=FakeWall(T0 - 3_600_000))
    assert desktop.last_course() is None
    laptop.remember_course("fix-it-to-growth", "1.0", builtin=True)
    laptop.install_course(make_course(tmp_path / "src"), "grow", "2")
    laptop.remember_course("grow", "2")
    last = desktop.last_course()
    assert last is not None
    assert (last.course, last.version, last.builtin, last.device) == ("grow", "2", False, laptop.device_id)
    assert last.path == tmp_path / "data" / "courses" / "grow" / "2" and last.available
    # The desktop (clock an hour behind) switches course: it still counts as the newest.
    desktop.remember_course("fix-it-to-growth", "1.0", builtin=True)
    newest = laptop.last_course()
    assert (newest.course, newest.builtin, newest.path, newest.device) == (
        "fix-it-to-growth",
        True,
        None,
        desktop.device_id,
    )


def test_last_course_whose_copy_has_not_arrived_is_not_available(tmp_path: Path) -> None:
    store = DataStore.open(tmp_path / "data", tmp_path / "cfg")
    store.remember_course("grow", "3")
    last = store.last_course()
    assert last is not None and not last.available


def test_damaged_last_course_record_is_skipped(tmp_path: Path) -> None:
    a = DataStore.open(tmp_path / "data", tmp_path / "cfg-a", wall_ms=FakeWall(T0))
    b = DataStore.open(tmp_path / "data", tmp_path / "cfg-b", wall_ms=FakeWall(T0))
    a.remember_course("grow", "1")
    record = tmp_path / "data" / "devices" / b.device_id / "last-course.json"
    record.parent.mkdir(parents=True)
    record.write_text("{broken")
    assert a.last_course().course == "grow"
    assert record.read_text() == "{broken"
