"""A deal's updates, indexed once per file, and what they say up to any date.

Time travel asks the same questions for many dates; the index answers each
milestone's from a cached prefix of its updates, so a step redoes only what changed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter

from tracker import quantities as q
from tracker.dates import due_last_day
from tracker.model import DealFile, Milestone, Update
from tracker.quantities import Number
from tracker.terms import IMPLIES, Bound, Kind, Measure, Reported


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
class Revision:
    """A due revision: when, the new date, its source, who made it, and whether it was agreed."""

    day: date
    due: str
    source: str | None
    by: str | None
    agreed: bool


@dataclass(frozen=True)
class Facts:
    """What a milestone's own updates up to a date say, before conditions and parts."""

    history: tuple[Update, ...]
    due: str | None
    due_history: tuple[tuple[date, str, str | None], ...]
    reported: Reported | None
    disputes: tuple[Dispute, ...]
    actual: int | float | None
    points: tuple[tuple[date, int | float], ...]
    reached: dict[Reported, date]
    bounds: tuple[Bound, ...] = ()
    """How each point's figure was reported, aligned with `points`."""
    target: int | float | None = None
    """The target in force: the file's, or the last restated one."""
    target_history: tuple[tuple[date, int | float, str | None, str | None], ...] = ()
    """Every restated target: (date, target, source, by)."""
    revisions: tuple[Revision, ...] = ()
    """Every due revision with who made it and whether it was agreed."""
    claimed: tuple[Revision, ...] = ()
    """Dates one party set alone after the last agreed one: shown, not in force."""
    due_day: date | None = None
    """The last day `due` allows (None without a due date)."""
    original_day: date | None = None
    """The last day the milestone's own `due` allows."""
    falling: bool = False
    """Whether the own figures are a level heading down (see `quantities.falling`)."""
    credits: tuple[Number | None, ...] = ()
    """Each own point's figure as far as it counts (see `quantities.credited`)."""
    figures_reached: dict[Reported, date] = field(default_factory=dict)
    """`reached`, with `started` and `done` also read from the own figures."""


_DAY = attrgetter("date")
"""An update's date, read in C: a lambda per update was a third of indexing 100,000."""


class Index:
    """The deal's updates grouped by milestone in date order, built once per file."""

    def __init__(self, deal: DealFile) -> None:
        self.deal = deal
        self.by_id = {m.id: m for m in deal.milestones}
        self.updates: dict[str, list[Update]] = {m.id: [] for m in deal.milestones}
        for update in deal.updates:
            self.updates.setdefault(update.milestone, []).append(update)
        for group in self.updates.values():
            group.sort(key=_DAY)  # stable: file order breaks ties
        self.parts: dict[str, list[str]] = {}
        for m in deal.milestones:
            if m.part_of:
                self.parts.setdefault(m.part_of, []).append(m.id)
        self.order = _dependency_order(deal, self.parts)
        # Each milestone's update days, and the facts of the prefix last asked for: a
        # time-travel step then redoes only milestones with updates between the two dates.
        self.days = {ident: list(map(_DAY, group)) for ident, group in self.updates.items()}
        self._own: dict[str, tuple[int, Facts]] = {}

    def extended(self, deal: DealFile) -> Index:
        """The index of `deal`; when `deal` is this one's with updates appended (a record,
        a save that only adds), only the milestones those are about are redone."""
        known = self.deal.updates
        if deal.milestones is not self.deal.milestones or deal.updates[: len(known)] != known:
            return Index(deal)
        new = deal.updates[len(known):]
        index = object.__new__(Index)
        index.deal, index.by_id, index.parts, index.order = deal, self.by_id, self.parts, self.order
        index.updates, index.days, index._own = dict(self.updates), dict(self.days), dict(self._own)
        added: dict[str, list[Update]] = {}
        for update in new:
            added.setdefault(update.milestone, []).append(update)
        for ident, more in added.items():
            # Old ones first, in their order, then the new in file order: as a fresh sort has it.
            group = sorted(self.updates.get(ident, []) + more, key=_DAY)
            index.updates[ident] = group
            index.days[ident] = list(map(_DAY, group))
            index._own.pop(ident, None)
        return index

    def facts(self, m: Milestone, as_of: date) -> Facts:
        """What the milestone's own updates up to `as_of` say (cached per prefix)."""
        count = bisect_right(self.days.get(m.id, ()), as_of)
        cached = self._own.get(m.id)
        if cached is not None and cached[0] == count:
            return cached[1]
        history = tuple(self.updates.get(m.id, ())[:count])
        due, due_history = _due(m, history)
        reported = next((u.status for u in reversed(history) if u.status), None)
        level = m.measure is Measure.level
        actual, points = running_total(history, level)
        bounds = tuple(u.bound for u in history if u.total is not None or u.add is not None)
        restated = tuple((u.date, u.target, u.source, u.by) for u in history if u.target is not None)
        target = restated[-1][1] if restated else m.target
        # All of it worked out once per prefix, not on every date judged: a time-travel step
        # then redoes only what the date itself changes.
        revs, reached, own_points = revisions(history), _statuses_reached(history), tuple(points)
        down = q.falling(m, own_points, target)
        credits = q.credited(own_points, bounds, down)
        own = Facts(history, due, due_history, reported, _disputes(history), actual, own_points,
                    reached, bounds, target, restated, revs, claimed(revs),
                    due_last_day(due) if due else None, due_last_day(m.due) if m.due else None,
                    down, tuple(credits), q.reached(m, reached, own_points, credits, target, down))
        self._own[m.id] = (count, own)
        return own

    @cached_property
    def titles(self) -> dict[str, str]:
        """Milestone titles by id, for sentences that name another milestone."""
        return {m.id: m.title for m in self.deal.milestones}

    @cached_property
    def owed_to(self) -> dict[str, int]:
        """How many milestones (context aside) each party is owed: the same on every date."""
        owed: dict[str, int] = {}
        for m in self.deal.milestones:
            if m.kind is not Kind.context:
                for party in set(m.to):
                    owed[party] = owed.get(party, 0) + 1
        return owed

    @cached_property
    def _dates(self) -> tuple[date, ...]:
        return tuple(sorted({u.date for u in self.deal.updates}))

    def dates(self) -> tuple[date, ...]:
        """Every day on which something was reported, in order, for time travel."""
        return self._dates  # worked out once: every evaluation asks for it


