"""The portfolio's list of deals: an option list that `j` and `k` move through, as the table."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class DealList(OptionList):
    """One option per deal; enter opens it (the screen listens for `OptionSelected`)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
