"""The portfolio screen: one row per deal (a broken file is a row that says so), `enter`
opens the deal's usual screens and `escape` comes back, and time travel moves every deal."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.ui.conftest import AS_OF, ROOT, drive, screen_text, until
from tracker.portfolio_cli import open_many
from tracker.ui.app import TrackerApp
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.portfolio import PortfolioScreen

BROKEN = '[deal]\ntitle = "Broken"\n\n[[milestones]]\nid = "x"\ntitel = "typo"\nkind = "signing"\n'


EXAMPLES = ("fictional-arms-treaty.toml", "fictional-withdrawal.toml")
"""Two of the shipped examples, named: the tests count deals, and examples/ grows."""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped deal, the two examples and a broken file; the current folder, so the
    paths shown are short and the same on every run."""
    shutil.copy(ROOT / "milestones.toml", tmp_path / "shipped.toml")
    for example in (ROOT / "examples" / name for name in EXAMPLES):
        shutil.copy(example, tmp_path / example.name)
    (tmp_path / "broken.toml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def portfolio_app(files: list[Path], as_of: date = AS_OF) -> TrackerApp:
    opened = open_many(files, Path("milestones.toml"))
    assert not isinstance(opened, int)
    loaded, entries = opened
    return TrackerApp(loaded, as_of=as_of, portfolio=entries)


def test_the_app_opens_a_folder_several_files_or_the_current_folder_as_a_portfolio(folder: Path) -> None:
    for files in ([Path(".")], [Path("shipped.toml"), Path("broken.toml")], []):
        opened = open_many(files, Path("milestones.toml"))
        assert not isinstance(opened, int) and opened[1] is not None, files
    # A folder holding milestones.toml opens it alone, as always.
    shutil.copy(ROOT / "milestones.toml", folder / "milestones.toml")
    opened = open_many([], Path("milestones.toml"))
    assert not isinstance(opened, int) and opened[1] is None


@drive
async def test_one_row_per_deal_and_a_broken_file_says_so(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        text = screen_text(app)
        assert "Portfolio as of 29 Apr 2020 · 4 deals · 1 with errors" in text
        assert "broken.toml" in text and "✗ does not load" in text and "titel" in text
        assert "Fictional: Eastland withdraws its forces from Riverland (2031)" in text
        assert "US-Taliban peace agreement (February 2020)" in text
        assert "22% of 10 commitments  ✗1 overdue  ▼1 behind  ⊘2 rejected" in text  # most urgent first
        assert "most urgent: ✗ overdue: First 1,500 Taliban prisoners" in text
        assert "last update: 1 day ago" in text
        assert "Needs attention (8)" in text and "✗ overdue     32d late  First 1,500" in text


@drive
async def test_enter_opens_the_deal_escape_returns_and_a_broken_row_only_says_why(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the broken file, first by name
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        assert any("broken.toml does not load" in str(n.message) for n in app._notifications)
        await pilot.press("end", "enter")  # shipped.toml, last by name
        assert await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.session.loaded.path == Path("shipped.toml")
        assert "US-Taliban peace agreement" in screen_text(app)
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, PortfolioScreen))


@drive
async def test_time_travel_moves_the_whole_portfolio_and_the_deal_opened(folder: Path) -> None:
    app = portfolio_app([Path(".")], as_of=date(2032, 10, 1))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.as_of == date(2032, 9, 1)  # the last report in any deal
        assert "Portfolio as of 1 Sep 2032" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert screen.as_of == date(2032, 10, 1)
        await pilot.press("end", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.session.as_of == date(2032, 10, 1)
        await pilot.press("left_square_bracket")  # in the deal: its own stops
        await pilot.pause()
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        assert screen.as_of == date(2020, 4, 28)  # the deal's date comes back with it


def test_portfolio_80x24(snap_compare, folder: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(portfolio_app([Path(".")]), terminal_size=(80, 24))


@drive
async def test_the_portfolio_follows_the_folder(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        (folder / "broken.toml").unlink()
        shutil.copy(ROOT / "milestones.toml", folder / "again.toml")
        assert await until(pilot, lambda: "· 4 deals" in screen_text(app) and "with errors" not in screen_text(app))
        shipped = folder / "shipped.toml"
        shipped.write_text(shipped.read_text(encoding="utf-8").replace(
            'title = "US-Taliban peace agreement (February 2020)"', 'title = "Renamed deal"', 1),
            encoding="utf-8")
        assert await until(pilot, lambda: "Renamed deal" in screen_text(app))
        shipped.write_text("[deal]\n", encoding="utf-8")
        assert await until(pilot, lambda: "shipped.toml  ✗ does not load" in screen_text(app))
        assert "Fictional: Eastland withdraws" in screen_text(app)  # the others still show


@drive
async def test_a_large_folder_shows_its_first_rows_then_every_row_and_the_lists_across_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.portfolio import deal_files, load_all, portfolio
    from tracker.portfolio_cli import EAGER

    for i in range(EAGER * 3):
        shutil.copy(ROOT / "milestones.toml", tmp_path / f"deal-{i:02d}.toml")
    (tmp_path / f"deal-{EAGER * 2:02d}.toml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        assert await until(pilot, lambda: not screen.folders.pending)
        await pilot.pause()
        assert f"Portfolio as of 29 Apr 2020 · {EAGER * 3} deals · 1 with errors  · enter opens a deal" \
            in screen_text(app)
        full = portfolio(load_all(deal_files(tmp_path)), AS_OF)
        key = lambda items: [(i.entry.path.name, i.row.milestone.id) for i in items]  # noqa: E731
        assert key(screen.book.attention) == key(full.attention) and key(screen.book.agenda) == key(full.agenda)
        assert f"Needs attention ({len(full.attention)})" in screen_text(app).replace(",", "")
        deals = screen.query_one("#deals", OptionList)
        assert deals.option_count == EAGER * 3
        await pilot.press("end")
        await pilot.pause()
        assert f"deal-{EAGER * 3 - 1:02d}.toml" in screen_text(app)
        assert [deals.get_option_at_index(i).id for i in range(deals.option_count)] == [
            str(i) for i in range(EAGER * 3)]