def _dependency_order(deal: DealFile, parts: dict[str, list[str]]) -> list[str]:
    """Milestones ordered so that conditions and parts come before what needs them."""
    needs = {m.id: [c.milestone for c in m.conditions] + parts.get(m.id, []) + timing_needs(m)
             for m in deal.milestones}
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


def timing_needs(m: Milestone) -> list[str]:
    """Milestones this one's timing reads: a relative deadline's anchor, a trigger, any-of groups."""
    needs = [group.milestone for any_of in m.any_of for group in any_of.any_of]
    needs += [rule.milestone for rule in (m.due_after, m.trigger) if rule is not None]
    return needs


def running_total(
    history: Sequence[Update], level: bool = False
) -> tuple[int | float | None, list[tuple[date, int | float]]]:
    """The running total the updates report (or a level's latest reading), and its points."""
    total: int | float | None = None
    points: list[tuple[date, int | float]] = []
    for u in history:
        if u.total is not None:
            # A running total never goes down (`check` says so); a level may.
            total = u.total if level else max(total or 0, u.total)
        elif u.add is not None:
            total = (total or 0) + u.add
        else:
            continue
        points.append((u.date, total))
    return total, points


def revisions(history: Sequence[Update]) -> tuple[Revision, ...]:
    """Every due revision up to the as-of date; one with no `agreed` counts as agreed."""
    return tuple(Revision(u.date, u.due, u.source, u.by, u.agreed is not False)
                 for u in history if u.due)


def claimed(revs: Sequence[Revision]) -> tuple[Revision, ...]:
    """Unilateral revisions made after the last agreed one: dates claimed, not in force."""
    last = max((i for i, r in enumerate(revs) if r.agreed), default=-1)
    return tuple(r for r in revs[last + 1:] if not r.agreed)


def _statuses_reached(history: Sequence[Update]) -> dict[Reported, date]:
    """The first day each reported status was reached (a status implies those before it)."""
    reached: dict[Reported, date] = {}
    for u in history:
        if u.status:
            for status in {u.status} | IMPLIES.get(u.status, set()):
                reached.setdefault(status, u.date)
    return reached


def _due(m: Milestone, history: Sequence[Update]) -> tuple[str | None, tuple[tuple[date, str, str | None], ...]]:
    """The due date in force, and every earlier one with when and why it changed."""
    revisions = tuple((u.date, u.due, u.source) for u in history if u.due)
    # A date one party set alone (`agreed = false`) is a claim; the last agreed one stays in force.
    agreed = [u.due for u in history if u.due and u.agreed is not False]
    due = agreed[-1] if agreed else m.due
    return due, revisions


def _disputes(history: Sequence[Update]) -> tuple[Dispute, ...]:
    """Facts the sources disagree on: the day a status was reached, a total on a day."""
    if not _may_differ(history):
        return ()
    by_fact: dict[str, dict[str, list[str]]] = {}
    for u in history:
        source = u.source or "(no source)"
        if u.status:
            by_fact.setdefault(f"date {u.status.value}", {}).setdefault(u.date.isoformat(), []).append(source)
        if u.total is not None:
            by_fact.setdefault(f"total on {u.date.isoformat()}", {}).setdefault(
                _claim(u), []).append(source)
    disputes = []  # the same source giving two figures is an error for `check`, not a dispute
    for fact, claims in by_fact.items():
        sources = {s for names in claims.values() for s in names}
        if len(claims) > 1 and len(sources) > 1:
            disputes.append(Dispute(fact, tuple(Claim(v, tuple(s)) for v, s in claims.items())))
    return tuple(disputes)


def _may_differ(history: Sequence[Update]) -> bool:
    """Whether two updates could give different claims for one fact (a status reached on
    two days, two totals for one day). Nearly always not: told from the values themselves,
    rather than from the claims' words, which cost a third of reading the updates (a date
    and a number formatted for every one)."""
    days: dict[Reported, date] = {}
    totals: dict[date, tuple[Bound, type, float]] = {}
    for u in history:
        if u.status and days.setdefault(u.status, u.date) != u.date:
            return True
        if u.total is not None:
            figure = (u.bound, type(u.total), u.total)
            if totals.setdefault(u.date, figure) != figure:
                return True
    return False


MARK = {Bound.exact: "", Bound.at_least: "≥", Bound.at_most: "≤", Bound.about: "~"}
"""How a bounded figure is marked wherever it is shown: `≥200`, `≤2,000`, `~1,200`."""


def number(value: float) -> str:
    """`1,500`, `2.5`, `12.4`: whole numbers as written, decimals without float noise."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{value:,.1f}"
    return f"{value:,.12g}" if isinstance(value, float) else f"{value:,}"


def _claim(u: Update) -> str:
    return MARK[u.bound] + number(u.total or 0)
