"""`f`: show only one status, kind or party (a small form over the main screen)."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Select

from tracker.evaluate import Evaluation
from tracker.safe import printable
from tracker.state.view import View
from tracker.status import SEVERITY, Status
from tracker.terms import Kind
from tracker.ui.screens.dialog import DialogScreen
from tracker.words import label


class FilterScreen(DialogScreen[View | None]):
    """Three choices, each "any" by default: enter opens a list, tab moves on to Apply;
    escape leaves the view as it was."""

    DEFAULT_CSS = """
    #filter-form { width: 50; max-width: 95%; }
    #filter-buttons { height: auto; }
    #filter-buttons Button { margin: 0 1 0 0; }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without changing the filter")]

    def __init__(self, evaluation: Evaluation, view: View) -> None:
        super().__init__()
        self._evaluation = evaluation
        self._view = view

    def compose(self) -> ComposeResult:
        counts = self._evaluation.counts
        statuses = [(f"{label(s)} ({counts.get(s, 0)})", s) for s in SEVERITY]
        kinds = sorted({r.milestone.kind for r in self._evaluation.rows}, key=list(Kind).index)
        parties = [(Content(printable(f"{p.name} ({p.id})")), p.id) for p in self._evaluation.deal.parties]
        with Vertical(id="filter-form", classes="dialog"):
            yield Label("Show only")
            yield Select(statuses, prompt="any status", value=self._view.status or Select.NULL, id="status")
            yield Select([(k.value, k) for k in kinds], prompt="any kind",
                         value=self._view.kind or Select.NULL, id="kind")
            yield Select(parties, prompt="any party", value=self._view.party or Select.NULL, id="party")
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Show all", id="all")

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    def _value(self, ident: str) -> object:
        value = self.query_one(f"#{ident}", Select).value
        return None if value is Select.NULL else value

    @on(Button.Pressed, "#apply")
    def apply(self) -> None:
        status, kind, party = (self._value(name) for name in ("status", "kind", "party"))
        self.dismiss(replace(self._view, status=status if isinstance(status, Status) else None,
                             kind=kind if isinstance(kind, Kind) else None,
                             party=party if isinstance(party, str) else None))

    @on(Button.Pressed, "#all")
    def show_all(self) -> None:
        self.dismiss(replace(self._view, status=None, kind=None, party=None))
