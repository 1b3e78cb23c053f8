"""Time as an analyst reads it: relative deadlines, lateness, contingent terms, claimed dates.

Pure functions of a milestone, its own updates and the states of the milestones it reads
(evaluated first: `history.timing_needs` puts them earlier in the dependency order).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypedDict

from tracker.dates import due_last_day
from tracker.history import Claim, Dispute, Facts, Revision
from tracker.model import DueAfter, Milestone
from tracker.terms import Reported

# A decision that leaves nothing more to happen: a trigger waiting on anything else lapses.
_FINAL = {Reported.done, Reported.accepted, Reported.rejected, Reported.cancelled, Reported.breached}
_BROKEN = {Reported.rejected, Reported.cancelled, Reported.breached}


class Anchor(Protocol):
    """What timing reads of another milestone's state (an `evaluate.State`)."""

    @property
    def reached(self) -> dict[Reported, date]: ...
    @property
    def reported(self) -> Reported | None: ...
    @property
    def disputes(self) -> tuple[Dispute, ...]: ...


@dataclass(frozen=True)
class Relative:
    """A relative deadline worked out on the as-of date."""

    rule: str
    """The rule in words: `90 days after “Signing” is done`."""
    earliest: date | None
    latest: date | None
    """The due date's range: a range when the anchor's date is disputed; None until it happened."""


def shift(day: date, rule: DueAfter) -> date | None:
    """`day` moved on by the rule's months, weeks and days (None past the calendar)."""
    month = day.month - 1 + rule.months
    year, month = day.year + month // 12, month % 12 + 1
    try:
        moved = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
        return moved + timedelta(days=rule.days + 7 * rule.weeks)
    except (ValueError, OverflowError):
        return None


def rule_words(rule: DueAfter, title: str) -> str:
    """`18 months and 10 days after “Entry into force” is done`."""
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((rule.months, "month"), (rule.weeks, "week"), (rule.days, "day")) if n]
    span = " and ".join(parts) or "the day"
    return f"{span} after “{title}” is {rule.reached.value}"


def relative(m: Milestone, states: Mapping[str, Anchor], titles: Mapping[str, str]) -> Relative | None:
    """The milestone's relative deadline, if it has one, as of the anchor's state."""
    rule = m.due_after
    if rule is None:
        return None
    words = rule_words(rule, titles.get(rule.milestone, rule.milestone))
    anchor = states.get(rule.milestone)
    since = anchor.reached.get(rule.reached) if anchor else None
    if anchor is None or since is None:
        return Relative(words, None, None)
    days = {since}
    for dispute in anchor.disputes:
        if dispute.field == f"date {rule.reached.value}":
            days |= {date.fromisoformat(c.value) for c in dispute.claims}
    shifted = [d for d in (shift(day, rule) for day in days) if d is not None]
    if not shifted:
        return Relative(words, None, None)
    return Relative(words, min(shifted), max(shifted))


def late(done: date | None, due: date | None) -> int | None:
    """Days after `due` that it was done (0 when on time), None when not done or not due."""
    if done is None or due is None:
        return None
    return max(0, (done - due).days)


def contingency(m: Milestone, states: Mapping[str, Anchor]) -> str | None:
    """`contingent` until the trigger happens, `lapsed` once it can no longer; else None."""
    trigger = m.trigger
    if trigger is None:
        return None
    state = states.get(trigger.milestone)
    if state is None:
        return "contingent"
    # As for a condition: a rejection or breach undoes "started", unless that is the trigger.
    broken = state.reported in _BROKEN and state.reported is not trigger.reached
    if trigger.reached in state.reached and not broken:
        return None
    if state.reported in _FINAL:
        return "lapsed"
    return "contingent"


def term_disputes(m: Milestone) -> tuple[Dispute, ...]:
    """Sources giving different due dates or targets for the milestone: every claim kept.

    The milestone's own `due`/`target` counts as the claim of its sources that give no
    claim of their own (or of the file itself when it cites none)."""
    disputes = []
    for field, own in (("due", m.due), ("target", m.target)):
        given = [(c.source, getattr(c, field)) for c in m.claims if getattr(c, field) is not None]
        if not given:
            continue
        claimants = {s for s, _ in given}
        rest = tuple(s for s in m.sources if s not in claimants) or ("(the milestone)",)
        values: dict[str, list[str]] = {}
        if own is not None:
            values.setdefault(_same(field, own), []).extend(rest)
        for source, value in given:
            values.setdefault(_same(field, value), []).append(source)
        if len(values) > 1:
            disputes.append(Dispute(field, tuple(Claim(v, tuple(dict.fromkeys(s))) for v, s in values.items())))
    return tuple(disputes)


def _same(field: str, value: object) -> str:
    """A claim's value as shown; due dates as written ("2021-07" and "2021-07-31" differ in words
    only, so both read as the last day meant)."""
    if field == "due":
        return due_last_day(str(value)).isoformat()
    return f"{value:,}" if isinstance(value, int) else str(value)


def due_spread(disputes: Sequence[Dispute]) -> tuple[date, date] | None:
    """The earliest and latest of disputed due dates."""
    for dispute in disputes:
        if dispute.field == "due":
            days = [date.fromisoformat(c.value) for c in dispute.claims]
            return min(days), max(days)
    return None


class Met(Protocol):
    """What `ahead` reads of a condition (an `evaluate.Gate`)."""

    @property
    def met(self) -> bool: ...
    @property
    def since(self) -> date | None: ...


def ahead(gates: Sequence[Met], reached: Mapping[Reported, date]) -> bool:
    """Whether something was delivered while a condition was still unmet."""
    first = reached.get(Reported.started) or reached.get(Reported.done)
    if first is None:
        return False
    return any(not g.met or (g.since or first) > first for g in gates)


def fields(own: Facts, disputes: tuple[Dispute, ...], rel: Relative | None,
           reached: dict[Reported, date], due_date: date | None, plan_end: date | None,
           gates: Sequence[Met], blocked_by: tuple[str, ...], window: int) -> Fields:
    """The State fields that tell time: lateness, revisions, relative rules, ranges, blocks."""
    original = own.original_day or (rel.latest if rel else plan_end)
    revs = own.revisions
    done = reached.get(Reported.done) or reached.get(Reported.accepted)
    # Sources disagreeing on the deal's own due date matter until an agreed revision replaces it.
    spread = None if not disputes or any(r.agreed for r in revs) else due_spread(disputes)
    if rel and rel.earliest and rel.latest and rel.earliest != rel.latest:
        spread = (rel.earliest, rel.latest)
    return Fields({
        "late_days": late(done, due_date), "late_days_original": late(done, original),
        "due_original_date": original, "revisions": revs, "claimed": own.claimed,
        "due_rule": rel.rule if rel else None, "due_range": spread, "blocked_by": blocked_by,
        "ahead_of_conditions": bool(gates) and ahead(gates, reached), "at_risk_days": window,
    })


class Fields(TypedDict):
    """The State fields `fields` works out, passed on by name."""

    late_days: int | None
    late_days_original: int | None
    due_original_date: date | None
    revisions: tuple[Revision, ...]
    claimed: tuple[Revision, ...]
    due_rule: str | None
    due_range: tuple[date, date] | None
    blocked_by: tuple[str, ...]
    ahead_of_conditions: bool
    at_risk_days: int
