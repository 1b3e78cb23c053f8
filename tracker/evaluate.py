"""Where every milestone stands as of a date: pure functions of the file and the date.

Only updates dated on or before `as_of` count, so the same file answers for any day.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from datetime import date, timedelta
from enum import Enum

from tracker.model import DealFile, Kind, Milestone, Plan, Reported, Update, due_last_day


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


GLYPH = {
    Status.done: "✓", Status.on_track: "▸", Status.behind: "▼", Status.overdue: "✗",
    Status.waiting: "◷", Status.rejected: "⊘", Status.upcoming: "○", Status.unknown: "?",
}
"""One mark per status, the same in the app and the report, so colour is never the only cue."""


# A status reached implies the earlier ones: what is done has also started.
_IMPLIES = {
    Reported.done: {Reported.started},
    Reported.accepted: {Reported.offered},
    Reported.rejected: {Reported.offered},
    Reported.breached: {Reported.started},
    Reported.suspended: {Reported.started},
}
_FINAL_NO = {Reported.rejected, Reported.cancelled, Reported.breached}


@dataclass(frozen=True)
class Claim:
    """One value for a disputed fact, with the sources that give it."""

    value: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Dispute:
    """A fact on which the sources disagree; every claim is kept."""

    field: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Gate:
    """A condition of a milestone and whether it is met on the as-of date."""

    milestone: str
    reached: Reported
    text: str
    met: bool
    since: date | None


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


@dataclass(frozen=True)
class _Own:
    history: tuple[Update, ...]
    due: str | None
    due_history: tuple[tuple[date, str, str | None], ...]
    reported: Reported | None
    disputes: tuple[Dispute, ...]
    actual: int | None
    points: tuple[tuple[date, int], ...]
    reached: dict[Reported, date]


class Index:
    """The deal's updates grouped by milestone in date order, built once per file."""

    def __init__(self, deal: DealFile) -> None:
        self.deal = deal
        self.by_id = {m.id: m for m in deal.milestones}
        self.updates: dict[str, list[Update]] = {m.id: [] for m in deal.milestones}
        for update in deal.updates:
            self.updates.setdefault(update.milestone, []).append(update)
        for group in self.updates.values():
            group.sort(key=lambda u: u.date)  # stable: file order breaks ties
        self.parts: dict[str, list[str]] = {}
        for m in deal.milestones:
            if m.part_of:
                self.parts.setdefault(m.part_of, []).append(m.id)
        self.order = _dependency_order(deal, self.parts)
        # Each milestone's update days, and the facts of the prefix last asked for: a
        # time-travel step then redoes only milestones with updates between the two dates.
        self.days = {ident: [u.date for u in group] for ident, group in self.updates.items()}
        self._own: dict[str, tuple[int, _Own]] = {}

    def own(self, m: Milestone, as_of: date) -> _Own:
        """What the milestone's own updates up to `as_of` say (cached per prefix)."""
        count = bisect_right(self.days.get(m.id, ()), as_of)
        cached = self._own.get(m.id)
        if cached is not None and cached[0] == count:
            return cached[1]
        history = tuple(self.updates.get(m.id, ())[:count])
        due, due_history = _due(m, history)
        reported = next((u.status for u in reversed(history) if u.status), None)
        actual, points = _actual(history)
        own = _Own(history, due, due_history, reported, _disputes(history), actual, tuple(points),
                   _statuses_reached(history))
        self._own[m.id] = (count, own)
        return own

    @cached_property
    def _dates(self) -> tuple[date, ...]:
        return tuple(sorted({u.date for u in self.deal.updates}))

    def dates(self) -> tuple[date, ...]:
        """Every day on which something was reported, in order, for time travel."""
        return self._dates  # worked out once: every evaluation asks for it


def _dependency_order(deal: DealFile, parts: dict[str, list[str]]) -> list[str]:
    """Milestones ordered so that conditions and parts come before what needs them."""
    needs = {m.id: [c.milestone for c in m.conditions] + parts.get(m.id, []) for m in deal.milestones}
    order: list[str] = []
    seen: set[str] = set()
    for root in needs:
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if node in seen or node not in needs:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend((child, False) for child in needs[node] if child not in seen)
    return order


