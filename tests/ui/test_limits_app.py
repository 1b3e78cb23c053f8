"""The app on the fictional arms treaty inside a breach: the status has its own mark and
word, the table shows bounds as the report does, and the detail says why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.ui.conftest import ROOT, drive, screen_text
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.widgets.detail import DetailPane

ARMS = ROOT / "examples" / "fictional-arms-treaty.toml"


def make_app(path: Path) -> TrackerApp:
    return TrackerApp(load(path), as_of=date(2032, 4, 1))


@drive
async def test_a_breached_limit_shows_its_mark_its_reading_and_why() -> None:
    async with make_app(ARMS).run_test(size=(100, 30)) as pilot:
        text = screen_text(pilot.app)
        row = next(line for line in text.splitlines() if "Northland: at most 1,550" in line)
        assert "! breached" in row and "≥1,700 (≤1,550)" in row, row
        assert "░" not in row and "█" not in row, "a limit is a reading, not a bar to fill"
        await pilot.press("down")
        detail = pilot.app.screen.query_one(DetailPane).content.plain
        assert "Breached since 1 Sep 2031" in detail
        assert "limit     at most 1,550 warheads from 5 Feb 2031" in detail
        assert "worst     1,700 on 1 Mar 2032, 150 beyond the limit" in detail
