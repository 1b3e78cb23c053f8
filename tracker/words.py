"""The words the report and the app share: dates, days left or late, amounts with their
unit, nothing reported, status words. One spelling everywhere:

- status words for people are `on track` (JSON keeps `on_track`, its contract value);
- `—` (an em dash) stands for nothing: no figure reported, no party, no date;
- dates have four-digit years: `28 Mar 2020`, `Jul 2021`, `2021`;
- days left read `in 458d`, `32d late`, `today`;
- an amount carries its qualifier: `850/≤5,000`, `—/1,500`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from tracker.dates import due_precision
from tracker.history import MARK, number
from tracker.model import DealFile, Limit, Plan, Update
from tracker.quantities import Number
from tracker.status import GLYPH, State, Status
from tracker.terms import Measure, Qualifier

NOTHING = "—"
"""What a cell shows when there is nothing to show (not the same as zero)."""

_MARK = {Qualifier.exact: "", Qualifier.up_to: "≤", Qualifier.at_least: "≥", Qualifier.about: "~"}
_PHRASE = {Qualifier.exact: "", Qualifier.up_to: "up to ", Qualifier.at_least: "at least ",
           Qualifier.about: "about "}


def word(status: Status) -> str:
    """`on track`: the status as a person reads it."""
    return status.value.replace("_", " ")


def label(status: Status) -> str:
    """`▸ on track`: a glyph and a word, so the status never rests on colour alone."""
    return f"{GLYPH[status]} {word(status)}"


def tally(status: Status, count: int) -> str:
    """`✗1 overdue`: how many milestones have a status, with its glyph."""
    return f"{GLYPH[status]}{count:,} {word(status)}"


def by_status(counts: Mapping[Status, int]) -> str:
    """`2 done, 1 on track`: the statuses that occur, without glyphs."""
    return ", ".join(f"{n} {word(s)}" for s, n in counts.items() if n)


def day(value: date | None) -> str:
    """`28 Mar 2020`, or `—` for no date."""
    return value.strftime("%-d %b %Y") if value else NOTHING


def due(state: State) -> str:
    """The due date as precise as the file gives it: `28 Mar 2020`, `Jul 2021`, `2021`."""
    if state.due_date is None:
        return ""
    precision = due_precision(state.due) if state.due else "day"
    if precision == "day":
        return day(state.due_date)
    return state.due_date.strftime("%b %Y") if precision == "month" else str(state.due_date.year)


def days(count: int) -> str:
    """`in 3 days`, `today`, `5 days ago`."""
    if count == 0:
        return "today"
    unit = "day" if abs(count) == 1 else "days"
    return f"in {count:,} {unit}" if count > 0 else f"{-count:,} {unit} ago"


def day_count(count: int) -> str:
    """`1 day`, `32 days`: how late, in a sentence."""
    return f"{count:,} day{'' if count == 1 else 's'}"


def span(count: int) -> str:
    """A count of days for a narrow column: `32d`, `458d`, then years: `6.7y`."""
    count = abs(count)
    return f"{count}d" if count < 1000 else f"{count / 365.25:.1f}y"


def left(state: State) -> str:
    """`in 458d`, `32d late`, `today`; empty when nothing is due."""
    if state.days_left is None:
        return ""
    count = state.days_left
    return "today" if count == 0 else f"in {span(count)}" if count > 0 else f"{span(count)} late"


def figure(value: Number | None) -> str:
    """`1,500`, `2.5`, or `—` when nothing has been reported."""
    return NOTHING if value is None else number(value)


def short_figure(value: Number | None) -> str:
    """`1,500`, or `1.2M`, `123M`, `45k` for a figure too long for a narrow column."""
    if value is None:
        return NOTHING
    if abs(value) < 10_000:
        return number(value)
    for size, suffix in ((10**9, "B"), (10**6, "M"), (10**3, "k")):
        if abs(value) >= size:
            scaled = value / size
            return f"{scaled:.1f}{suffix}" if abs(scaled) < 10 else f"{round(scaled):,}{suffix}"
    return number(value)


def reading(state: State) -> str:
    """The latest figure with how it was reported: `≥200`, `~14,000`, `2.5`; `—` for none."""
    if state.actual is None:
        return NOTHING
    return (MARK[state.actual_bound] if state.actual_bound else "") + number(state.actual)


def fraction(state: State, short: bool = False) -> str:
    """`850/1,500`, `≥200/≤5,000`, `—/1,500`, `~14,000→0` for a level, `1,620 (≤1,550)` for
    a limit; with `short`, `1.2M/123M`; empty with neither a target nor a limit. The same
    marks in the report and the app's table."""
    m = state.milestone
    shown = short_figure if short else figure
    done = NOTHING if state.actual is None else (
        (MARK[state.actual_bound] if state.actual_bound else "") + shown(state.actual))
    if state.target is not None:
        target = _MARK[m.qualifier] + shown(state.target)
        return f"{done}→{target}" if m.measure is Measure.level else f"{done}/{target}"
    if m.limit is not None:
        sides = [f"≥{shown(m.limit.at_least)}" if m.limit.at_least is not None else "",
                 f"≤{shown(m.limit.at_most)}" if m.limit.at_most is not None else ""]
        return f"{done} ({' '.join(x for x in sides if x)})"
    return ""


