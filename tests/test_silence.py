"""A deal whose reports stopped long ago says so, rather than showing everything years late."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.ui.conftest import ROOT, drive, screen_text
from tracker.evaluate import evaluate
from tracker.load import load
from tracker.report import render
from tracker.ui.app import TrackerApp

SHIPPED = ROOT / "milestones.toml"
LONG_AFTER = date(2026, 12, 1)


def test_the_report_says_when_the_last_report_is_far_behind_the_date() -> None:
    evaluation = evaluate(load(SHIPPED).deal, LONG_AFTER)
    text = render(evaluation, "text", color=False)
    assert "Last report 28 Apr 2020, 6.6 years before this date." in text.splitlines()[2]
    assert "Last report 28 Apr 2020" in render(evaluation, "markdown", color=False)
    data = json.loads(render(evaluation, "json", color=False))
    assert data["last_news"] == "2020-04-28" and data["silent_days"] == 2408


def test_nothing_is_said_while_the_news_is_fresh() -> None:
    evaluation = evaluate(load(SHIPPED).deal, date(2020, 4, 29))
    assert "Last report" not in render(evaluation, "text", color=False)
    data = json.loads(render(evaluation, "json", color=False))
    assert data["last_news"] == "2020-04-28" and data["silent_days"] is None


def test_silence_is_measured_against_the_deals_own_stale_after_days(tmp_path: Path) -> None:
    deal = tmp_path / "d.toml"
    deal.write_text(SHIPPED.read_text(encoding="utf-8").replace(
        "[deal]\n", "[deal]\nstale_after_days = 400\n", 1), encoding="utf-8")
    assert evaluate(load(deal).deal, date(2021, 4, 1)).silent_days is None
    assert evaluate(load(deal).deal, date(2021, 6, 30)).silent_days == 428


@drive
async def test_the_app_says_it_in_its_header_and_how_to_step_back() -> None:
    app = TrackerApp(load(SHIPPED), as_of=LONG_AFTER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Last report 28 Apr 2020, 6.6 years before this date · [ steps back" in screen_text(app)
