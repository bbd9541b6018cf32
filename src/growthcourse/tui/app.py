"""The growthcourse app: screens over one learner session.

Global keys: f1 help and f2 support (priority bindings, so they work even while
an editor has focus), ctrl+p the command palette, ctrl+q quit, escape back.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from growthcourse.tui.screens.dashboard import DashboardScreen
from growthcourse.tui.session import Session


def _course_commands():
    """The palette's course provider, imported when the palette first opens (not at start-up)."""
    from growthcourse.tui.commands import CourseCommands

    return CourseCommands


class GrowthcourseApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "growthcourse"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "Help", priority=True),
        Binding("f2", "support", "Support", priority=True),
    ]
    COMMANDS = App.COMMANDS | {_course_commands}

    state_version: reactive[int] = reactive(0, init=False)
    """Bumped whenever the session's state changes; screens watch it to redraw."""

    def __init__(
        self,
        session: Session,
        *,
        config_dir: Path | None = None,
        themes_dir: Path | None = None,
        clock_interval: float = 30.0,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.config_dir = config_dir
        self.export_dir = export_dir
        """Where exports for a counselling session go (None: Documents, else home)."""
        self.clock_interval = clock_interval
        self.theme_errors: list[str] = []
        self._saved_theme: str | None = None
        self._quit_anyway: list[str] | None = None
        """The unsaved texts the learner was told about when quitting (a second ctrl+q quits)."""
        self._setup_themes(themes_dir)

    @property
    def clock(self):
        """The clock the app reads the time from (injectable for tests and snapshots)."""
        return self.session.clock

    # -- start ---------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return DashboardScreen()

    def on_mount(self) -> None:
        if self.theme_errors:
            self.notify("\n".join(self.theme_errors), title="Some theme files were skipped", severity="error",
                        markup=False, timeout=20)
        if self.session.warning:
            self.notify(self.session.warning, title="About your data folder", severity="warning",
                        markup=False, timeout=15)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.session.first_start:
            self.open_about(welcome=True)
        self.call_after_refresh(self._start_course)
        self.set_interval(self.clock_interval, self.check_clock, name="clock")

    def on_ready(self) -> None:
        # The first frame is on screen: collect garbage again (paused by the launcher, commands/app.py),
        # and store this machine's parse of a large history for the next start (a first start did not wait).
        gc.enable()
        store = self.session.store
        if store is not None and store.has_cache_to_save():
            self.run_worker(store.save_cache, thread=True, group="log-cache", exit_on_error=False)

    def _start_course(self) -> None:
        if self.session.start_course():
            self.state_version += 1

    # -- themes --------------------------------------------------------------

    def _setup_themes(self, themes_dir: Path | None) -> None:
        """Register the shipped themes and pick the one remembered for this machine."""
        from growthcourse.tui.themes import load_themes, startup_theme

        if themes_dir is None:
            from growthcourse.resources import themes_dir as shipped

            themes_dir = shipped()
        themes, errors = load_themes(themes_dir)
        self.theme_errors = list(errors)
        for theme in themes:
            self.register_theme(theme)
        saved = self._read_config().get("theme")
        self._saved_theme = saved if isinstance(saved, str) else None
        self._start_with_theme(startup_theme(self._saved_theme, self.available_themes))

    def _start_with_theme(self, name: str) -> None:
        """Start in theme ``name`` the way Textual starts in its default theme.

        Assigning ``self.theme`` before the app runs would parse every stylesheet
        twice (once for the default theme, once more for this one), a visible
        part of the start-up time; here the first parse already uses ``name``.
        """
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{theme.name}", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    def _read_config(self) -> dict:
        from growthcourse.store.paths import ConfigError, read_config

        try:
            return read_config(self.config_dir)
        except ConfigError as error:
            self.theme_errors.append(str(error))
            return {}

    def _remember_theme(self, theme) -> None:
        if theme.name != self._saved_theme:
            self._saved_theme = theme.name
            self._save_theme(theme.name)

    def _save_theme(self, name: str) -> None:
        from growthcourse.store.fsutil import StorageError
        from growthcourse.store.paths import update_config

        try:
            update_config({"theme": name}, self.config_dir)
        except (StorageError, OSError) as error:
            self.notify(f"The theme is used now but could not be remembered: {error}",
                        severity="warning", markup=False)

    # -- time ----------------------------------------------------------------

    def check_clock(self) -> None:
        """Re-derive the state for the current time (a module may have opened), with any
        events another device synced meanwhile (the timer calls this every ``clock_interval``)."""
        synced = self.session.reload()
        if self.session.refresh() or synced:
            self.state_version += 1

    # -- navigation ----------------------------------------------------------

    def action_back(self) -> None:
        self.back()

    def back(self) -> None:
        if len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()

    def open_about(self, *, welcome: bool = False) -> None:
        from growthcourse.tui.screens.about import AboutScreen

        self.push_screen(AboutScreen(welcome=welcome))

    def open_module(self, module_id: str) -> None:
        from growthcourse.tui.screens.module import ModuleScreen

        self.push_screen(ModuleScreen(module_id))

    def open_lesson(self, module_id: str, lesson_id: str, *, replace: bool = False) -> None:
        """Show a lesson (of an open module) and record that it was opened, after it is painted."""
        from growthcourse.tui.screens.lesson import LessonScreen

        if not self.session.is_open(module_id):
            self.open_module(module_id)
            return
        screen = LessonScreen(module_id, lesson_id)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.call_after_refresh(self._record_lesson_opened, module_id, lesson_id)

    def _record_lesson_opened(self, module_id: str, lesson_id: str) -> None:
        warning = self.session.warning
        recorded = self.session.open_lesson(module_id, lesson_id)
        if recorded or self.session.warning != warning:
            self.state_version += 1  # the new place to resume, or the dashboard's warning
        if not recorded and self.session.warning != warning:
            # Said once, when saving first fails; the dashboard keeps showing it.
            self.notify(self.session.warning, title="About your data folder", severity="warning",
                        markup=False, timeout=15)

    def open_exercise(self, exercise_id: str) -> None:
        from growthcourse.store.fsutil import StorageError
        from growthcourse.tui.exercises import exercise_screen

        exercise = self.session.course.exercise(exercise_id)
        if exercise is None:
            return
        try:
            screen = exercise_screen(exercise, self.session)
        except StorageError as error:  # a saved text that cannot be read now (``store.stored``): never an empty editor
            self.notify(f"This exercise cannot be opened now. {error}", severity="error", markup=False, timeout=15)
            return
        self.push_screen(screen)

    async def action_quit(self) -> None:
        """Quit; a screen holding unsaved writing (the reflection editor) keeps it first.

        When that writing cannot be saved, the app stays open with the text in the
        editor and says why; a second ctrl+q (with the same text) quits anyway.
        """
        problems: list[str] = []
        unsaved: list[str] = []
        for screen in reversed(self.screen_stack):
            keep = getattr(screen, "keep_before_quitting", None)
            if keep is None:
                continue
            problem = keep()
            if problem is not None:
                problems.append(problem)
                unsaved.append(screen.editor.text)
        if problems and unsaved != self._quit_anyway:
            self._quit_anyway = unsaved
            self.notify("\n".join(problems), title="Your writing is not saved yet", severity="error",
                        markup=False, timeout=60)
            return
        self.exit()

    def action_journal(self) -> None:
        from growthcourse.tui.screens.journal import JournalScreen

        if not isinstance(self.screen, JournalScreen):
            self.push_screen(JournalScreen(self.session))

    def action_progress(self) -> None:
        from growthcourse.tui.screens.progress_view import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen(self.session))

    # -- export --------------------------------------------------------------

    def action_export(self) -> None:
        self._export(shared_only=False)

    def action_export_shared(self) -> None:
        self._export(shared_only=True)

    def _export(self, *, shared_only: bool) -> None:
        if self.session.preview:
            self.notify("Preview records nothing, so there is nothing to export.", markup=False)
            return
        self.run_worker(
            lambda: self._write_export(shared_only), thread=True, group="export", exit_on_error=False
        )

    def _write_export(self, shared_only: bool) -> None:
        from growthcourse.export.document import ExportError
        from growthcourse.store.fsutil import StorageError
        from growthcourse.tui.export_file import default_export_dir, export_for_session

        session = self.session
        folder = self.export_dir if self.export_dir is not None else default_export_dir()
        try:
            # A copy of the rows (not of the events): the learner may record more meanwhile.
            path = export_for_session(session.course, session.events.copy(), folder, now=session.clock(),
                                      tz=session.tz, shared_only=shared_only)
        except (StorageError, ExportError) as error:
            self.call_from_thread(self.notify, f"The export could not be saved. {error}", severity="error",
                                  markup=False, timeout=15)
            return
        self.call_from_thread(self.notify, f"Saved to {path}\nOpen it in a browser to read or print it.",
                              title="Exported for your session", markup=False, timeout=20)

    def action_help(self) -> None:
        from growthcourse.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.session.data_dir, screen=self.screen))

    def action_support(self) -> None:
        from growthcourse.tui.screens.support import SupportScreen

        if not isinstance(self.screen, SupportScreen):
            self.push_screen(SupportScreen(self.session.course.support))

    # -- command palette -----------------------------------------------------

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys for this screen and where your data is (F1)", self.action_help)
        yield SystemCommand("Support", "Who to contact if you need support (F2)", self.action_support)
        yield SystemCommand("About the course", "Description, author and version", self.open_about)
        yield SystemCommand(
            "Export for my counselling session",
            "Everything you wrote and did, as a printable page saved in your Documents folder",
            self.action_export,
        )
        yield SystemCommand(
            "Export what I marked to bring",
            "Only the reflections marked \"bring to my next session\", as a printable page",
            self.action_export_shared,
        )
        yield SystemCommand("Journal", "Everything you wrote and practised, newest first", self.action_journal)
        yield SystemCommand("Progress", "Modules, check-in charts, practice counts, next opening",
                            self.action_progress)
        # The screen's own commands (the reflection editor: save, versions, own editor...).
        screen_commands = getattr(screen, "palette_commands", None)
        if screen_commands is not None:
            yield from screen_commands()

