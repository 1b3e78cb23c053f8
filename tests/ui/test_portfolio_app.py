"""The portfolio screen: one row per deal (a broken file is a row that says so), `enter`
opens the deal's usual screens and `escape` comes back, and time travel moves every deal."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.builders import BROKEN, ROOT, SHIPPED, deal_folder, shipped_folder
from tests.ui.conftest import AS_OF, drive, screen_text, until
from tracker.portfolio_cli import open_many
from tracker.ui.app import TrackerApp
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.portfilter import PortfolioFilterScreen
from tracker.ui.screens.portfolio import PortfolioScreen


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped deal, the two examples and a broken file; the current folder, so the
    paths shown are short and the same on every run."""
    monkeypatch.chdir(tmp_path)
    return shipped_folder(tmp_path, "shipped.toml", "broken.toml")


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
    deal_folder(folder, {"milestones.toml": SHIPPED})
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
        # Back on the portfolio's own date, a dialog opened and closed leaves it there.
        await pilot.press("t")
        await pilot.pause()
        for dialog in ("question_mark", "ctrl+p"):
            await pilot.press(dialog)
            await pilot.pause()
            await pilot.press("escape")
            assert await until(pilot, lambda: isinstance(app.screen, PortfolioScreen))
            assert screen.as_of == date(2032, 10, 1), dialog


