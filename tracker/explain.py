"""One sentence that says why a milestone has its status, for people."""

from __future__ import annotations

from datetime import date

from tracker.evaluate import Gate, State, Status
from tracker.model import Qualifier, Reported

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


def amount(state: State) -> str:
    """`850 of 1,500 prisoners` or `none reported of up to 5,000 prisoners`."""
    m = state.milestone
    target = f"{_QUALIFIER[m.qualifier]}{m.target:,}{' ' + m.unit if m.unit else ''}"
    done = "none reported" if state.actual is None else f"{state.actual:,}"
    return f"{done} of {target}"


def explain(state: State, as_of: date, names: dict[str, str], titles: dict[str, str]) -> str:
    """Why the milestone stands where it does, in one sentence."""
    status = state.status
    if status.value in ("blocked", "at_risk", "contingent", "lapsed"):
        # Imported here: explain_timing builds on this module's helpers.
        from tracker.explain_timing import sentence

        return sentence(state, as_of, names, titles)
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
        gates = "; ".join(_titles(g, titles) for g in unmet)
        count = "a condition" if len(unmet) == 1 else f"{len(unmet)} conditions"
        return f"Waiting on {count}: {gates}{_due_tail(state)}."
    parts = [_progress(state, as_of)] if state.target is not None else []
    if status is Status.overdue:
        parts.insert(0, f"Overdue: was due by {day(state.due_date)} ({days(state.days_left or 0)})")
    elif status is Status.upcoming:
        parts.insert(0, "Not started" + _due_tail(state))
    elif status is Status.unknown:
        parts.insert(0, f"Under way by plan ({state.planned:,} due by now) but nothing reported yet")
    elif state.reported is not None:
        parts.insert(0, f"{state.reported.value.capitalize()} on {day(_when(state))}{_due_tail(state)}")
    if state.projected and state.projected >= as_of:
        parts.append(f"at the pace reported it completes around {day(state.projected)}")
    elif state.projected:
        # A pace that should already have finished the job says more about silence than pace.
        parts.append(f"at the pace reported it would have been complete by {day(state.projected)}, "
                     f"but nothing was reported after {day(state.last_update)}")
    return "; ".join(p for p in parts if p) + _disputed(state) + "."


def _titles(gate: Gate, titles: dict[str, str]) -> str:
    """`“Signing” (needs: done)`, or for an any-of group `“Ratified” (needs: done) or …`."""
    return " or ".join(f"“{titles.get(g.milestone, g.milestone)}” (needs: {g.reached.value})"
                       for g in gate.options or (gate,))


def _when(state: State) -> date | None:
    return state.reached.get(state.reported) if state.reported else None


def _progress(state: State, as_of: date) -> str:
    text = amount(state)
    if state.planned is None or state.actual is None:
        return text
    short = state.shortfall or 0
    if short and state.plan_end:
        ended = "ended" if state.plan_end < as_of else "ends"
        return f"{text}, {short:,} short of the plan, which {ended} {day(state.plan_end)}"
    if short:
        return f"{text}, {short:,} short of the {state.planned:,} planned by now"
    return f"{text}, on plan ({state.planned:,} planned by now)"


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
    if field in ("due", "target"):  # a disputed term (issue 14)
        return f"{field} date" if field == "due" else field
    return f"date it was {field[5:]}" if field.startswith("date ") else field


def silence(last: date, count: int) -> str:
    """`Last report 28 Apr 2020, 6.6 years before this date.`"""
    years = f"{count / 365.25:.1f} years" if count >= 365 else f"{count:,} days"
    return f"Last report {day(last)}, {years} before this date."
