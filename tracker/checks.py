"""Checks across records that the schema alone cannot make."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from tracker.checks_figures import check_figures
from tracker.checks_timing import check_timing
from tracker.errors import Problem
from tracker.locate import KeyPath, Position, key_name, nearest
from tracker.model import DealFile, Milestone, Update
from tracker.suggest import Suggester
from tracker.terms import IMPLIES, KIND_STATUSES, Kind, Reported

Origin = Mapping[str, Sequence[int]]
"""For a deal made of the records that validated: each one's index in the file."""


class Report:
    """The problems found so far, each placed where its key or value is written in the file."""

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
    report = Report(file, positions, deal, origin or {})
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
    check_figures(report, deal, by_id)
    _sources_after_signing(report, deal)
    check_timing(report, deal)
    return report.problems


def _duplicates(report: Report, table: str, ids: Iterable[str]) -> None:
    seen: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in seen:
            report.add((table, index, "id"), f"duplicate id {ident!r}: already used by "
                       f"{table}[{seen[ident]}]")
        seen.setdefault(ident, index)


def _references(report: Report, deal: DealFile, also_known: Mapping[str, set[str]]) -> None:
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


def _cycles(report: Report, deal: DealFile) -> None:
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


def _conditions_can_be_met(report: Report, deal: DealFile, by_id: dict[str, Milestone]) -> None:
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


def _context(report: Report, deal: DealFile) -> None:
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


def _update_fits(report: Report, i: int, update: Update, milestone: Milestone | None) -> None:
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



def _sources_after_signing(report: Report, deal: DealFile) -> None:
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