def test_portfolio_80x24(snap_compare, folder: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(portfolio_app([Path(".")]), terminal_size=(80, 24))


@drive
async def test_the_portfolio_follows_the_folder(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        (folder / "broken.toml").unlink()
        deal_folder(folder, {"again.toml": SHIPPED})
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


def deals_shown(app: TrackerApp) -> list[str]:
    """The file of each deal row on screen, in order."""
    screen = app.screen
    assert isinstance(screen, PortfolioScreen)
    return [screen.entries[int(o.id or 0)].path.name for o in screen.query_one("#deals", OptionList).options]


def highlighted(app: TrackerApp) -> str:
    screen = app.screen
    assert isinstance(screen, PortfolioScreen)
    option = screen.query_one("#deals", OptionList).highlighted_option
    assert option is not None and option.id is not None
    return screen.entries[int(option.id)].path.name


def roll_up(app: TrackerApp) -> str:
    """The attention list and agenda as shown, below the rows."""
    text = screen_text(app)
    return text[text.index("Needs attention"):]


@drive
async def test_find_shows_the_deals_whose_title_file_or_items_hold_the_text_and_moves_to_them(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("slash", *"prisoners")  # in items of the shipped deal only
        await pilot.pause()
        assert deals_shown(app) == ["shipped.toml"] and highlighted(app) == "shipped.toml"
        text = screen_text(app)
        assert "find 'prisoners' · 1 of 4 deals shown · esc clears the filter" in text
        assert "Needs attention (3)" in text and "Ramadan" not in roll_up(app)
        assert "Northland" not in text and "broken.toml" not in text
        await pilot.press("space", *"freed")  # the same deal, fewer of its items
        await pilot.pause()
        assert deals_shown(app) == ["shipped.toml"] and "find 'prisoners freed'" in screen_text(app)
        assert "Needs attention (1)" in roll_up(app) and "Afghan government frees" not in roll_up(app)
        await pilot.press(*["backspace"] * 6)
        await pilot.press("slash", "ctrl+u", *"fictional", "enter", "j")  # two found; j moves down
        await pilot.pause()
        assert highlighted(app) == "fictional-withdrawal.toml"
        await pilot.press("k")
        await pilot.pause()
        assert highlighted(app) == "fictional-arms-treaty.toml"
        await pilot.press("slash", "ctrl+u", *"prisoners")
        await pilot.pause()
        assert highlighted(app) == "shipped.toml"
        await pilot.press("enter", "enter")  # keep the find; open the deal it moved to
        assert await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.session.loaded.path == Path("shipped.toml")
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        assert deals_shown(app) == ["shipped.toml"]  # the find is still there
        await pilot.press("slash", "ctrl+u", *"WITHDRAWAL", "enter")  # a file name, in any case
        await pilot.pause()
        assert deals_shown(app) == ["fictional-withdrawal.toml"] and "Needs attention (0)" in screen_text(app)
        await pilot.press("slash", "ctrl+u", *"inspectors", "enter")  # a milestone id
        await pilot.pause()
        assert deals_shown(app) == ["fictional-arms-treaty.toml"]
        assert "Southland hosts at least 40 inspectors" in roll_up(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(deals_shown(app)) == 4 and "esc clears" not in screen_text(app)
        assert "Needs attention (8)" in screen_text(app)


@drive
async def test_filter_by_status_shows_deals_holding_one_and_only_those_items(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f")
        assert await until(pilot, lambda: isinstance(app.screen, PortfolioFilterScreen))
        # Only statuses some milestone has: overdue, behind, rejected, waiting, unknown, …
        await pilot.press("space", "down", "down", "down", "down", "space")
        await pilot.pause()
        assert "✗ overdue (1)  ◂ chosen" in screen_text(app) and "? unknown (1)  ◂ chosen" in screen_text(app)
        await pilot.press("tab", "enter")  # the text field; enter applies
        assert await until(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        await pilot.pause()
        assert deals_shown(app) == ["fictional-arms-treaty.toml", "shipped.toml"]
        assert "status overdue, unknown · 2 of 4 deals shown" in screen_text(app)
        shown = roll_up(app)
        assert "Needs attention (2)" in shown and "✗ overdue" in shown and "? unknown" in shown
        assert "▼ behind" not in shown and "◷ waiting" not in shown
        await pilot.press("f", "escape")  # cancelled: the filter stays as it was
        await pilot.pause()
        assert deals_shown(app) == ["fictional-arms-treaty.toml", "shipped.toml"]
        await pilot.press("f", "tab", *"Eastland", "enter")  # text as well: nothing has both
        await pilot.pause()
        assert deals_shown(app) == [] and "0 of 4 deals shown" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(deals_shown(app)) == 4


@drive
async def test_time_travel_moves_the_attention_list_and_agenda_and_keeps_the_filter(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("slash", *"1,500", "enter")
        await pilot.pause()
        assert "Needs attention (1)" in roll_up(app) and "Due in the next 4 weeks (0)" in roll_up(app)
        await pilot.press(*["left_square_bracket"] * 4)  # 12 Mar 2020: due in 16 days, not yet late
        await pilot.pause()
        shown = roll_up(app)
        assert "Portfolio as of 12 Mar 2020" in screen_text(app)
        assert "Due in the next 4 weeks (1)" in shown and "28 Mar 2020  First 1,500 Taliban" in shown
        line = next(line for line in shown.splitlines() if "28 Mar 2020" in line)
        assert line.endswith("…") and len(line) <= 80  # cut to fit its line, not wrapped
        assert "32d late" not in shown and "US-Taliban peace agreement" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert "32d late  First 1,500" in roll_up(app) and "Due in the next 4 weeks (0)" in roll_up(app)


@drive
async def test_help_on_the_portfolio_lists_its_own_keys_and_the_deal_screen_its_own(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.press("question_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for words in ("↑ ↓  j k  home end  move between deals", "open the selected deal", "Step every deal back",
                      "Show only deals whose title", "Show only deals with a milestone in some statuses",
                      "Show every deal again", "command palette"):
            assert words in text, words
        assert "move between milestones" not in text and "Sort by" not in text
        await pilot.press("escape", "end", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("question_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        assert "move between milestones" in text and "Sort by file order" in text
        assert "move between deals" not in text


@drive
async def test_every_portfolio_action_is_in_the_command_palette(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Find", "Filter by status or text", "Clear filter", "Earlier date (time travel)",
                      "Later date (time travel)", "Start date (time travel)", "Keys", "Quit"):
            assert titles.count(title) == 1, title
        await pilot.press("ctrl+p", *"Filter by status")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, PortfolioFilterScreen))


def test_portfolio_filtered_80x24(snap_compare, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Overdue and unknown ticked: two deals, their two items, the bar saying so."""
    keys = ["f", "space", "down", "down", "down", "down", "space", "tab", "enter"]
    assert snap_compare(portfolio_app([Path(".")]), press=keys, terminal_size=(80, 24))


@drive
async def test_a_save_brings_a_deal_into_the_find_or_takes_it_out(folder: Path) -> None:
    app = portfolio_app([Path(".")])
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("slash", *"renamed", "enter")
        await pilot.pause()
        assert deals_shown(app) == [] and "0 of 4 deals shown" in screen_text(app)
        shipped = folder / "shipped.toml"
        original = shipped.read_text(encoding="utf-8")
        shipped.write_text(original.replace('title = "US-Taliban peace agreement (February 2020)"',
                                            'title = "Renamed deal"', 1), encoding="utf-8")
        assert await until(pilot, lambda: deals_shown(app) == ["shipped.toml"])
        assert "1 of 4 deals shown" in screen_text(app) and "Renamed deal" in screen_text(app)
        assert "Needs attention (7)" in roll_up(app)  # the title holds the text: all its own items
        shipped.write_text(original, encoding="utf-8")
        assert await until(pilot, lambda: deals_shown(app) == [])
        assert "Needs attention (0)" in roll_up(app)
