"""What a user does in the app, driven by Textual's pilot at 80×24 on a fixed date."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.ui.conftest import AS_OF, drive, screen_text
from tracker.load import load
from tracker.status import Status
from tracker.ui.app import TrackerApp
from tracker.ui.screens.filter import FilterScreen
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.parties import PartiesScreen
from tracker.ui.screens.timeline import TimelineScreen
from tracker.ui.widgets.attention import AttentionPane
from tracker.ui.widgets.detail import DetailPane
from tracker.ui.widgets.table import MilestoneTable

SIZE = (80, 24)


def make_app(path: Path) -> TrackerApp:
    return TrackerApp(load(path), as_of=AS_OF)


def main(app: TrackerApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def detail_text(app: TrackerApp) -> str:
    return app.screen.query_one(DetailPane).content.plain


@drive
async def test_first_screen_tells_the_story(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        text = screen_text(pilot.app)
        assert "US-Taliban peace agreement (February 2020)" in text
        assert "as of 29 Apr 2020" in text and "22%" in text  # 10 commitments, each once (issue 13)
        assert "✗1 overdue" in text and "◷2 waiting" in text and "✓4 done" in text
        overdue = next(line for line in text.splitlines() if "850/1,500" in line and "✗ overdue" in line)
        assert overdue.rstrip().endswith("32d late") and "in 458d" in text
        assert "Needs attention (7)" in text  # the later batches are contingent, not waiting
        rows = [line for line in text.splitlines() if line[:1] in "✓▸▼✗◷⊘○⧗"]
        # The counts now take two lines (one more status: contingent), so the last row is
        # one line below the table's fold.
        assert len(rows) == 13, "all but one milestone on the first screen without scrolling"


@drive
async def test_arrows_and_j_k_move_the_selection_and_the_detail(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        screen = main(pilot.app)
        assert screen.selected == "signing"
        assert "Done on 28 Feb 2020" in detail_text(pilot.app)
        await pilot.press("down")
        assert screen.selected == "prisoners-5000"
        await pilot.press("j")
        assert screen.selected == "prisoners-first-1500"
        assert "650 short of the plan" in detail_text(pilot.app)
        await pilot.press("k")
        assert screen.selected == "prisoners-5000"
        assert "850 of up to 5,000 prisoners" in detail_text(pilot.app)


@drive
async def test_enter_opens_the_detail_full_screen_and_escape_returns(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")
        assert isinstance(pilot.app.screen.maximized, DetailPane)
        text = screen_text(pilot.app)
        assert "Schedule" in text and "100 every day from 14 Mar 2020 to 28 Mar 2020" in text
        assert "Waits on" in text and "✓ met" in text
        await pilot.press("escape")
        assert pilot.app.screen.maximized is None


@drive
async def test_tab_cycles_the_panes(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        assert isinstance(pilot.app.focused, MilestoneTable)
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, DetailPane)
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, AttentionPane)
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, MilestoneTable)


@drive
async def test_enter_in_the_attention_list_jumps_to_the_milestone(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        await pilot.press("tab", "tab", "down", "enter")  # the second: the one behind
        assert main(pilot.app).selected == "prisoners-5000"
        assert isinstance(pilot.app.focused, MilestoneTable)
        assert pilot.app.focused.cursor_row == 1


@drive
async def test_slash_filters_by_text_and_escape_clears(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"troops")
        table = pilot.app.screen.query_one(MilestoneTable)
        assert [r.milestone.id for r in table.rows_shown] == ["withdraw-us-troops", "withdraw-allied-troops"]
        await pilot.press("enter")
        assert isinstance(pilot.app.focused, MilestoneTable)
        assert "2 of 14 shown" in screen_text(pilot.app)
        assert main(pilot.app).selected == "withdraw-us-troops"
        await pilot.press("escape")
        assert len(table.rows_shown) == 14
        assert "shown" not in screen_text(pilot.app)


@drive
async def test_filter_matches_party_names(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"united states", "enter")
        table = pilot.app.screen.query_one(MilestoneTable)
        assert {r.milestone.party for r in table.rows_shown} == {"us"}


@drive
async def test_s_cycles_the_sort(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        table = pilot.app.screen.query_one(MilestoneTable)
        await pilot.press("s")
        assert table.rows_shown[0].state.status is Status.overdue
        assert "sort: status" in screen_text(pilot.app)
        await pilot.press("s")
        assert [r.milestone.id for r in table.rows_shown[:3]] == [
            "prisoners-first-1500", "withdraw-us-troops", "withdraw-allied-troops"]
        await pilot.press("s")
        assert table.rows_shown[-1].state.status is Status.done
        await pilot.press("s")
        assert table.rows_shown[0].milestone.id == "signing"


@drive
async def test_f_filters_by_status(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        await pilot.press("f")
        form = pilot.app.screen
        assert isinstance(form, FilterScreen)
        form.query_one("#status").value = Status.waiting
        await pilot.click("#apply")
        table = pilot.app.screen.query_one(MilestoneTable)
        assert {r.state.status for r in table.rows_shown} == {Status.waiting}
        assert "status waiting · 2 of 14 shown" in screen_text(pilot.app)


@drive
async def test_time_travel_steps_the_first_tranche(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        app = pilot.app
        await pilot.press("left_square_bracket")  # 28 Apr
        await pilot.press("left_square_bracket")  # 27 Apr: 850 freed that day
        assert "as of 27 Apr 2020" in screen_text(app)
        assert "850/1,500" in screen_text(app)
        assert "850 of 1,500 prisoners" in detail_text(app)
        await pilot.press("left_square_bracket")  # 26 Apr: nothing reported yet
        assert "as of 26 Apr 2020" in screen_text(app)
        assert "—/1,500" in screen_text(app) and "850/1,500" not in screen_text(app)
        assert "none reported of 1,500 prisoners" in detail_text(app)
        await pilot.press("right_square_bracket")
        assert "850/1,500" in screen_text(app)
        await pilot.press("t")
        assert "as of 29 Apr 2020" in screen_text(app)
        assert main(app).selected == "prisoners-first-1500", "the selection survives time travel"


@drive
async def test_time_travel_reaches_before_the_deal_and_stops(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        await pilot.press(*["left_square_bracket"] * 12)
        assert "as of 27 Feb 2020" in screen_text(pilot.app)
        assert "◷3 waiting  ○10 upcoming  ⧗1 contin" in screen_text(pilot.app)
        assert "done" not in screen_text(pilot.app).splitlines()[1]
        await pilot.press(*["right_square_bracket"] * 12)
        assert "as of 29 Apr 2020" in screen_text(pilot.app)


@drive
async def test_parties_view(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert isinstance(pilot.app.screen, PartiesScreen)
        text = screen_text(pilot.app)
        assert "United States" in text and "owes 3" in text
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert screen_text(pilot.app).splitlines()[0].startswith(" Parties as of 26 Apr 2020")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)
        assert "as of 26 Apr 2020" in screen_text(pilot.app), "the main screen followed"


@drive
async def test_timeline_view(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=(80, 70)) as pilot:
        await pilot.press("l")
        assert isinstance(pilot.app.screen, TimelineScreen)
        text = screen_text(pilot.app)
        assert "27 Apr 2020 ● First 1,500 Taliban prisoners fre…  total 850 vs plan 1,500" in text
        assert "plan starts: 100 every day" in text
        assert "█ delivered   ░ planned, not delivered" in text
        assert "29 Apr 2020 ▲ as of this date" in text
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        text = screen_text(pilot.app)
        assert "total 850" not in text, "updates after the as-of date are not shown"
        assert "26 Apr 2020 ▲ as of this date" in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)


@drive
async def test_help_lists_the_keys(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=(80, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = screen_text(pilot.app)
        for words in ("Step the as-of date back", "Sort by file order", "Open the file in $VISUAL or $EDITOR",
                      "◷ waiting", "command palette"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)


@drive
async def test_every_action_is_in_the_command_palette(deal_file: Path) -> None:
    app = make_app(deal_file)
    async with app.run_test(size=SIZE) as pilot:
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in ("Earlier date (time travel)", "Later date (time travel)", "Start date (time travel)", "Find",
                      "Filter by status, kind or party",
                      "Sort", "Timeline", "Parties", "Edit", "Keys", "Quit"):
            assert title in titles
        await pilot.press("ctrl+p", *"time travel")  # the README's words find the date keys
        await pilot.pause(0.3)
        assert "Earlier date (time travel)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p", *"Timeline")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)


@drive
async def test_q_quits(deal_file: Path) -> None:
    app = make_app(deal_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


def editor_script(tmp_path: Path, body: str) -> str:
    """An $EDITOR named `vim` (so it is given `+LINE`) that records how it was called,
    then runs `body` on the file."""
    script = tmp_path / "bin" / "vim"
    script.parent.mkdir(exist_ok=True)
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        "line, path = int(sys.argv[1].lstrip('+')), pathlib.Path(sys.argv[2])\n"
        "pathlib.Path(sys.argv[0]).parent.with_name('editor.called').write_text(f'{line}')\n"
        "pathlib.Path(sys.argv[0]).parent.with_name('editor.argv').write_text('\\n'.join(sys.argv[1:]))\n"
        "lines = path.read_text().splitlines(keepends=True)\n" + body
    )
    script.chmod(0o755)
    return str(script)


@drive
async def test_e_opens_the_editor_at_the_milestone_and_reloads(
    deal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (
        "at = next(i for i in range(line - 1, len(lines)) if lines[i].startswith('title'))\n"
        "lines[at] = 'title = \"Edited: [bold]1,500[/] freed\"\\n'\n"
        "path.write_text(''.join(lines))\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, body))
    app = make_app(deal_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "e")
        await pilot.pause()
        called = int((tmp_path / "editor.called").read_text())
        assert called == load(deal_file).line_of("prisoners-first-1500")
        assert "Edited: [bold]1,500[/] freed" in screen_text(app)
        assert main(app).selected == "prisoners-first-1500"


@drive
async def test_an_edit_that_breaks_the_file_keeps_the_last_good_data(
    deal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "path.write_text(''.join(lines) + '\\n[[updates]]\\nmilestone = \"nope\"\\n')\n"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, body))
    app = make_app(deal_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert "850/1,500" in text, "the last good data stays on screen"
        assert "The file has 1 error; showing the last good version" in text
        assert "missing required key 'date'" in text


@drive
async def test_markup_and_escapes_in_the_file_show_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(
        '[deal]\ntitle = "[bold]Deal[/] [@click=app.quit]x[/]"\n'
        '[[parties]]\nid = "p"\nname = "[red]P[/]"\n'
        '[[milestones]]\nid = "m"\ntitle = "[@click=app.quit]click[/] \\u001b[31mred"\n'
        'kind = "event"\nparty = "p"\nnotes = "[b]notes[/b]"\n'
    )
    app = TrackerApp(load(path), as_of=AS_OF)
    async with app.run_test(size=(100, 24)) as pilot:
        text = screen_text(app)
        assert "[bold]Deal[/] [@click=app.quit]x[/]" in text
        assert "[@click=app.quit]click[/] \\x1b[31mred" in text
        await pilot.click(MilestoneTable, offset=(30, 1))
        await pilot.press("enter")
        assert "[b]notes[/b]" in screen_text(app)
        assert app.is_running
