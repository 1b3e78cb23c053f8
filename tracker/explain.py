"""One sentence that says why a milestone has its status, for people."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tracker.evaluate import State, Status
from tracker.history import MARK, number
from tracker.model import Limit, Measure, Qualifier, Reported
from tracker.quantities import Number

_QUALIFIER = {Qualifier.exact: "", Qualifier.up_to: "up to ", Qualifier.at_least: "at least ",
              Qualifier.about: "about "}


def day(value: date | None) -> str:
    """`28 Mar 2020`, short enough for a narrow column."""
    return value.strftime("%-d %b %Y") if value else "—"


def days(count: int) -> str:
    """`in 3 days`, `today`, `5 days ago`."""
    if count == 0:
        return "today"
    unit = "day" if abs(count) == 1 else "days"
    return f"in {count:,} {unit}" if count > 0 else f"{-count:,} {unit} ago"


def span(count: int) -> str:
    """A count of days for a narrow column: `32d`, `458d`, then years: `6.7y`."""
    count = abs(count)
    return f"{count}d" if count < 1000 else f"{count / 365.25:.1f}y"


def figure(state: State) -> str:
    """The latest figure with how it was reported: `≥200`, `~14,000`, `2.5`; `—` for none."""
    if state.actual is None:
        return "—"
    return (MARK[state.actual_bound] if state.actual_bound else "") + number(state.actual)


def amount(state: State) -> str:
    """`850 of 1,500 prisoners`, `≥200 of up to 5,000 prisoners`, or for a level
    `~14,000 troops now, to go down to 0`."""
    m = state.milestone
    unit = f" {m.unit}" if m.unit else ""
    if state.target is None:
        return f"{'no reading' if state.actual is None else figure(state)}{unit}"
    target = f"{_QUALIFIER[m.qualifier]}{number(state.target)}"
    if state.falling or m.measure is Measure.level:
        done = "no reading yet" if state.actual is None else f"{figure(state)}{unit} now"
        return f"{done}, to go {'down' if state.falling else 'up'} to {target}"
    done = "none reported" if state.actual is None else figure(state)
    return f"{done} of {target}{unit}"


def fraction(state: State, none: str = "—", short: Callable[[Number], str] = number) -> str:
    """`850/1,500`, `≥200/≤5,000`, `~14,000→0` for a level, `1,620 (≤1,550)` for a limit;
    the same marks in the report and the app's table."""
    m = state.milestone
    done = none if state.actual is None else (
        (MARK[state.actual_bound] if state.actual_bound else "") + short(state.actual))
    if state.target is not None:
        target = _MARK[m.qualifier] + short(state.target)
        return f"{done}→{target}" if m.measure is Measure.level else f"{done}/{target}"
    if m.limit is not None:
        sides = [f"≥{short(m.limit.at_least)}" if m.limit.at_least is not None else "",
                 f"≤{short(m.limit.at_most)}" if m.limit.at_most is not None else ""]
        return f"{done} ({' '.join(x for x in sides if x)})"
    return ""


_MARK = {Qualifier.exact: "", Qualifier.up_to: "≤", Qualifier.at_least: "≥", Qualifier.about: "~"}


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


def judged(state: State) -> str:
    """The limit's readings in words: kept or breached, since when, and the worst one."""
    m, j = state.milestone, state.limit
    if m.limit is None or j is None:
        return ""
    text = f"the limit of {limit_text(m.limit, m.unit)}"
    if j.compliance is None:
        return f"{text}: no reading while in force yet"
    last = state.points[-1] if state.points else None
    reading = f"last reading {figure(state)} on {day(last[0])}" if last else ""
    if j.compliance == "breached" and j.breached_since:
        text = f"Breached since {day(j.breached_since)}: {reading}, against {text}"
    else:
        text = f"Within {text}: {reading}"
    if j.worst is not None:
        when, value, beyond = j.worst
        how = f"{number(beyond)} beyond the limit" if beyond > 0 else "within it"
        text += f"; worst reading {number(value)} on {day(when)} ({how})"
    return text


def explain(state: State, as_of: date, names: dict[str, str], titles: dict[str, str]) -> str:
    """Why the milestone stands where it does, in one sentence."""
    m = state.milestone
    if m.limit is not None and state.target is None and state.status not in (Status.waiting,
                                                                          Status.rejected):
        text = _limit_only(state, as_of)
    elif state.status is Status.breached:
        text = judged(state) + "; " + _sentence(state, as_of, names, titles).rstrip(".")
    else:
        text = _sentence(state, as_of, names, titles).rstrip(".")
        if m.limit is not None:
            text += "; " + judged(state)
    return "; ".join([text, *_quantity_notes(state, names)]) + "."


