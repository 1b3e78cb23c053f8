"""The deal told in time: its story (every dated update and plan mark) and burn-up series.

Built once per file from the update index, and kept, so any day's figures are a lookup:
delivered from each milestone's running totals, planned from the plan itself (and, for a
plan that waits on conditions, from the days those conditions were met). Nothing here
evaluates the whole deal per day; `evaluate_all` on the same day gives the same numbers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from tracker.collector import paused
from tracker.history import Index, _statuses_reached, running_total
from tracker.model import Milestone, Update
from tracker.status import State
from tracker.terms import Reported

_FINAL_NO = {Reported.rejected, Reported.cancelled, Reported.breached}
_STORIES_KEPT = 4
"""Stories kept per file: time travel back and forth between a few dates stays instant."""


class Entry(NamedTuple):
    """One dated line of the story: an update, a plan mark, or the as-of date (no milestone).
    A tuple, not a dataclass: a story holds one per update, and tuples are made fastest."""

    when: date
    milestone: str = ""
    update: Update | None = None
    """The update reported that day (None for a plan mark or the as-of line)."""
    planned: float | None = None
    """For an update reporting a quantity with a plan: the amount planned by that day."""
    mark: str = ""
    """For a plan mark: `start`, `end` or `due`."""
    due: str | None = None
    """For a `due` mark: the due date as the file gives it (`2020-06`)."""


@dataclass(frozen=True)
class _Track:
    """One milestone's own updates, read once: running totals and reported statuses."""

    days: list[date]
    totals: list[float]
    status_days: list[date]
    statuses: list[Reported]
    first: dict[Reported, date]
    """The first day each status was reported (a status implies those before it)."""


def _track(updates: list[Update]) -> _Track:
    _, points = running_total(updates)
    marked = [u for u in updates if u.status]
    return _Track([d for d, _ in points], [t for _, t in points], [u.date for u in marked],
                  [u.status for u in marked if u.status], _statuses_reached(updates))


