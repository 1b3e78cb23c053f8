"""The whole deal on one date: every milestone's state, and totals per party."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from tracker.collector import paused
from tracker.explain import explain
from tracker.explain_timing import tail
from tracker.history import Index
from tracker.judge import evaluate_all
from tracker.model import DealFile, Milestone, Party
from tracker.status import SEVERITY, State, Status
from tracker.terms import Kind, Measure

NEEDS_ATTENTION = (Status.breached, Status.blocked, Status.overdue, Status.at_risk, Status.behind,
                   Status.waiting, Status.rejected, Status.unknown)
UNOWED = (Status.contingent, Status.lapsed)
"""Terms not owed (yet, or any more): left out of the deal's progress."""


@dataclass(frozen=True)
class _Names:
    as_of: date
    parties: dict[str, str]
    titles: dict[str, str]


@dataclass(frozen=True)
class Row:
    """A milestone's state with its one-sentence explanation."""

    state: State
    stale: bool
    names: _Names = field(repr=False, compare=False)

    @cached_property
    def sentence(self) -> str:
        # Worked out when first shown: a screen shows a few rows of thousands.
        return (explain(self.state, self.names.as_of, self.names.parties, self.names.titles)
                + tail(self.state, self.names.titles, self.names.parties))

    @property
    def milestone(self) -> Milestone:
        return self.state.milestone


@dataclass(frozen=True)
class Delivered:
    """What a party has delivered of one unit (prisoners, troops) against its targets."""

    unit: str
    actual: int | float | None
    """None when nothing of this unit has been reported yet (not the same as zero)."""
    target: int | float


@dataclass(frozen=True)
class PartyRollup:
    """What one party owes, and how much of it is delivered."""

    id: str
    name: str
    signatory: bool
    owes: int
    counts: dict[Status, int]
    delivered: tuple[Delivered, ...]
    owed_to: int
    role: str = ""
    """What the deal asks of the party, in a line (the file's `role`)."""
    rows: tuple[Row, ...] = ()
    """The milestones it owes, in file order, so a screen listing them scans no other row."""


@dataclass(frozen=True)
class Evaluation:
    """The deal as of one date: what the report and the app show."""

    deal: DealFile
    as_of: date
    rows: tuple[Row, ...]
    context: tuple[Milestone, ...]
    counts: dict[Status, int]
    progress: float
    parties: tuple[PartyRollup, ...]
    dates: tuple[date, ...]
    counted: int = 0
    """How many commitments the headline `progress` is the share of."""

    @property
    def basis(self) -> str:
        """What the headline measures, in words."""
        return ("each counted once: a whole and not its parts (unless a part has a limit of "
                "its own), a limit when kept; events, context and terms not owed (contingent, "
                "lapsed) left out")

    @property
    def last_news(self) -> date | None:
        """The last day on or before the as-of date that anything was reported."""
        earlier = [d for d in self.dates if d <= self.as_of]
        return max(earlier) if earlier else None

    @property
    def silent_days(self) -> int | None:
        """Days from the last report to the as-of date, when that is longer than the deal's
        `stale_after_days`: a reader looking at today must know the news stopped long ago."""
        last = self.last_news
        if last is None or (self.as_of - last).days <= self.deal.deal.stale_after_days:
            return None
        return (self.as_of - last).days

    @property
    def disputed(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.state.disputes)

    @property
    def attention(self) -> tuple[Row, ...]:
        """Rows a reader should look at first: in trouble, disputed or stale."""
        return tuple(
            r for r in self.rows
            if r.state.status in NEEDS_ATTENTION or r.state.disputes or r.stale
        )

    @cached_property
    def by_id(self) -> dict[str, Row]:
        """Every row by its milestone's id: the one lookup, built once per evaluation."""
        return {r.milestone.id: r for r in self.rows}

    def milestone(self, milestone_id: str) -> Milestone | None:
        """The milestone with this id, context included; None if there is none."""
        row = self.by_id.get(milestone_id)
        if row is not None:
            return row.milestone
        return next((m for m in self.context if m.id == milestone_id), None)


