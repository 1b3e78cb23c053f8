"""`f` on the portfolio: show only deals and items in some statuses, or holding some text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, SelectionList

from tracker.state.portview import PortView
from tracker.status import Status
from tracker.ui.screens.dialog import DialogScreen
from tracker.ui.widgets.still import StillInput
from tracker.words import label


class PortfolioFilterScreen(DialogScreen[PortView | None]):
    """A list of statuses to tick (space), the text to find, then Apply; escape leaves the
    view as it was."""

    DEFAULT_CSS = """
    PortfolioFilterScreen #portfolio-filter-form { width: 50; max-width: 95%; max-height: 100%; }
    PortfolioFilterScreen SelectionList { height: auto; max-height: 13; border: none; padding: 0;
                                          &:focus { border: none; } }
    PortfolioFilterScreen Label { width: 100%; }
    PortfolioFilterScreen Input { margin: 1 0; }
    PortfolioFilterScreen #portfolio-filter-buttons { height: 1; }
    PortfolioFilterScreen #portfolio-filter-buttons Button { margin: 0 1 0 0; }
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without changing the filter")]

    def __init__(self, totals: dict[Status, int], view: PortView) -> None:
        super().__init__()
        self._totals = totals
        """Milestones in each status across the portfolio, said beside each choice."""
        self._view = view

    def compose(self) -> ComposeResult:
        # Only the statuses some milestone has (or that were chosen): the list fits in 20 lines.
        choices = [(self._prompt(s, s in self._view.statuses), s, s in self._view.statuses)
                   for s, n in self._totals.items() if n or s in self._view.statuses]
        with Vertical(id="portfolio-filter-form", classes="dialog"):
            yield Label("Deals with a milestone that is (space ticks):")
            yield SelectionList[Status](*choices, id="portfolio-statuses")
            yield StillInput(self._view.text, placeholder="and holding this text (a title, file or id)",
                        select_on_focus=False, compact=True, id="portfolio-text")
            with Horizontal(id="portfolio-filter-buttons"):
                yield Button("Apply", variant="primary", compact=True, id="apply")
                yield Button("Show all", compact=True, id="all")

    def _prompt(self, status: Status, chosen: bool) -> str:
        # The tick box differs by colour alone: the word says it too.
        return f"{label(status)} ({self._totals.get(status, 0):,})" + ("  ◂ chosen" if chosen else "")

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[Status]) -> None:
        status = event.selection.value
        event.selection_list.replace_option_prompt_at_index(
            event.selection_index, self._prompt(status, status in event.selection_list.selected))

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @on(Button.Pressed, "#apply")
    @on(Input.Submitted)
    def apply(self) -> None:
        statuses = self.query_one("#portfolio-statuses", SelectionList).selected
        self.dismiss(PortView(self.query_one(Input).value, frozenset(statuses)))

    @on(Button.Pressed, "#all")
    def show_all(self) -> None:
        self.dismiss(PortView())
