"""The record form reads a figure as `tracker record` does: 2.5 is recorded, "abc" is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.builders import deal_text, milestone
from tests.ui.conftest import drive, screen_text
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.record import RecordScreen

AS_OF = date(2024, 3, 1)
DEAL = deal_text(milestone("loan", "Lend 10 billion dollars", party="a", target=10, unit="bn"))


async def type_total(pilot: Pilot[object], typed: str) -> RecordScreen:
    """Open the form on the selected milestone and submit `typed` as the total so far."""
    await pilot.press("r")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RecordScreen)
    await pilot.press("tab", "tab")  # past the date and the choice of what (total so far)
    assert form.focused is form.query_one("#value", Input)
    await pilot.press(*typed, "enter")
    await pilot.pause()
    return form


@drive
async def test_the_form_refuses_words_under_the_field_and_records_a_decimal(tmp_path: Path) -> None:
    path = tmp_path / "deal.toml"
    path.write_text(DEAL, encoding="utf-8")
    before = path.read_bytes()
    app = TrackerApp(load(path), as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await type_total(pilot, "abc")
        assert app.screen is form and path.read_bytes() == before
        under = form.query_one("#value-error", Static)
        assert under.display
        assert "expected a figure such as 12, 1,500 or 2.5, found 'abc'" in str(under.render())
        await pilot.press("ctrl+a", "ctrl+k", *" 2.5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "2.5/10" in screen_text(app) and "25%" in screen_text(app)
    after = path.read_bytes()
    assert after.startswith(before) and after[len(before):].decode() == (
        '\n[[updates]]\nmilestone = "loan"\ndate = 2024-03-01\ntotal = 2.5\n')
