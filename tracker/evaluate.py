"""Where every milestone stands as of a date: pure functions of the file and the date.

Only updates dated on or before `as_of` count, so the same file answers for any day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from tracker import timing
from tracker.history import Claim, Dispute, Index
from tracker.model import Kind, Milestone, Plan, Reported, Update, due_last_day


__all__ = ["Claim", "Dispute", "GLYPH", "Gate", "Index", "State", "Status", "evaluate_all"]


class Status(str, Enum):
    """Where a milestone stands on the as-of date."""

    done = "done"
    on_track = "on_track"
    behind = "behind"
    overdue = "overdue"
    upcoming = "upcoming"
    waiting = "waiting"
    rejected = "rejected"
    unknown = "unknown"
    blocked = "blocked"
    at_risk = "at_risk"
    contingent = "contingent"
    lapsed = "lapsed"


GLYPH = {
    Status.done: "✓", Status.on_track: "▸", Status.behind: "▼", Status.overdue: "✗",
    Status.waiting: "◷", Status.rejected: "⊘", Status.upcoming: "○", Status.unknown: "?",
}
"""One mark per status, the same in the app and the report, so colour is never the only cue."""
GLYPH |= {Status.blocked: "⊠", Status.at_risk: "⚑", Status.contingent: "⧗", Status.lapsed: "∅"}


_FINAL_NO = {Reported.rejected, Reported.cancelled, Reported.breached}


@dataclass(frozen=True)
class Gate:
    """A condition of a milestone and whether it is met on the as-of date."""

    milestone: str
    reached: Reported
    text: str
    met: bool
    since: date | None
    blocked: bool = False
    """The milestone it waits on is blocked by a decision (not merely pending)."""
    options: tuple[Gate, ...] = ()
    """For an any-of group: its alternatives (met when one of them is)."""


@dataclass(frozen=True)
class State:
    """Everything the tracker knows about one milestone on one date."""

    milestone: Milestone
    status: Status
    reported: Reported | None
    actual: int | None
    planned: int | None
    plan_start: date | None
    plan_end: date | None
    projected: date | None
    due: str | None
    due_date: date | None
    due_history: tuple[tuple[date, str, str | None], ...]
    days_left: int | None
    gates: tuple[Gate, ...]
    disputes: tuple[Dispute, ...]
    history: tuple[Update, ...]
    last_update: date | None
    stale_days: int | None
    reached: dict[Reported, date]
    points: tuple[tuple[date, int], ...]
    """The running total on each day one was reported."""
    late_days: int | None = None
    """Days after the due date in force it was done (0 on time; None: not done or not due)."""
    late_days_original: int | None = None
    """The same against the first due date."""
    due_original_date: date | None = None
    """The first due date (the file's, a relative rule's, or the plan's end)."""
    revisions: tuple[timing.Revision, ...] = ()
    """Every due revision with who made it and whether it was agreed."""
    claimed: tuple[timing.Revision, ...] = ()
    """Dates one party set alone after the last agreed one: shown, not in force."""
    due_rule: str | None = None
    """A relative deadline's rule in words."""
    due_range: tuple[date, date] | None = None
    """Earliest and latest due date when the anchor's date or the due date is disputed."""
    blocked_by: tuple[str, ...] = ()
    """Milestones (or this one) whose decision blocks it."""
    ahead_of_conditions: bool = False
    """Something was delivered while a condition was unmet."""
    at_risk_days: int = 30
    """The deal's at-risk window, for the sentence."""

    @property
    def target(self) -> int | None:
        return self.milestone.target

    @property
    def shortfall(self) -> int | None:
        """How far actual lags the plan (0 when it does not)."""
        if self.planned is None:
            return None
        return max(0, self.planned - (self.actual or 0))

    @property
    def progress(self) -> float | None:
        """Actual as a fraction of target, 0 to 1."""
        if not self.target:
            return None
        return min(1.0, (self.actual or 0) / self.target)

    @property
    def waiting_on(self) -> tuple[Gate, ...]:
        return tuple(g for g in self.gates if not g.met)


def evaluate_all(index: Index, as_of: date) -> dict[str, State]:
    """The state of every milestone on `as_of`, keyed by id, in dependency order."""
    states: dict[str, State] = {}
    for ident in index.order:
        states[ident] = _evaluate(index, index.by_id[ident], as_of, states)
    return states


def _evaluate(index: Index, m: Milestone, as_of: date, done: dict[str, State]) -> State:
    own = index.facts(m, as_of)
    history, due, due_history, reported = own.history, own.due, own.due_history, own.reported
    actual, points = own.actual, own.points
    parts = [done[p] for p in index.parts.get(m.id, ())]
    if actual is None and any(p.actual is not None for p in parts):
        points = _sum_points(parts)  # a whole without figures of its own adds up its parts
        actual = points[-1][1]
    reached = _reached(m, own.reached, points)
    gates = tuple(_gate(c.milestone, c.reached, c.text, done) for c in m.conditions)
    gates += tuple(_any_of(g.any_of, g.text, done) for g in m.any_of)
    plan_start, plan_end, planned = _plan(m.plan, m.target, gates, as_of)
    if planned is None and any(p.planned is not None for p in parts):
        planned = sum(p.planned or 0 for p in parts)
    rel = timing.relative(m, done, index.titles)
    due_date = due_last_day(due) if due else (rel.latest if rel else plan_end)
    # A whole counted from its parts was last updated when one of them was.
    last = max([u.date for u in history[-1:]] + [d for d, _ in points[-1:]], default=None)
    status = _status(m, reported, reached, actual, planned, due_date, gates, as_of)
    window = index.deal.deal.at_risk_days
    # At risk only against a deadline the deal sets: a plan's end alone says behind already.
    set_due = due_date if due or (rel and rel.latest) else None
    status, blocked_by = _refine(status, m, reported, gates, done, due_date, set_due, planned, actual,
                                 as_of, window)
    active = status in (Status.on_track, Status.behind, Status.overdue, Status.unknown)
    active = (active or status is Status.at_risk) and not _in_force(m, reported)
    disputes = own.disputes + timing.term_disputes(m) if m.claims else own.disputes
    extra = timing.fields(m, history, disputes, rel, reached, due_date, plan_end, gates, blocked_by, window)
    return State(
        milestone=m, status=status, reported=reported, actual=actual, planned=planned,
        plan_start=plan_start, plan_end=plan_end,
        projected=_projected(m, actual, points, plan_start) if status is not Status.done else None,
        due=due, due_date=due_date, due_history=due_history,
        days_left=(due_date - as_of).days if due_date else None,
        gates=gates, disputes=disputes, history=history, last_update=last,
        stale_days=(as_of - last).days if last and active else None,
        reached=reached, points=points, **extra,
    )


def _sum_points(parts: list[State]) -> tuple[tuple[date, int], ...]:
    """The parts' running totals added up on each day any of them changed."""
    changes = sorted((d, i, t) for i, p in enumerate(parts) for d, t in p.points)
    latest = [0] * len(parts)
    points: list[tuple[date, int]] = []
    for day, i, total in changes:
        latest[i] = total
        if points and points[-1][0] == day:
            points.pop()
        points.append((day, sum(latest)))
    return tuple(points)


def _reached(m: Milestone, reported: dict[Reported, date], points: Sequence[tuple[date, int]]) -> dict[Reported, date]:
    """As `_statuses_reached`, with `started` and `done` also read from the totals."""
    reached = dict(reported)
    if points:
        reached.setdefault(Reported.started, points[0][0])
        if m.target and points[-1][1] >= m.target:
            first = next(d for d, total in points if total >= m.target)
            reached.setdefault(Reported.done, first)
    return reached


def _gate(ident: str, needed: Reported, text: str, states: dict[str, State]) -> Gate:
    state = states.get(ident)
    since = state.reached.get(needed) if state else None
    # A rejection or breach undoes "started"/"offered", unless that is what the condition awaits.
    broken = state is not None and state.reported in _FINAL_NO and state.reported is not needed
    blocked = state is not None and state.status is Status.blocked
    return Gate(ident, needed, text, since is not None and not broken, since, blocked)


def _plan(
    plan: Plan | None, target: int | None, gates: tuple[Gate, ...], as_of: date
) -> tuple[date | None, date | None, int | None]:
    """Start, end and amount planned by `as_of`; a plan without a start waits on its conditions."""
    if plan is None or not target:
        return None, None, None
    start = plan.start
    if start is None:
        if not all(g.met for g in gates):
            return None, None, 0
        start = max((g.since for g in gates if g.since), default=None)
        if start is None:
            return None, None, 0
    batches = -(-target // plan.batch)
    try:
        end: date | None = start + timedelta(days=(batches - 1) * plan.every_days)
    except OverflowError:  # a plan that runs past the calendar has no end date to show
        end = None
    if as_of < start:
        return start, end, 0
    done_batches = (as_of - start).days // plan.every_days + 1
    return start, end, min(target, done_batches * plan.batch)


def _status(m: Milestone, reported: Reported | None, reached: dict[Reported, date], actual: int | None,
            planned: int | None, due_date: date | None, gates: tuple[Gate, ...], as_of: date) -> Status:
    if reported in _FINAL_NO:
        return Status.rejected
    if reported in (Reported.done, Reported.accepted) or Reported.done in reached:
        return Status.done
    if any(not g.met for g in gates):
        return Status.waiting
    if due_date is not None and as_of > due_date:
        return Status.overdue
    if planned:
        if actual is None:
            return Status.unknown
        return Status.behind if actual < planned else Status.on_track
    if reported is Reported.suspended:
        return Status.behind
    if reported is not None or actual:
        return Status.on_track
    return Status.upcoming


def _projected(m: Milestone, actual: int | None, points: Sequence[tuple[date, int]], start: date | None) -> date | None:
    """When the target is reached at the pace reported so far (None if it cannot be told)."""
    if not m.target or not actual or actual >= m.target or not points:
        return None
    last_day, last_total = points[-1]
    if start is not None and start < last_day:
        days, gained = (last_day - start).days + 1, last_total
    elif len(points) > 1 and points[0][0] < last_day:
        days, gained = (last_day - points[0][0]).days, last_total - points[0][1]
    else:
        return None
    if gained <= 0:
        return None
    remaining = math.ceil((m.target - last_total) * days / gained)
    try:
        return last_day + timedelta(days=remaining)
    except OverflowError:
        return None


def _any_of(options: Sequence[object], text: str, states: dict[str, State]) -> Gate:
    """An any-of group as one gate: met when an alternative is, blocked when all are."""
    gates = tuple(_gate(c.milestone, c.reached, c.text, states) for c in options)  # type: ignore[attr-defined]
    met = [g for g in gates if g.met]
    since = min((g.since for g in met if g.since), default=None)
    names = " or ".join(g.milestone for g in gates)
    return Gate(names, gates[0].reached, text, bool(met), since,
                blocked=all(g.blocked for g in gates), options=gates)


def _in_force(m: Milestone, reported: Reported | None) -> bool:
    """An ongoing commitment that has started needs no news to stay in force."""
    return m.kind is Kind.commitment and reported is Reported.started


def _refine(status: Status, m: Milestone, reported: Reported | None, gates: tuple[Gate, ...],
            states: dict[str, State], due_date: date | None, set_due: date | None, planned: int | None,
            actual: int | None, as_of: date, window: int) -> tuple[Status, tuple[str, ...]]:
    """The precedence after done: lapsed, contingent, blocked, overdue, at risk, then the rest."""
    blocked_by: tuple[str, ...] = (m.id,) if reported is Reported.blocked else ()
    for g in gates:
        if not g.met and g.blocked:
            for option in g.options or (g,):
                blocked_by += states[option.milestone].blocked_by if option.milestone in states else ()
    blocked_by = tuple(dict.fromkeys(blocked_by))
    if status in (Status.rejected, Status.done):
        return status, blocked_by
    contingency = timing.contingency(m, states)
    if contingency:
        return Status(contingency), blocked_by
    if blocked_by:
        return Status.blocked, blocked_by
    if due_date is not None and as_of > due_date:
        return Status.overdue, blocked_by
    behind = planned is not None and (actual or 0) < planned
    unmet = any(not g.met for g in gates)
    if set_due is not None and (set_due - as_of).days <= window and (unmet or behind):
        return Status.at_risk, blocked_by
    return status, blocked_by
