"""Checks across records that the schema alone cannot make."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

from tracker.checks_timing import check_timing
from tracker.errors import Problem
from tracker.locate import KeyPath, Position, key_name, nearest
from tracker.history import number
from tracker.model import (
    IMPLIES,
    KIND_STATUSES,
    DealFile,
    Kind,
    Measure,
    Milestone,
    Qualifier,
    Reported,
    Update,
)
from tracker.suggest import Suggester

Origin = Mapping[str, Sequence[int]]
"""For a deal made of the records that validated: each one's index in the file."""


class _Report:
    def __init__(self, file: str, positions: Mapping[KeyPath, Position], deal: DealFile,
                 origin: Origin) -> None:
        self.file = file
        self.positions = positions
        self.problems: list[Problem] = []
        self.origin = origin
        self.ids = {"parties": [p.id for p in deal.parties], "sources": [s.id for s in deal.sources],
                    "milestones": [m.id for m in deal.milestones]}

    def add(self, path: KeyPath, message: str) -> None:
        record = ""
        if len(path) > 1 and isinstance(path[0], str) and isinstance(path[1], int):
            ids = self.ids.get(path[0])
            record = ids[path[1]] if ids else ""
            if path[0] in self.origin:  # back to the record's place in the file
                path = (path[0], self.origin[path[0]][path[1]], *path[2:])
        # Point at the offending value where it is written as one, else at its key or table.
        value = getattr(self.positions, "value", None)
        line, column = (value and value(path)) or nearest(self.positions, path) or (1, 1)
        self.problems.append(Problem(self.file, line, column, key_name(path), message, record))


def cross_check(deal: DealFile, file: str, positions: Mapping[KeyPath, Position],
                origin: Origin | None = None, also_known: Mapping[str, set[str]] | None = None,
                ) -> list[Problem]:
    """Every problem between records: duplicates, dangling references, cycles, sums.

    `deal` may hold only the records of a file that validated: then `origin` gives their
    indices in the file and `also_known` the ids of those that did not (references may
    name them), so schema and cross-record problems are listed at once."""
    report = _Report(file, positions, deal, origin or {})
    _duplicates(report, "parties", (p.id for p in deal.parties))
    _duplicates(report, "sources", (s.id for s in deal.sources))
    _duplicates(report, "milestones", (m.id for m in deal.milestones))
    _references(report, deal, also_known or {})
    _cycles(report, deal)
    by_id = {m.id: m for m in deal.milestones}
    _conditions_can_be_met(report, deal, by_id)
    for index, update in enumerate(deal.updates):
        _update_fits(report, index, update, by_id.get(update.milestone))
    _context(report, deal)
    _totals(report, deal, by_id)
    _same_day_same_source(report, deal)
    _wholes_cover_parts(report, deal, by_id)
    _plans(report, deal)
    _sources_after_signing(report, deal)
    check_timing(report, deal)
    return report.problems


def _duplicates(report: _Report, table: str, ids: Iterable[str]) -> None:
    seen: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in seen:
            report.add((table, index, "id"), f"duplicate id {ident!r}: already used by "
                       f"{table}[{seen[ident]}]")
        seen.setdefault(ident, index)


def _references(report: _Report, deal: DealFile, also_known: Mapping[str, set[str]]) -> None:
    parties = {p.id for p in deal.parties} | also_known.get("parties", set())
    sources = {s.id for s in deal.sources} | also_known.get("sources", set())
    milestones = {m.id for m in deal.milestones} | also_known.get("milestones", set())
    # One index per set of ids, made only when a reference is unknown.
    suggesters: dict[str, Suggester] = {}

    def need(path: KeyPath, ident: str | None, known: set[str], what: str) -> None:
        if ident is not None and ident not in known:
            if what not in suggesters:
                suggesters[what] = Suggester(known)
            report.add(path, f"no {what} with id {ident!r}{suggesters[what].suggest(ident)}")

    for i, m in enumerate(deal.milestones):
        need(("milestones", i, "party"), m.party, parties, "party")
        for j, ident in enumerate(m.to):
            need(("milestones", i, "to", j), ident, parties, "party")
        for j, ident in enumerate(m.sources):
            need(("milestones", i, "sources", j), ident, sources, "source")
        for j, cond in enumerate(m.conditions):
            need(("milestones", i, "conditions", j, "milestone"), cond.milestone, milestones, "milestone")
        need(("milestones", i, "part_of"), m.part_of, milestones, "milestone")
    for i, u in enumerate(deal.updates):
        need(("updates", i, "milestone"), u.milestone, milestones, "milestone")
        need(("updates", i, "source"), u.source, sources, "source")
        need(("updates", i, "by"), u.by, parties, "party")


def _cycles(report: _Report, deal: DealFile) -> None:
    """Conditions and `part_of` must not loop back on themselves."""
    index = {m.id: i for i, m in enumerate(deal.milestones)}
    edges = {m.id: [c.milestone for c in m.conditions if c.milestone in index] for m in deal.milestones}
    parents = {m.id: m.part_of for m in deal.milestones if m.part_of in index}
    for ident in _in_cycles(edges):
        report.add(("milestones", index[ident], "conditions"),
                   f"circular conditions: {ident!r} waits, through its conditions, on itself")
    for ident in _in_cycles({k: [v] for k, v in parents.items() if v}):
        report.add(("milestones", index[ident], "part_of"),
                   f"circular part_of: {ident!r} ends up as a part of itself")


