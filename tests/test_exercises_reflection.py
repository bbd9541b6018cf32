"""Pilot tests of the reflection editor: words, saving, leaving, drafts, versions, two devices, sharing."""

from __future__ import annotations

from exercisekit import FakeClock, exercise_app, exercise_course, open_exercise, open_store, reopen, screen_text

from growthcourse.store import events as ev
from growthcourse.tui.exercises.history import RevisionHistoryScreen
from growthcourse.tui.exercises.reflection import ReflectionScreen, markdown_language, words_words
from growthcourse.tui.exercises.two_devices import TwoDevicesScreen
from growthcourse.tui.screens.support import SupportScreen

COURSE = "practice-course"


def _setup(tmp_path):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock)
    return clock, course, store


def notes(app) -> str:
    """Every notification the app has shown (and not yet expired), as one text."""
    return "\n".join(n.message for n in app._notifications)


def flat(text: str) -> str:
    """Screen text as one line, without box borders (wrapped sentences can be matched)."""
    return " ".join(text.replace("│", " ").split())


def _facts(tmp_path, course, clock, exercise="w1-write"):
    return reopen(course, tmp_path, clock).state.progress.reflections.get(exercise)


def test_words_words():
    assert words_words(42, 50) == "42 / 50 words"
    assert words_words(52, 50) == "52 / 50 words ✓"
    assert words_words(1, 0) == "1 word"


def test_markdown_highlighting_only_where_tree_sitter_is_installed():
    import importlib.util

    expected = "markdown" if importlib.util.find_spec("tree_sitter_markdown") and importlib.util.find_spec(
        "tree_sitter") else None
    assert markdown_language() == expected


