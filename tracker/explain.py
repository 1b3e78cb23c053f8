"""One sentence that says why a milestone has its status, for people (its words,
dates and amounts come from `tracker.words`, shared with the report and the app)."""

from __future__ import annotations

from datetime import date

from tracker.history import number
from tracker.status import Gate, State, Status
from tracker.terms import Reported
from tracker.words import amount, day, days, fact, limit_text, reading


def judged(state: State) -> str:
    """The limit's readings in words: kept or breached, since when, and the worst one."""
    m, j = state.milestone, state.limit
    if m.limit is None or j is None:
        return ""
    text = f"the limit of {limit_text(m.limit, m.unit)}"
    if j.compliance is None:
        return f"{text}: no reading while in force yet"
    last = state.points[-1] if state.points else None
    latest = f"last reading {reading(state)} on {day(last[0])}" if last else ""
    if j.compliance == "breached" and j.breached_since:
        text = f"Breached since {day(j.breached_since)}: {latest}, against {text}"
    else:
        text = f"Within {text}: {latest}"
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
