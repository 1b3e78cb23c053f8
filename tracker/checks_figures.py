"""Cross-checks on the figures: running totals, one figure a source and a day, wholes
against their parts, and plans whose batches cannot add up to the target."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tracker.history import number
from tracker.model import DealFile, Milestone, Update
from tracker.terms import Measure, Qualifier

if TYPE_CHECKING:
    from tracker.checks import Report  # checks imports this module


def check_figures(report: Report, deal: DealFile, by_id: dict[str, Milestone]) -> None:
    """Totals that go down, figures given twice, wholes below their parts, impossible batches."""
    _totals(report, deal, by_id)
    _same_day_same_source(report, deal)
    _wholes_cover_parts(report, deal, by_id)
    _plans(report, deal)


def _totals(report: Report, deal: DealFile, by_id: dict[str, Milestone]) -> None:
    """A running total never goes down (a level may); an increment adds to the total before it."""
    running: dict[str, tuple[int | float, date]] = {}
    order = sorted(range(len(deal.updates)), key=lambda i: deal.updates[i].date)
    for i in order:
        u = deal.updates[i]
        m = by_id.get(u.milestone)
        if m is not None and m.measure is Measure.level:
            continue
        before, when = running.get(u.milestone, (0, date.min))
        if u.total is not None:
            if u.total < before and u.date > when:
                report.add(("updates", i, "total"), f"the running total for {u.milestone!r} goes "
                           f"down: {number(u.total)} on {u.date}, after {number(before)} by {when} "
                           '(a count that may fall is a level: measure = "level")')
            running[u.milestone] = (max(before, u.total), u.date)
        elif u.add is not None:
            running[u.milestone] = (before + u.add, u.date)


def _same_day_same_source(report: Report, deal: DealFile) -> None:
    """One source cannot give two figures for one milestone on one day; two sources that
    disagree are a dispute, shown with both claims."""
    seen: dict[tuple[str, date, str | None, str], tuple[int, int | float]] = {}
    for i, u in enumerate(deal.updates):
        if u.total is not None:
            _once(report, seen, i, u, "total", u.total)
        if u.target is not None:
            _once(report, seen, i, u, "target", u.target)


def _once(report: Report, seen: dict[tuple[str, date, str | None, str], tuple[int, int | float]],
          i: int, u: Update, field: str, value: float) -> None:
    first = seen.setdefault((u.milestone, u.date, u.source, field), (i, value))
    if first[1] != value:
        source = f"source {u.source!r}" if u.source else "no source"
        report.add(("updates", i, field), f"{field} {number(value)} for {u.milestone!r} on "
                   f"{u.date} ({source}) differs from the {number(first[1])} that "
                   f"updates[{first[0]}] gives for the same day and source")


def _wholes_cover_parts(report: Report, deal: DealFile, by_id: dict[str, Milestone]) -> None:
    """A whole's own total cannot be below what its parts add up to on the same day."""
    parts: dict[str, list[str]] = {}
    for m in deal.milestones:
        if m.part_of in by_id:
            parts.setdefault(m.part_of, []).append(m.id)
    # Only wholes with figures of their own can fall below their parts (most have none).
    own = {u.milestone for u in deal.updates if u.milestone in parts and
           (u.total is not None or u.add is not None)}
    if not own:
        return
    watched = {p for whole in own for p in parts[whole]} | own
    figures = sorted((u.date, i) for i, u in enumerate(deal.updates) if u.milestone in watched
                     and (u.total is not None or u.add is not None))
    totals: dict[str, list[tuple[date, int | float, int]]] = {}
    for day, i in figures:
        u = deal.updates[i]
        series = totals.setdefault(u.milestone, [])
        before = series[-1][1] if series else 0
        series.append((day, u.total if u.total is not None else before + (u.add or 0), i))
    for whole in sorted(own):
        _whole_against_parts(report, deal, whole, parts[whole], totals)


def _whole_against_parts(report: Report, deal: DealFile, whole: str, group: list[str],
                         totals: dict[str, list[tuple[date, int | float, int]]]) -> None:
    """One sweep through the whole's and its parts' figures in date order."""
    events = sorted((d, n, k, v, i) for k, ident in enumerate([whole, *group])
                    for n, (d, v, i) in enumerate(totals.get(ident, [])))
    latest: list[int | float | None] = [None] * len(group)
    value: int | float | None = None
    at, told = -1, set()
    for j, (day, _, k, v, i) in enumerate(events):
        if k == 0:
            value, at = v, i
        else:
            latest[k - 1] = v
        if j + 1 < len(events) and events[j + 1][0] == day:
            continue  # judge a day once all its figures are in
        counted = sum(x for x in latest if x is not None)
        if value is None or value >= counted or at in told:
            continue
        told.add(at)
        named = ", ".join(p for p, x in zip(group, latest) if x is not None)
        report.add(("updates", at, "total" if deal.updates[at].total is not None else "add"),
                   f"{whole!r} has a total of {number(value)} on {day}, below the "
                   f"{number(counted)} its parts ({named}) add up to by then")


def _plans(report: Report, deal: DealFile) -> None:
    parts: dict[str, int | float] = {}
    for i, m in enumerate(deal.milestones):
        if m.part_of and m.target is not None:
            parts[m.part_of] = parts.get(m.part_of, 0) + m.target
        if m.plan is None or m.target is None:
            continue
        if m.plan.batch > m.target:
            report.add(("milestones", i, "plan", "batch"), f"a batch of {m.plan.batch:,} is more "
                       f"than the whole target of {m.target:,}")
        elif m.qualifier is Qualifier.exact and m.target % m.plan.batch:
            report.add(("milestones", i, "plan", "batch"), f"batches of {m.plan.batch:,} cannot "
                       f"add up to exactly {m.target:,}")
    for i, m in enumerate(deal.milestones):
        total = parts.get(m.id)
        if total is not None and m.target is not None and m.qualifier is not Qualifier.at_least \
                and total > m.target:
                report.add(("milestones", i, "target"), f"its parts add up to {total:,}, "
                           f"more than its target of {m.target:,}")
