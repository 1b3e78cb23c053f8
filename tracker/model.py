"""The deal as written in its TOML file: the schema, and nothing computed.

What happened is recorded only as dated `Update`s (an event log); every status,
total and dispute is derived from them by `tracker.judge`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict, StrictBool, StrictStr, model_validator

from tracker.dates import Day, Due
from tracker.terms import (
    Bound,
    Certainty,
    Count,
    Figure,
    Id,
    Kind,
    Measure,
    Qualifier,
    Record,
    Reported,
)


class Party(Record):
    """Someone who owes or is owed something under the deal."""

    id: Id
    """How milestones and updates refer to this party."""
    name: StrictStr = Field(min_length=1, max_length=200)
    """The party's name as a reader knows it."""
    signatory: StrictBool = True
    """Whether the party signed the deal (a party can be bound without signing)."""
    role: StrictStr = ""
    """A line on the party's place in the deal."""


class Source(Record):
    """A report that facts in the file come from."""

    id: Id
    """How milestones and updates cite this source."""
    title: StrictStr = Field(min_length=1, max_length=300)
    """The report's headline or a short description of it."""
    outlet: StrictStr = ""
    """Who published it, where known."""
    published: Day
    """The day it was published."""
    certainty: Certainty = Certainty.stated
    """Whether the report states its date or it was inferred."""
    basis: StrictStr = ""
    """How an inferred or approximate date was worked out."""
    location: StrictStr = ""
    """Where a reader finds it: a URL, or a file path."""


class Plan(Record):
    """A schedule for a quantity: `batch` delivered every `every_days` from `start`."""

    start: Day | None = None
    """The first delivery; without it the plan starts the day its conditions are met."""
    batch: Count = Field(gt=0)
    """How many are due at each delivery."""
    every_days: Annotated[int, Strict()] = Field(default=1, ge=1, le=3660)
    """Days between deliveries (1 for daily, 14 for fortnightly)."""
    basis: StrictStr = ""
    """Where the schedule comes from, in a line."""



class Limit(Record):
    """A ceiling and/or a floor that a quantity's readings must stay within while in force."""

    at_most: Figure | None = None
    """The ceiling: a reading above it is a breach."""
    at_least: Figure | None = None
    """The floor: a reading below it is a breach."""
    from_: Day | None = Field(default=None, alias="from")
    """The first day the limit is in force (written `from`); without it, from the start."""
    until: Day | None = None
    """The last day the limit is in force; without it, for as long as the deal lasts."""

    @model_validator(mode="after")
    def _sensible(self) -> Limit:
        if self.at_most is None and self.at_least is None:
            raise ValueError("a `limit` needs `at_most`, `at_least` or both")
        if self.at_most is not None and self.at_least is not None and self.at_least > self.at_most:
            raise ValueError(f"the limit's `at_least` ({self.at_least:,}) is above its "
                             f"`at_most` ({self.at_most:,}): no reading could be within it")
        if self.from_ is not None and self.until is not None and self.until < self.from_:
            raise ValueError(f"the limit ends ({self.until}) before it starts ({self.from_})")
        return self


class Condition(Record):
    """Something that must have happened before a milestone can proceed."""

    milestone: Id
    """The milestone that must have reached `reached`."""
    reached: Reported = Reported.done
    """The status it must have reached (a later status such as `done` counts too)."""
    text: StrictStr = ""
    """The condition in the source's words, for the reader."""


class AnyOf(Record):
    """A group of conditions met as soon as any one of them is ("ratified, or a referendum")."""

    any_of: tuple[Condition, ...] = Field(min_length=1, max_length=50)
    """The alternatives; one met is enough."""
    text: StrictStr = ""
    """The condition in the source's words, for the reader."""


class DueAfter(Record):
    """A deadline counted from another milestone: "within 90 days of signing"."""

    milestone: Id
    """The milestone the deadline counts from."""
    reached: Reported = Reported.done
    """The status it must reach for the clock to start."""
    days: Annotated[int, Strict()] = Field(default=0, ge=0, le=36600)
    """Days after that date."""
    weeks: Annotated[int, Strict()] = Field(default=0, ge=0, le=5200)
    """Weeks after that date."""
    months: Annotated[int, Strict()] = Field(default=0, ge=0, le=1200)
    """Calendar months after that date (31 January + 1 month is 28 or 29 February)."""
    text: StrictStr = ""
    """The rule in the source's words."""


class Trigger(Record):
    """What must happen for a contingent term to be owed at all."""

    milestone: Id
    """The milestone whose status triggers the term."""
    reached: Reported = Reported.done
    """The status that triggers it (`cancelled` for a break fee owed if the deal fails)."""
    text: StrictStr = ""
    """The trigger in the source's words."""


class TermClaim(Record):
    """A term (a due date or a target) as one source gives it, when sources may differ."""

    source: Id
    """The source that gives this term."""
    due: Due | None = None
    """The due date this source gives."""
    target: Count | None = None
    """The target this source gives."""
    text: StrictStr = ""
    """The source's words."""

    @model_validator(mode="after")
    def _something(self) -> TermClaim:
        if self.due is None and self.target is None:
            raise ValueError("a claim needs a `due` or a `target`")
        return self


