"""`?`: every key with what it does, and what the glyphs in the table mean."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from tracker.status import SEVERITY, Status
from tracker.text import cells
from tracker.ui.keys import Moving, keys_of, moving_of
from tracker.ui.render import DISPUTED, HEAD, STALE, status
from tracker.ui.screens.base import SCROLL_KEYS, scroll_lines
from tracker.ui.screens.dialog import DialogScreen

_MEANING = {
    Status.done: "delivered, or the offer was accepted",
    Status.on_track: "under way and keeping up with its plan",
    Status.behind: "under way but short of its plan, or suspended",
    Status.overdue: "its due date has passed and it is not done",
    Status.waiting: "a condition it depends on is not met yet",
    Status.rejected: "rejected, cancelled or breached",
    Status.upcoming: "nothing reported yet, nothing due yet",
    Status.unknown: "the plan says it should be under way; nothing reported",
    Status.breached: "a limit in force is breached by its last reading",
    Status.blocked: "a decision (a block, an injunction, a veto) stops it or what it waits on",
    Status.at_risk: "due soon with a condition unmet or its plan behind",
    Status.contingent: "owed only if a trigger happens; not counted in progress",
    Status.lapsed: "its trigger can no longer happen; not owed",
}

Row = tuple[Content, Content]
"""A key (or glyph) and what it means; the meaning wraps under itself, not under the key."""


def help_sections(moving: Moving, bindings: list[tuple[str, Binding]]) -> list[tuple[str, list[Row]]]:
    """The help: the keys of the screen's widgets, its live bindings, then the legend of glyphs."""
    keys = list(moving) + [(key, binding.tooltip or binding.description) for key, binding in bindings]
    legend = [(status(s), Content(_MEANING[s])) for s in SEVERITY] + [
        (Content(DISPUTED), Content("sources disagree (both claims are kept)")),
        (Content(STALE), Content("stale: nothing reported for longer than the deal allows")),
        (Content("█░"), Content("bars: █ delivered, ░ still to deliver")),
    ]
    return [("Keys", [(Content.styled(k, "bold"), Content(text)) for k, text in keys]), ("Status", legend)]


class HelpText(Widget):
    """The sections in one widget: each key, and what it does wrapped under itself. (A row
    of two `Static`s in a `Horizontal` cost three widgets to mount, style and lay out; the
    help's ninety made `?` take 300 ms on a busy machine.)"""

    DEFAULT_CSS = "HelpText { height: auto; }"

    def __init__(self, sections: list[tuple[str, list[Row]]]) -> None:
        super().__init__()
        self._sections = sections
        # One key column for every section, two cells wider than the widest key.
        self._key_width = max(cells(key.plain) for _, rows in sections for key, _ in rows) + 2
        self._wrapped: tuple[int, list[Content]] = (-1, [])

    def lines(self, width: int) -> list[Content]:
        """The help at `width` cells, a line each; a blank line before every heading but
        the first, and before the closing hint."""
        if self._wrapped[0] != width:
            keys, lines = self._key_width, []
            for n, (heading, rows) in enumerate(self._sections):
                lines += [Content("")] * (n > 0) + [Content.styled(heading, HEAD)]
                for key, text in rows:
                    first, *rest = text.wrap(max(1, width - keys)) or [Content("")]
                    lines.append(key.pad_right(keys - cells(key.plain)) + first)
                    lines += [Content(" " * keys) + line for line in rest]
            lines += [Content(""), Content.styled("escape, q or ? closes this", "$text-muted")]
            self._wrapped = (width, lines)
        return self._wrapped[1]

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))


class HelpScreen(DialogScreen[None]):
    """The keys of the screen it was opened from, and the legend."""

    DEFAULT_CSS = """
    HelpScreen #help-body { width: 84; max-height: 100%; }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", tooltip="Close the help"),
        *SCROLL_KEYS,
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self._under = under

    def action_scroll_lines(self, lines: int) -> None:
        scroll_lines(self, lines)

    def _keys_of_under(self) -> list[tuple[str, Binding]]:
        # The list the command palette shows too (`keys_of`), so the two never disagree.
        return [(key.keys, key.binding) for key in keys_of(self._under)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield HelpText(help_sections(moving_of(self._under), self._keys_of_under()))
