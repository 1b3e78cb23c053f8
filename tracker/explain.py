"""One sentence that says why a milestone has its status, for people (its words,
dates and amounts come from `tracker.words`, shared with the report and the app)."""

from __future__ import annotations

from datetime import date

from tracker.evaluate import State, Status
from tracker.model import Reported
from tracker.words import amount, day, days, fact


def explain(state: State, as_of: date, names: dict[str, str], titles: dict[str, str]) -> str:
    """Why the milestone stands where it does, in one sentence."""
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
