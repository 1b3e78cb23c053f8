"""The app follows the file as it is saved, and records and undoes updates in it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.ui.conftest import AS_OF, drive, screen_text, until
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.record import ConfirmScreen, RecordScreen
from tracker.ui.widgets.table import MilestoneTable

SIZE = (80, 24)
TITLE = b"First 1,500 Taliban prisoners freed, 100 a day from 14 March"


def shows(app: TrackerApp, text: str) -> Callable[[], bool]:
    return lambda: text in screen_text(app)


def problems_pane(app: TrackerApp) -> Static:
    return app.screen.query_one("#problems", Static)


def notes(app: TrackerApp) -> list[str]:
    return [n.message for n in app._notifications]


def write_in_place(path: Path, data: bytes) -> None:
    with open(path, "r+b") as out:
        out.write(data)
        out.truncate()


def save_by_rename(path: Path, data: bytes) -> None:
    """What vim and most IDEs do: a new file beside the old, renamed over it."""
    temp = path.with_name(".milestones.toml.swp")
    temp.write_bytes(data)
    os.replace(temp, path)


async def open_on_first_1500(pilot: Pilot[object]) -> MainScreen:
    await pilot.press("down", "down")
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen) and screen.selected == "prisoners-first-1500"
    return screen


@drive
async def test_an_in_place_save_shows_and_keeps_the_selection_and_filter(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on_first_1500(pilot)
        await pilot.press("slash", *"prisoners", "enter")
        write_in_place(deal_file, deal_file.read_bytes().replace(b"total = 850", b"total = 870"))
        assert await until(pilot, shows(app, "870/1,500"))
        assert screen.selected == "prisoners-first-1500"
        assert screen.view.text == "prisoners" and "filter 'prisoners'" in screen_text(app)
        assert app.session.as_of == AS_OF


@drive
async def test_a_rename_over_save_shows(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_on_first_1500(pilot)
        await pilot.press("right_square_bracket")
        as_of = app.session.as_of
        save_by_rename(deal_file, deal_file.read_bytes().replace(TITLE, b"Renamed [bold]over[/]"))
        assert await until(pilot, shows(app, "Renamed [bold]over[/]"))
        assert screen.selected == "prisoners-first-1500" and app.session.as_of == as_of


@drive
async def test_an_invalid_save_keeps_the_last_good_data_until_it_is_fixed(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    good = deal_file.read_bytes()
    lines = good.count(b"\n")
    async with app.run_test(size=SIZE) as pilot:
        await open_on_first_1500(pilot)
        save_by_rename(deal_file, good + b'\n[[updates]]\nmilestone = "nope"\n')
        assert await until(pilot, shows(app, "The file has"))
        text = screen_text(app)
        assert "The file has 1 error; showing the last good version" in text
        assert "missing required key 'date'" in text
        assert app.problems[0].startswith(f"{deal_file}:{lines + 2}:"), "the error says where"
        assert "850/1,500" in text and app.session.loaded.raw == good
        write_in_place(deal_file, good.replace(b"total = 850", b"total = 860"))
        assert await until(pilot, shows(app, "860/1,500"))
        assert app.problems == () and not problems_pane(app).display


@drive
async def test_a_removed_file_is_said_and_followed_when_it_comes_back(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    good = deal_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        deal_file.unlink()
        assert await until(pilot, shows(app, "The file is gone"))
        text = screen_text(app)
        assert "The file is gone or unreadable; showing the last good data" in text
        assert "no such file" in text and "850/1,500" in text
        save_by_rename(deal_file, good.replace(b"total = 850", b"total = 880"))  # git checkout
        assert await until(pilot, shows(app, "880/1,500"))
        assert not problems_pane(app).display


@drive
async def test_a_binary_file_after_the_editor_is_an_error_not_a_missing_file(deal_file: Path) -> None:
    """The editor's return and the poller must tell the same story about the same bytes."""
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        app.pause_following()
        deal_file.write_bytes(b"\x00\x01 not toml")
        app.reload_file()
        assert await until(pilot, lambda: bool(app.problems))
        assert not app.file_gone and any("NUL byte" in p for p in app.problems)
        assert "850/1,500" in screen_text(app), "the last good data stays"


