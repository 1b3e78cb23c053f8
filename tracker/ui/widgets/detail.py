"""Everything about the selected milestone: why it stands where it does, and the record."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from tracker.evaluate import State
from tracker.explain import amount, day, days
from tracker.rollup import Evaluation, Row
from tracker.ui.render import bar, plain, status

_HEAD = "bold $text-primary"


def detail_content(row: Row, evaluation: Evaluation, width: int) -> Content:
    """The detail of one row as lines of content, most telling first."""
    state, m = row.state, row.milestone
    names = {p.id: p.name for p in evaluation.deal.parties}
    party = names.get(m.party or "", m.party or "no party")
    owed = ", ".join(names.get(t, t) for t in m.to)
    lines: list[Content] = [
        Content.assemble(status(state.status), "  ", plain(m.title, "bold")),
        plain(row.sentence),
        plain(f"{m.kind.value}, owed by {party}" + (f" to {owed}" if owed else ""), "$text-muted"),
    ]
    lines += _bars(state, max(8, min(40, width - 30)), evaluation.as_of)
    lines += _schedule(state)
    lines += _conditions(state, {x.id: x.title for x in evaluation.deal.milestones})
    lines += _updates(state)
    lines += _disputes(state)
    if m.notes:
        lines += [Content(""), Content.styled("Notes", _HEAD), plain(m.notes, newlines=True)]
    return Content("\n").join(lines)


def _bars(state: State, width: int, as_of: date) -> list[Content]:
    if state.target is None:
        return []
    lines = [Content(""), Content(f"{'delivered':<9} {bar(state.progress, width)} {amount(state)}")]
    if state.planned is not None:
        planned = bar(state.planned / state.target, width)
        lines.append(Content(f"{'planned':<9} {planned} {state.planned:,} by {day(as_of)}"))
    if state.shortfall:
        lines.append(Content.styled(f"{'short by':<9} {state.shortfall:,}", "$text-warning"))
    return lines


def _schedule(state: State) -> list[Content]:
    m = state.milestone
    lines: list[Content] = []
    if m.plan is not None:
        every = "day" if m.plan.every_days == 1 else f"{m.plan.every_days} days"
        start = day(state.plan_start) if state.plan_start else "when its conditions are met"
        text = f"{m.plan.batch:,} every {every} from {start}"
        if state.plan_end:
            text += f" to {day(state.plan_end)}"
        lines.append(plain(text))
        if m.plan.basis:
            lines.append(plain(m.plan.basis.strip(), "$text-muted"))
    if state.due_date is not None:
        left = f" ({days(state.days_left)})" if state.days_left is not None else ""
        lines.append(Content(f"due by {day(state.due_date)}{left}"))
    for when, due, source in state.due_history:
        lines.append(plain(f"  {day(when)}: due date changed to {due}" + (f" [{source}]" if source else "")))
    if state.projected:
        lines.append(Content(f"at the pace reported, complete around {day(state.projected)}"))
    return [Content(""), Content.styled("Schedule", _HEAD), *lines] if lines else []


def _conditions(state: State, titles: dict[str, str]) -> list[Content]:
    if not state.gates:
        return []
    lines = [Content(""), Content.styled("Waits on", _HEAD)]
    for gate in state.gates:
        mark = ("✓ met", "$text-success") if gate.met else ("✗ not met", "$text-warning")
        since = f" since {day(gate.since)}" if gate.met and gate.since else ""
        lines.append(Content.assemble(mark, " ", plain(f"{titles.get(gate.milestone, gate.milestone)} "
                                                       f"({gate.reached.value}){since}")))
        if gate.text:
            lines.append(plain(f"  {gate.text}", "$text-muted"))
    return lines


def _updates(state: State) -> list[Content]:
    if not state.history:
        return [Content(""), Content.styled("Updates", _HEAD), Content("none reported by this date")]
    lines = [Content(""), Content.styled(f"Updates ({len(state.history)})", _HEAD)]
    for u in state.history:
        facts = [f"total {u.total:,}" if u.total is not None else "",
                 f"+{u.add:,}" if u.add is not None else "",
                 u.status.value if u.status else "", f"due {u.due}" if u.due else "",
                 f"by {u.by}" if u.by else ""]
        what = ", ".join(f for f in facts if f) or "note"
        source = f"[{u.source}]" if u.source else "[no source]"
        inferred = "" if u.certainty.value == "stated" else f" (date {u.certainty.value})"
        lines.append(Content.assemble((day(u.date), "bold"), " ", plain(what), " ",
                                      plain(source, "$text-accent"), plain(inferred, "$text-muted")))
        if u.note:
            lines.append(plain("  " + u.note.strip(), newlines=True))
    return lines


def _disputes(state: State) -> list[Content]:
    if not state.disputes:
        return []
    lines = [Content(""), Content.styled("Sources disagree", _HEAD)]
    for dispute in state.disputes:
        claims = "  │  ".join(f"{c.value} [{', '.join(c.sources)}]" for c in dispute.claims)
        lines.append(Content.assemble(plain(f"{dispute.field}: ", "bold"), plain(claims)))
    return lines


class DetailPane(VerticalScroll):
    """Scrollable detail of the selected milestone; only it redraws when the cursor moves."""

    ALLOW_MAXIMIZE = True

    evaluation: var[Evaluation | None] = var(None, init=False)
    selected: var[str | None] = var(None, init=False)

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def watch_evaluation(self) -> None:
        self.show()

    def watch_selected(self) -> None:
        self.show()
        self.scroll_home(animate=False)

    def show(self) -> None:
        body = self.query_one("#detail-body", Static)
        row = self._row()
        if row is None or self.evaluation is None:
            self.border_title = "Detail"
            body.update(Content("Nothing selected: no milestone matches the filter."))
            return
        self.border_title = plain(row.milestone.id)
        body.update(detail_content(row, self.evaluation, self.size.width or 60))

    def _row(self) -> Row | None:
        if self.evaluation is None or self.selected is None:
            return None
        return next((r for r in self.evaluation.rows if r.milestone.id == self.selected), None)