async def test_prompt_shown_literally_and_word_count_follows_typing(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        assert isinstance(screen, ReflectionScreen)
        text = screen_text(app)
        assert "[bold]Take your" in text  # course text is data: markup shown as written
        assert "0 / 5 words" in text and "Not saved yet" in text
        await pilot.press(*"one two three")
        await pilot.pause(0.3)
        assert "3 / 5 words" in screen_text(app)
        await pilot.press(*" four five six")
        await pilot.pause(0.3)
        assert "6 / 5 words ✓" in screen_text(app)


async def test_ctrl_s_saves_a_revision_naming_the_current_head_and_clears_the_draft(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"I wanted to fix it")
        await pilot.pause(1.2)  # autosave has written the draft
        assert store.load_drafts(COURSE, "w1-write").own.text == "I wanted to fix it"
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert "a new version with 5 words is kept" in notes(app)
        await screen.workers.wait_for_complete()
        assert store.load_drafts(COURSE, "w1-write").own is None
        await pilot.press(*" right away.", "ctrl+s")
        await pilot.pause(0.3)
        await screen.workers.wait_for_complete()
    facts = _facts(tmp_path, course, clock)
    first, second = facts.revisions
    assert first.text == "I wanted to fix it" and first.parents == ()
    assert second.text == "I wanted to fix it right away." and second.parents == (first.id,)
    assert not facts.conflicted
    assert reopen(course, tmp_path, clock).exercise_done("w1-write")


async def test_autosave_happens_while_typing_without_a_pause(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        for character in "typing on and on without any pause":  # 10 keys a second, 3.5 s
            await pilot.press(character)
            await pilot.pause(0.1)
        await screen.workers.wait_for_complete()
        assert screen.drafts.writes >= 2  # a pure debounce would not have saved yet
        draft = store.load_drafts(COURSE, "w1-write").own
        assert draft is not None and "typing on and on".startswith(draft.text[:16])
        assert len(draft.text) >= len("typing on and on without any pause") - 12
    # Leaving saved it as a revision.
    assert _facts(tmp_path, course, clock).text == "typing on and on without any pause"


async def test_the_status_says_when_the_draft_is_kept_then_when_a_version_is_saved(tmp_path):
    from tuikit import wait_for_text

    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        assert "Not saved yet" in screen_text(app)
        await pilot.press(*"kept as I type")
        await wait_for_text(app, pilot, "Draft kept at 09:00")
        assert "kept as I type".startswith(store.load_drafts(COURSE, "w1-write").own.text)
        await pilot.press("ctrl+s")
        await wait_for_text(app, pilot, "Saved at 09:00")
        await screen.workers.wait_for_complete()
        assert "Draft kept" not in screen_text(app)


async def test_escape_saves_changed_text_and_saves_nothing_when_unchanged(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"I noticed my chest tighten", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReflectionScreen)
        screen = await open_exercise(pilot, app, "w1-write")
        assert "I noticed my chest tighten" in screen_text(app)
        assert screen.editor.cursor_location == screen.editor.document.end  # ready to write on
        await pilot.press("escape")
        await pilot.pause()
    facts = _facts(tmp_path, course, clock)
    assert [r.text for r in facts.revisions] == ["I noticed my chest tighten"]


async def test_ctrl_q_saves_the_writing_before_quitting(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"written just before quitting", "ctrl+q")
        await pilot.pause()
    assert _facts(tmp_path, course, clock).text == "written just before quitting"
    assert store.load_drafts(COURSE, "w1-write").own is None


async def test_switching_to_another_screen_saves_and_f2_while_typing_keeps_a_draft(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"hello", "f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)  # support is one key away, even while typing
        await screen.workers.wait_for_complete()
        assert store.load_drafts(COURSE, "w1-write").own.text == "hello"
        assert _facts(tmp_path, course, clock) is None  # a dialog is not leaving
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press(*" there")
        app.action_journal()  # another full screen: leaving the editor
        await pilot.pause()
    assert _facts(tmp_path, course, clock).text == "hello there"


async def test_a_newer_draft_is_offered_back_on_open(tmp_path):
    clock, course, store = _setup(tmp_path)
    store.append(COURSE, ev.REFLECTION_SAVED, {"exercise": "w1-write", "text": "saved text", "parents": []})
    clock.advance(minutes=5)
    store.save_draft(COURSE, "w1-write", "saved text and more I wrote before the crash")
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        text = flat(screen_text(app))
        assert "Unsaved writing from Thu 26 Nov 2026, 09:05 on this device is here (9 words)" in text
        assert screen.editor.text == "saved text"
        await pilot.click("#use-draft")
        await pilot.pause()
        assert screen.editor.text == "saved text and more I wrote before the crash"
        await pilot.press("escape")
        await pilot.pause()
    assert _facts(tmp_path, course, clock).text == "saved text and more I wrote before the crash"


async def test_another_devices_newer_draft_is_offered_too(tmp_path):
    clock, course, store = _setup(tmp_path)
    desktop = open_store(tmp_path, clock, device="b")
    desktop.append(COURSE, ev.LESSON_OPENED, {"module": "week-one", "lesson": "notice"})  # names the device
    clock.advance(minutes=1)
    desktop.save_draft(COURSE, "w1-write", "started on the desktop")
    app = exercise_app(course, open_store(tmp_path, clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        assert "on Desktop is here (4 words)" in flat(screen_text(app))
        await pilot.press("enter")  # "Use it" has the focus
        await pilot.pause()
        assert screen.editor.text == "started on the desktop"


async def test_revision_history_lists_device_and_time_and_restores_as_a_new_revision(tmp_path):
    clock, course, store = _setup(tmp_path)
    first = store.append(COURSE, ev.REFLECTION_SAVED, {"exercise": "w1-write", "text": "first words", "parents": []})
    clock.advance(hours=2)
    second = store.append(COURSE, ev.REFLECTION_SAVED,
                          {"exercise": "w1-write", "text": "second thoughts", "parents": [first.id]})
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RevisionHistoryScreen)
        text = screen_text(app)
        assert "Thu 26 Nov 2026, 11:00 · Laptop · 2 words · current" in text
        assert "Thu 26 Nov 2026, 09:00 · Laptop · 2 words" in text
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.query_one("#revision-text").text == "first words"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.editor.text == "first words"
    facts = _facts(tmp_path, course, clock)
    assert [r.text for r in facts.revisions] == ["first words", "second thoughts", "first words"]
    assert facts.revisions[-1].parents == (second.id,)


def _two_heads(tmp_path, clock, course):
    laptop = open_store(tmp_path, clock)
    desktop = open_store(tmp_path, clock, device="b")
    base = laptop.append(COURSE, ev.REFLECTION_SAVED, {"exercise": "w1-write", "text": "base", "parents": []})
    desktop.events(COURSE)
    clock.advance(minutes=10)
    a = laptop.append(COURSE, ev.REFLECTION_SAVED,
                      {"exercise": "w1-write", "text": "written on the laptop", "parents": [base.id]})
    b = desktop.append(COURSE, ev.REFLECTION_SAVED,
                       {"exercise": "w1-write", "text": "written on the desktop", "parents": [base.id]})
    return laptop, a, b


async def test_two_devices_shown_side_by_side_and_keeping_one_resolves(tmp_path):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    laptop, a, b = _two_heads(tmp_path, clock, course)
    assert _facts(tmp_path, course, clock).conflicted
    app = exercise_app(course, open_store(tmp_path, clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-write")
        await pilot.pause(0.3)
        assert isinstance(app.screen, TwoDevicesScreen)
        text = screen_text(app)
        assert "Edited on two devices: What I noticed" in text
        assert "written on the laptop" in text and "written on the desktop" in text
        assert "Laptop · Thu 26 Nov 2026, 09:10" in text and "Desktop · Thu 26 Nov 2026, 09:10" in text
        await pilot.click("#keep-2")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.editor.text in ("written on the desktop", "written on the laptop")
        assert "Edited on two devices" not in screen_text(app)
    facts = _facts(tmp_path, course, clock)
    assert not facts.conflicted
    assert len(facts.revisions) == 4  # nothing deleted
    kept = facts.current
    assert set(kept.parents) == {a.id, b.id}
    assert kept.text == next(r.text for r in facts.heads if r is kept)


async def test_two_devices_written_into_one(tmp_path):
    clock = FakeClock()
    course = exercise_course(tmp_path)
    laptop, a, b = _two_heads(tmp_path, clock, course)
    app = exercise_app(course, open_store(tmp_path, clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.pause(0.3)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is screen
        assert "written on the laptop" in screen.editor.text and "written on the desktop" in screen.editor.text
        screen.editor.load_text("laptop and desktop, in one")
        await pilot.press("ctrl+s")
        await pilot.pause()
    facts = _facts(tmp_path, course, clock)
    assert not facts.conflicted
    assert facts.text == "laptop and desktop, in one"
    assert set(facts.current.parents) == {a.id, b.id}


async def test_bring_to_my_next_session_toggle(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-write")
        assert "[ ] Bring to my next session" in screen_text(app)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert "[x] Bring to my next session" in screen_text(app)
        assert _facts(tmp_path, course, clock).shared
        await pilot.click("#share")
        await pilot.pause()
        assert "[ ] Bring to my next session" in screen_text(app)
    assert not _facts(tmp_path, course, clock).shared


async def test_own_editor_says_so_where_the_terminal_cannot_hand_over(tmp_path, monkeypatch):
    monkeypatch.setenv("VISUAL", "nano")
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"kept", "ctrl+o")
        await pilot.pause()
        assert "cannot hand over to another editor" in notes(app)
        assert screen.editor.text == "kept"


async def test_editor_commands_are_in_the_palette(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        titles = [command.title for command in app.get_system_commands(screen)]
        assert {"Save this reflection", "Earlier versions", "Write in my own editor",
                "Bring to my next session"} <= set(titles)
        await pilot.press(*"from the palette", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Save this reflection")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.screen is screen
    assert _facts(tmp_path, course, clock).text == "from the palette"


async def test_a_failed_save_keeps_the_editor_open_and_the_writing_in_it(tmp_path, monkeypatch):
    from growthcourse.store.fsutil import StorageError

    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"precious words")

        def full_disk(*args, **kwargs):
            raise StorageError("The disk is full.")

        monkeypatch.setattr(store, "record", full_disk)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.editor.text == "precious words"
        assert "the editor stays open" in notes(app) and "The disk is full." in notes(app)
        assert len(app._notifications) == 1  # said once, with the reason
        monkeypatch.undo()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
    assert _facts(tmp_path, course, clock).text == "precious words"


async def test_ctrl_q_when_saving_fails_keeps_the_app_open_and_says_why(tmp_path, monkeypatch):
    from growthcourse.store.fsutil import StorageError

    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"words I must not lose")

        def full_disk(*args, **kwargs):
            raise StorageError("The disk is full: could not save to the event log.")

        monkeypatch.setattr(store, "record", full_disk)
        await pilot.press("ctrl+q")
        await pilot.pause()
        # Still open, the writing still in the editor, and the learner is told why.
        assert app.is_running and app.screen is screen
        assert screen.editor.text == "words I must not lose"
        told = flat(notes(app))
        assert "The disk is full" in told
        assert "kept as a draft on this device" in told
        assert "Press ctrl+q again to quit anyway" in told
        assert len(app._notifications) == 1  # one message says it all
        assert store.load_drafts(COURSE, "w1-write").own.text == "words I must not lose"
        # Typing more and quitting asks again (the new words were not part of what they were told).
        await pilot.press(*" and more")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and screen.editor.text == "words I must not lose and more"
        assert store.load_drafts(COURSE, "w1-write").own.text == "words I must not lose and more"
        # A second, deliberate ctrl+q quits anyway.
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    monkeypatch.undo()
    assert _facts(tmp_path, course, clock) is None
    # Nothing is lost: the draft is offered back next time.
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, app, "w1-write")
        assert "Unsaved writing" in flat(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.editor.text == "words I must not lose and more"


async def test_ctrl_q_when_even_the_draft_cannot_be_kept_says_the_text_is_only_in_the_editor(
    tmp_path, monkeypatch
):
    from growthcourse.store.fsutil import StorageError

    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"only here")

        def read_only(*args, **kwargs):
            raise StorageError("The folder is read-only.")

        monkeypatch.setattr(store, "record", read_only)
        monkeypatch.setattr(store, "save_draft", read_only)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and screen.editor.text == "only here"
        told = flat(notes(app))
        assert "The folder is read-only" in told
        assert "only in the editor now" in told
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert _facts(tmp_path, course, clock).text == "only here"


async def test_coming_back_from_another_screen_keeps_saving_normally(tmp_path):
    clock, course, store = _setup(tmp_path)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        await pilot.press(*"before")
        app.action_progress()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press(*" and after", "ctrl+s")
        await pilot.pause()
        await screen.workers.wait_for_complete()
        assert "Saved at 09:00" in screen_text(app)
        assert store.load_drafts(COURSE, "w1-write").own is None
    assert [r.text for r in _facts(tmp_path, course, clock).revisions] == ["before", "before and after"]


def _large_history(tmp_path, monkeypatch, texts):
    """A store whose next read counts as large, so saved texts are left in the log (``store.stored``)."""
    from growthcourse.store import eventlog, stored

    clock, course, store = _setup(tmp_path)
    saved, parents = [], []
    for text in texts:
        event = store.append(COURSE, ev.REFLECTION_SAVED, {"exercise": "w1-write", "text": text, "parents": parents})
        saved.append(event)
        parents = [event.id]
        clock.advance(hours=1)
    monkeypatch.setattr(eventlog, "SHARE_FROM_BYTES", 0)
    monkeypatch.setattr(eventlog, "DEFER_CHARS", 20)
    monkeypatch.setattr(stored, "DEFER_CHARS", 20)
    return clock, course, saved


def _drop_lines(tmp_path, events) -> None:
    """The device's log without the lines of ``events`` (as if a sync engine replaced it by an odd copy)."""
    (log,) = (tmp_path / "data" / "devices").rglob("events-*.jsonl")
    ids = {f'"id":"{event.id}"'.encode() for event in events}
    kept = [line for line in log.read_bytes().splitlines(keepends=True) if not any(key in line for key in ids)]
    log.write_bytes(b"".join(kept))


async def test_an_earlier_version_that_cannot_be_read_now_is_said_and_not_restored(tmp_path, monkeypatch):
    clock, course, saved = _large_history(tmp_path, monkeypatch, ["the very first words I wrote here",
                                                                 "then second thoughts came along"])
    app = exercise_app(course, open_store(tmp_path, clock), clock, tmp_path)
    _drop_lines(tmp_path, saved[:1])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, app, "w1-write")
        assert screen.editor.text == "then second thoughts came along"  # kept in memory since the start
        await pilot.press("ctrl+r")
        await pilot.pause()
        text = flat(screen_text(app))
        assert "Laptop · cannot be read now" in text and "Laptop · 5 words · current" in text
        await pilot.press("down")
        await pilot.pause()
        shown = app.screen.query_one("#revision-text").text
        assert shown.startswith("(This version cannot be shown now.)") and "no longer holds that event" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RevisionHistoryScreen)  # nothing restored: the editor keeps its text
        assert "cannot be restored now" in notes(app)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.editor.text == "then second thoughts came along"
    assert [r.text for r in _facts(tmp_path, course, clock).revisions] == ["then second thoughts came along"]


async def test_a_current_text_that_cannot_be_read_never_opens_an_empty_editor(tmp_path, monkeypatch):
    from growthcourse.store.table import Columns

    clock, course, saved = _large_history(tmp_path, monkeypatch, ["words that are long enough to be left"])
    monkeypatch.setattr(Columns, "pin", lambda self, row: False)  # the log went away during the start
    app = exercise_app(course, open_store(tmp_path, clock), clock, tmp_path)
    _drop_lines(tmp_path, saved)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("w1-write")
        await pilot.pause()
        assert not isinstance(app.screen, ReflectionScreen)
        assert "This exercise cannot be opened now" in notes(app) and "close growthcourse" in notes(app)


async def test_the_first_version_saved_on_a_new_computer_is_shown_with_its_name_at_once(tmp_path):
    """The store names the computer before its first event; the app folds that too, so the
    history says "Laptop" straight away rather than a device id until the next start."""
    clock = FakeClock()
    course = exercise_course(tmp_path)
    store = open_store(tmp_path, clock, started=False)
    app = exercise_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.session.start_course()
        await pilot.pause()
        screen = await open_exercise(pilot, app, "w1-write")
        screen.editor.text = "written on a new computer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Laptop · 5 words · current" in screen_text(app)
        assert app.session.state.progress.device_label(store.device_id) == "Laptop"