def amount(state: State) -> str:
    """`850 of 1,500 prisoners`, `≥200 of up to 5,000 prisoners`, or for a level
    `~14,000 troops now, to go down to 0`."""
    m = state.milestone
    unit = f" {m.unit}" if m.unit else ""
    if state.target is None:
        return f"{'no reading' if state.actual is None else reading(state)}{unit}"
    target = f"{_PHRASE[m.qualifier]}{number(state.target)}"
    if state.falling or m.measure is Measure.level:
        done = "no reading yet" if state.actual is None else f"{reading(state)}{unit} now"
        return f"{done}, to go {'down' if state.falling else 'up'} to {target}"
    done = "none reported" if state.actual is None else reading(state)
    return f"{done} of {target}{unit}"


def of(actual: Number | None, target: Number, unit: str = "", qualifier: Qualifier = Qualifier.exact) -> str:
    """`850 of 1,500 prisoners`; `none reported of 31,000 troops` when nothing is reported
    (not the same as none delivered)."""
    done = "none reported" if actual is None else number(actual)
    return f"{done} of {_PHRASE[qualifier]}{number(target)}{' ' + unit if unit else ''}"


def limit_text(limit: Limit, unit: str = "") -> str:
    """`at most 1,550 warheads`, `at least 40 and at most 60`, with its dates: `from 5 Feb 2031`."""
    sides = [f"at least {number(limit.at_least)}" if limit.at_least is not None else "",
             f"at most {number(limit.at_most)}" if limit.at_most is not None else ""]
    text = " and ".join(side for side in sides if side) + (f" {unit}" if unit else "")
    if limit.from_:
        text += f" from {day(limit.from_)}"
    if limit.until:
        text += f" until {day(limit.until)}"
    return text


def fact(field: str) -> str:
    """A disputed field in words: `date done` (named for programs) reads `date it was done`."""
    if field in ("due", "target"):  # a disputed term (issue 14)
        return f"{field} date" if field == "due" else field
    return f"date it was {field[5:]}" if field.startswith("date ") else field


def facts(u: Update) -> list[str]:
    """What an update reports, as `total 850`, `+50`, `suspended`, `due 2020-06-01`."""
    mark = MARK[u.bound]
    found = [f"total {mark}{number(u.total)}" if u.total is not None else "",
             f"+{mark}{number(u.add)}" if u.add is not None else "",
             u.status.value if u.status else "", f"due {u.due}" if u.due else "",
             f"target {number(u.target)}" if u.target is not None else ""]
    return [f for f in found if f]


def every(plan: Plan) -> str:
    """`every day` or `every 7 days`."""
    return "every day" if plan.every_days == 1 else f"every {plan.every_days} days"


def silence(last: date, count: int) -> str:
    """`Last report 28 Apr 2020, 6.6 years before this date.`"""
    years = f"{count / 365.25:.1f} years" if count >= 365 else f"{count:,} days"
    return f"Last report {day(last)}, {years} before this date."


def plural(count: int, noun: str, grouped: bool = True) -> str:
    """`1 update`, `2 updates`, `0 parties`, `1,000 deals` (`1000 deals` when not `grouped`)."""
    number = f"{count:,}" if grouped else str(count)
    if count == 1:
        return f"1 {noun}"
    return f"{number} {noun[:-1]}ies" if noun.endswith("y") else f"{number} {noun}s"


def contents(deal: DealFile) -> str:
    """`3 milestones, 1 update, 2 parties, 10000 sources`: what `check` says a file holds,
    its counts without separators as it always wrote them (scripts read this line)."""
    return ", ".join(plural(len(items), noun, grouped=False) for items, noun in (
        (deal.milestones, "milestone"), (deal.updates, "update"),
        (deal.parties, "party"), (deal.sources, "source")))
