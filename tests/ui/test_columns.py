"""The table's columns share the width so that a reader can tell every row apart, and no
column is ever cut or pushed off the screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.builders import deal_text, milestone, update
from tests.ui.conftest import AS_OF, drive, screen_text
from tracker.evaluate import Evaluation, evaluate
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.widgets.table import cells, widths

WIDTHS = [59, 73, 79, 119, 199]  # the table at 60×20, 120×24 (beside the detail), 80, 120×40, 200


def _evaluation(path: Path, as_of: date = AS_OF) -> Evaluation:
    return evaluate(load(path).deal, as_of)


def _table(evaluation: Evaluation, width: int) -> list[dict[str, str]]:
    layout = widths(width, evaluation.rows)
    assert sum(layout.cols.values()) + len(layout.cols) - 1 <= width, "a column falls off the screen"
    return [{key: cell.plain for key, cell in zip(layout.cols, cells(row, layout))}
            for row in evaluation.rows]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_title_in_the_table_can_be_told_from_the_others(deal_file: Path, width: int) -> None:
    titles = [row["title"] for row in _table(_evaluation(deal_file), width)]
    assert len(set(titles)) == len(titles), titles


@pytest.mark.parametrize("width", [73, 79])
def test_titles_get_the_room_before_the_kind_does(deal_file: Path, width: int) -> None:
    layout = widths(width, _evaluation(deal_file).rows)
    assert layout.cols["title"] >= 28
    assert "kind" not in layout.cols  # the detail pane says the kind


def test_a_wide_table_keeps_the_kind_and_dates_the_due_column(deal_file: Path) -> None:
    rows = _table(_evaluation(deal_file), 199)
    assert rows[0]["kind"] == "signing"
    assert rows[2]["due"].strip() == "28 Mar 2020 32d late"


@pytest.mark.parametrize("width", [119, 199])
def test_years_late_are_never_cut(deal_file: Path, width: int) -> None:
    rows = _table(_evaluation(deal_file, date(2026, 12, 1)), width)
    assert any(row["due"].strip().endswith("6.7y late") for row in rows), [r["due"] for r in rows]


def test_a_huge_quantity_leaves_the_due_column_on_an_80_column_screen(tmp_path: Path) -> None:
    deal = tmp_path / "huge.toml"
    deal.write_text(deal_text(
        milestone("big", "Deliver a very large amount of something, as the long title of this milestone says",
                  party="a", target=123456789, due="2020-06-01"),
        update("big", "2020-03-01", total=1234567),
        title="Huge numbers (fictional)", parties={"a": "A"}, sources={}), encoding="utf-8")
    evaluation = _evaluation(deal, date(2020, 4, 1))
    (row,) = _table(evaluation, 79)
    assert row["due"].strip() == "in 61d" and row["progress"].endswith("1,234,567/123,456,789")
    (row,) = _table(evaluation, 59)  # at 60 columns the figures are shortened instead
    assert row["due"].strip() == "in 61d" and row["progress"].strip() == "1.2M/123M"


@drive
async def test_attention_rows_that_start_alike_show_where_they_differ(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panes = [line.split("▏")[-1] for line in screen_text(app).splitlines() if "▏" in line]
    offers = [text for text in panes if "⊘ rejected" in text]
    assert len(offers) == 2 and offers[0] != offers[1], offers


def test_a_title_cut_far_into_what_it_shares_keeps_its_start_and_the_end_that_differs() -> None:
    from tracker.text import clip_apart, shared_prefixes

    titles = [f"Party 8 returns checkpoints (batch {n})" for n in (1, 10, 11)]
    shared = shared_prefixes(titles)
    shown = [clip_apart(t, shared[t], 30) for t in titles]
    assert shown == ["Party 8 returns checkpoints…1)", "Party 8 returns checkpoint…10)",
                     "Party 8 returns checkpoint…11)"]


@drive
async def test_a_save_that_makes_two_titles_alike_shows_them_apart_after_time_travel(tmp_path: Path) -> None:
    # The titles' measures are kept across dates; a save brings new titles and new measures.
    path = tmp_path / "deal.toml"

    def write(second: str) -> None:
        path.write_text(deal_text(
            milestone("a", "Release of the prisoners held in the northern provinces, first group",
                      party="a", target=10, due="2020-06-01"),
            milestone("b", second, party="a", target=10, due="2020-06-01"),
            update("a", "2020-03-01", total=1), update("b", "2020-03-10", total=2),
            title="Alike titles (fictional)", parties={"a": "A"}, sources={}), encoding="utf-8")

    write("Ceasefire")
    app = TrackerApp(load(path), as_of=date(2020, 4, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket")
        write("Release of the prisoners held in the northern provinces, second group")
        app.reload_file()
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        table = [line for line in screen_text(app).splitlines() if "/10" in line]
    # Cut where they differ, as a fresh start on the saved file would show them.
    assert [line.split("…")[1][:12] for line in table] == ["first group ", "second group"], table
