"""A text field whose cursor does not blink."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Input


class StillInput(Input):
    """Textual's `Input` with a steady cursor: a blinking one repaints the field every half
    second for as long as it has focus, so a form left open kept sending bytes (over SSH
    too) and never went quiet. The cursor is still drawn, in reverse, where it stands."""

    cursor_blink = reactive(False, init=False)