def evaluate_all(index: Index, as_of: date) -> dict[str, State]:
    """The state of every milestone on `as_of`, keyed by id, in dependency order."""
    states: dict[str, State] = {}
    for ident in index.order:
        states[ident] = _evaluate(index, index.by_id[ident], as_of, states)
    return states


def _evaluate(index: Index, m: Milestone, as_of: date, done: dict[str, State]) -> State:
    own = index.own(m, as_of)
    history, due, due_history, reported = own.history, own.due, own.due_history, own.reported
    actual, points = own.actual, own.points
    parts = [done[p] for p in index.parts.get(m.id, ())]
    if actual is None and any(p.actual is not None for p in parts):
        points = _sum_points(parts)  # a whole without figures of its own adds up its parts
        actual = points[-1][1]
    reached = _reached(m, own.reached, points)
    gates = tuple(_gate(c.milestone, c.reached, c.text, done) for c in m.conditions)
    plan_start, plan_end, planned = _plan(m.plan, m.target, gates, as_of)
    if planned is None and any(p.planned is not None for p in parts):
        planned = sum(p.planned or 0 for p in parts)
    due_date = due_last_day(due) if due else plan_end
    # A whole counted from its parts was last updated when one of them was.
    last = max([u.date for u in history[-1:]] + [d for d, _ in points[-1:]], default=None)
    status = _status(m, reported, reached, actual, planned, due_date, gates, as_of)
    active = status in (Status.on_track, Status.behind, Status.overdue, Status.unknown)
    return State(
        milestone=m, status=status, reported=reported, actual=actual, planned=planned,
        plan_start=plan_start, plan_end=plan_end,
        projected=_projected(m, actual, points, plan_start) if status is not Status.done else None,
        due=due, due_date=due_date, due_history=due_history,
        days_left=(due_date - as_of).days if due_date else None,
        gates=gates, disputes=own.disputes, history=history, last_update=last,
        stale_days=(as_of - last).days if last and active else None,
        reached=reached, points=points,
    )


def _actual(history: Sequence[Update]) -> tuple[int | None, list[tuple[date, int]]]:
    """The running total the updates report, and its (date, total) points."""
    total: int | None = None
    points: list[tuple[date, int]] = []
    for u in history:
        if u.total is not None:
            total = max(total or 0, u.total)
        elif u.add is not None:
            total = (total or 0) + u.add
        else:
            continue
        points.append((u.date, total))
    return total, points


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


def _statuses_reached(history: Sequence[Update]) -> dict[Reported, date]:
    """The first day each reported status was reached (a status implies those before it)."""
    reached: dict[Reported, date] = {}
    for u in history:
        if u.status:
            for status in {u.status} | _IMPLIES.get(u.status, set()):
                reached.setdefault(status, u.date)
    return reached


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
    return Gate(ident, needed, text, since is not None and not broken, since)


def _due(m: Milestone, history: Sequence[Update]) -> tuple[str | None, tuple[tuple[date, str, str | None], ...]]:
    """The due date in force, and every earlier one with when and why it changed."""
    revisions = tuple((u.date, u.due, u.source) for u in history if u.due)
    due = revisions[-1][1] if revisions else m.due
    return due, revisions  # type: ignore[return-value]


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


def _disputes(history: Sequence[Update]) -> tuple[Dispute, ...]:
    """Facts the sources disagree on: the day a status was reached, a total on a day."""
    by_fact: dict[str, dict[str, list[str]]] = {}
    for u in history:
        source = u.source or "(no source)"
        if u.status:
            by_fact.setdefault(f"date {u.status.value}", {}).setdefault(u.date.isoformat(), []).append(source)
        if u.total is not None:
            by_fact.setdefault(f"total on {u.date.isoformat()}", {}).setdefault(f"{u.total:,}", []).append(source)
    disputes = []
    for fact, claims in by_fact.items():
        sources = {s for names in claims.values() for s in names}
        if len(claims) > 1 and len(sources) > 1:
            disputes.append(Dispute(fact, tuple(Claim(v, tuple(s)) for v, s in claims.items())))
    return tuple(disputes)
