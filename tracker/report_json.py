"""The evaluation as JSON for programs: ISO dates, null where a value does not apply.

JSON keeps the file's text exactly, with every control or bidi character written as
a JSON escape so that `cat`-ing the output cannot drive a terminal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from tracker.blame import Recorded
from tracker.collector import paused
from tracker.evaluate import Evaluation, PartyRollup, Row
from tracker.model import Update
from tracker.status import Gate, State

Recordings = Mapping[int, "Recorded | None"]
"""Who recorded each update, by the id of its object (empty outside git)."""


def render_json(evaluation: Evaluation, recorded: Recordings | None = None,
                window_from: str | None = None) -> str:
    """The evaluation as indented JSON text, ending with a newline (`window_from`: where its
    at-risk window came from, see `to_dict`)."""
    # Every dict and list made lives until the text is written: cycle-collector scans of
    # them, and of all that was loaded before, are wasted (a quarter of the time for
    # 10,000 milestones in a process that keeps other evaluations).
    with paused():
        return _render(evaluation, recorded, window_from)


def _render(evaluation: Evaluation, recorded: Recordings | None, window_from: str | None) -> str:
    data = to_dict(evaluation, recorded, updates=False, window_from=window_from)
    # At 50,000 updates, json's indenting encoder (pure Python) took longer over their entries
    # than over the rest of the report: each entry is written here, on a line of its own.
    for index, milestone in enumerate(data["milestones"]):
        milestone["updates"] = f"{_SLOT}{index}"
    pieces = json.dumps(data, ensure_ascii=False, indent=2).split(_SLOT_JSON)
    out, rows = [pieces[0]], evaluation.rows
    for piece in pieces[1:]:  # each opens with the milestone's index and the closing quote
        number, rest = piece.split('"', 1)
        out += [_update_lines(rows[int(number)].state.history, recorded or {}), rest]
    return _json_safe("".join(out)) + "\n"


_SLOT = "\x00updates:"
_SLOT_JSON = '"\\u0000updates:'
_INDENT = "\n" + " " * 8
"""An update entry's place: in a list (6 spaces) in a milestone (4) in the report (2)."""
_NOBODY = '"recorded_by": null, "recorded_at": null, "commit": null}'


def _update_lines(updates: tuple[Update, ...], recorded: Recordings) -> str:
    """`_update_dict` of each update as JSON, one a line: ids and dates need no escaping."""
    if not updates:
        return "[]"
    lines = []
    for u in updates:
        by = recorded.get(id(u))
        if by is None:
            source = f'"{u.source}"' if u.source else "null"
            lines.append(f'{{"date": "{u.date.isoformat()}", "source": {source}, {_NOBODY}')
        else:
            lines.append(json.dumps(_update_dict(u, by), ensure_ascii=False))
    return "[" + _INDENT + ("," + _INDENT).join(lines) + _INDENT[:-2] + "]"


def _json_safe(text: str) -> str:
    """JSON whose strings hold no raw DEL, C1 control (U+009B is a CSI) or bidi override.

    json escapes only C0 controls; the rest would reach a terminal raw. They can only sit
    inside strings, so a `\\uXXXX` escape there keeps the data exactly the same.
    """
    if text.replace("\n", "").isprintable():
        return text
    # json.dumps of the one character gives its escape, as a surrogate pair past U+FFFF.
    return _NON_ASCII.sub(lambda m: m[0] if m[0].isprintable() else json.dumps(m[0])[1:-1], text)


_NON_ASCII = re.compile(r"[^\x20-\x7e\n]")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_dict(evaluation: Evaluation, recorded: Recordings | None = None,
            updates: bool = True, window_from: str | None = None) -> dict[str, Any]:
    """The evaluation as plain JSON-ready data: ISO dates, None where a value does not apply
    (`updates=False`: each milestone's update entries left for the caller to write).
    `window_from` says where the at-risk window came from: `file`, `settings` or `default`;
    without it, `file` when the file sets one, else `default`."""
    head = evaluation.deal.deal
    window_from = window_from or ("file" if "at_risk_days" in head.model_fields_set else "default")
    return {
        "title": evaluation.deal.deal.title,
        "as_of": evaluation.as_of.isoformat(),
        "counts": {s.value: n for s, n in evaluation.counts.items()},
        "progress": round(evaluation.progress, 4),
        "progress_counted": evaluation.counted,
        "progress_measures": f"the share of {evaluation.counted} commitments delivered, {evaluation.basis}",
        "last_news": _iso(evaluation.last_news),
        "silent_days": evaluation.silent_days,
        "at_risk_days": head.at_risk_days,
        "at_risk_days_from": window_from,
        "parties": [_party_dict(p) for p in evaluation.parties],
        "context": [{"id": m.id, "title": m.title, "sources": list(m.sources), "notes": m.notes}
                    for m in evaluation.context],
        "milestones": [_row_dict(row, recorded or {}, updates) for row in evaluation.rows],
    }


