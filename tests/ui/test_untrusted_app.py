"""The running app when the file turns hostile under it: a FIFO, a number too long to read."""

from __future__ import annotations

import os
from pathlib import Path

from tests.ui.conftest import AS_OF, drive, screen_text, until
from tracker.load import load
from tracker.ui.app import TrackerApp

SIZE = (80, 24)


@drive
async def test_a_file_replaced_by_a_fifo_is_said_and_the_app_keeps_running(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        deal_file.unlink()
        os.mkfifo(deal_file)  # before the fix the next poll blocked the app in open() for good
        assert await until(pilot, lambda: bool(app.problems))
        assert any("is a FIFO (named pipe), not a regular file" in p for p in app.problems)
        assert "850/1,500" in screen_text(app), "the last good data stays on screen"
        await pilot.press("down")
        assert await until(pilot, lambda: "prisoners" in (app.screen.selected or ""))  # type: ignore[attr-defined]


@drive
async def test_a_live_save_with_a_5000_digit_number_shows_the_error_pane(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    good = deal_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        # An append: the cheap path that parses only the tail crashed the app before.
        deal_file.write_bytes(good + b'\n[[updates]]\nmilestone = "prisoners-first-1500"\n'
                              b'date = 2020-04-20\nadd = ' + b"1" * 5000 + b"\n")
        assert await until(pilot, lambda: bool(app.problems))
        assert any("found a number of 5,000 digits" in p for p in app.problems)
        assert "The file has 1 error" in screen_text(app)
        deal_file.write_bytes(good[:-1] + b"\n")
        assert await until(pilot, lambda: not app.problems)
