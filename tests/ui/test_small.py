"""Small things a new user trips over: where the form starts, errors that outstay their
correction, keys that do nothing in a view, time travel's ends, the palette's entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import ScrollableContainer
from textual.widgets import Input, Static

from tests.ui.conftest import AS_OF, drive, screen_text
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.screens.record import RecordScreen


def _app(path: Path) -> TrackerApp:
    return TrackerApp(load(path), as_of=AS_OF)


@drive
async def test_a_corrected_field_no_longer_shows_its_error(deal_file: Path) -> None:
    app = _app(deal_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordScreen)
        date = form.query_one("#date", Input)
        assert form.focused is date
        await pilot.press("end", "backspace", "backspace", "x", "enter")
        await pilot.pause()
        error = form.query_one("#date-error", Static)
        assert error.display and "expected a date" in str(error.render())
        await pilot.press("backspace", "2", "9")
        await pilot.pause()
        assert not error.display, "the error went once the date was corrected"
        assert date.value == AS_OF.isoformat()


def _scrolled(app: TrackerApp) -> float:
    return sum(view.scroll_y for view in app.screen.query(ScrollableContainer))


@pytest.mark.parametrize("key", ["question_mark", "l", "p"], ids=["help", "timeline", "parties"])
@drive
async def test_j_and_k_scroll_the_views_as_they_move_the_table(deal_file: Path, key: str) -> None:
    app = _app(deal_file)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert _scrolled(app) == 0
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert _scrolled(app) == 3
        await pilot.press("k")
        await pilot.pause()
        assert _scrolled(app) == 2


@drive
async def test_time_travel_says_when_it_can_go_no_further(deal_file: Path) -> None:
    app = _app(deal_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert any("No later day" in str(n.message) for n in app._notifications)
        await pilot.press(*["left_square_bracket"] * 30)
        await pilot.pause()
        assert "as of 27 Feb 2020" in screen_text(app)
        assert any("No earlier day" in str(n.message) for n in app._notifications)


@drive
async def test_each_action_is_in_the_palette_once(deal_file: Path) -> None:
    app = _app(deal_file)
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1
        assert len(titles) == len(set(titles)), titles


def test_the_header_says_what_its_percentage_measures_where_there_is_room(deal_file: Path) -> None:
    from datetime import date as day

    from tracker.state.session import Session
    from tracker.ui.widgets.header import header_lines

    session = Session.open(load(deal_file), day(2020, 4, 29))
    assert header_lines(session, 120)[0].plain.endswith("22% of 10 commitments")
    assert header_lines(session, 80)[0].plain.endswith(" 22%")  # the title keeps its room
