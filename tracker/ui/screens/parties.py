"""`p`: what each party owes, what it has delivered, and what is owed to it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tracker.explain import day
from tracker.rollup import PartyRollup
from tracker.ui.render import STYLE, bar, clip, plain, status
from tracker.ui.session import Session
from tracker.ui.view import SEVERITY


def party_lines(party: PartyRollup, session: Session, width: int) -> list[Content]:
    """One party: name, counts, delivered quantities, then each milestone it owes."""
    role = next((p.role for p in session.loaded.deal.parties if p.id == party.id), "")
    signed = "signed the deal" if party.signatory else "bound by the deal without signing it"
    lines = [
        Content.assemble(plain(party.name, "bold $text-primary"), plain(f"  ({party.id}) · {signed}", "$text-muted")),
    ]
    if role:
        lines.append(plain(role))
    counts = [(f"{n} {s.value.replace('_', ' ')}", STYLE[s]) for s in SEVERITY if (n := party.counts.get(s))]
    owes = Content(f"owes {party.owes} · owed {party.owed_to}: ")
    lines.append(Content.assemble(owes, *[part for c in counts for part in (c, "  ")]))
    for d in party.delivered:
        fraction = (d.actual or 0) / d.target if d.target else 0.0
        done = "none reported" if d.actual is None else f"{d.actual:,}"
        lines.append(plain(f"{bar(fraction, max(6, min(30, width - 40)))} {done} of {d.target:,} {d.unit}"))
    for row in session.evaluation.rows:
        if row.milestone.party == party.id:
            lines.append(Content.assemble("  ", status(row.state.status, 11),
                                          plain(clip(row.milestone.title, max(10, width - 15)))))
    return lines


class PartiesScreen(Screen[None]):
    """Follows the session, so time travel works here too."""

    BINDINGS = [Binding("escape,p", "app.pop_screen", "Back", tooltip="Back to the milestones")]

    def compose(self) -> ComposeResult:
        yield Static(id="view-title", markup=False)
        with VerticalScroll(id="parties-body"):
            yield Static(id="parties")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "session", self._show)

    def on_resize(self) -> None:
        self._show(self.app.session)  # type: ignore[attr-defined]

    def _show(self, session: Session) -> None:
        width = self.size.width - 2
        self.query_one("#view-title", Static).update(
            Content.assemble(plain(session.loaded.deal.deal.title, "bold"), f"  parties as of {day(session.as_of)}"))
        lines: list[Content] = []
        for party in session.evaluation.parties:
            lines += [*party_lines(party, session, width), Content("")]
        self.query_one("#parties", Static).update(Content("\n").join(lines))
