"""The sentences that tell time and decisions: blocked, at risk, contingent, lapsed, late,
a date one party claimed, a relative deadline, and delivery ahead of conditions."""

from __future__ import annotations

from datetime import date

from tracker.status import Gate, State, Status
from tracker.words import day, day_count, days

TIMING = (Status.blocked, Status.at_risk, Status.contingent, Status.lapsed)
"""The statuses whose sentence is made here."""


def sentence(state: State, as_of: date, names: dict[str, str], titles: dict[str, str]) -> str:
    """Why a milestone is blocked, at risk, contingent or lapsed, in one sentence."""
    m, status = state.milestone, state.status
    if status is Status.blocked:
        whose = [i for i in state.blocked_by if i != m.id]
        last = next((u for u in reversed(state.history) if u.status), None)
        if m.id in state.blocked_by and last is not None:
            who = f" by {names.get(last.by, last.by)}" if last.by else ""
            text = f"Blocked{who} on {day(last.date)}"
        else:
            text = "Blocked: it waits on " + _names(whose, titles) + ", which a decision blocked"
        return text + _due(state) + "."
    trigger = m.trigger
    verb = "has started" if trigger and trigger.reached.value == "started" else "is"
    what = (f"“{titles.get(trigger.milestone, trigger.milestone)}” {verb}"
            + ("" if verb == "has started" else f" {trigger.reached.value}")
            if trigger else "its trigger happens")
    if status is Status.contingent:
        return f"Contingent: owed only if {what}, which has not happened; not counted in progress."
    if status is Status.lapsed:
        return f"Lapsed: owed only if {what}, which can no longer happen; not counted in progress."
    unmet = [g for g in state.gates if not g.met]
    why = f"{len(unmet)} condition{'s' if len(unmet) != 1 else ''} unmet ({_gates(unmet, titles)})" \
        if unmet else f"{state.shortfall or 0:,} short of the plan"
    return (f"At risk: due by {day(state.due_date)} ({days(state.days_left or 0)}, within "
            f"{state.at_risk_days} days) with {why}.")


def tail(state: State, titles: dict[str, str], names: dict[str, str]) -> str:
    """What the status sentence leaves out: lateness, claimed dates, rules, ranges, ahead."""
    parts: list[str] = []
    if state.status is Status.done and state.late_days is not None:
        parts.append(_lateness(state))
    if state.status is Status.overdue and state.waiting_on:
        parts.append(f"It is still waiting on {_gates(list(state.waiting_on), titles)}.")
    for claim in state.claimed:
        who = names.get(claim.by, claim.by) if claim.by else "one party"
        parts.append(f"{who} set {claim.due} alone on {day(claim.day)} (not agreed); "
                     f"the agreed date {day(state.due_date)} still stands.")
    if state.due_rule and state.due_date is None and state.status not in (Status.done, Status.rejected):
        parts.append(f"Due {state.due_rule}, which has not happened yet: the due date is not known.")
    elif state.due_rule:
        parts.append(f"Due {state.due_rule}.")
    if state.due_range:
        parts.append(f"The due date falls between {day(state.due_range[0])} and "
                     f"{day(state.due_range[1])}: the sources disagree.")
    if state.ahead_of_conditions:
        parts.append("Delivered before its conditions were met.")
    return "".join(" " + p for p in parts)


def _lateness(state: State) -> str:
    late, original = state.late_days or 0, state.late_days_original or 0
    if state.due_original_date == state.due_date or state.late_days_original is None:
        return f"{day_count(late)} late." if late else "On time."
    first = f"{day_count(original).capitalize()} late against the original date ({day(state.due_original_date)})" \
        if original else f"On time against the original date ({day(state.due_original_date)})"
    now = f"{day_count(late)} late against the revised date ({day(state.due_date)})" if late \
        else f"on time against the revised date ({day(state.due_date)})"
    return f"{first}; {now}."


def _gates(gates: list[Gate], titles: dict[str, str]) -> str:
    shown = []
    for g in gates:
        ids = [o.milestone for o in g.options] or [g.milestone]
        shown.append(" or ".join(f"“{titles.get(i, i)}”" for i in ids) + f" ({g.reached.value})")
    return "; ".join(shown)


def _names(ids: list[str], titles: dict[str, str]) -> str:
    return ", ".join(f"“{titles.get(i, i)}”" for i in ids) or "a condition"


def _due(state: State) -> str:
    if state.due_date is None or state.days_left is None:
        return ""
    return f"; due by {day(state.due_date)} ({days(state.days_left)})"