def _party_dict(party: PartyRollup) -> dict[str, Any]:
    return {
        "id": party.id, "name": party.name, "signatory": party.signatory,
        "owes": party.owes, "owed_to": party.owed_to,
        "counts": {s.value: n for s, n in party.counts.items()},
        "delivered": [{"unit": d.unit, "actual": d.actual, "target": d.target} for d in party.delivered],
    }


def _row_dict(row: Row, recorded: Recordings, updates: bool = True) -> dict[str, Any]:
    s, m = row.state, row.milestone
    quantity = s.target is not None
    return {
        "id": m.id, "title": m.title, "kind": m.kind.value, "party": m.party, "to": list(m.to),
        "status": s.status.value, "reported": s.reported.value if s.reported else None,
        "actual": s.actual, "target": s.target, "planned": s.planned, "shortfall": s.shortfall,
        "progress": round(s.progress, 4) if s.progress is not None else None,
        "unit": m.unit if quantity and m.unit else None,
        "qualifier": m.qualifier.value if quantity else None,
        "plan_start": _iso(s.plan_start), "plan_end": _iso(s.plan_end), "projected": _iso(s.projected),
        "due": _iso(s.due_date), "due_as_written": s.due, "due_original": m.due,
        "days_left": s.days_left,
        # Given by `_timing_dict` (with `by` and `agreed`); named here for their place.
        "due_history": None,
        "waiting_on": [{"milestone": g.milestone, "reached": g.reached.value, "text": g.text}
                       for g in s.waiting_on],
        "disputes": None,
        "last_update": _iso(s.last_update), "stale_days": s.stale_days, "stale": row.stale,
        "sentence": row.sentence, "sources": list(m.sources),
        "updates": [_update_dict(u, recorded.get(id(u))) for u in s.history] if updates else [],
        **_timing_dict(s),
        **_quantity_dict(row),
    }


def _timing_dict(s: State) -> dict[str, Any]:
    """Lateness, who revised the due date, relative rules, ranges and blocks (issue 14).

    `due_history` is given again with `by` and `agreed` on each entry: same order, same keys."""
    return {
        "late_days": s.late_days, "late_days_original": s.late_days_original,
        "due_agreed": _iso(s.due_date) if s.due_rule is None or s.due_date else None,
        "due_claimed": [{"date": r.day.isoformat(), "due": r.due, "source": r.source, "by": r.by}
                        for r in s.claimed],
        "due_history": [{"date": r.day.isoformat(), "due": r.due, "source": r.source, "by": r.by,
                         "agreed": r.agreed} for r in s.revisions],
        "due_rule": s.due_rule,
        "due_range": {"earliest": _iso(s.due_range[0]), "latest": _iso(s.due_range[1])}
        if s.due_range else None,
        "disputes": [{"field": d.field, "about": d.field.split()[0],
                      "claims": [{"value": c.value, "sources": list(c.sources)} for c in d.claims]}
                     for d in s.disputes],
        "blocked_by": list(s.blocked_by), "ahead_of_conditions": s.ahead_of_conditions,
        "conditions": [_gate_dict(g) for g in s.gates],
    }


def _gate_dict(g: Gate) -> dict[str, Any]:
    gate: dict[str, Any] = {"milestone": g.milestone, "reached": g.reached.value, "text": g.text,
                            "met": g.met, "since": _iso(g.since), "blocked": g.blocked}
    if g.options:
        gate["any_of"] = [_gate_dict(o) for o in g.options]
    return gate


def _quantity_dict(row: Row) -> dict[str, Any]:
    """The issue-13 fields: measure, limit and how its readings are judged, bounds, targets."""
    s, m = row.state, row.milestone
    limit, judged = m.limit, s.limit
    worst = judged.worst if judged else None
    return {
        "measure": m.measure.value,
        "direction": ("down" if s.falling else "up") if s.target is not None else None,
        "limit": None if limit is None else {
            "at_most": limit.at_most, "at_least": limit.at_least,
            "from": _iso(limit.from_), "until": _iso(limit.until)},
        "compliance": s.compliance,
        "in_force": judged.in_force if judged else None,
        "breached_since": _iso(judged.breached_since) if judged else None,
        "worst": None if worst is None else {
            "date": worst[0].isoformat(), "value": worst[1], "excess": worst[2]},
        "actual_bound": s.actual_bound.value if s.actual_bound else None,
        "credited": s.credited,
        "target_original": m.target,
        "target_history": [{"date": d.isoformat(), "target": t, "source": source, "by": by}
                           for d, t, source, by in s.target_history],
        "over_cap": s.over_cap,
        "unattributed": s.unattributed,
    }


def _update_dict(u: Update, by: Recorded | None) -> dict[str, Any]:
    """Which update (its date and source) and who committed it: None outside git or uncommitted.

    Only these: the facts are in the milestone's figures already, and at 50,000 updates
    each field more costs JSON output a twentieth of a second."""
    if by is None:
        return {"date": u.date.isoformat(), "source": u.source, "recorded_by": None,
                "recorded_at": None, "commit": None}
    return {"date": u.date.isoformat(), "source": u.source, "recorded_by": by.by,
            "recorded_at": by.at.isoformat(), "commit": by.commit}
