"""Where every milestone stands as of a date: pure functions of the file and the date.

Only updates dated on or before `as_of` count, so the same file answers for any day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from tracker import quantities as q
from tracker import timing
from tracker.history import Facts, Index
from tracker.model import Milestone, Plan
from tracker.quantities import Judgement, Number
from tracker.status import Gate, State, Status, built
from tracker.terms import Bound, Kind, Reported

_FINAL_NO = {Reported.rejected, Reported.cancelled, Reported.breached}


def evaluate_all(index: Index, as_of: date) -> dict[str, State]:
    """The state of every milestone on `as_of`, keyed by id, in dependency order."""
    states: dict[str, State] = {}
    for ident in index.order:
        states[ident] = _evaluate(index, index.by_id[ident], as_of, states)
    return states


def _evaluate(index: Index, m: Milestone, as_of: date, done: dict[str, State]) -> State:
    own = index.facts(m, as_of)
    history, due, due_history, reported, target = own.history, own.due, own.due_history, own.reported, own.target
    fig = _figures(index, m, own, done)
    parts, actual, points, bounds = fig.parts, fig.actual, fig.points, fig.bounds
    unattributed, down, credits, reached = fig.unattributed, fig.down, fig.credits, fig.reached
    judged = q.judge(m.limit, points, bounds, as_of) if m.limit else None
    gates: tuple[Gate, ...] = ()
    if m.conditions or m.any_of:
        gates = tuple(_gate(c.milestone, c.reached, c.text, done) for c in m.conditions)
        gates += tuple(_any_of(g.any_of, g.text, done) for g in m.any_of)
    plan_start, plan_end, planned = (_plan(m.plan, target, gates, as_of) if m.plan is not None and not down
                                     else (None, None, None))
    if planned is None and parts and any(p.planned is not None for p in parts):
        planned = sum(p.planned or 0 for p in parts)
    rel = timing.relative(m, done, index.titles) if m.due_after is not None else None
    due_date = own.due_day if due else (rel.latest if rel else plan_end)
    # A whole counted from its parts was last updated when one of them was.
    last = history[-1].date if history else None
    if points and (last is None or points[-1][0] > last):
        last = points[-1][0]
    status = _status(m, reported, reached, actual, planned, due_date, gates, as_of)
    window = index.deal.deal.at_risk_days
    # At risk only against a deadline the deal sets: a plan's end alone says behind already.
    set_due = due_date if due or (rel and rel.latest) else None
    status, blocked_by = _refine(status, m, reported, gates, done, due_date, set_due, planned, actual,
                                 as_of, window)
    if judged is not None:  # a breach in force outranks all but a rejection
        status = _limit_status(status, judged, target, as_of, m)
    active = status in (Status.on_track, Status.behind, Status.overdue, Status.unknown)
    active = (active or status is Status.at_risk) and not _in_force(m, reported)
    disputes = own.disputes + timing.term_disputes(m) if m.claims else own.disputes
    extra = timing.fields(own, disputes, rel, reached, due_date, plan_end, gates, blocked_by, window)
    return built(
        milestone=m, status=status, reported=reported, actual=actual, planned=planned,
        plan_start=plan_start, plan_end=plan_end,
        projected=(_projected(target, actual, points, plan_start, down)
                   if status is not Status.done and actual is not None else None),
        due=due, due_date=due_date, due_history=due_history,
        days_left=(due_date - as_of).days if due_date else None,
        gates=gates, disputes=disputes, history=history, last_update=last,
        stale_days=(as_of - last).days if last and active else None,
        reached=reached, points=points, target=target, target_history=own.target_history,
        actual_bound=(bounds[-1] if bounds else Bound.exact) if actual is not None else None,
        credited=credits[-1] if credits else None, falling=down,
        over_cap=q.over_cap(m, actual, own.target_history), limit=judged, unattributed=unattributed,
        **extra,
    )


class _Figures(NamedTuple):
    """A milestone's figures on the date: its own, or for a whole without any, its parts' sum."""

    parts: list[State]
    actual: Number | None
    points: tuple[tuple[date, Number], ...]
    bounds: tuple[Bound, ...]
    unattributed: Number | None
    down: bool
    credits: Sequence[Number | None]
    reached: dict[Reported, date]


def _figures(index: Index, m: Milestone, own: Facts, done: dict[str, State]) -> _Figures:
    # Most milestones have no parts: skip building empty lists.
    part_ids = index.parts.get(m.id)
    parts = [done[p] for p in part_ids] if part_ids else []
    counted = [p.actual for p in parts if p.actual is not None] if parts else []
    actual, points, bounds, unattributed = own.actual, own.points, own.bounds, None
    if actual is None and counted:
        points, bounds = _sum_points(parts), ()  # a whole without figures of its own adds up its parts
        actual = points[-1][1]
    elif actual is not None and counted and actual > sum(counted):
        unattributed = actual - sum(counted)  # below the parts' sum is an error for `check`
    if points is own.points:
        return _Figures(parts, actual, points, bounds, unattributed, own.falling, own.credits,
                        own.figures_reached)
    # A whole's figures added up from its parts: read here, on this date.
    down = q.falling(m, points, own.target)
    credits = q.credited(points, bounds, down)
    reached = q.reached(m, own.reached, points, credits, own.target, down)
    return _Figures(parts, actual, points, bounds, unattributed, down, credits, reached)


def _sum_points(parts: list[State]) -> tuple[tuple[date, Number], ...]:
    """The parts' running totals added up on each day any of them changed."""
    changes = sorted((d, i, t) for i, p in enumerate(parts) for d, t in p.points)
    latest: list[Number] = [0] * len(parts)
    points: list[tuple[date, Number]] = []
    for day, i, total in changes:
        latest[i] = total
        if points and points[-1][0] == day:
            points.pop()
        points.append((day, sum(latest)))
    return tuple(points)


