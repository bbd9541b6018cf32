"""The reference for start-up and memory (P1, P7): a minimal Textual app (Header, Static, Footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

TEXT = "A minimal Textual app for reference"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(TEXT)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