def _in_cycles(edges: dict[str, list[str]]) -> Iterator[str]:
    """Nodes that can reach themselves, found without recursion (files can be large)."""
    state: dict[str, int] = {}
    on_cycle: set[str] = set()
    for root in edges:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(edges.get(root, ())))]
        state[root] = 1
        path = [root]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                on_cycle.update(path[path.index(child):])
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, ()))))
    yield from sorted(on_cycle)


# The reverse of model.IMPLIES: the later statuses that each earlier one is implied by.
_IMPLIED_BY = {early: {late for late, earlier in IMPLIES.items() if early in earlier}
               for early in Reported}


def _conditions_can_be_met(report: _Report, deal: DealFile, by_id: dict[str, Milestone]) -> None:
    """A condition waiting for a status its milestone's kind never takes would wait forever."""
    for i, m in enumerate(deal.milestones):
        for j, cond in enumerate(m.conditions):
            other = by_id.get(cond.milestone)
            if other is None:
                continue
            can = set(KIND_STATUSES[other.kind])
            can |= {status for status, later in _IMPLIED_BY.items() if can & later}
            if cond.reached not in can:
                reachable = ", ".join(sorted(s.value for s in can)) or "no status at all"
                report.add(("milestones", i, "conditions", j, "reached"),
                           f"{other.id!r} is a {other.kind.value} and can never be "
                           f"{cond.reached.value!r} (it can reach: {reachable}), so this "
                           "condition would never be met")


_NOT_FOR_CONTEXT = {"party": "party", "to": "party it is owed to", "target": "target", "plan": "plan",
                    "due": "due date"}
"""What a commitment has and background does not: who owes it, to whom, how much, by when."""


def _context(report: _Report, deal: DealFile) -> None:
    """A context milestone is background, shown apart and never evaluated: a party, a
    target, a plan or a due date given to it would be silently ignored, so say so."""
    context = {m.id for m in deal.milestones if m.kind is Kind.context}
    for i, m in enumerate(deal.milestones):
        if m.kind is not Kind.context:
            continue
        for name, words in _NOT_FOR_CONTEXT.items():
            if getattr(m, name) not in (None, ()):
                report.add(("milestones", i, name), f"a context milestone is background and has no "
                           f"{words}; make it another kind (commitment, event, ...) or remove {name!r}")
    for i, u in enumerate(deal.updates):
        given = [name for name in ("total", "add", "due") if getattr(u, name) is not None]
        if u.milestone in context and given:
            report.add(("updates", i, given[0]), f"{u.milestone!r} is a context milestone (background): "
                       f"an update can give it a note, not {given[0]!r}")


def _update_fits(report: _Report, i: int, update: Update, milestone: Milestone | None) -> None:
    if milestone is None:
        return
    if update.status is not None and update.status not in KIND_STATUSES[milestone.kind]:
        allowed = ", ".join(sorted(s.value for s in KIND_STATUSES[milestone.kind])) or "none"
        report.add(("updates", i, "status"), f"a {milestone.kind.value} cannot be "
                   f"{update.status.value!r} (allowed: {allowed})")
    figure = update.total is not None or update.add is not None
    if figure and milestone.target is None and milestone.limit is None \
            and milestone.kind is not Kind.context:  # said by _context
        report.add(("updates", i), f"{milestone.id!r} has no target, so it cannot have a total")
    if update.target is not None and milestone.target is None:
        report.add(("updates", i, "target"), f"{milestone.id!r} has no target to restate; "
                   "give the milestone a `target` first")


def _totals(report: _Report, deal: DealFile, by_id: dict[str, Milestone]) -> None:
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


def _same_day_same_source(report: _Report, deal: DealFile) -> None:
    """One source cannot give two figures for one milestone on one day; two sources that
    disagree are a dispute, shown with both claims."""
    seen: dict[tuple[str, date, str | None, str], tuple[int, int | float]] = {}
    for i, u in enumerate(deal.updates):
        if u.total is not None:
            _once(report, seen, i, u, "total", u.total)
        if u.target is not None:
            _once(report, seen, i, u, "target", u.target)


def _once(report: _Report, seen: dict[tuple[str, date, str | None, str], tuple[int, int | float]],
          i: int, u: Update, field: str, value: int | float) -> None:
    first = seen.setdefault((u.milestone, u.date, u.source, field), (i, value))
    if first[1] != value:
        source = f"source {u.source!r}" if u.source else "no source"
        report.add(("updates", i, field), f"{field} {number(value)} for {u.milestone!r} on "
                   f"{u.date} ({source}) differs from the {number(first[1])} that "
                   f"updates[{first[0]}] gives for the same day and source")


def _wholes_cover_parts(report: _Report, deal: DealFile, by_id: dict[str, Milestone]) -> None:
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


def _whole_against_parts(report: _Report, deal: DealFile, whole: str, group: list[str],
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


def _plans(report: _Report, deal: DealFile) -> None:
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
        if total is not None and m.target is not None and m.qualifier is not Qualifier.at_least:
            if total > m.target:
                report.add(("milestones", i, "target"), f"its parts add up to {total:,}, "
                           f"more than its target of {m.target:,}")


def _sources_after_signing(report: _Report, deal: DealFile) -> None:
    """A report published before the deal was signed cannot report on it."""
    signings = {m.id for m in deal.milestones if m.kind is Kind.signing}
    signed = [u.date for u in deal.updates if u.milestone in signings and u.status is Reported.done]
    if not signed:
        return
    first = min(signed)
    for i, source in enumerate(deal.sources):
        if source.published < first:
            report.add(("sources", i, "published"), f"published {source.published}, before the "
                       f"deal was signed ({first}); check the date")