def _limit_only(state: State, as_of: date) -> str:
    """A limit with no target to reach: it is only ever kept or breached."""
    limit = state.milestone.limit
    if limit is not None and limit.from_ and as_of < limit.from_ and not state.points:
        return f"Not in force yet: {judged(state)}"
    if limit is not None and limit.until and as_of > limit.until:
        return f"Ended {day(limit.until)}; {judged(state)}"
    return judged(state)[:1].upper() + judged(state)[1:] + _disputed(state)


def _quantity_notes(state: State, names: dict[str, str]) -> list[str]:
    """A restated target, a cap exceeded, a remainder its parts do not account for."""
    m, notes = state.milestone, []
    if state.target_history:
        when, target, source, by = state.target_history[-1]
        who = f" by {names.get(by, by)}" if by else ""
        cited = f" ({source})" if source else ""
        was = f" from {number(m.target)}" if m.target is not None else ""
        notes.append(f"target restated{was} to {number(target)} on {day(when)}{who}{cited}")
    if state.over_cap and m.target is not None:
        notes.append(f"over its cap of up to {number(m.target)}")
    if state.unattributed:
        notes.append(f"{number(state.unattributed)} of its own total not attributed to its parts")
    return notes


def _sentence(state: State, as_of: date, names: dict[str, str], titles: dict[str, str]) -> str:
    status = state.status
    if status is Status.done:
        text = f"Done on {day(state.reached.get(Reported.done) or _when(state))}"
        if state.target is not None:
            text += f": {amount(state)}"
        return text + _disputed(state) + "."
    if status is Status.rejected:
        last = next(u for u in reversed(state.history) if u.status)
        who = f" by {names.get(last.by, last.by)}" if last.by else ""
        return f"{last.status.value.capitalize()}{who} on {day(last.date)}{_disputed(state)}."  # type: ignore[union-attr]
    if status is Status.waiting:
        unmet = state.waiting_on
        gates = "; ".join(f"“{titles.get(g.milestone, g.milestone)}” (needs: {g.reached.value})"
                          for g in unmet)
        count = "a condition" if len(unmet) == 1 else f"{len(unmet)} conditions"
        return f"Waiting on {count}: {gates}{_due_tail(state)}."
    parts = [_progress(state, as_of)] if state.target is not None else []
    if status is Status.overdue:
        parts.insert(0, f"Overdue: was due by {day(state.due_date)} ({days(state.days_left or 0)})")
    elif status is Status.upcoming:
        parts.insert(0, "Not started" + _due_tail(state))
    elif status is Status.unknown:
        parts.insert(0, f"Under way by plan ({number(state.planned or 0)} due by now) but nothing "
                        "reported yet")
    elif state.reported is not None:
        parts.insert(0, f"{state.reported.value.capitalize()} on {day(_when(state))}{_due_tail(state)}")
    if state.projected and state.projected >= as_of:
        parts.append(f"at the pace reported it completes around {day(state.projected)}")
    elif state.projected:
        # A pace that should already have finished the job says more about silence than pace.
        parts.append(f"at the pace reported it would have been complete by {day(state.projected)}, "
                     f"but nothing was reported after {day(state.last_update)}")
    return "; ".join(p for p in parts if p) + _disputed(state) + "."


def _when(state: State) -> date | None:
    return state.reached.get(state.reported) if state.reported else None


def _progress(state: State, as_of: date) -> str:
    text = amount(state)
    if state.planned is None or state.actual is None:
        return text
    short = state.shortfall or 0
    if short and state.plan_end:
        ended = "ended" if state.plan_end < as_of else "ends"
        return f"{text}, {number(short)} short of the plan, which {ended} {day(state.plan_end)}"
    if short:
        return f"{text}, {number(short)} short of the {number(state.planned)} planned by now"
    return f"{text}, on plan ({number(state.planned)} planned by now)"


def _due_tail(state: State) -> str:
    if state.due_date is None or state.days_left is None:
        return ""
    return f"; due by {day(state.due_date)} ({days(state.days_left)})"


def _disputed(state: State) -> str:
    if not state.disputes:
        return ""
    facts = ", ".join(fact(d.field) for d in state.disputes)
    return f" (sources disagree on the {facts})"


def fact(field: str) -> str:
    """A disputed field in words: `date done` (named for programs) reads `date it was done`."""
    return f"date it was {field[5:]}" if field.startswith("date ") else field


def silence(last: date, count: int) -> str:
    """`Last report 28 Apr 2020, 6.6 years before this date.`"""
    years = f"{count / 365.25:.1f} years" if count >= 365 else f"{count:,} days"
    return f"Last report {day(last)}, {years} before this date."
