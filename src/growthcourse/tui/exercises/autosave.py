"""Draft autosave for the reflection editor: never on the keystroke path, never more than a
second behind.

The editor calls ``touched()`` on every change: that only starts a one-shot
timer if none is running (a max-wait, not a debounce, so a learner typing
without pause is still saved about once a second). When the timer fires, the
text is taken and written by a thread worker. Writes and clears are numbered
and applied in order under a lock, so an older write finishing late never
overwrites a newer one or brings back a cleared draft.
"""

from __future__ import annotations

import threading
from typing import Callable

from growthcourse.store.fsutil import StorageError

AUTOSAVE_DELAY = 0.8
"""Seconds from the first unsaved keystroke to the draft write (at most about a second)."""


class DraftKeeper:
    """Schedules and serializes draft writes for one reflection on one device."""

    def __init__(
        self,
        screen,
        store,
        course_id: str,
        exercise_id: str,
        *,
        get_text: Callable[[], str],
        enabled: bool = True,
        delay: float = AUTOSAVE_DELAY,
        on_kept: Callable[[], None] | None = None,
    ) -> None:
        self.screen = screen
        self.store = store
        self.course_id = course_id
        self.exercise_id = exercise_id
        self.get_text = get_text
        self.enabled = enabled and store is not None
        self.delay = delay
        self.on_kept = on_kept
        """Called after a draft is written, in the writing thread, outside the lock (it must not block)."""
        self.base: str | None = None
        """The revision the writing continues (saved with the draft)."""
        self.last_text: str | None = None
        """The text of the last draft handed to a writer (None: no draft of ours)."""
        self.writes = 0
        """Drafts written (for tests and the benchmark)."""
        self.error: str | None = None
        self._timer = None
        self._lock = threading.Lock()
        self._issued = 0
        self._applied = 0

    # -- main thread ----------------------------------------------------------

    def touched(self) -> None:
        """A change in the editor: make sure a save happens within ``delay`` seconds."""
        if self.enabled and self._timer is None:
            self._timer = self.screen.set_timer(self.delay, self._fire, name="draft-autosave")

    def _fire(self) -> None:
        self._timer = None
        self.flush()

    def flush(self) -> None:
        """Write the current text as the draft now (in a worker), if it differs from the last one."""
        if not self.enabled:
            return
        self.cancel()
        text = self.get_text()
        if text == self.last_text:
            return
        self.last_text = text
        self._run("save", text)

    def clear(self, saved_text: str) -> None:
        """A revision holding ``saved_text`` was saved: remove the draft (unless typing went on)."""
        if not self.enabled:
            return
        self.cancel()
        self.last_text = saved_text
        self._run("clear", saved_text)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _run(self, op: str, text: str) -> None:
        self._issued += 1
        number = self._issued
        self.screen.run_worker(
            lambda: self._apply(op, text, number), thread=True, group="drafts", exit_on_error=False
        )

    def clear_now(self, saved_text: str) -> None:
        """Like ``clear`` but in this thread (when the app is about to exit)."""
        if not self.enabled:
            return
        self.cancel()
        self.last_text = saved_text
        self._issued += 1
        self._apply("clear", saved_text, self._issued)

    def save_now(self) -> bool:
        """Write the current text as the draft in this thread (when the app is about to exit);
        True when the draft on disk holds it."""
        if not self.enabled:
            return False
        self.cancel()
        text = self.get_text()
        self.last_text = text
        self._issued += 1
        self._apply("save", text, self._issued)
        return self.error is None

    # -- any thread ------------------------------------------------------------

    def _apply(self, op: str, text: str, number: int) -> None:
        kept = False
        problem: str | None = None
        with self._lock:
            if number <= self._applied:
                return  # a newer write or clear has already been applied
            self._applied = number
            try:
                if op == "save":
                    self.store.save_draft(self.course_id, self.exercise_id, text, base=self.base)
                    self.writes += 1
                    kept = True
                else:
                    # Writes are applied in order, so any draft of ours is older than this revision.
                    self.store.clear_draft(self.course_id, self.exercise_id)
                self.error = None
            except StorageError as error:
                self.error = problem = str(error)
        # Outside the lock: telling the UI may wait for the UI thread, which may be waiting for the lock.
        if problem is not None:
            self._report(op, problem)
        elif kept and self.on_kept is not None:
            self.on_kept()

    def _report(self, op: str, message: str) -> None:
        what = "Your draft could not be kept safe" if op == "save" else "An old draft could not be removed"
        try:
            app = self.screen.app
            if threading.current_thread() is threading.main_thread():
                app.notify(message, title=what, severity="warning", markup=False, timeout=12)
            else:
                app.call_from_thread(app.notify, message, title=what, severity="warning", markup=False, timeout=12)
        except Exception:  # the app is closing: the message has nowhere to go
            pass
