"""The help, timeline and parties views at the sizes users run them: what each line says
and that nothing from the file spills onto a second line or past the edge."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import AS_OF, drive, screen_text
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.screens.help import HelpScreen


def make_app(path: Path) -> TrackerApp:
    return TrackerApp(load(path), as_of=AS_OF)


@drive
async def test_help_wraps_descriptions_under_themselves_at_60_columns(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=(60, 20)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        lines = screen_text(pilot.app).splitlines()
        first = next(line for line in lines if "the selected milestone's detail" in line)
        rest = next(line for line in lines if "(escape returns)" in line)
        assert rest.index("screen (escape") == first.index("the selected"), "hanging indent, not the left edge"
        assert rest.split("│")[1].startswith(" " * 10)


@drive
async def test_help_scrolls_to_the_legend_when_it_does_not_fit(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=(60, 20)) as pilot:
        await pilot.press("question_mark")
        assert "escape, q or ? closes this" not in screen_text(pilot.app)
        await pilot.press("end")
        text = screen_text(pilot.app)
        assert "escape, q or ? closes this" in text and "◷ waiting" in text