def _limit_status(status: Status, judged: Judgement, target: Number | None, as_of: date,
                  m: Milestone) -> Status:
    """A breach in force outranks all but a rejection; a limit alone is kept or not."""
    if status is Status.rejected:
        return status
    if judged.in_force and judged.compliance == "breached":
        return Status.breached
    # What timing decided (a term not owed, a block, a risk) stands for a limit alone too.
    kept = (Status.done, Status.waiting, Status.lapsed, Status.contingent, Status.blocked, Status.at_risk)
    if target is not None or status in kept:
        return status
    if not judged.in_force:
        ended = m.limit is not None and m.limit.until is not None and as_of > m.limit.until
        return Status.done if ended else Status.upcoming
    return Status.on_track if judged.compliance == "within" else Status.unknown


def _gate(ident: str, needed: Reported, text: str, states: dict[str, State]) -> Gate:
    state = states.get(ident)
    since = state.reached.get(needed) if state else None
    # A rejection or breach undoes "started"/"offered", unless that is what the condition awaits.
    broken = state is not None and state.reported in _FINAL_NO and state.reported is not needed
    blocked = state is not None and state.status is Status.blocked
    return Gate(ident, needed, text, since is not None and not broken, since, blocked)


def _plan(
    plan: Plan | None, target: Number | None, gates: tuple[Gate, ...], as_of: date
) -> tuple[date | None, date | None, Number | None]:
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
    batches = int(-(-target // plan.batch))
    try:
        end: date | None = start + timedelta(days=(batches - 1) * plan.every_days)
    except OverflowError:  # a plan that runs past the calendar has no end date to show
        end = None
    if as_of < start:
        return start, end, 0
    done_batches = (as_of - start).days // plan.every_days + 1
    return start, end, min(target, done_batches * plan.batch)


def _status(m: Milestone, reported: Reported | None, reached: dict[Reported, date], actual: Number | None,
            planned: Number | None, due_date: date | None, gates: tuple[Gate, ...], as_of: date) -> Status:
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


def _projected(target: Number | None, actual: Number | None, points: Sequence[tuple[date, Number]],
               start: date | None, down: bool) -> date | None:
    """When the target is reached at the pace reported so far (None if it cannot be told)."""
    if target is None or actual is None or not points or (not down and (not target or not actual)):
        return None
    sign = -1 if down else 1  # a falling level gains by going down
    if sign * (actual - target) >= 0:
        return None
    last_day, last_total = points[-1]
    if start is not None and start < last_day and not down:
        days, gained = (last_day - start).days + 1, last_total
    elif len(points) > 1 and points[0][0] < last_day:
        days, gained = (last_day - points[0][0]).days, sign * (last_total - points[0][1])
    else:
        return None
    if gained <= 0:
        return None
    remaining = math.ceil(sign * (target - last_total) * days / gained)
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
            states: dict[str, State], due_date: date | None, set_due: date | None, planned: Number | None,
            actual: Number | None, as_of: date, window: int) -> tuple[Status, tuple[str, ...]]:
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
