"""The footer of every screen: Textual's, with its keys in the screen's first frame."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's compact footer, drawn with the screen rather than a frame after it.

    Textual's footer draws nothing until the screen announces its bindings, then draws
    again after the next refresh: at start the keys came about 70 ms after the rest of
    the first frame. The screen's and the app's keys, all the footer shows, are known when
    it is composed; the announcement, once focus is set, composes it again as before."""

    def compose(self) -> ComposeResult:
        self._bindings_ready = True  # Footer's own flag (textual 8.2): bindings are known
        yield from super().compose()
