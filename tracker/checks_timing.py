"""Cross-checks for the timing terms: relative deadlines, triggers, any-of groups, claims."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.model import DealFile
from tracker.suggest import Suggester

if TYPE_CHECKING:
    from tracker.checks import Report


def check_timing(report: Report, deal: DealFile) -> None:
    """Anchors, triggers and alternatives that exist; claims citing known sources; no loops."""
    _references(report, deal)
    _loops(report, deal)


def _references(report: Report, deal: DealFile) -> None:
    """Each anchor, trigger and alternative names a milestone, each claim a source."""
    milestones = {m.id for m in deal.milestones}
    sources = {s.id for s in deal.sources}
    for i, m in enumerate(deal.milestones):
        refs: list[tuple[tuple[str | int, ...], str, set[str], str]] = []
        if m.due_after is not None:
            refs.append((("due_after", "milestone"), m.due_after.milestone, milestones, "milestone"))
        if m.trigger is not None:
            refs.append((("trigger", "milestone"), m.trigger.milestone, milestones, "milestone"))
        for j, group in enumerate(m.any_of):
            refs += [(("any_of", j, "any_of", k, "milestone"), c.milestone, milestones, "milestone")
                     for k, c in enumerate(group.any_of)]
        refs += [(("claims", j, "source"), c.source, sources, "source") for j, c in enumerate(m.claims)]
        for path, ident, known, what in refs:
            if ident not in known:
                report.add(("milestones", i, *path), f"no {what} with id {ident!r}{Suggester(known).suggest(ident)}")


def _loops(report: Report, deal: DealFile) -> None:
    """No milestone may wait, through deadlines and triggers as well as conditions, on itself."""
    from tracker.checks import _in_cycles  # checks imports this module

    index = {m.id: i for i, m in enumerate(deal.milestones)}
    edges = {m.id: [c.milestone for c in m.conditions if c.milestone in index] for m in deal.milestones}
    for m in deal.milestones:
        if m.due_after is not None and m.due_after.milestone in index:
            edges[m.id].append(m.due_after.milestone)
        if m.trigger is not None and m.trigger.milestone in index:
            edges[m.id].append(m.trigger.milestone)
    plain = {m.id: [c.milestone for c in m.conditions if c.milestone in index] for m in deal.milestones}
    already = set(_in_cycles(plain))  # loops through conditions alone are reported by checks
    for ident in _in_cycles(edges):
        m = deal.milestones[index[ident]]
        if ident in already or (m.due_after is None and m.trigger is None):
            continue
        key = "due_after" if m.due_after is not None else "trigger"
        report.add(("milestones", index[ident], key), f"circular timing: {ident!r} is due (or "
                   "owed) only after something that, through its own deadline, trigger or "
                   "conditions, waits on it")