class Chronology:
    """Every milestone's delivered and planned amounts on any day, and the story as of a day."""

    def __init__(self, index: Index) -> None:
        self.index = index
        with paused():  # every track made lives on: cycle scans meanwhile are wasted
            self._tracks = {ident: _track(group) for ident, group in index.updates.items()}
        # A plan with its own start needs nothing but arithmetic: (start, every, batch, target).
        self._fixed: dict[str, tuple[date, int, int, float]] = {}
        for m in index.deal.milestones:
            if m.plan and m.plan.start and m.target:
                self._fixed[m.id] = (m.plan.start, m.plan.every_days, m.plan.batch, m.target)
        self._stories: OrderedDict[date, tuple[Entry, ...]] = OrderedDict()

    def points(self, ident: str, day: date) -> tuple[tuple[date, float], ...]:
        """The running total on each day one was reported up to `day`; a whole without
        figures of its own adds up its parts (as `State.points`)."""
        track = self._tracks[ident]
        count = bisect_right(track.days, day)
        if count:
            return tuple(zip(track.days[:count], track.totals[:count]))
        parts = [self.points(p, day) for p in self.index.parts.get(ident, ())]
        if not any(parts):
            return ()
        changes = sorted((d, i, t) for i, p in enumerate(parts) for d, t in p)
        latest: list[float] = [0] * len(parts)
        summed: list[tuple[date, float]] = []
        for when, i, total in changes:
            latest[i] = total
            if summed and summed[-1][0] == when:
                summed.pop()
            summed.append((when, sum(latest)))
        return tuple(summed)

    def actual(self, ident: str, day: date) -> float | None:
        """Delivered by `day`: the last running total, or the parts' added up (None: no report)."""
        track = self._tracks[ident]
        count = bisect_right(track.days, day)
        if count:
            return track.totals[count - 1]
        parts = [self.actual(p, day) for p in self.index.parts.get(ident, ())]
        if all(a is None for a in parts):
            return None
        return sum(a or 0 for a in parts)

    def planned(self, ident: str, day: date) -> float | None:
        """Planned by `day`: from the plan, or the parts' plans added up (None: no plan)."""
        fixed = self._fixed.get(ident)
        if fixed is not None:
            start, every, batch, target = fixed
            return 0 if day < start else min(target, ((day - start).days // every + 1) * batch)
        m = self.index.by_id[ident]
        if m.plan is not None and m.target:
            begins, _ = self.plan_dates(ident, day)
            if begins is None or day < begins:
                return 0
            batches = (day - begins).days // m.plan.every_days + 1
            return min(m.target, batches * m.plan.batch)
        parts = [self.planned(p, day) for p in self.index.parts.get(ident, ())]
        if all(p is None for p in parts):
            return None
        return sum(p or 0 for p in parts)

    def plan_dates(self, ident: str, day: date) -> tuple[date | None, date | None]:
        """The plan's first and last delivery as known on `day` (a plan waiting on its
        conditions starts the day the last was met; None while one is not)."""
        m = self.index.by_id[ident]
        if m.plan is None or not m.target:
            return None, None
        start = m.plan.start or self._conditions_met(m, day)
        if start is None:
            return None, None
        try:
            end: date | None = start + timedelta(days=(-(-m.target // m.plan.batch) - 1) * m.plan.every_days)
        except OverflowError:  # a plan that runs past the calendar has no end date to show
            end = None
        return start, end

    def _conditions_met(self, m: Milestone, day: date) -> date | None:
        """The day the last of the conditions was met, if all are met on `day`."""
        since = []
        for c in m.conditions:
            reached = self.reached(c.milestone, c.reached, day)
            statuses = self._tracks[c.milestone].statuses
            last = bisect_right(self._tracks[c.milestone].status_days, day)
            # A rejection or breach undoes "started"/"offered", unless that is what is awaited.
            if reached is None or (last and statuses[last - 1] in _FINAL_NO and statuses[last - 1] is not c.reached):
                return None
            since.append(reached)
        return max(since, default=None)

    def reached(self, ident: str, status: Reported, day: date) -> date | None:
        """When `status` was reached as seen on `day`: reported, or read from the totals."""
        own = self._tracks[ident].first.get(status)
        if own is not None and own <= day:
            return own
        if status not in (Reported.started, Reported.done):
            return None
        points = self.points(ident, day)
        if not points:
            return None
        if status is Reported.started:
            return points[0][0]
        target = self.index.by_id[ident].target
        if target and points[-1][1] >= target:
            return next(d for d, total in points if total >= target)
        return None

    def story(self, rows: tuple[State, ...], as_of: date) -> tuple[Entry, ...]:
        """Updates up to `as_of` and the plan marks of `rows` (states on `as_of`) on both
        sides of it, in date order; kept for the last few dates asked."""
        kept = self._stories.pop(as_of, None)
        if kept is None:
            with paused():
                kept = self._story(rows, as_of)
        self._stories[as_of] = kept
        while len(self._stories) > _STORIES_KEPT:
            self._stories.popitem(last=False)
        return kept

    def _story(self, rows: tuple[State, ...], as_of: date) -> tuple[Entry, ...]:
        planned = self.planned
        entries = [Entry(u.date, u.milestone, u, planned(u.milestone, u.date)
                         if u.total is not None or u.add is not None else None)
                   for u in self.index.deal.updates if u.date <= as_of]
        for s in rows:
            ident = s.milestone.id
            if s.plan_start and s.milestone.plan:
                entries.append(Entry(s.plan_start, ident, mark="start"))
            if s.plan_end and s.target:
                entries.append(Entry(s.plan_end, ident, mark="end"))
            if s.due_date and s.milestone.due is not None:
                entries.append(Entry(s.due_date, ident, mark="due", due=s.due))
        entries.append(Entry(as_of))
        return tuple(sorted(entries, key=lambda e: e.when))  # stable: updates keep file order

    def span(self, ident: str, as_of: date) -> tuple[date, date] | None:
        """The days a burn-up covers: from the first plan start or report (its parts' too)
        to the latest of plan end, report and as-of; None when there is nothing to draw."""
        starts: list[date] = []
        ends: list[date] = []
        for i in [ident, *self.index.parts.get(ident, ())]:
            start, end = self.plan_dates(i, as_of)
            points = self.points(i, as_of)
            starts += [d for d in (start, points[0][0] if points else None) if d]
            ends += [d for d in (end, points[-1][0] if points else None) if d]
        if not starts or not self.index.by_id[ident].target:
            return None
        first, last = min(starts), max([as_of, *ends])
        return (first, last) if last > first else None

    def burnup(self, ident: str, as_of: date, days: list[date]) -> list[tuple[float | None, float]]:
        """Delivered (None after `as_of`: not known yet) and planned on each of `days`."""
        return [((self.actual(ident, d) or 0) if d <= as_of else None, self.planned(ident, d) or 0)
                for d in days]
