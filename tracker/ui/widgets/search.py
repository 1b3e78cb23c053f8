"""The one-line text filter that `/` opens under the table."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message

from tracker.ui.widgets.still import StillInput


class SearchInput(StillInput):
    """Filters as the user types; enter keeps the filter, escape drops it."""

    BINDINGS = [Binding("escape", "cancel", "Clear the filter", show=False)]
    DEFAULT_CSS = """
    SearchInput {
        height: 1;
        border: none;
        padding: 0 1;
        display: none;
        &:focus { border: none; }
    }
    """

    @dataclass
    class Cancelled(Message):
        """The user gave up on the filter."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(placeholder="filter: part of a title, id or party; enter keeps it, escape clears",
                         select_on_focus=False, **kwargs)  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
