"""Many deals at once: a folder loads every deal file, a broken one never stops the others,
and the attention list and agenda cross deals, most urgent first, each naming its deal."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.builders import BROKEN, EXAMPLES, ROOT, shipped_folder
from tracker.errors import FileError
from tracker.portfolio import deal_files, expand, load_all, portfolio, step, stops
from tracker.status import Status

AS_OF = date(2020, 4, 29)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return shipped_folder(tmp_path, "b-shipped.toml", "a-broken.toml", {"notes.txt": "not a deal"})


def test_a_folder_loads_every_deal_file_sorted_and_a_broken_one_is_an_entry(folder: Path) -> None:
    entries = load_all(deal_files(folder))
    assert [e.path.name for e in entries] == [
        "a-broken.toml", "b-shipped.toml", "fictional-arms-treaty.toml", "fictional-withdrawal.toml"]
    broken = entries[0]
    assert broken.loaded is None and broken.exit_code == 1
    assert f"{folder / 'a-broken.toml'}:6:1:" in broken.first_problem and "titel" in broken.first_problem
    assert all(e.loaded is not None for e in entries[1:])


def test_an_empty_folder_says_so() -> None:
    with pytest.raises(FileError, match="no deal files"):
        expand([ROOT / "tracker" / "state"])


def test_each_deal_is_summed_up_on_the_date(folder: Path) -> None:
    book = portfolio(load_all(deal_files(folder)), AS_OF)
    broken, shipped = book.deals[0], book.deals[1]
    assert broken.evaluation is None and "titel" in broken.headline and broken.title == "a-broken.toml"
    assert shipped.title.startswith("US-Taliban")
    assert shipped.headline == "22% of 10 commitments"
    assert shipped.counts[Status.done] == 4 and shipped.counts[Status.overdue] == 1
    assert shipped.quiet_days == 1  # last report 28 Apr 2020
    assert shipped.most_urgent is not None and shipped.most_urgent.state.status is Status.overdue
    assert shipped.next_due is not None and shipped.next_due.state.due_date is not None
    assert shipped.next_due.state.due_date >= AS_OF
    # The fictional deals have not begun in 2020: nothing reported, nothing urgent.
    assert book.deals[2].quiet_days is None


def test_attention_crosses_deals_most_urgent_first_and_names_each_deal(folder: Path) -> None:
    book = portfolio(load_all(deal_files(folder)), date(2032, 10, 1))
    deals = {item.title for item in book.attention}
    assert len(deals) >= 2  # more than one deal needs attention in October 2032
    statuses = [item.row.state.status for item in book.attention]
    from tracker.evaluate import NEEDS_ATTENTION
    ranks = [NEEDS_ATTENTION.index(s) if s in NEEDS_ATTENTION else len(NEEDS_ATTENTION) for s in statuses]
    assert ranks == sorted(ranks)


def test_the_agenda_holds_what_falls_due_in_the_coming_weeks_in_date_order(folder: Path) -> None:
    entries = load_all(deal_files(folder))
    on = date(2032, 5, 1)
    book = portfolio(entries, on, weeks=10)
    dues = [(item.row.state.due_date, item.title) for item in book.agenda]
    assert dues == sorted(dues) and dues
    assert all(d is not None and on <= d <= date(2032, 7, 10) for d, _ in dues)
    assert {t for _, t in dues} == {"Fictional: Eastland withdraws its forces from Riverland (2031)"}
    assert portfolio(entries, on, weeks=1).agenda == ()  # nothing due in the first week


def test_time_travel_steps_through_every_deal_s_dates(folder: Path) -> None:
    entries = load_all(deal_files(folder))
    every = stops(entries, AS_OF)
    assert date(2020, 4, 28) in every and date(2032, 9, 1) in every
    assert step(entries, AS_OF, AS_OF, 1) > AS_OF
    assert step(entries, AS_OF, AS_OF, -1) == date(2020, 4, 28)
    assert step(entries, AS_OF, every[0], -1) == every[0]


def test_following_a_folder_sees_files_added_removed_renamed_and_changed(folder: Path) -> None:
    from tracker.state.folder import Folders

    followed = Folders([folder], load_all(deal_files(folder)))
    assert followed.poll() is False  # nothing changed: nothing to redraw
    shipped = followed.entries[1]
    (folder / "fictional-withdrawal.toml").rename(folder / "z-withdrawal.toml")
    (folder / "a-broken.toml").unlink()
    assert followed.poll() is True
    assert [e.path.name for e in followed.entries] == [
        "b-shipped.toml", "fictional-arms-treaty.toml", "z-withdrawal.toml"]
    assert followed.entries[0] is shipped  # an unchanged file is not read again
    path = folder / "b-shipped.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[updates]]\nmilestone = 'nowhere'\n"
                    "date = 2020-04-30\ntotal = 1\n", encoding="utf-8")
    assert followed.poll() is True
    broken = followed.entries[0]
    assert broken.loaded is None and "nowhere" in broken.first_problem  # a broken save: its own entry
    assert all(e.loaded is not None for e in followed.entries[1:])
    assert followed.poll() is False


def test_a_portfolio_on_the_same_date_reuses_the_deals_whose_file_did_not_change(folder: Path) -> None:
    from tracker.portfolio import load_entry

    entries = load_all(deal_files(folder))
    first = portfolio(entries, AS_OF)
    again = list(entries)
    again[1] = load_entry(entries[1].path)  # one file read again
    second = portfolio(again, AS_OF, before=first)
    assert second.deals[2] is first.deals[2] and second.deals[3] is first.deals[3]
    assert second.deals[1] is not first.deals[1] and second.deals[1].entry is again[1]
    assert portfolio(entries, date(2020, 4, 1), before=first).deals[2] is not first.deals[2]


def test_a_large_folder_opens_on_its_first_files_and_reads_the_rest_after(tmp_path: Path) -> None:
    """The first frame of 1,000 files needs a few: the app gets the first EAGER (on to the
    first that loads), and the rest, read later, make the same entries a full read makes."""
    from tracker.portfolio_cli import EAGER, open_many

    for i in range(EAGER + 10):
        shutil.copy(ROOT / "examples" / EXAMPLES[i % 2], tmp_path / f"deal-{i:02d}.toml")
    (tmp_path / f"deal-{EAGER + 5:02d}.toml").write_text(BROKEN, encoding="utf-8")
    opened = open_many([tmp_path], Path("milestones.toml"))
    assert not isinstance(opened, int) and opened[1] is not None
    folders = opened[1]
    assert len(folders.entries) == EAGER and len(folders.pending) == 10
    assert folders.poll() is False  # nothing is looked at while files are pending
    assert [e.path.name for e in folders.fill(50)] == [f"deal-{i:02d}.toml" for i in range(EAGER, EAGER + 10)]
    full = load_all(deal_files(tmp_path))
    assert [(e.path, e.problems, e.loaded and e.loaded.deal) for e in folders.entries] == [
        (e.path, e.problems, e.loaded and e.loaded.deal) for e in full]
    assert folders.pending == () and folders.poll() is False
    # Broken files first: they are read on to the first that loads.
    for i in range(EAGER + 2):
        (tmp_path / f"deal-{i:02d}.toml").write_text(BROKEN, encoding="utf-8")
    opened = open_many([tmp_path], Path("milestones.toml"))
    assert not isinstance(opened, int) and opened[1] is not None
    assert len(opened[1].entries) == EAGER + 3 and opened[0].path.name == f"deal-{EAGER + 2:02d}.toml"


def test_deals_added_at_the_end_merge_into_the_lists_as_a_whole_sort_would(folder: Path) -> None:
    entries = load_all(deal_files(folder)) * 3  # ties across copies: the earlier deal first
    full = portfolio(entries, AS_OF)
    grown = portfolio(entries[:5], AS_OF)
    grown = portfolio(entries, AS_OF, before=grown)
    key = lambda items: [(id(i.entry), i.row.milestone.id) for i in items]  # noqa: E731
    assert key(grown.attention) == key(full.attention) and key(grown.agenda) == key(full.agenda)
    assert len(full.attention) == 3 * len(portfolio(entries[:4], AS_OF).attention)
