"""The reflection editor: prompt and guidance beside (wide) or above (narrow) the writing.

Nothing a learner writes is ever lost:

- the draft is autosaved about a second after the first unsaved keystroke,
  also while typing without pause, by a thread worker (``autosave.DraftKeeper``);
- ``ctrl+s`` saves a revision; leaving (escape, another screen, ctrl+q) saves
  one when the text changed: there is no "discard?";
- on open, a newer draft (this device's, or another device's) is offered back;
- a revision always names the current heads as parents, so saving on a
  reflection edited on two devices joins them; nothing is deleted.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import tempfile
from datetime import datetime

from rich.cells import cell_len
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import ScreenSuspend
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static, TextArea

from growthcourse.course.model import Reflection
from growthcourse.progress import ReflectionFacts, Revision, count_words
from growthcourse.store import events as ev
from growthcourse.store.datastore import Drafts
from growthcourse.store.drafts import Draft
from growthcourse.tui.exercises.autosave import AUTOSAVE_DELAY, DraftKeeper
from growthcourse.progress.wording import to_local
from growthcourse.tui.exercises.common import ExerciseScreenBase, day_words, when_words
from growthcourse.tui.session import Session
from growthcourse.tui.text import literal
from growthcourse.tui.widgets.markdown_text import CourseMarkdown

WORD_COUNT_DELAY = 0.15
"""The word count follows typing this closely (counting a long text on every key would be wasteful)."""


def markdown_language() -> str | None:
    """"markdown" when tree-sitter and its Markdown grammar are installed, else None (plain text)."""
    if importlib.util.find_spec("tree_sitter") and importlib.util.find_spec("tree_sitter_markdown"):
        return "markdown"
    return None


def words_words(words: int, min_words: int) -> str:
    """'42 / 50 words', '52 / 50 words ✓', or '42 words' when there is no minimum."""
    if not min_words:
        return f"{words} word{'' if words == 1 else 's'}"
    return f"{words} / {min_words} words" + (" ✓" if words >= min_words else "")


def draft_time(draft: Draft) -> datetime | None:
    try:
        return datetime.fromisoformat(draft.wall.replace("Z", "+00:00"))
    except ValueError:
        return None


def draft_to_offer(drafts: Drafts, current: Revision | None, saved_text: str) -> Draft | None:
    """The newest draft worth offering back: its text differs from the saved text, and it was
    written after the current revision (or continues it)."""
    offers = []
    for draft in (drafts.own, drafts.other):
        if draft is None or draft.text == saved_text or not draft.text.strip():
            continue
        if current is None or current.event.hlc < draft.hlc or draft.base == current.id:
            offers.append(draft)
    return max(offers, key=lambda d: (d.hlc.ms, d.hlc.counter)) if offers else None


class ReflectionScreen(ExerciseScreenBase):
    AUTO_FOCUS = "#editor"
    BINDINGS = [
        Binding("escape", "leave", "Back", tooltip="Back (your writing is saved)"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "history", "Versions"),
        Binding("ctrl+b", "toggle_share", "Share", tooltip="Bring to my next session"),
        Binding("ctrl+o", "external_editor", "Own editor", show=False),
        Binding("ctrl+t", "two_devices", "Compare two devices", show=False),
    ]
    DEFAULT_CSS = """
    ReflectionScreen {
        #reflection { height: 1fr; }
        #guide { height: auto; max-height: 8; padding: 0 2; }
        #guidance { margin-top: 1; }  /* apart from the prompt, also without colour */
        #writing { height: 1fr; padding: 0 1; }
        #editor { height: 1fr; min-height: 5; }
        .bar { height: auto; padding: 0 1; margin-bottom: 1; }
        .bar Static { width: 1fr; }
        .bar Button { margin-right: 2; }
        .bar .buttons { height: 1; }
        #offer { border: round $accent; display: none; }
        #conflict { border: round $warning; display: none; }
        #offer.-shown, #conflict.-shown { display: block; }
        #status { height: 1; }
        #words { width: auto; padding: 0 1; }
        #save-state { width: 1fr; color: $text-muted; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
        #share { width: auto; }
    }
    ReflectionScreen.-wide {
        #reflection { layout: horizontal; }
        #guide { width: 38%; height: 1fr; max-height: 100%; border-right: vkey $primary; }
        #writing { width: 1fr; }
    }
    """

    exercise: Reflection

    def __init__(
        self,
        exercise: Reflection,
        session: Session,
        *,
        autosave: bool = True,
        autosave_delay: float = AUTOSAVE_DELAY,
    ) -> None:
        super().__init__(exercise, session)
        facts = self._facts()
        self._saved_text = facts.text if facts is not None else ""
        self._offer: Draft | None = None
        self._word_timer = None
        self._words_shown = ""
        self._save_state = ""
        """The words the save status shows."""
        self.drafts = DraftKeeper(
            self,
            session.store if session.can_record else None,
            session.course.id,
            exercise.id,
            get_text=lambda: self.editor.text,
            enabled=autosave and session.can_record,
            delay=autosave_delay,
            on_kept=self._draft_kept,
        )
        self.drafts.base = facts.current.id if facts is not None and facts.current is not None else None

    # -- building ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        exercise = self.exercise
        yield from self.header()
        with Vertical(id="reflection"):
            with VerticalScroll(id="guide"):
                yield self.title_widget()
                yield CourseMarkdown(exercise.prompt, id="prompt")
                if exercise.guidance:
                    yield CourseMarkdown(exercise.guidance, id="guidance")
            with Vertical(id="writing"):
                with Vertical(id="offer", classes="bar"):
                    yield Static(id="offer-text", markup=False)
                    with Horizontal(classes="buttons"):
                        yield Button("Use it", id="use-draft", compact=True)
                        yield Button("Not now", id="skip-draft", compact=True)
                with Horizontal(id="conflict", classes="bar"):
                    yield Static(
                        Content("⚠ Edited on two devices: both versions are kept. "
                                "Compare them and keep one, or write them into one."),
                        id="conflict-text",
                    )
                    yield Button("Compare", id="compare", compact=True)
                self._editor = self._make_editor()
                yield self._editor
                with Horizontal(id="status"):
                    yield Static(id="words")
                    yield Static(id="save-state")
                    yield Button(self._share_label(), id="share", compact=True)
            yield self.done_note()
        yield Footer()

    def _make_editor(self) -> TextArea:
        editor = TextArea(self._saved_text, soft_wrap=True, tab_behavior="focus", id="editor",
                          placeholder="Write here, in your own words. It is kept as you type.")
        language = markdown_language()
        if language:
            try:
                editor.language = language
            except Exception:  # a grammar that fails to load: plain text is fine
                pass
        return editor

    @property
    def editor(self) -> TextArea:
        return self._editor  # kept: still readable while the screen is being removed

    def on_mount(self) -> None:
        self.editor.move_cursor(self.editor.document.end)  # ready to go on writing
        self._show_words()
        self._show_saved(self._initial_state_words())
        self._show_conflict()
        self._offer_draft()
        if self._facts() is not None and self._facts().conflicted:
            self.call_after_refresh(self.action_two_devices)

    def _initial_state_words(self) -> str:
        if self.session.preview:
            return "Preview: writing here is not kept"
        facts = self._facts()
        if facts is None or facts.current is None:
            return "Not saved yet"
        return self._saved_words(facts.current.time)

    # -- facts --------------------------------------------------------------------

    def _facts(self) -> ReflectionFacts | None:
        return self.session.state.progress.reflections.get(self.exercise.id)

    @property
    def changed(self) -> bool:
        """The editor holds text that no revision holds yet."""
        return self.editor.text != self._saved_text

    @property
    def shared(self) -> bool:
        facts = self._facts()
        return facts is not None and facts.shared

    # -- typing ---------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """The keystroke path: only mark the draft dirty and schedule the word count."""
        self.drafts.touched()
        if self._word_timer is None:
            self._word_timer = self.set_timer(WORD_COUNT_DELAY, self._show_words)

    def _show_words(self) -> None:
        """Refresh the word count; redraw only when it changed, and lay the screen out again only
        when its width changed (a layout of a 10,000-word soft-wrapped editor costs milliseconds)."""
        self._word_timer = None
        shown = words_words(count_words(self.editor.text), self.exercise.min_words)
        if shown == self._words_shown:
            return
        same_width = cell_len(shown) == cell_len(self._words_shown)
        self._words_shown = shown
        self.query_one("#words", Static).update(Content(shown), layout=not same_width)

    def _saved_words(self, moment: datetime) -> str:
        """'Saved at 09:05' today, 'Saved Tue 24 Nov, 09:05' before."""
        local = to_local(moment, self.session.tz)
        if local.date() == to_local(self.session.clock(), self.session.tz).date():
            return f"Saved at {local.hour:02d}:{local.minute:02d}"
        return f"Saved {day_words(moment, self.session)}, {local.hour:02d}:{local.minute:02d}"

    class DraftKept(Message):
        """A draft was written (posted from the writing thread)."""

    def _draft_kept(self) -> None:
        self.post_message(self.DraftKept())  # thread-safe, never waits

    def on_reflection_screen_draft_kept(self, message: DraftKept) -> None:
        """Say the writing is safe, until it is saved as a version.

        A learner typing without a pause keeps a draft about once a second, and
        the words change once a minute: the status is updated only then (an
        update lays the whole screen out again, 10,000 words of soft-wrapped
        editor included).
        """
        local = to_local(self.session.clock(), self.session.tz)
        words = f"Draft kept at {local.hour:02d}:{local.minute:02d}"
        if words != self._save_state and self.changed:
            self._show_saved(words)

    def _show_saved(self, words: str) -> None:
        self._save_state = words
        self.query_one("#save-state", Static).update(Content(words))

    # -- drafts -----------------------------------------------------------------------

    def _offer_draft(self) -> None:
        store = self.session.store
        if not self.session.can_record or store is None:
            return
        facts = self._facts()
        drafts = store.load_drafts(self.session.course.id, self.exercise.id)
        for problem in drafts.problems:
            self.notify(problem, title="A draft could not be read", severity="warning", markup=False)
        offer = draft_to_offer(drafts, facts.current if facts else None, self._saved_text)
        if offer is None:
            return
        self._offer = offer
        where = ("on this device" if offer.device == store.device_id
                 else f"on {self.session.state.progress.device_label(offer.device)}")
        moment = draft_time(offer)
        when = f" from {when_words(moment, self.session)}" if moment else ""
        text = (f"Unsaved writing{when} {where} is here ({count_words(offer.text)} words). "
                "Would you like to continue it?")
        self.query_one("#offer-text", Static).update(literal(text))
        self.query_one("#offer").add_class("-shown")
        self.call_after_refresh(self._focus_offer)

    def _focus_offer(self) -> None:
        if self._offer is not None:
            self.query_one("#use-draft", Button).focus()  # Enter brings the draft back

    def on_screen_resume(self) -> None:
        self._focus_offer()

    def use_draft(self) -> None:
        offer = self._offer
        if offer is None:
            return
        self._offer = None
        self.query_one("#offer").remove_class("-shown")
        self.editor.load_text(offer.text)
        self.editor.move_cursor(self.editor.document.end)
        self.editor.focus()
        self._show_saved("Draft brought back (not saved as a version yet)")

    def skip_draft(self) -> None:
        self._offer = None
        self.query_one("#offer").remove_class("-shown")
        self.editor.focus()
        self._show_saved("The draft is kept; it will be offered again next time")

    # -- saving -------------------------------------------------------------------------

    def save_revision(self, text: str | None = None, *, announce: str | None = "Saved",
                      leaving: bool = False, say_failure: bool = True) -> bool:
        """Save ``text`` (default: the editor's) as a new revision naming every current head.

        False when it could not be written (the session keeps the reason; the
        text stays in the editor and its draft is kept).
        """
        text = self.editor.text if text is None else text
        facts = self._facts()
        parents = [head.id for head in facts.heads] if facts is not None else []
        data = {"exercise": self.exercise.id, "text": text, "parents": parents}
        if not self.record(ev.REFLECTION_SAVED, data, say_failure=say_failure):
            return False
        self._saved_text = text
        facts = self._facts()
        self.drafts.base = facts.current.id if facts and facts.current else None
        if leaving:
            self.drafts.clear_now(text)  # the app may be about to exit: not in a worker
        else:
            self.drafts.clear(text)
            self._show_conflict()
            self._show_saved(self._saved_words(facts.current.time))
        if announce:
            self.notify(f"{announce}: a new version with {count_words(text)} words is kept.", markup=False)
        return True

    def save_before_leaving(self, *, say_failure: bool = True) -> bool:
        """Leaving the editor (escape, another screen, quitting): keep changed writing as a revision.

        True when nothing is left unsaved.
        """
        if not (self.session.can_record and self.changed):
            return True
        return self.save_revision(announce="Your writing was saved", leaving=True, say_failure=say_failure)

    def keep_before_quitting(self) -> str | None:
        """The app is quitting: save changed writing as a version. None when nothing is left
        unsaved; otherwise what to tell the learner (where the writing is now, and why)."""
        if self.save_before_leaving(say_failure=False):  # the app says it all in one message
            return None
        reason = self.session.warning or "Your writing could not be saved."
        if self.drafts.save_now():
            where = ("Your writing is kept as a draft on this device and will be offered back when "
                     "you open this reflection again.")
        else:
            where = ("It could not be kept as a draft either: it is only in the editor now. "
                     "Copy it somewhere safe, or free some space and press ctrl+s.")
        self._show_saved("Not saved as a version: see the message")
        # The key to press first: a long message is cut at the bottom of a small terminal.
        return f"{where} Press ctrl+q again to quit anyway.\n\n{reason}"

    def action_save(self) -> None:
        if not self.session.can_record:
            self.notify("Preview: nothing is recorded.", markup=False)
            return
        if not self.changed and not (self._facts() and self._facts().conflicted):
            self.notify("Already saved: nothing new since the last version.", markup=False)
            return
        self.save_revision()

    def action_leave(self) -> None:
        if not self.save_before_leaving(say_failure=False):
            self.drafts.flush()
            reason = self.session.warning or ""
            self.notify("Your writing could not be saved as a version, so the editor stays open. "
                        f"Nothing is lost; try ctrl+s again in a moment.\n\n{reason}".rstrip(),
                        title="Still here", severity="warning", markup=False, timeout=15)
            return
        self.app.back()

    def on_screen_suspend(self, event: ScreenSuspend) -> None:
        """Another screen on top: a full screen means leaving (save a revision); a dialog
        (help, support, versions) means coming back soon (keep the draft now)."""
        if isinstance(self.app.screen, ModalScreen):
            self.drafts.flush()
        else:
            self.save_before_leaving()

    def on_unmount(self) -> None:
        self.drafts.cancel()
        self.save_before_leaving()

    def palette_commands(self):
        """Commands the app's palette offers while the editor is open."""
        from textual.app import SystemCommand

        yield SystemCommand("Save this reflection", "Keep the text as a new version (ctrl+s)", self.action_save)
        yield SystemCommand("Earlier versions", "See, compare and restore saved versions (ctrl+r)",
                            self.action_history)
        yield SystemCommand("Write in my own editor", "Open the text in $VISUAL or $EDITOR (ctrl+o)",
                            self.action_external_editor)
        yield SystemCommand("Bring to my next session", "Mark or unmark this reflection to share (ctrl+b)",
                            self.action_toggle_share)
        facts = self._facts()
        if facts is not None and facts.conflicted:
            yield SystemCommand("Compare the two devices' versions", "Keep one, or write them into one (ctrl+t)",
                                self.action_two_devices)

    # -- sharing ----------------------------------------------------------------------

    def _share_label(self) -> Content:
        return Content("[x] Bring to my next session" if self.shared else "[ ] Bring to my next session")

    def action_toggle_share(self) -> None:
        shared = not self.shared
        if self.record(ev.REFLECTION_SHARED, {"exercise": self.exercise.id, "shared": shared}):
            self.query_one("#share", Button).label = self._share_label()
            self.notify("Marked to bring to your next session." if shared
                        else "No longer marked for your next session.", markup=False)

    # -- two devices --------------------------------------------------------------------

    def _show_conflict(self) -> None:
        facts = self._facts()
        self.query_one("#conflict").set_class(bool(facts and facts.conflicted), "-shown")

    def action_two_devices(self) -> None:
        from growthcourse.tui.exercises.two_devices import TwoDevicesScreen

        facts = self._facts()
        if facts is None or not facts.conflicted:
            self.notify("This reflection has one current version: nothing to compare.", markup=False)
            return
        self.app.push_screen(TwoDevicesScreen(self.exercise, self.session, facts.heads), self._resolved)

    def _resolved(self, result: tuple[str, str] | None) -> None:
        if result is None:
            return
        how, text = result
        if how == "keep":
            self.drafts.cancel()
            if self.changed and self.editor.text.strip():
                # Writing done in the editor meanwhile is kept as a version first.
                self.save_revision(announce=None)
            self.editor.load_text(text)
            self.save_revision(text, announce="Kept that version")
        else:
            self.editor.load_text(text)
            self.editor.focus()
            self._show_saved("Both versions are in the editor: shape them into one, then ctrl+s")

    # -- history --------------------------------------------------------------------------

    def action_history(self) -> None:
        from growthcourse.tui.exercises.history import RevisionHistoryScreen

        facts = self._facts()
        if facts is None or not facts.revisions:
            self.notify("No saved versions yet: ctrl+s saves one.", markup=False)
            return
        self.drafts.flush()
        self.app.push_screen(RevisionHistoryScreen(self.exercise, self.session, facts), self._restore)

    def _restore(self, revision: Revision | None) -> None:
        if revision is None:
            return
        if self.changed and self.editor.text.strip():
            self.save_revision(announce=None)  # what was in the editor is kept as a version too
        self.editor.load_text(revision.text)
        self.save_revision(revision.text,
                           announce=f"Restored the version from {when_words(revision.time, self.session)}")

    # -- own editor -------------------------------------------------------------------------

    def action_external_editor(self) -> None:
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            self.notify("Set VISUAL or EDITOR to the editor you like (for example nano) to write there.",
                        title="No editor chosen", markup=False, timeout=10)
            return
        text = self.editor.text
        fd, path = tempfile.mkstemp(prefix="growthcourse-", suffix=".md")  # 0600: private writing
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.drafts.flush()
            try:
                with self.app.suspend():
                    result = subprocess.run([*shlex.split(command), path], check=False)
            except SuspendNotSupported:
                self.notify("This terminal cannot hand over to another editor. Keep writing here; "
                            "nothing is lost.", title="Own editor not available", markup=False, timeout=10)
                return
            except OSError as error:
                self.notify(f"{command} could not be started: {error.strerror}.", title="Own editor",
                            severity="warning", markup=False, timeout=10)
                return
            with open(path, encoding="utf-8", errors="replace") as handle:
                new_text = handle.read()
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass
        if result.returncode != 0:
            self.notify(f"The editor ended with an error ({result.returncode}); your text here is unchanged.",
                        severity="warning", markup=False)
            return
        if new_text != text:
            self.editor.load_text(new_text)
            self.drafts.flush()
            self._show_saved("Brought back from your editor (not saved as a version yet)")

    # -- buttons ----------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "use-draft": self.use_draft,
            "skip-draft": self.skip_draft,
            "compare": self.action_two_devices,
            "share": self.action_toggle_share,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()
