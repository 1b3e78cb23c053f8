"""What needs a look: overdue, behind, rejected, waiting, unknown, disputed or stale rows."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tracker.evaluate import Status
from tracker.rollup import Evaluation, Row
from tracker.ui.render import DISPUTED, STALE, plain, status
from tracker.ui.view import SEVERITY


def attention_rows(evaluation: Evaluation) -> list[Row]:
    """The rows needing attention, the most serious first (file order breaks ties)."""
    return sorted(evaluation.attention, key=lambda r: SEVERITY.index(r.state.status))


def prompt(row: Row) -> Content:
    """`✗ overdue  ≠ First 1,500 …`: status, flags (before the title, which may be cut)."""
    state = row.state
    flags = (f"{DISPUTED} " if state.disputes else "") + (f"{STALE} " if row.stale else "")
    if state.status is Status.done:
        shown = Content.styled(f"{DISPUTED} disputed".ljust(11), "$text-warning")
        flags = flags.replace(f"{DISPUTED} ", "")
    else:
        shown = status(state.status, 11)
    return Content.assemble(shown, (flags, "$text-warning"), plain(row.milestone.title))


class AttentionPane(OptionList):
    """The attention list; enter (or a click) jumps to that milestone in the table."""

    evaluation: var[Evaluation | None] = var(None, init=False)

    @dataclass
    class Jump(Message):
        """Show this milestone in the table and the detail pane."""

        milestone: str

    def watch_evaluation(self, evaluation: Evaluation | None) -> None:
        if evaluation is None:
            return
        rows = attention_rows(evaluation)
        highlighted = self.highlighted
        self.clear_options()
        self.border_title = f"Needs attention ({len(rows)})" if rows else "Nothing needs attention"
        self.add_options([Option(prompt(r), id=r.milestone.id) for r in rows])
        if rows:
            self.highlighted = min(highlighted or 0, len(rows) - 1)

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Jump(event.option.id))
