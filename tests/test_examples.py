"""The fictional merger in examples/: it loads, and tells time and decisions on its dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.load import load
from tracker.report_json import to_dict
from tracker.rollup import Evaluation, evaluate

MERGER = Path(__file__).resolve().parent.parent / "examples" / "merger.toml"


def on(as_of: date) -> Evaluation:
    return evaluate(load(MERGER).deal, as_of)


def rows(as_of: date) -> dict[str, dict[str, object]]:
    return {m["id"]: m for m in to_dict(on(as_of))["milestones"]}


def test_the_example_says_it_is_fictional() -> None:
    assert "Fictional" in load(MERGER).deal.deal.title


@pytest.mark.parametrize("as_of, closing, fee", [
    (date(2026, 11, 20), "blocked", "contingent"),   # the injunction
    (date(2027, 1, 21), "waiting", "contingent"),    # lifted; Westland still reviewing
    (date(2027, 3, 1), "upcoming", "contingent"),    # every condition met
    (date(2027, 4, 2), "overdue", "contingent"),     # past the agreed date; June only claimed
])
def test_the_merger_on_its_dates(as_of: date, closing: str, fee: str) -> None:
    r = rows(as_of)
    assert (r["closing"]["status"], r["break-fee"]["status"]) == (closing, fee)
    assert r["filings"]["late_days"] == 9 and r["filings"]["due_rule"]


def test_the_injunction_blocks_closing_and_a_claimed_extension_is_not_in_force() -> None:
    blocked = rows(date(2026, 11, 20))["closing"]
    assert blocked["blocked_by"] == ["ecb-approval"]
    assert {d["about"] for d in blocked["disputes"]} == {"due"}
    late = rows(date(2027, 4, 2))["closing"]
    assert late["due"] == late["due_agreed"] == "2027-03-31"
    assert late["due_claimed"][0]["due"] == "2027-06-30" and late["due_claimed"][0]["by"] == "northwind"
    assert [h["agreed"] for h in late["due_history"]] == [True, False]


def test_the_report_says_a_condition_is_blocked() -> None:
    from tracker.report import render

    text = " ".join(render(on(date(2026, 11, 20)), "text", color=False).split())  # unwrapped
    assert "waits on: ecb-approval (done), blocked by a decision — Eastland approval." in text
    assert "waits on: wca-phase1 or wca-remedies (done) — Westland" in text


def test_the_detail_pane_says_a_condition_is_blocked_not_merely_unmet() -> None:
    from tracker.ui.widgets.detail import Lookups, detail_content

    evaluation = on(date(2026, 11, 20))
    row = next(r for r in evaluation.rows if r.milestone.id == "closing")
    text = detail_content(row, evaluation, 80, Lookups.of(evaluation)).plain
    assert "⊠ blocked Eastland Competition Bureau approves (done)" in text
    assert "✗ not met Westland Competition Authority clears it in phase 1 or Westland" in text
    assert "Blocked: it waits on" in text
    fee = next(r for r in evaluation.rows if r.milestone.id == "break-fee")
    assert "owed only if The merger closes by the outside date is cancelled" in \
        detail_content(fee, evaluation, 80, Lookups.of(evaluation)).plain
