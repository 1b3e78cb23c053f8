"""The table, attention list and detail drawn a line at a time: what a user sees of them."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from tests.builders import shipped_folder
from tests.ui.conftest import AS_OF, ROOT, drive, screen_text
from tracker.load import load
from tracker.portfolio_cli import open_many
from tracker.ui.app import TrackerApp
from tracker.ui.screens.main import MainScreen
from tracker.ui.widgets.table import MilestoneTable

sys.path.insert(0, str(ROOT / "bench"))
import generate


@drive
async def test_end_home_and_pages_reach_every_row_of_a_large_deal(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(generate.generate(600, 1200, seed=1), encoding="utf-8")
    loaded = load(path)
    app = TrackerApp(loaded, as_of=generate.LAST_DAY + timedelta(days=1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        last = loaded.deal.milestones[-1]
        await pilot.press("end")
        assert screen.selected == last.id
        assert last.title[:20] in screen_text(app), "the last row is scrolled into view"
        await pilot.press("pageup")
        table = screen.query_one(MilestoneTable)
        assert 0 < table.cursor_row < 599
        await pilot.press("home")
        assert screen.selected == loaded.deal.milestones[0].id
        assert loaded.deal.milestones[0].title[:20] in screen_text(app)


@drive
async def test_a_click_in_the_attention_list_jumps_to_that_milestone(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#attention", offset=(5, 2))  # under the border: the second row
        assert app.screen.selected == "prisoners-5000"  # type: ignore[attr-defined]


@drive
async def test_the_footer_reads_cleanly_at_60_and_80_columns(deal_file: Path) -> None:
    for width, dates in ((60, False), (80, True)):
        app = TrackerApp(load(deal_file), as_of=AS_OF)
        async with app.run_test(size=(width, 24)):
            footer = screen_text(app).splitlines()[-1]  # in the first frame, with the rest
            assert footer.startswith("? Keys") and footer.rstrip().endswith("^p palette")
            assert ("[ ] t date" in footer) is dates
            assert "]" not in footer.replace("[ ]", "")


@drive
async def test_the_portfolio_footer_keeps_a_space_after_the_date_keys(tmp_path: Path) -> None:
    # Textual's compact footer set the group's label against the next key: "t dateq Quit".
    opened = open_many([shipped_folder(tmp_path, "shipped.toml", "broken.toml")], tmp_path / "milestones.toml")
    assert not isinstance(opened, int)
    app = TrackerApp(opened[0], as_of=AS_OF, portfolio=opened[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "[ ] t date q Quit" in footer, footer
