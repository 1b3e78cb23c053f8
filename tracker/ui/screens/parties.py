"""`p`: what each party owes, what it has delivered, and what is owed to it."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from tracker.evaluate import Delivered, Evaluation, PartyRollup
from tracker.state.session import Session
from tracker.status import GLYPH, SEVERITY
from tracker.text import bar, clip, fit
from tracker.text import cells as cell_len
from tracker.ui.render import STYLE, plain, status
from tracker.ui.screens.base import SessionScreen
from tracker.ui.widgets.footer import KeysFooter
from tracker.ui.widgets.tall import TallText
from tracker.words import fraction, of, word


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
        if used > len(f"owes {party.owes}: ") and used + cell_len(text) + 2 > width:  # with its gap
            lines.append(Content.assemble(*line))
            line, used = [Content("    ")], 4
        line += [Content.styled(text, style), Content("  ")]
        used += cell_len(text) + 2
    return [*lines, Content.assemble(*line)]


def _delivered(d: Delivered, width: int) -> Content:
    """`█████░░░ 850 of 5,000 prisoners`, or `none reported of 31,000 troops`: no report is
    not the same as none delivered."""
    size = max(6, min(30, width - 40))
    return plain(f"{bar((d.actual or 0) / d.target if d.target else 0.0, size)} "
                 f"{clip(of(d.actual, d.target, d.unit), width - size - 1)}")


def _measure(party: PartyRollup) -> tuple[int, int]:
    """The widest amount (`850/1,500`) and the longest title among the milestones it owes."""
    column = max((cell_len(fraction(r.state)) for r in party.rows), default=0)
    longest = max((cell_len(clip(r.milestone.title, 999)) for r in party.rows), default=0)
    return column, longest


class PartyLines:
    """One party: name, what it owes by status, delivered quantities, then each milestone it
    owes with how much of it is delivered (all from the roll-up: no scan of other rows).
    The milestones' lines are laid out when asked for: a party may owe thousands."""

    def __init__(self, party: PartyRollup, width: int, measured: tuple[int, int], wrap: bool) -> None:
        self.party = party
        role = plain(party.role, "$text-muted")
        roles = (role.wrap(width) if wrap else [role]) if party.role else []
        self.head = [_header(party, width), *roles, *_owes(party, width),
                     *(_delivered(d, width) for d in party.delivered)]
        self.column, longest = measured
        # `⧗ contingent ` takes 13 cells: the mark column fits the party's longest status.
        self.marks = max([11] + [len(word(s)) + 3 for s, n in party.counts.items() if n])
        self.title = max(10, min(longest, width - 2 - self.marks - (self.column + 2 if self.column else 0)))

    def __len__(self) -> int:
        return len(self.head) + len(self.party.rows)

    def line(self, at: int) -> Content:
        if at < len(self.head):
            return self.head[at]
        row = self.party.rows[at - len(self.head)]
        amount = f"  {fraction(row.state):>{self.column}}" if self.column else ""
        return Content.assemble("  ", status(row.state.status, self.marks), plain(fit(row.milestone.title, self.title)),
                                amount)


def party_lines(party: PartyRollup, width: int) -> list[Content]:
    """Every line of `PartyLines`, the role left whole (a screen wraps it)."""
    lines = PartyLines(party, width, _measure(party), wrap=False)
    return [lines.line(at) for at in range(len(lines))]


class PartiesLayout:
    """Every party's lines, each party followed by a blank line."""

    def __init__(self, parties: tuple[PartyRollup, ...], width: int, measured: list[tuple[int, int]]) -> None:
        self.parties = [PartyLines(p, width, m, wrap=True) for p, m in zip(parties, measured)]
        self.starts = list(accumulate((len(p) + 1 for p in self.parties), initial=0))

    def __len__(self) -> int:
        return self.starts[-1]

    def line(self, at: int) -> Content:
        which = bisect_right(self.starts, at) - 1
        offset = at - self.starts[which]
        lines = self.parties[which]
        return lines.line(offset) if offset < len(lines) else Content("")


class PartiesScreen(SessionScreen):
    """Follows the session, so time travel works here too."""

    VIEW = "Parties"
    DEFAULT_CSS = "#parties-body { padding: 0 1; }"
    BINDINGS = [Binding("escape,p", "app.pop_screen", "Back", tooltip="Back to the milestones")]

    def __init__(self) -> None:
        super().__init__()
        self._measured: tuple[Evaluation, list[tuple[int, int]]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="view-title", markup=False)
        yield TallText(id="parties-body")
        yield KeysFooter(compact=True)

    def _show(self, session: Session) -> None:
        width = self.size.width - 4  # padding, and the scrollbar when the parties run long
        evaluation = session.evaluation
        if self._measured is None or self._measured[0] is not evaluation:
            self._measured = (evaluation, [_measure(p) for p in evaluation.parties])
        layout = PartiesLayout(evaluation.parties, width, self._measured[1])
        self.query_one("#parties-body", TallText).show((evaluation, width), len(layout), layout.line)