async def fill_record(pilot: Pilot[object], value: str) -> RecordScreen:
    await pilot.press("r")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RecordScreen)
    assert form.query_one("#date", Input).value == AS_OF.isoformat(), "the date starts at the as-of date"
    assert form.focused is form.query_one("#date", Input), "the form starts at its first field"
    await pilot.press("tab", "tab")  # past the date and the choice of what to record
    assert form.focused is form.query_one("#value", Input)
    await pilot.press(*value, "enter")
    await pilot.pause()
    return form


@drive
async def test_recording_from_the_app_appends_and_shows_it_at_once(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    old = deal_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_on_first_1500(pilot)
        app.pause_following()  # shown without the watcher's help
        await fill_record(pilot, "900")
        new = deal_file.read_bytes()
        assert new.startswith(old) and b'milestone = "prisoners-first-1500"\ndate = 2020-04-29\ntotal = 900' in new
        assert isinstance(app.screen, MainScreen) and "900/1,500" in screen_text(app)
        assert "recorded: prisoners-first-1500 total 900 on 2020-04-29" in notes(app)


@drive
async def test_r_typed_fast_records_for_the_row_under_the_cursor(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        table = screen.query_one(MilestoneTable)
        table.action_cursor_down()
        table.action_cursor_down()
        screen.action_record()  # before the cursor's message reaches the screen
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen) and "First 1,500 Taliban" in screen_text(app)


@drive
async def test_a_refused_record_says_why_in_the_form_and_leaves_the_file_alone(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    old = deal_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_on_first_1500(pilot)
        form = await fill_record(pilot, "100")
        assert app.screen is form
        error = str(form.query_one("#form-error", Static).render())
        assert "goes down: 100 on 2020-04-29, after 850" in error
        await pilot.press("ctrl+a", "ctrl+k", *"lots", "enter")
        under = str(form.query_one("#value-error", Static).render())
        assert "expected a figure such as 12, 1,500 or 2.5, found 'lots'" in under
        date = form.query_one("#date", Input)
        date.value = "2020-02-30"
        await pilot.press("enter")
        assert "expected a date as YYYY-MM-DD" in str(form.query_one("#date-error", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
    assert deal_file.read_bytes() == old


@drive
async def test_a_record_over_a_save_the_app_has_not_seen_is_refused(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    edited = deal_file.read_bytes() + b"# the user's own edit\n"
    async with app.run_test(size=SIZE) as pilot:
        await open_on_first_1500(pilot)
        app.pause_following()
        deal_file.write_bytes(edited)
        await fill_record(pilot, "900")
        assert deal_file.read_bytes() == edited
        assert any("changed on disk since it was read; nothing was written" in n for n in notes(app))
        assert isinstance(app.screen, MainScreen) and app.session.loaded.raw == edited


@drive
async def test_u_undoes_the_update_recorded_here_after_asking(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    old = deal_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        assert "nothing was recorded here to undo" in notes(app)
        await open_on_first_1500(pilot)
        await fill_record(pilot, "900")
        recorded = deal_file.read_bytes()
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmScreen) and "total 900 on 2020-04-29" in screen_text(app)
        await pilot.press("n")
        assert deal_file.read_bytes() == recorded
        await pilot.press("u", "y")
        await pilot.pause()
        assert deal_file.read_bytes() == old and "850/1,500" in screen_text(app)
        assert "removed: prisoners-first-1500 total 900 on 2020-04-29" in notes(app)


@drive
async def test_undo_after_a_save_the_app_has_not_seen_is_refused(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=SIZE) as pilot:
        await open_on_first_1500(pilot)
        await fill_record(pilot, "900")
        app.pause_following()
        edited = deal_file.read_bytes() + b"# the user's own edit\n"
        deal_file.write_bytes(edited)
        await pilot.press("u", "y")
        await pilot.pause()
        assert deal_file.read_bytes() == edited and app.session.loaded.raw == edited
        assert any("changed on disk" in n for n in notes(app))


@drive
async def test_record_and_undo_are_in_the_help(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Record an update" in text and "Remove the last update recorded here" in text
