"""What the detail pane says of the selected milestone, as lines of content: why it stands
where it does, its bars, schedule, conditions, updates and disputes (`DetailPane` draws them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.content import Content

from tracker.blame import Recorded
from tracker.evaluate import Evaluation, Row
from tracker.history import number
from tracker.status import GLYPH, State, Status
from tracker.text import bar
from tracker.ui.render import HEAD, STYLE, plain, status
from tracker.words import amount, day, days, every, fact, facts, limit_text, reading


@dataclass(frozen=True)
class Lookups:
    """Party names, milestone titles and rows by id: built once per evaluation, not per move
    (at 10,000 milestones rebuilding them cost a tenth of a second on every cursor move)."""

    names: dict[str, str]
    titles: dict[str, str]
    rows: dict[str, Row]

    @classmethod
    def of(cls, evaluation: Evaluation) -> Lookups:
        deal = evaluation.deal
        return cls({p.id: p.name for p in deal.parties}, {m.id: m.title for m in deal.milestones},
                   evaluation.by_id)


def detail_content(row: Row, evaluation: Evaluation, width: int, lookups: Lookups,
                   recorded: Sequence[Recorded | None] = ()) -> Content:
    """The detail of one row as lines of content, most telling first."""
    state, m = row.state, row.milestone
    names = lookups.names
    party = names.get(m.party or "", m.party or "no party")
    owed = ", ".join(names.get(t, t) for t in m.to)
    lines: list[Content] = [
        Content.assemble(status(state.status), "  ", plain(m.title, "bold")),
        plain(row.sentence),
        plain(f"{m.kind.value}, owed by {party}" + (f" to {owed}" if owed else ""), "$text-muted"),
    ]
    lines += _bars(state, max(8, min(40, width - 30)), evaluation.as_of)
    lines += _schedule(state)
    lines += _conditions(state, lookups.titles)
    lines += _updates(state, recorded)
    lines += _disputes(state)
    if m.notes:
        lines += [Content(""), Content.styled("Notes", HEAD), plain(m.notes, newlines=True)]
    return Content("\n").join(lines)


def _bars(state: State, width: int, as_of: date) -> list[Content]:
    limit = _limit(state)
    if state.target is None:
        return limit
    # A level is not delivered: it is where the count stands (troops remaining).
    # amount() carries the file's unit: file text goes through plain(), never bare Content().
    label = "level" if state.milestone.measure.value == "level" else "delivered"
    lines = [Content(""), plain(f"{label:<9} {bar(state.progress, width)} {amount(state)}"), *limit[1:]]
    if state.planned is not None:
        planned = bar(state.planned / state.target, width)
        lines.append(Content(f"{'planned':<9} {planned} {state.planned:,} by {day(as_of)}"))
    if state.shortfall:
        lines.append(Content.styled(f"{'short by':<9} {state.shortfall:,}", "$text-warning"))
    return lines


def _limit(state: State) -> list[Content]:
    """The limit, the last reading against it, since when it is breached, the worst one."""
    m, judged = state.milestone, state.limit
    if m.limit is None or judged is None:
        return []
    lines = [Content(""), plain(f"{'limit':<9} {limit_text(m.limit, m.unit)}")]
    if state.points:
        when, _ = state.points[-1]
        style = "$text-error" if judged.compliance == "breached" else ""
        lines.append(plain(f"{'reading':<9} {reading(state)} on {day(when)}: {judged.compliance or 'not in force'}"
                           + (f" since {day(judged.breached_since)}" if judged.breached_since else ""), style))
    if judged.worst is not None:
        when, value, beyond = judged.worst
        lines.append(plain(f"{'worst':<9} {number(value)} on {day(when)}"
                           + (f", {number(beyond)} beyond the limit" if beyond > 0 else ", within")))
    return lines


def _schedule(state: State) -> list[Content]:
    m = state.milestone
    lines: list[Content] = []
    if m.plan is not None:
        start = day(state.plan_start) if state.plan_start else "when its conditions are met"
        text = f"{m.plan.batch:,} {every(m.plan)} from {start}"
        if state.plan_end:
            text += f" to {day(state.plan_end)}"
        lines.append(plain(text))
        if m.plan.basis:
            lines.append(plain(m.plan.basis.strip(), "$text-muted"))
    if state.due_date is not None:
        left = f" ({days(state.days_left)})" if state.days_left is not None else ""
        lines.append(Content(f"due by {day(state.due_date)}{left}"))
    for (when, due, source), rev in zip(state.due_history, state.revisions):
        who = f" by {rev.by}" if rev.by else ""
        agreed = "" if rev.agreed else " (not agreed: claimed, not in force)"
        lines.append(plain(f"  {day(when)}: due date changed to {due}{who}{agreed}"
                           + (f" [{source}]" if source else "")))
    for when, target, source, by in state.target_history:
        lines.append(plain(f"  {day(when)}: target restated to {number(target)}" + (f" by {by}" if by else "")
                           + (f" [{source}]" if source else "")))
    if state.projected:
        lines.append(Content(f"at the pace reported, complete around {day(state.projected)}"))
    return [Content(""), Content.styled("Schedule", HEAD), *lines] if lines else []


def _conditions(state: State, titles: dict[str, str]) -> list[Content]:
    trigger = state.milestone.trigger
    owed = [plain(f"owed only if {titles.get(trigger.milestone, trigger.milestone)} is "
                  f"{trigger.reached.value}" + (f": {trigger.text}" if trigger.text else ""))] if trigger else []
    if not state.gates:
        return [Content(""), Content.styled("Contingent", HEAD), *owed] if owed else []
    lines = [Content(""), Content.styled("Waits on", HEAD), *owed]
    for gate in state.gates:
        mark = ("✓ met", "$text-success") if gate.met else ("✗ not met", "$text-warning")
        if gate.blocked and not gate.met:  # a decision against it, not merely pending
            mark = (f"{GLYPH[Status.blocked]} blocked", STYLE[Status.blocked])
        since = f" since {day(gate.since)}" if gate.met and gate.since else ""
        names = " or ".join(titles.get(o.milestone, o.milestone) for o in gate.options or (gate,))
        lines.append(Content.assemble(mark, " ", plain(f"{names} ({gate.reached.value}){since}")))
        if gate.text:
            lines.append(plain(f"  {gate.text}", "$text-muted"))
    return lines


def _updates(state: State, recorded: Sequence[Recorded | None]) -> list[Content]:
    if not state.history:
        return [Content(""), Content.styled("Updates", HEAD), Content("none reported by this date")]
    lines = [Content(""), Content.styled(f"Updates ({len(state.history)})", HEAD)]
    for index, u in enumerate(state.history):
        what = ", ".join(facts(u) + ([f"by {u.by}"] if u.by else [])) or "note"
        source = f"[{u.source}]" if u.source else "[no source]"
        inferred = "" if u.certainty.value == "stated" else f" (date {u.certainty.value})"
        lines.append(Content.assemble((day(u.date), "bold"), " ", plain(what), " ",
                                      plain(source, "$text-accent"), plain(inferred, "$text-muted")))
        if u.note:
            lines.append(plain("  " + u.note.strip(), newlines=True))
        if index < len(recorded) and (by := recorded[index]) is not None:
            lines.append(plain(f"  recorded by {by.by}, {day(by.at.date())} · {by.commit[:7]}",
                               "$text-muted"))
    return lines


def _disputes(state: State) -> list[Content]:
    if not state.disputes:
        return []
    lines = [Content(""), Content.styled("Sources disagree", HEAD)]
    for dispute in state.disputes:
        claims = "  │  ".join(f"{c.value} [{', '.join(c.sources)}]" for c in dispute.claims)
        lines.append(Content.assemble(plain(f"{fact(dispute.field)}: ", "bold"), plain(claims)))
    return lines
