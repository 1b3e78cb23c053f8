"""The evaluation as CSV for a spreadsheet: one row per milestone, the JSON contract's plain
fields under the same names.

Flattened: `to` and `sources` (lists of ids) joined with "; ", `waiting_on` as the ids of
the milestones waited on, `limit` as `limit_at_most`, `limit_at_least`, `limit_from`,
`limit_until`. Left out (they are lists of records; the JSON has them): `due_history`,
`disputes`, `updates`, `worst`, `target_history`. Empty cell for null; `true`/`false`.
Control and bidi characters in the file's text are written as visible escapes (`\x1b`),
as everywhere outside JSON: CSV has no escape of its own to keep them exactly.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from tracker.evaluate import Evaluation
from tracker.report_json import _row_dict
from tracker.safe import printable

LEFT_OUT = ("due_history", "disputes", "updates", "worst", "target_history")
"""JSON fields that are lists of records: no single cell can hold them."""

JOIN = "; "

_FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (`=HYPERLINK(...)` in a title would
run on opening): such text from the file is written after a `'`, which shows it as text."""


def render_csv(evaluation: Evaluation) -> str:
    """Every milestone as a CSV row under a header line (`\\r\\n` line ends, as RFC 4180)."""
    rows = [_flat(_row_dict(row, {}, updates=False)) for row in evaluation.rows]
    out = io.StringIO()
    fields = list(rows[0]) if rows else _header()
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _header() -> list[str]:
    # A deal without milestones still gets the header a spreadsheet's formulas expect.
    return ["id", "title", "kind", "party", "status", "due", "sentence"]


def _flat(data: dict[str, Any]) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if key in LEFT_OUT:
            continue
        if key == "limit":
            limit = value or {}
            for part in ("at_most", "at_least", "from", "until"):
                flat[f"limit_{part}"] = _cell(limit.get(part), number=True)
        elif key == "waiting_on":
            flat[key] = JOIN.join(_cell(g["milestone"]) for g in value)
        elif isinstance(value, list):
            flat[key] = JOIN.join(_cell(v) for v in value)
        else:
            flat[key] = _cell(value, number=not isinstance(value, str))
    return flat


def _cell(value: Any, number: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)) or number:
        return str(value)
    # No escape code from the file reaches a terminal that `cat`s the file; lines stay lines.
    text = printable(str(value), keep_newlines=True)
    return "'" + text if text.startswith(_FORMULA) else text
