"""The fictional deals in examples/: each loads, and its report tells its story on
several dates (a treaty whose limits are breached and kept again; a withdrawal counted
as the troops that remain; a merger that tells time and decisions)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.evaluate import Evaluation, evaluate
from tracker.load import load
from tracker.report import render
from tracker.report_json import to_dict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARMS = EXAMPLES / "fictional-arms-treaty.toml"
WITHDRAWAL = EXAMPLES / "fictional-withdrawal.toml"
MERGER = EXAMPLES / "merger.toml"


def ev(path: Path, as_of: date) -> Evaluation:
    return evaluate(load(path).deal, as_of)


def milestones(path: Path, as_of: date) -> dict[str, dict[str, object]]:
    data = json.loads(render(ev(path, as_of), "json", color=False))
    return {m["id"]: m for m in data["milestones"]}


def test_every_example_says_it_is_fictional_and_loads() -> None:
    found = sorted(EXAMPLES.glob("*.toml"))
    assert len(found) >= 2
    for path in found:
        assert load(path).deal.deal.title.startswith("Fictional: ")


@pytest.mark.parametrize(("as_of", "status", "compliance", "since"), [
    (date(2031, 1, 1), "upcoming", None, None),          # not in force yet
    (date(2031, 3, 15), "on_track", "within", None),     # 1,540 under 1,550
    (date(2031, 10, 1), "breached", "breached", "2031-09-01"),
    (date(2032, 4, 1), "breached", "breached", "2031-09-01"),  # "at least 1,700": still over
    (date(2032, 10, 1), "on_track", "within", None),     # back under the ceiling
])
def test_the_treaty_s_warhead_ceiling_on_several_dates(as_of: date, status: str, compliance: str | None,
                                                        since: str | None) -> None:
    m = milestones(ARMS, as_of)["north-warheads"]
    assert (m["status"], m["compliance"], m["breached_since"]) == (status, compliance, since)


def test_the_treaty_inside_a_breach_says_since_when_and_by_how_much_in_every_format() -> None:
    evaluation = ev(ARMS, date(2032, 4, 1))
    text = render(evaluation, "text", color=False)
    assert "! breached  Northland: at most 1,550 deployed warheads" in text
    assert "Breached since 1 Sep 2031: last reading ≥1,700 on 1 Mar 2032" in text
    assert "150 beyond the limit" in text and "reading ≥1,700 (≤1,550)" in text
    markdown = render(evaluation, "markdown", color=False)
    assert "! breached" in markdown and "Breached since 1 Sep 2031" in markdown
    m = milestones(ARMS, date(2032, 4, 1))["north-warheads"]
    assert m["worst"] == {"date": "2032-03-01", "value": 1700, "excess": 150}
    assert m["actual_bound"] == "at_least"


def test_the_treaty_s_decimal_stock_its_floor_and_its_restated_cap() -> None:
    later = milestones(ARMS, date(2032, 4, 1))
    assert later["south-uranium"]["actual"] == 299.9 and later["south-uranium"]["compliance"] == "within"
    assert later["south-uranium"]["worst"] == {"date": "2031-09-01", "value": 301.2,
                                               "excess": pytest.approx(1.2)}
    assert later["inspectors"]["status"] == "breached"
    assert milestones(ARMS, date(2032, 10, 1))["inspectors"]["status"] == "on_track"
    launchers = later["launchers"]
    assert launchers["target"] == 220 and launchers["over_cap"] is True
    assert launchers["unattributed"] == 10
    assert [h["target"] for h in launchers["target_history"]] == [220]  # type: ignore[index, union-attr]


@pytest.mark.parametrize(("as_of", "actual", "status", "progress"), [
    (date(2031, 2, 15), 9000, "on_track", 0.0),
    (date(2031, 6, 15), 6000, "on_track", 1 / 3),
    (date(2031, 10, 15), 2000, "on_track", 7 / 9),      # disputed: 2,500 vs 2,000
    (date(2032, 2, 1), 3000, "on_track", 2 / 3),        # a rotation: the level rose again
    (date(2032, 6, 1), 0, "done", 1.0),
])
def test_the_withdrawal_counts_troops_remaining_down_to_none(as_of: date, actual: int, status: str,
                                                              progress: float) -> None:
    m = milestones(WITHDRAWAL, as_of)["troops"]
    assert (m["actual"], m["status"], m["measure"], m["direction"]) == (actual, status, "level", "down")
    assert m["progress"] == pytest.approx(progress, abs=1e-4)


def test_the_withdrawal_report_reads_as_troops_remaining() -> None:
    text = render(ev(WITHDRAWAL, date(2031, 4, 1)), "text", color=False)
    assert "~9,000→0" in text and "~9,000 troops now, to go down to 0" in text
    assert "! breached  At most 500 Eastland troops in the buffer zone" in text
    assert "reading ≥800 (≤500)" in text
    assert "of 4 commitments" in text  # the parade is an event: left out of the headline


# The merger (issue 14).


def on(as_of: date) -> Evaluation:
    return evaluate(load(MERGER).deal, as_of)


def rows(as_of: date) -> dict[str, dict[str, object]]:
    return {m["id"]: m for m in to_dict(on(as_of))["milestones"]}


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
    text = " ".join(render(on(date(2026, 11, 20)), "text", color=False).split())  # unwrapped
    assert "waits on: ecb-approval (done), blocked by a decision — Eastland approval." in text
    assert "waits on: wca-phase1 or wca-remedies (done) — Westland" in text


def test_the_detail_pane_says_a_condition_is_blocked_not_merely_unmet() -> None:
    from tracker.ui.widgets.detailtext import Lookups, detail_content

    evaluation = on(date(2026, 11, 20))
    row = next(r for r in evaluation.rows if r.milestone.id == "closing")
    text = detail_content(row, evaluation, 80, Lookups.of(evaluation)).plain
    assert "⊠ blocked Eastland Competition Bureau approves (done)" in text
    assert "✗ not met Westland Competition Authority clears it in phase 1 or Westland" in text
    assert "Blocked: it waits on" in text
    fee = next(r for r in evaluation.rows if r.milestone.id == "break-fee")
    assert "owed only if The merger closes by the outside date is cancelled" in \
        detail_content(fee, evaluation, 80, Lookups.of(evaluation)).plain
