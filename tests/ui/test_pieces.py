"""The app's pure parts: time-travel stops, filter and sort, bars and the burn-up chart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.ui.conftest import AS_OF
from tracker.load import load
from tracker.state.session import Session
from tracker.state.view import Sort, View, describe, visible
from tracker.status import Status
from tracker.terms import Kind
from tracker.text import bar, pack
from tracker.ui.chart import burnup
from tracker.words import left


def session(path: Path) -> Session:
    return Session.open(load(path), AS_OF)


def test_stops_run_from_the_eve_of_the_first_report_to_the_start(deal_file: Path) -> None:
    stops = session(deal_file).stops
    assert stops[0] == date(2020, 2, 27) and stops[-1] == AS_OF
    assert date(2020, 4, 27) in stops


def test_stepping_reuses_the_index_and_stops_at_both_ends(deal_file: Path) -> None:
    start = session(deal_file)
    back = start.step(-1)
    assert back.as_of == date(2020, 4, 28) and back.index is start.index
    assert start.step(1) is start
    first = start
    for _ in range(20):
        first = first.step(-1)
    assert first.as_of == date(2020, 2, 27) and first.step(-1) is first
    assert first.home().as_of == AS_OF


def test_swap_keeps_the_date_and_rebuilds_the_index(deal_file: Path) -> None:
    back = session(deal_file).step(-1)
    swapped = back.swap(load(deal_file))
    assert swapped.as_of == back.as_of and swapped.index is not back.index


def test_view_filters_by_text_status_kind_and_party(deal_file: Path) -> None:
    evaluation = session(deal_file).evaluation
    assert len(visible(evaluation, View(text="PRISONERS"))) == 5
    assert {r.milestone.id for r in visible(evaluation, View(text="afghan government"))} >= {"decree-1500"}
    assert [r.state.status for r in visible(evaluation, View(status=Status.waiting))] == [Status.waiting] * 2
    assert {r.milestone.kind for r in visible(evaluation, View(kind=Kind.offer))} == {Kind.offer}
    assert {r.milestone.party for r in visible(evaluation, View(party="us"))} == {"us"}


def test_sort_orders_and_cycles(deal_file: Path) -> None:
    evaluation = session(deal_file).evaluation
    by_status = visible(evaluation, View(sort=Sort.status))
    assert by_status[0].state.status is Status.overdue and by_status[-1].state.status is Status.done
    assert Sort.progress.next() is Sort.file
    assert describe(View(text="x", sort=Sort.due), 1, 14) == "filter 'x' · sort: due date · 1 of 14 shown"


def test_bars_are_drawn_in_eighths_and_never_overflow() -> None:
    assert bar(0.5, 4) == "██░░"
    assert bar(1 / 16, 2) == "▏░"
    assert bar(2.0, 3) == "███" and bar(None, 3) == "░░░"


def test_pack_never_splits_an_item() -> None:
    assert pack(["aaa", "bbb", "ccc"], 8) == ["aaa  bbb", "ccc"]


def test_days_left_say_how_late(deal_file: Path) -> None:
    rows = {r.milestone.id: r for r in session(deal_file).evaluation.rows}
    assert left(rows["prisoners-first-1500"].state) == "32d late"
    assert left(rows["withdraw-us-troops"].state) == "in 458d"


def test_burnup_shows_plan_ahead_of_delivery(deal_file: Path) -> None:
    s = session(deal_file)
    lines = burnup("prisoners-first-1500", s.chronology, AS_OF, 40, 4)
    assert lines[0].startswith("1,500 ┤") and "░" in lines[0]
    assert lines[3].endswith("█"), "850 delivered by the last day"
    assert "▲" in lines[4] and lines[5].split() == ["14", "Mar", "2020", "29", "Apr", "2020"]
    assert burnup("prisoners-other-3500", s.chronology, AS_OF, 40, 4) == []
