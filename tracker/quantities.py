"""How a quantity's figures are read: levels that rise or fall, limits kept or breached.

Plain functions of a milestone's points (date, figure) and how each figure was bounded,
used by `tracker.judge`; nothing here knows about statuses or sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.model import Limit, Milestone
from tracker.terms import Bound, Measure, Qualifier, Reported

Number = int | float
Points = Sequence[tuple[date, Number]]


@dataclass(frozen=True)
class Judgement:
    """A limit's readings judged up to a date."""

    in_force: bool
    """Whether the limit is in force on the as-of date."""
    compliance: str | None
    """`within` or `breached` by the last reading in force; None before any."""
    breached_since: date | None
    """The first of the run of breaching readings that the last one ends, if it breaches."""
    worst: tuple[date, Number, Number] | None
    """The reading furthest towards (or beyond) the limit: date, value, excess beyond it."""
    readings: int
    """How many readings fell while the limit was in force."""


def _padded(points: Points, bounds: Sequence[Bound]) -> list[Bound]:
    """One bound per point: a whole summed from its parts has none of its own (exact)."""
    return list(bounds[: len(points)]) + [Bound.exact] * (len(points) - len(bounds))


def falling(m: Milestone, points: Points, target: Number | None) -> bool:
    """A level heads down when its target is below its first reading (troops to 0)."""
    if m.measure is not Measure.level or target is None:
        return False
    return target == 0 or (bool(points) and points[0][1] > target)


def credited(points: Points, bounds: Sequence[Bound], down: bool) -> list[Number | None]:
    """Each point's figure as far as it can be counted as progress: a figure open in the
    wrong direction ("at most 2,000" delivered) is worth no more than the last one before."""
    open_side = Bound.at_least if down else Bound.at_most
    out: list[Number | None] = []
    for (_, value), bound in zip(points, _padded(points, bounds)):
        if bound is open_side:
            out.append(out[-1] if out else None)
        else:
            out.append(value)
    return out


def reached(m: Milestone, reported: dict[Reported, date], points: Points,
            credits: Sequence[Number | None], target: Number | None, down: bool) -> dict[Reported, date]:
    """As `history._statuses_reached`, with `started` and `done` also read from the figures (a figure
    counts by its lower bound; a level is done while its last reading is at the target)."""
    reached = dict(reported)
    if not points:
        return reached
    reached.setdefault(Reported.started, points[0][0])
    if target is None or (not target and not down):
        return reached

    def at(value: Number | None) -> bool:
        return value is not None and (value <= target if down else value >= target)

    if m.measure is Measure.level and not at(credits[-1]):
        return reached  # a level that went back above (or below) its target is not done
    first = next((d for (d, _), c in zip(points, credits) if at(c)), None)
    if first is not None:
        reached.setdefault(Reported.done, first)
    return reached


def excess(limit: Limit, value: Number) -> Number:
    """How far a reading is beyond the limit (zero or less when within)."""
    over = [value - limit.at_most] if limit.at_most is not None else []
    under = [limit.at_least - value] if limit.at_least is not None else []
    return max(over + under)


def breaches(limit: Limit, value: Number, bound: Bound) -> bool:
    """Whether a reading proves a breach: "at most 1,600" against a ceiling of 1,550 does not."""
    above = limit.at_most is not None and value > limit.at_most and bound is not Bound.at_most
    below = limit.at_least is not None and value < limit.at_least and bound is not Bound.at_least
    return above or below


def judge(limit: Limit, points: Points, bounds: Sequence[Bound], as_of: date) -> Judgement:
    """The limit's readings up to `as_of`: kept or breached, since when, and the worst one."""
    start, end = limit.from_ or date.min, limit.until or date.max
    readings = [(d, v, b) for (d, v), b in zip(points, _padded(points, bounds))
                if start <= d <= end and d <= as_of]
    in_force = start <= as_of <= end
    if not readings:
        return Judgement(in_force, None, None, None, 0)
    judged = [breaches(limit, v, b) for _, v, b in readings]
    since = None
    if judged[-1]:
        first = len(judged) - 1
        while first > 0 and judged[first - 1]:
            first -= 1
        since = readings[first][0]
    worst = max(readings, key=lambda r: (excess(limit, r[1]), -r[0].toordinal()))
    return Judgement(in_force, "breached" if judged[-1] else "within", since,
                     (worst[0], worst[1], excess(limit, worst[1])), len(readings))


def over_cap(m: Milestone, actual: Number | None,
             restated: Sequence[tuple[date, Number, str | None, str | None]]) -> bool:
    """An `up_to` target is a cap: a figure or a restated target above it is flagged."""
    if m.qualifier is not Qualifier.up_to or m.target is None:
        return False
    return (actual is not None and actual > m.target) or any(t > m.target for _, t, _, _ in restated)


def progress(target: Number, now: Number | None, first: Number | None, down: bool) -> float:
    """How far towards the target: delivered over target, or how much of the way down."""
    if down:
        if first is None or now is None:
            return 0.0
        if first <= target:
            return 1.0
        return max(0.0, min(1.0, (first - now) / (first - target)))
    if not target:
        return 1.0 if now is not None else 0.0
    return max(0.0, min(1.0, (now or 0) / target))