class Milestone(Record):
    """One thing a party promised, or an event that matters to the deal."""

    id: Id
    """Stable identifier that updates and conditions refer to."""
    title: StrictStr = Field(min_length=1, max_length=300)
    """A short line a reader can scan."""
    kind: Kind
    """What sort of milestone this is."""
    party: Id | None = None
    """The party that owes it (none for context)."""
    to: tuple[Id, ...] = Field(default_factory=tuple, max_length=50)
    """The parties it is owed to."""
    sources: tuple[Id, ...] = Field(default_factory=tuple, max_length=100)
    """Sources that support the milestone itself."""
    notes: StrictStr = Field(default="", max_length=20_000)
    """Free notes for the reader."""
    target: Figure | None = None
    """For a quantity: how many are promised (for a level, the level to reach, up or down)."""
    measure: Measure = Measure.total
    """Whether its figures are a running total (never goes down) or a level that may move."""
    limit: Limit | None = None
    """A ceiling or floor its readings must stay within; judged as kept or breached."""
    unit: StrictStr = Field(default="", max_length=60)
    """What is counted (prisoners, troops)."""
    qualifier: Qualifier = Qualifier.exact
    """How the target is meant."""
    due: Due | None = None
    """When it is due, as precise as the source gives it."""
    plan: Plan | None = None
    """A delivery schedule for a quantity."""
    conditions: tuple[Condition, ...] = Field(default_factory=tuple, max_length=50)
    """What must happen first; while unmet the milestone waits."""
    part_of: Id | None = None
    """A larger quantity this one counts towards."""
    any_of: tuple[AnyOf, ...] = Field(default_factory=tuple, max_length=50)
    """Groups of conditions, each met when any one of its alternatives is."""
    due_after: DueAfter | None = None
    """A deadline relative to another milestone, instead of a fixed `due`."""
    contingent: StrictBool = False
    """Owed only if its `trigger` happens (a break fee, a later phase)."""
    trigger: Trigger | None = None
    """What makes a contingent term owed; a trigger alone makes the term contingent."""
    claims: tuple[TermClaim, ...] = Field(default_factory=tuple, max_length=50)
    """The due date or target as each source gives it; sources that differ are a dispute."""

    @model_validator(mode="after")
    def _quantities(self) -> Milestone:
        if self.kind is Kind.quantity and self.target is None and self.limit is None:
            raise ValueError("a quantity needs a `target` (or a `limit`)")
        if self.plan is not None and self.target is None:
            raise ValueError("a `plan` needs a `target` to plan towards")
        if self.due is not None and self.due_after is not None:
            raise ValueError("give either `due` or `due_after`, not both")
        if self.contingent and self.trigger is None:
            raise ValueError("a contingent term needs a `trigger`: what makes it owed")
        return self


class Update(Record):
    """One dated fact about a milestone, as a source reported it."""

    milestone: Id
    """The milestone this update is about."""
    date: Day
    """The day it happened (not the day it was reported)."""
    certainty: Certainty = Certainty.stated
    """Whether the source gives this date or it was inferred."""
    basis: StrictStr = ""
    """How an inferred date was worked out."""
    source: Id | None = None
    """The source that reports it."""
    total: Figure | None = None
    """The running total delivered so far (for a level, the reading that day)."""
    add: Figure | None = None
    """How many more were delivered that day."""
    bound: Bound = Bound.exact
    """How the figure was reported: exactly, "at least", "at most" or "about"."""
    target: Figure | None = None
    """A restated target; the old one is kept in the history."""
    status: Reported | None = None
    """A change of status."""
    due: Due | None = None
    """A revised due date; the old one is kept in the history."""
    by: Id | None = None
    """Who did it, when not the milestone's own party (the party that rejected an offer)."""
    note: StrictStr = Field(default="", max_length=20_000)
    """What happened, in a line or a paragraph."""
    agreed: StrictBool | None = None
    """For a due revision: whether the counterparties agreed (false: claimed by `by` alone)."""

    @model_validator(mode="after")
    def _something(self) -> Update:
        if self.total is not None and self.add is not None:
            raise ValueError("give either `total` or `add`, not both")
        facts = (self.total, self.add, self.status, self.due, self.target)
        if all(f is None for f in facts) and not self.note:
            raise ValueError("an update needs `total`, `add`, `status`, `due` or `note` "
                             "(or a restated `target`)")
        if self.bound is not Bound.exact and self.total is None and self.add is None:
            raise ValueError("a `bound` says how a `total` or `add` was reported; give one")
        return self


class Deal(Record):
    """The agreement: who is party to it, what it promises, and what happened."""

    title: StrictStr = Field(min_length=1, max_length=300)
    """The deal's name."""
    summary: StrictStr = Field(default="", max_length=20_000)
    """What the deal is, in a paragraph."""
    stale_after_days: Annotated[int, Strict()] = Field(default=30, ge=1, le=3660)
    """An active milestone with no update for this many days is flagged as stale."""
    at_risk_days: Annotated[int, Strict()] = Field(default=30, ge=0, le=3660)
    """A milestone due within this many days, with a condition unmet or its plan behind, is at risk."""


class DealFile(Record):
    """A whole deal file: the `[deal]` table and its arrays of tables."""

    deal: Deal
    """What the deal is."""
    parties: tuple[Party, ...] = Field(default_factory=tuple)
    """Everyone who owes or is owed something."""
    sources: tuple[Source, ...] = Field(default_factory=tuple)
    """The reports the facts come from."""
    milestones: tuple[Milestone, ...] = Field(default_factory=tuple)
    """The promises and events, in the order the user wrote them."""
    updates: tuple[Update, ...] = Field(default_factory=tuple)
    """What happened, as dated facts; new ones are appended at the end of the file."""
