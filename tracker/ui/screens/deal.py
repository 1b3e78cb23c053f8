"""A deal opened from the portfolio: the usual screens, where `escape` goes back."""

from __future__ import annotations

from textual.binding import Binding

from tracker.state.view import View
from tracker.ui.screens.main import MainScreen


class DealScreen(MainScreen):
    """A deal opened from the portfolio: the usual screen, where `escape` goes back."""

    BINDINGS = [
        Binding("escape", "clear", "Back", tooltip="Clear the filter, else back to the portfolio"),
    ]

    def action_clear(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif self.view != View():
            super().action_clear()
        else:
            self.app.pop_screen()
