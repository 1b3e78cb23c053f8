"""`p`: what each party owes, what it has delivered, and what is owed to it."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from tracker.evaluate import GLYPH
from tracker.rollup import Delivered, PartyRollup
from tracker.text import bar, clip, fit
from tracker.ui.render import STYLE, plain, status
from tracker.ui.screens.base import SessionScreen
from tracker.ui.session import Session
from tracker.ui.view import SEVERITY
from tracker.words import fraction, word


def _header(party: PartyRollup, width: int) -> Content:
    """`Afghan government  (afghan-govt) · did not sign · is owed 2`, cut to `width`."""
    signed = "signed the deal" if party.signatory else "bound without signing"
    name = clip(party.name, width)
    rest = clip(f"  ({party.id}) · {signed} · is owed {party.owed_to}", width - cell_len(name))
    return Content.assemble(plain(name, "bold $text-primary"), plain(rest, "$text-muted"))


def _owes(party: PartyRollup, width: int) -> list[Content]:
    """`owes 8: ✗1 overdue  ▼1 behind ...`, the counts packed into lines of `width`."""
    counts = [(f"{GLYPH[s]}{n} {word(s)}", STYLE[s]) for s in SEVERITY if (n := party.counts.get(s))]
    lines, line, used = [], [Content(f"owes {party.owes}: ")], len(f"owes {party.owes}: ")
    for text, style in counts:
        if used > len(f"owes {party.owes}: ") and used + cell_len(text) > width:
            lines.append(Content.assemble(*line))
            line, used = [Content("    ")], 4
        line += [Content.styled(text, style), Content("  ")]
        used += cell_len(text) + 2
    return [*lines, Content.assemble(*line)]


def _delivered(d: Delivered, width: int) -> Content:
    """`█████░░░ 850 of 5,000 prisoners`, or `none reported of 31,000 troops`: no report is
    not the same as none delivered."""
    done = "none reported" if d.actual is None else f"{d.actual:,}"
    size = max(6, min(30, width - 40))
    return plain(f"{bar((d.actual or 0) / d.target if d.target else 0.0, size)} "
                 f"{clip(f'{done} of {d.target:,} {d.unit}', width - size - 1)}")


def party_lines(party: PartyRollup, session: Session, width: int) -> list[Content]:
    """One party: name, what it owes by status, delivered quantities, then each milestone
    it owes with how much of it is delivered."""
    role = next((p.role for p in session.loaded.deal.parties if p.id == party.id), "")
    lines = [_header(party, width)] + ([plain(role, "$text-muted")] if role else [])
    lines += _owes(party, width) + [_delivered(d, width) for d in party.delivered]
    rows = [r for r in session.evaluation.rows if r.milestone.party == party.id]
    amounts = {r.milestone.id: fraction(r.state) for r in rows}
    column = max(map(cell_len, amounts.values()), default=0)
    longest = max((cell_len(clip(r.milestone.title, 999)) for r in rows), default=0)
    title = max(10, min(longest, width - 13 - (column + 2 if column else 0)))
    for row in rows:
        amount = amounts[row.milestone.id]
        lines.append(Content.assemble("  ", status(row.state.status, 11), plain(fit(row.milestone.title, title)),
                                      f"  {amount:>{column}}" if column else ""))
    return lines


class PartiesScreen(SessionScreen):
    """Follows the session, so time travel works here too."""

    VIEW = "Parties"
    BINDINGS = [Binding("escape,p", "app.pop_screen", "Back", tooltip="Back to the milestones")]

    def compose(self) -> ComposeResult:
        yield Static(id="view-title", markup=False)
        with VerticalScroll(id="parties-body"):
            yield Static(id="parties")
        yield Footer(compact=True)

    def _show(self, session: Session) -> None:
        width = self.size.width - 4  # padding, and the scrollbar when the parties run long
        lines: list[Content] = []
        for party in session.evaluation.parties:
            lines += [*party_lines(party, session, width), Content("")]
        self.query_one("#parties", Static).update(Content("\n").join(lines))
