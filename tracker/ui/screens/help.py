"""`?`: every key with what it does, and what the glyphs in the table mean."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tracker.evaluate import Status
from tracker.ui.render import DISPUTED, STALE, status

_MOVING = [
    ("↑ ↓  j k", "move between milestones"),
    ("enter", "the selected milestone's detail, full screen (escape returns)"),
    ("tab  shift+tab", "next / previous pane (table, detail, attention)"),
    ("ctrl+p", "command palette: every action, searchable"),
]
_MEANING = {
    Status.done: "delivered, or the offer was accepted",
    Status.on_track: "under way and keeping up with its plan",
    Status.behind: "under way but short of its plan, or suspended",
    Status.overdue: "its due date has passed and it is not done",
    Status.waiting: "a condition it depends on is not met yet",
    Status.rejected: "rejected, cancelled or breached",
    Status.upcoming: "nothing reported yet, nothing due yet",
    Status.unknown: "the plan says it should be under way; nothing reported",
}


def help_content(bindings: list[tuple[str, Binding]]) -> Content:
    """The help text: keys from the live bindings, then the legend."""
    lines = [Content.styled("Keys", "bold $text-primary")]
    rows = _MOVING + [(key, binding.tooltip or binding.description) for key, binding in bindings]
    width = max(len(key) for key, _ in rows) + 2
    lines += [Content.assemble((key.ljust(width), "bold"), text) for key, text in rows]
    lines += [Content(""), Content.styled("Status", "bold $text-primary")]
    lines += [Content.assemble(status(s, 12), _MEANING[s]) for s in Status]
    lines += [
        Content(f"{DISPUTED}           sources disagree (both claims are kept)"),
        Content(f"{STALE}           stale: nothing reported for longer than the deal allows"),
        Content("█░          bars: █ delivered, ░ still to deliver"),
        Content(""),
        Content.styled("escape, q or ? closes this", "$text-muted"),
    ]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened from, and the legend."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", tooltip="Close the help"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self._under = under

    def compose(self) -> ComposeResult:
        seen: set[str] = set()
        bindings = []
        for binding in [*self._under.BINDINGS, *self.app.BINDINGS]:
            if isinstance(binding, Binding) and binding.description and binding.key not in seen:
                seen.add(binding.key)
                keys = [replace(binding, key=key.strip()) for key in binding.key.split(",")]
                bindings.append((" ".join(self.app.get_key_display(k) for k in keys), binding))
        with VerticalScroll(id="help-body"):
            yield Static(help_content(bindings))
