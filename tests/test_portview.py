"""What find and filter let through of a portfolio: deals by title, file name, or an item to
attend to or falling due; items and deals by status; both at once."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tracker.portfolio import Item, Portfolio, deal_files, load_all, portfolio
from tracker.state.portview import PortView, describe, shown, totals
from tracker.status import Status

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2020, 4, 29)
BROKEN = '[deal]\ntitle = "Broken"\n\n[[milestones]]\nid = "x"\ntitel = "typo"\nkind = "signing"\n'
EXAMPLES = ("fictional-arms-treaty.toml", "fictional-withdrawal.toml")


@pytest.fixture
def book(tmp_path: Path) -> Portfolio:
    """Sorted by name: a-broken, b-shipped, the arms treaty, the withdrawal."""
    shutil.copy(ROOT / "milestones.toml", tmp_path / "b-shipped.toml")
    for example in (ROOT / "examples" / name for name in EXAMPLES):
        shutil.copy(example, tmp_path / example.name)
    (tmp_path / "a-broken.toml").write_text(BROKEN, encoding="utf-8")
    return portfolio(load_all(deal_files(tmp_path)), AS_OF)


def ids(items: tuple[Item, ...]) -> list[str]:
    return [item.row.milestone.id for item in items]


def test_with_nothing_chosen_everything_is_shown(book: Portfolio) -> None:
    seen = shown(book, PortView())
    assert seen.deals == (0, 1, 2, 3)
    assert seen.attention == book.attention and seen.agenda == book.agenda


def test_text_finds_deals_by_title_file_name_or_an_item_in_any_case(book: Portfolio) -> None:
    by_title = shown(book, PortView("TALIBAN"))
    assert by_title.deals == (1,)
    assert ids(by_title.attention) == [i.row.milestone.id for i in book.attention
                                       if i.entry.path.name == "b-shipped.toml"]
    assert shown(book, PortView("withdrawal")).deals == (3,)  # its file name; its title says "withdraws"
    assert shown(book, PortView("broken")).deals == (0,)  # a file that does not load is found by name
    by_item = shown(book, PortView(" Prisoners "))
    assert by_item.deals == (1,)
    assert ids(by_item.attention) == ["prisoners-first-1500", "prisoners-5000", "offer-conditional-release"]
    by_id = shown(book, PortView("inspectors"))  # a milestone id
    assert by_id.deals == (2,) and ids(by_id.attention) == ["inspectors"]
    assert shown(book, PortView("no such thing")).deals == ()


def test_statuses_show_deals_that_have_them_and_only_their_items(book: Portfolio) -> None:
    overdue = shown(book, PortView(statuses=frozenset({Status.overdue})))
    assert overdue.deals == (1,) and ids(overdue.attention) == ["prisoners-first-1500"]
    two = shown(book, PortView(statuses=frozenset({Status.overdue, Status.unknown})))
    assert two.deals == (1, 2) and ids(two.attention) == ["prisoners-first-1500", "inspectors"]
    # A status with no item to attend to still finds the deals holding it; the broken file has none.
    upcoming = shown(book, PortView(statuses=frozenset({Status.upcoming})))
    assert upcoming.deals == (1, 2, 3) and upcoming.attention == ()


def test_the_agenda_is_filtered_as_the_attention_list(tmp_path: Path) -> None:
    shutil.copy(ROOT / "milestones.toml", tmp_path / "shipped.toml")
    early = portfolio(load_all(deal_files(tmp_path)), date(2020, 3, 12))
    assert ids(early.agenda) == ["prisoners-first-1500"]
    assert ids(shown(early, PortView("1,500")).agenda) == ["prisoners-first-1500"]
    assert shown(early, PortView("ceasefire")).agenda == ()
    assert shown(early, PortView(statuses=frozenset({Status.overdue}))).agenda == ()


def test_text_and_statuses_together(book: Portfolio) -> None:
    view = PortView("prisoners", frozenset({Status.behind}))
    both = shown(book, view)
    assert both.deals == (1,) and ids(both.attention) == ["prisoners-5000"]
    # The arms treaty has an unknown milestone but not the text: it is not shown.
    assert shown(book, PortView("taliban", frozenset({Status.unknown}))).deals == ()
    assert describe(view, 1, 4) == "find 'prisoners' · status behind · 1 of 4 deals shown"


def test_totals_count_every_deal_in_the_one_order(book: Portfolio) -> None:
    counts = totals(book)
    assert list(counts)[:3] == [Status.breached, Status.blocked, Status.overdue]
    assert counts[Status.upcoming] == 2 + 7 + 5 and counts[Status.overdue] == 1
