"""Crash safety, tried as a new user would: the real app in tmux, typing, ``kill -9``, start again.

The draft must be offered back with no more than about a second of typing
missing. Runs in CI (``.ci/run`` installs tmux). Every process started here
(the app, twice, and a private tmux server) is stopped by its PID.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from exercisekit import write_exercise_course

from growthcourse.store import events as ev
from growthcourse.store.datastore import DataStore

COURSE = "practice-course"
TYPED = "I noticed my chest go tight and I wanted to text her."
RATE = 10.0  # keys per second, a steady typist


class Tmux:
    """A private tmux server (its own socket) running one 80x24 window at a time."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.server_pid: int | None = None

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check,
                                timeout=20)
        return result.stdout

    def start(self, name: str, command: str) -> int:
        self.run("new-session", "-d", "-s", name, "-x", "80", "-y", "24", command)
        self.run("set-option", "-t", name, "remain-on-exit", "on")
        if self.server_pid is None:
            self.server_pid = int(self.run("display-message", "-p", "-t", name, "#{pid}").strip())
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def wait_for(self, name: str, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen(name)
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear on the screen:\n{screen}")


def _stop(tmux: Tmux, pids: list[int | None]) -> None:
    """Stop the apps and the private tmux server, by PID."""
    for pid in [*pids, tmux.server_pid]:
        _kill(pid)


def _kill(pid: int | None) -> None:
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _open_reflection(tmux: Tmux, name: str) -> None:
    tmux.wait_for(name, "Continue: Noticing the urge")
    tmux.keys(name, "Enter")
    tmux.wait_for(name, "Reflection: What I noticed")
    tmux.keys(name, "Tab")
    time.sleep(0.3)
    tmux.keys(name, "Enter")
    tmux.wait_for(name, "/ 5 words")


def test_kill_9_while_typing_loses_at_most_a_second(tmp_path):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for the crash-safety test (.ci/run installs it)")
    course_dir = write_exercise_course(tmp_path / "course")
    data, config = tmp_path / "data", tmp_path / "config"
    seed = DataStore.open(data, config_dir=config)
    seed.append(COURSE, ev.COURSE_STARTED, {})  # no welcome screen: straight to the dashboard
    seed.append(COURSE, ev.LESSON_OPENED, {"module": "week-one", "lesson": "notice"})
    command = (
        f"env GROWTHCOURSE_CONFIG_DIR={config} TERM=xterm-256color TEXTUAL_ANIMATIONS=none "
        f"{sys.executable} -m growthcourse --course {course_dir} --data-dir {data}"
    )
    tmux = Tmux(f"growthcourse-crash-{os.getpid()}")
    pids: list[int] = []
    try:
        pids.append(tmux.start("first", command))
        _open_reflection(tmux, "first")
        sent: list[float] = []
        for character in TYPED:
            tmux.keys("first", character, literal=True)
            sent.append(time.monotonic())
            time.sleep(1 / RATE)
        time.sleep(0.5 - 1 / RATE)
        os.kill(pids[0], signal.SIGKILL)

        draft = DataStore.open(data, config_dir=config).load_drafts(COURSE, "w1-write").own
        assert draft is not None, "no draft was kept"
        assert TYPED.startswith(draft.text)
        missing = len(TYPED) - len(draft.text)
        if missing:
            span = sent[-1] - sent[len(draft.text)]
            assert span <= 1.2, f"{missing} characters ({span:.2f} s of typing) were lost"

        pids.append(tmux.start("second", command))
        _open_reflection(tmux, "second")
        screen = tmux.wait_for("second", "Unsaved writing")
        flat = " ".join(screen.replace("│", " ").split())
        assert "on this device is here" in flat and "Would you like to continue it?" in flat
        tmux.keys("second", "Enter")  # "Use it"
        screen = tmux.wait_for("second", draft.text[-20:])
        tmux.keys("second", "C-q")  # quitting keeps the writing as a revision
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            facts = [e for e in DataStore.open(data, config_dir=config).events(COURSE)
                     if e.type == ev.REFLECTION_SAVED]
            if facts:
                break
            time.sleep(0.1)
        assert [e.data["text"] for e in facts] == [draft.text]
    finally:
        _stop(tmux, pids)


def test_own_editor_through_suspend_in_a_real_terminal(tmp_path):
    """ctrl+o hands the text to $VISUAL in the real terminal and takes the result back."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for this test (.ci/run installs it)")
    course_dir = write_exercise_course(tmp_path / "course")
    data, config = tmp_path / "data", tmp_path / "config"
    seed = DataStore.open(data, config_dir=config)
    seed.append(COURSE, ev.COURSE_STARTED, {})
    seed.append(COURSE, ev.LESSON_OPENED, {"module": "week-one", "lesson": "notice"})
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf " and more, written in my own editor" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o700)
    command = (
        f"env GROWTHCOURSE_CONFIG_DIR={config} TERM=xterm-256color TEXTUAL_ANIMATIONS=none VISUAL={editor} "
        f"{sys.executable} -m growthcourse --course {course_dir} --data-dir {data}"
    )
    tmux = Tmux(f"growthcourse-editor-{os.getpid()}")
    pid = None
    try:
        pid = tmux.start("editor", command)
        _open_reflection(tmux, "editor")
        tmux.keys("editor", "Begun here", literal=True)
        tmux.wait_for("editor", "Begun here")
        tmux.keys("editor", "C-o")
        tmux.wait_for("editor", "written in my own editor")
        tmux.keys("editor", "Escape")
        tmux.wait_for("editor", "Lesson 1 of 2")  # back in the lesson
        saved = [e.data["text"] for e in DataStore.open(data, config_dir=config).events(COURSE)
                 if e.type == ev.REFLECTION_SAVED]
        assert saved == ["Begun here and more, written in my own editor"]
    finally:
        _stop(tmux, [pid])
