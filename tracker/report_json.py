"""The evaluation as JSON for programs: ISO dates, null where a value does not apply.

JSON keeps the file's text exactly, with every control or bidi character written as
a JSON escape so that `cat`-ing the output cannot drive a terminal.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from tracker.rollup import Evaluation, PartyRollup, Row


def render_json(evaluation: Evaluation) -> str:
    """The evaluation as indented JSON text, ending with a newline."""
    return _json_safe(json.dumps(to_dict(evaluation), ensure_ascii=False, indent=2)) + "\n"


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


def to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as plain JSON-ready data: ISO dates, None where a value does not apply."""
    return {
        "title": evaluation.deal.deal.title,
        "as_of": evaluation.as_of.isoformat(),
        "counts": {s.value: n for s, n in evaluation.counts.items()},
        "progress": round(evaluation.progress, 4),
        "progress_counted": evaluation.counted,
        "progress_measures": f"the share of {evaluation.counted} commitments delivered, {evaluation.basis}",
        "last_news": _iso(evaluation.last_news),
        "silent_days": evaluation.silent_days,
        "parties": [_party_dict(p) for p in evaluation.parties],
        "context": [{"id": m.id, "title": m.title, "sources": list(m.sources), "notes": m.notes}
                    for m in evaluation.context],
        "milestones": [_row_dict(row) for row in evaluation.rows],
    }


def _party_dict(party: PartyRollup) -> dict[str, Any]:
    return {
        "id": party.id, "name": party.name, "signatory": party.signatory,
        "owes": party.owes, "owed_to": party.owed_to,
        "counts": {s.value: n for s, n in party.counts.items()},
        "delivered": [{"unit": d.unit, "actual": d.actual, "target": d.target} for d in party.delivered],
    }


def _row_dict(row: Row) -> dict[str, Any]:
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
        "due_history": [{"date": d.isoformat(), "due": due, "source": source}
                        for d, due, source in s.due_history],
        "waiting_on": [{"milestone": g.milestone, "reached": g.reached.value, "text": g.text}
                       for g in s.waiting_on],
        "disputes": [{"field": d.field, "claims": [{"value": c.value, "sources": list(c.sources)}
                                                   for c in d.claims]} for d in s.disputes],
        "last_update": _iso(s.last_update), "stale_days": s.stale_days, "stale": row.stale,
        "sentence": row.sentence, "sources": list(m.sources),
        **_quantity_dict(row),
    }


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