def evaluate(deal: DealFile, as_of: date, index: Index | None = None) -> Evaluation:
    """Evaluate the whole deal on `as_of`; pass an `Index` to reuse it across dates."""
    # Every state made survives, so cycle-collector scans meanwhile were wasted: up to half
    # a 10,000-milestone evaluation once earlier evaluations are kept for time travel.
    with paused():
        return _evaluate(deal, as_of, index)


def _evaluate(deal: DealFile, as_of: date, index: Index | None) -> Evaluation:
    index = index or Index(deal)
    states = evaluate_all(index, as_of)
    names = _Names(as_of, {p.id: p.name for p in deal.parties}, index.titles)
    stale_after = deal.deal.stale_after_days
    rows = tuple(
        Row(state, (state.stale_days or 0) >= stale_after, names)
        for m in deal.milestones
        if m.kind is not Kind.context
        for state in (states[m.id],)
    )
    counts = Counter(r.state.status for r in rows)
    wholes = {m.id for m in deal.milestones}
    # A part's delivery is counted in its whole; a part with a limit of its own (one
    # party's share of a quota) is a commitment of its own, kept or breached. A term not
    # owed (contingent, lapsed) is left out.
    counted = [s for s, m in ((r.state, r.state.milestone) for r in rows) if m.kind is not Kind.event
               and not (m.part_of in wholes and m.limit is None) and s.status not in UNOWED]
    progress = sum(_credit(s) for s in counted) / len(counted) if counted else 0.0
    return Evaluation(
        deal=deal, as_of=as_of, rows=rows,
        context=tuple(m for m in deal.milestones if m.kind is Kind.context),
        counts={s: counts.get(s, 0) for s in SEVERITY},
        progress=progress,
        parties=_parties(deal, rows, index.owed_to),
        dates=index.dates(), counted=len(counted),
    )


def _credit(state: State) -> float:
    """How much of a milestone counts as delivered: its progress, or all of it when done;
    a limit counts as kept (within) or not, never as an amount delivered."""
    if state.status is Status.breached:
        return 0.0
    if state.status is Status.done:
        return 1.0
    if state.target is None and state.milestone.limit is not None:
        return 1.0 if state.compliance == "within" else 0.0
    return state.progress or 0.0


def _parties(deal: DealFile, rows: tuple[Row, ...], owed_to: Mapping[str, int]) -> tuple[PartyRollup, ...]:
    # One pass over the rows for all parties: a pass per party grew as parties × milestones.
    owed: dict[str, list[Row]] = {p.id: [] for p in deal.parties}
    for r in rows:
        owed.get(r.state.milestone.party or "", []).append(r)
    return tuple(_party(p, owed[p.id], owed_to.get(p.id, 0)) for p in deal.parties)


def _party(party: Party, owed: list[Row], owed_to: int) -> PartyRollup:
    counts = Counter(r.state.status for r in owed)
    units: dict[str, tuple[int | float | None, int | float]] = {}
    for s in (r.state for r in owed):
        # Parts count towards their whole; adding both would count them twice.
        # A level (troops remaining) or a limit is not an amount delivered; nor is a term not owed.
        if (s.target is not None and s.milestone.part_of is None and s.milestone.measure is Measure.total
                and s.status not in UNOWED):
            unit = s.milestone.unit or "units"
            actual, target = units.get(unit, (None, 0))
            if s.actual is not None:
                actual = (actual or 0) + s.actual
            units[unit] = (actual, target + s.target)
    return PartyRollup(
        id=party.id, name=party.name, signatory=party.signatory, owes=len(owed),
        counts={k: counts.get(k, 0) for k in SEVERITY},
        delivered=tuple(Delivered(u, a, t) for u, (a, t) in units.items()),
        owed_to=owed_to, role=party.role, rows=tuple(owed),
    )
