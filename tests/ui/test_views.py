"""The help, timeline and parties views at the sizes users run them: what each line says
and that nothing from the file spills onto a second line or past the edge."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.ui.conftest import AS_OF, drive, screen_text
from tracker.evaluate import Delivered
from tracker.load import load
from tracker.state.session import Session
from tracker.ui.app import TrackerApp
from tracker.ui.chart import burnup
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.parties import party_lines
from tracker.ui.story import Event, event_lines


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
        assert "escape, q or ? closes this" in text and "∅ lapsed" in text


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=["60x20", "80x24", "120x40"])
@drive
async def test_timeline_puts_the_date_first_and_each_event_on_one_line(deal_file: Path, size: tuple[int, int]) -> None:
    async with make_app(deal_file).run_test(size=size) as pilot:
        await pilot.press("l")
        lines = screen_text(pilot.app).splitlines()
        assert lines[0].startswith(" Timeline as of 29 Apr 2020"), "the date is never the part cut off"
        rows = [line for line in lines if re.match(r" \d+ \w{3} \d{2,4} [●◇▲] ", line)]
        # 18 updates and plan marks, and the as-of date, one line each; 60x20 fits 17 of them.
        assert len(rows) == (17 if size[1] == 20 else 19), "one line each"
        assert any("27 Apr" in row and "total 850 vs plan 1,500" in row for row in rows)
        assert any("26 Apr" in row and "note: NSC spokesman" in row for row in rows)


@drive
async def test_timeline_scrolls_to_the_burn_up_at_80_by_24(deal_file: Path) -> None:
    async with make_app(deal_file).run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        assert "1,500 ┤" not in screen_text(pilot.app)
        await pilot.press("end")
        text = screen_text(pilot.app)
        assert "delivered 850 of 1,500 prisoners · planned 1,500" in text and "1,500 ┤" in text
        assert "14 Mar 2020" in text and "29 Apr 2020" in text and "▲" in text


def test_event_rows_never_pass_the_width_whatever_the_file_holds() -> None:
    long = "合意 🕊️ [bold]" + "x" * 80 + "\x1b[2J"
    events = [Event(date(2020, 4, 27), "●", long, f"note: {long}", "src-" * 12, True),
              Event(date(2020, 4, 28), "●", "Short", "total 850 vs plan 1,500", "report-850"),
              Event(date(2020, 4, 29), "▲", what="as of this date")]
    for width in range(30, 140, 7):
        lines = [line.plain for line in event_lines(events, width)]
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        assert "\x1b" not in "".join(lines)
    wide = [line.plain for line in event_lines(events, 120)]
    assert wide[2].endswith("total 850 vs plan 1,500  [report-850]"), "room for the source: it shows"
    narrow = [line.plain for line in event_lines(events, 52)]
    assert narrow[2].endswith("total 850 vs plan 1,500"), "no room: the source goes first"


def test_burn_up_dates_the_as_of_marker_between_the_ends(deal_file: Path) -> None:
    s = Session.open(load(deal_file), date(2020, 3, 20))
    lines = burnup("prisoners-first-1500", s.chronology, s.as_of, 60, 6)
    axis, dates = lines[-2], lines[-1]
    assert len(dates) <= len(axis) == 60
    assert dates.split()[-3:] == ["28", "Mar", "2020"] and dates.lstrip().startswith("14 Mar 2020")
    at = axis.index("▲")
    assert dates.index("20 Mar 2020") <= at < dates.index("20 Mar 2020") + len("20 Mar 2020")


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
@drive
async def test_parties_say_what_each_owes_and_has_delivered(deal_file: Path, size: tuple[int, int]) -> None:
    async with make_app(deal_file).run_test(size=size) as pilot:
        await pilot.press("p")
        lines = screen_text(pilot.app).splitlines()
        assert lines[0].startswith(" Parties as of 29 Apr 2020")
        assert any("░ none reported of 1,000 captives" in line for line in lines), "not '0 of'"
        # Troops remaining are a level, not an amount delivered: no "of 31,000 troops" line.
        assert not any("31,000" in line for line in lines)
        assert any("US troops in Afghanistan" in line and "  ~14,000→0" in line for line in lines), lines
        assert any("owes 3: ◷2 waiting  ✓1 done" in line for line in lines)
        await pilot.press("end")
        lines = screen_text(pilot.app).splitlines()
        assert any("░ 850 of 5,000 prisoners" in line for line in lines)
        assert any("First 1,500 Taliban" in line and "  850/1,500" in line for line in lines), lines


def test_party_lines_fit_their_width_with_long_names_and_units(deal_file: Path) -> None:
    s = Session.open(load(deal_file), AS_OF)
    party = s.evaluation.parties[2]
    party = replace(party, name="[b]" + "Long name " * 12, delivered=(Delivered("u\x1b" * 30, None, 10),))
    for width in (40, 56, 76, 116):
        lines = [line.plain for line in party_lines(party, width)]
        role = lines[1]
        assert all(cell_len(line) <= width for line in lines if line != role), (width, lines)
        assert any("none reported of 10 u\\x1b" in line for line in lines) and "\x1b" not in "".join(lines)
