"""Child side of the start-up benchmark (P1, P7): run an app and note when its start screen is painted.

    python benchmarks/_paint_probe.py OUT.json growthcourse [CLI ARGS...]
    python benchmarks/_paint_probe.py OUT.json minimal

The same probe is applied to both apps: it wraps ``App._display``, the one
place where Textual hands a compositor update of the screen to the driver
(this is what reaches the terminal), and stops the clock at the first call
made once the app's start screen is ready:

- ``growthcourse``: the real command line (``growthcourse.cli.main``: course
  check, data folder, event replay, then the app). Ready means: the dashboard
  is the app's base screen, its list of modules holds a row ``module-<id>``
  for every module of the course, each showing the state in words that the
  progress engine gives for that module, and the frame being displayed is the
  top screen's. When the dashboard is that top screen, the list must also have
  been laid out (a non-empty region). On a fresh data folder the top
  screen is the one-time welcome (About), shown over that dashboard (which is
  then composed with every state but not laid out until the welcome closes).
- ``minimal``: ``_minimal_app.MinimalApp`` (Header, Static, Footer). Ready
  means its screen's first frame.

The time (``time.monotonic()``, CLOCK_MONOTONIC, so comparable with the
parent's launch time) is written to OUT.json first; then, untimed, the probe
checks that the painted screen really shows what it should (every module title
and state in words for growthcourse; the Static's text for the minimal app),
records the result in OUT.json and exits the app.
"""

from __future__ import annotations

import html
import json
import re
import sys
import time
from pathlib import Path

from textual.app import App

_SVG_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def _screen_text(app: App) -> str:
    """The text of the current screen, from Textual's own SVG export."""
    svg = app.export_screenshot()
    return html.unescape("\n".join(_SVG_TEXT.findall(svg))).replace("\xa0", " ")


def _growthcourse_ready(app: App) -> bool:
    from textual.widgets.option_list import OptionDoesNotExist

    from growthcourse.tui.screens.dashboard import DashboardScreen
    from growthcourse.tui.widgets.module_list import ModuleList
    from growthcourse.tui.wording import module_state_words

    stack = app.screen_stack
    if not stack or not isinstance(stack[0], DashboardScreen):
        return False
    dashboard = stack[0]
    lists = dashboard.query(ModuleList)
    if not lists:
        return False
    rows = lists.first()
    if app.screen is dashboard and rows.region.area == 0:
        return False
    for view in app.session.state.modules:
        try:
            prompt = rows.get_option(f"module-{view.id}").prompt
        except OptionDoesNotExist:
            return False
        if module_state_words(view) not in str(prompt):
            return False
    return True


def _growthcourse_check(app: App) -> dict:
    from growthcourse.tui.screens.dashboard import DashboardScreen
    from growthcourse.tui.widgets.module_list import ModuleList
    from growthcourse.tui.wording import module_state_words

    top = app.screen
    on_dashboard = isinstance(top, DashboardScreen)
    text = _screen_text(app)
    missing = []
    shown = 0
    views = app.session.state.modules
    if on_dashboard:
        rows = top.query_one(ModuleList)
        scrolls = rows.max_scroll_y > 0  # a long course: the rows below the screen's edge are not checked
        for view in views:
            title = " ".join(view.module.title.split())[:30]
            words = module_state_words(view)[:30]
            if title in text and words in text:
                shown += 1
            elif not scrolls or shown == 0:
                missing.append(view.id)
    return {"top_screen": type(top).__name__, "modules": len(views),
            "modules_in_view": shown, "missing_on_screen": missing,
            "ok": on_dashboard and shown > 0 and not missing
            or (not on_dashboard and type(top).__name__ == "AboutScreen")}


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    which = argv[1]
    result: dict = {}

    if which == "minimal":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from _minimal_app import TEXT, MinimalApp

        def ready(app: App) -> bool:
            return True

        def check(app: App) -> dict:
            return {"ok": TEXT in _screen_text(app)}
    else:
        ready, check = _growthcourse_ready, _growthcourse_check

    original = App._display

    def _display(self: App, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        original(self, screen, renderable)
        if renderable is None or "painted" in result or screen is not self.screen:
            return
        if ready(self):
            result["painted"] = time.monotonic()
            out.write_text(json.dumps(result))

            def finish() -> None:
                result.update(check(self))
                out.write_text(json.dumps(result))
                self.exit()

            self.call_later(finish)

    App._display = _display  # type: ignore[method-assign]

    if which == "minimal":
        MinimalApp().run()
        return 0
    from growthcourse.cli import main as cli_main

    return cli_main(argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
