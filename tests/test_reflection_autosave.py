"""The reflection editor's draft status while typing on: it follows the clock and the saves.

The status is only redrawn when its words change (a draft is kept about once a
second while typing, the words change once a minute), so these tests check it
never stays behind: a new minute, and a draft kept after a saved version. And the
benchmark that measures one kept draft still runs.
"""

from __future__ import annotations

from exercisekit import FakeClock, exercise_app, exercise_course, open_exercise, open_store, screen_text
from tuikit import wait_for_text

COURSE = "practice-course"


async def test_the_draft_status_follows_the_minute_and_comes_back_after_a_save(tmp_path):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"first words")
        await wait_for_text(app, pilot, "Draft kept at 09:00")
        await screen.workers.wait_for_complete()
        kept = screen.drafts.writes

        await pilot.press(*" more")  # a second draft in the same minute: the status says the same
        for _ in range(60):
            await pilot.pause(0.05)
            if screen.drafts.writes > kept:
                break
        await screen.workers.wait_for_complete()
        assert store.load_drafts(COURSE, "w1-write").own.text == "first words more"
        assert "Draft kept at 09:00" in screen_text(app)

        clock.advance(minutes=1)
        await pilot.press(*" and on")
        await wait_for_text(app, pilot, "Draft kept at 09:01")
        await screen.workers.wait_for_complete()
        assert store.load_drafts(COURSE, "w1-write").own.text == "first words more and on"

        await pilot.press("ctrl+s")
        await wait_for_text(app, pilot, "Saved at 09:01")
        await screen.workers.wait_for_complete()
        await pilot.press(*" after")  # same minute as the last "Draft kept": still shown again
        await wait_for_text(app, pilot, "Draft kept at 09:01")
        await screen.workers.wait_for_complete()
        assert store.load_drafts(COURSE, "w1-write").own.text == "first words more and on after"


def test_the_per_draft_benchmark_runs_and_prints_the_cost_of_one_kept_draft() -> None:
    """Smoke run of ``typing_autosave.py --per-draft 1`` (no timing is asserted: speed lives in benchmarks/)."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "typing_autosave.py"
    result = subprocess.run([sys.executable, str(script), "--per-draft", "1", "--words", "2000"],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^idle: +\d+\.\d+ ms CPU per period$", result.stdout, re.M), result.stdout
    assert re.search(r"^one kept draft: +-?\d+\.\d+ ms CPU \(medians\)$", result.stdout, re.M), result.stdout


async def test_the_word_count_follows_typing_and_is_redrawn_only_when_it_changes(tmp_path):
    """Letters added inside a word leave the count as it was: nothing is redrawn (a redraw lays
    out a long soft-wrapped reflection again); a new word shows at once."""
    from textual.widgets import Static

    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"first words")
        await wait_for_text(app, pilot, "2 / ")
        words = screen.query_one("#words", Static)
        updates: list[bool] = []
        real = words.update
        words.update = lambda content, *, layout=True: (updates.append(layout), real(content, layout=layout))
        await pilot.press(*"mith")  # "wordsmith": still two words
        await pilot.pause(0.4)
        assert updates == []
        await pilot.press(*" again")
        await wait_for_text(app, pilot, "3 / ")
        assert updates == [False]  # "2 / 50 words" -> "3 / 50 words": same width, no new layout
