"""The statuses a milestone can be in, their marks and their one order, and the state of a
milestone on one date (what `tracker.judge` works out and every report and screen reads).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from tracker import quantities as q
from tracker.history import Dispute, Revision
from tracker.model import Milestone, Update
from tracker.quantities import Judgement, Number
from tracker.terms import Bound, Reported


class Status(str, Enum):
    """Where a milestone stands on the as-of date."""

    done = "done"
    on_track = "on_track"
    behind = "behind"
    overdue = "overdue"
    upcoming = "upcoming"
    waiting = "waiting"
    rejected = "rejected"
    unknown = "unknown"
    blocked = "blocked"
    at_risk = "at_risk"
    contingent = "contingent"
    lapsed = "lapsed"
    breached = "breached"


GLYPH = {
    Status.done: "✓", Status.on_track: "▸", Status.behind: "▼", Status.overdue: "✗",
    Status.waiting: "◷", Status.rejected: "⊘", Status.upcoming: "○", Status.unknown: "?",
    Status.breached: "!", Status.blocked: "⊠", Status.at_risk: "⚑", Status.contingent: "⧗",
    Status.lapsed: "∅",
}
"""One mark per status, the same in the app and the report, so colour is never the only cue."""

SEVERITY = (Status.breached, Status.blocked, Status.overdue, Status.at_risk, Status.behind, Status.rejected,
            Status.waiting, Status.unknown, Status.on_track, Status.upcoming, Status.contingent,
            Status.lapsed, Status.done)
"""The one order of statuses, from the most to the least in need of a look: the app's
header, sort and attention list and the report's counts all follow it. A term not (or no
longer) owed reads just before the done."""


@dataclass(frozen=True)
class Gate:
    """A condition of a milestone and whether it is met on the as-of date."""

    milestone: str
    reached: Reported
    text: str
    met: bool
    since: date | None
    blocked: bool = False
    """The milestone it waits on is blocked by a decision (not merely pending)."""
    options: tuple[Gate, ...] = ()
    """For an any-of group: its alternatives (met when one of them is)."""


@dataclass(frozen=True)
class State:
    """Everything the tracker knows about one milestone on one date."""

    milestone: Milestone
    status: Status
    reported: Reported | None
    actual: Number | None
    planned: Number | None
    plan_start: date | None
    plan_end: date | None
    projected: date | None
    due: str | None
    due_date: date | None
    due_history: tuple[tuple[date, str, str | None], ...]
    days_left: int | None
    gates: tuple[Gate, ...]
    disputes: tuple[Dispute, ...]
    history: tuple[Update, ...]
    last_update: date | None
    stale_days: int | None
    reached: dict[Reported, date]
    points: tuple[tuple[date, Number], ...]
    """The running total (or a level's reading) on each day one was reported."""
    target: Number | None = None
    """The target in force: the file's, or the last restated one."""
    target_history: tuple[tuple[date, Number, str | None, str | None], ...] = ()
    """Every restated target: (date, target, source, by)."""
    actual_bound: Bound | None = None
    """How the latest figure was reported (None when there is no figure)."""
    credited: Number | None = None
    """The figure as far as it counts as progress: its lower bound, in the target's direction."""
    falling: bool = False
    """A level whose target is below its first reading (troops remaining, down to 0)."""
    over_cap: bool = False
    """An `up_to` cap exceeded by a figure or by a restated target."""
    limit: Judgement | None = None
    """The limit's readings judged, for a milestone with a `limit`."""
    unattributed: Number | None = None
    """How much of a whole's own total its parts do not account for."""
    late_days: int | None = None
    """Days after the due date in force it was done (0 on time; None: not done or not due)."""
    late_days_original: int | None = None
    """The same against the first due date."""
    due_original_date: date | None = None
    """The first due date (the file's, a relative rule's, or the plan's end)."""
    revisions: tuple[Revision, ...] = ()
    """Every due revision with who made it and whether it was agreed."""
    claimed: tuple[Revision, ...] = ()
    """Dates one party set alone after the last agreed one: shown, not in force."""
    due_rule: str | None = None
    """A relative deadline's rule in words."""
    due_range: tuple[date, date] | None = None
    """Earliest and latest due date when the anchor's date or the due date is disputed."""
    blocked_by: tuple[str, ...] = ()
    """Milestones (or this one) whose decision blocks it."""
    ahead_of_conditions: bool = False
    """Something was delivered while a condition was unmet."""
    at_risk_days: int = 30
    """The deal's at-risk window, for the sentence."""

    @property
    def shortfall(self) -> Number | None:
        """How far actual lags the plan (0 when it does not)."""
        if self.planned is None:
            return None
        return max(0, self.planned - (self.actual or 0))

    @property
    def progress(self) -> float | None:
        """Actual (its lower bound) as a fraction of target, 0 to 1; how far down, for a
        falling level."""
        if self.target is None or (not self.target and not self.falling):
            return None
        first = self.points[0][1] if self.points else None
        return q.progress(self.target, self.credited, first, self.falling)

    @property
    def compliance(self) -> str | None:
        """`within` or `breached` for a milestone with a limit and a reading in force."""
        return self.limit.compliance if self.limit else None

    @property
    def waiting_on(self) -> tuple[Gate, ...]:
        return tuple(g for g in self.gates if not g.met)


_DEFAULTS = {f.name: f.default for f in fields(State) if f.default is not MISSING}
"""Every State field with a default (none has a default factory), for `built`."""

if TYPE_CHECKING:
    built = State
    """Checked by mypy as the constructor itself."""
else:
    def built(**given: Any) -> State:
        """`State(**given)`, without the frozen dataclass's one `object.__setattr__` per
        field: those were a quarter of judging 10,000 milestones on one date."""
        state = object.__new__(State)
        state.__dict__.update(_DEFAULTS, **given)
        return state
