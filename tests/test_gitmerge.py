"""Two clones of one repository record and edit a deal file, then git merges them.

Real repositories in a temporary folder, set up with `tracker git-setup`, so what is
tested is what git does with the driver: merge, rebase, pull --rebase and cherry-pick.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tracker.cli import main
from tracker.errors import TrackerError
from tracker.gitmerge import merge, split
from tracker.gitsetup import setup
from tracker.load import load, parse

SHIPPED = Path(__file__).resolve().parent.parent / "milestones.toml"
WAYS = ("merge", "rebase", "pull-rebase", "cherry-pick")


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    # No global or system config of the machine's user can change what git does here.
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder.parent), "GIT_EDITOR": "true"}
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          env=env, check=False)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def clone(hub: Path, name: str) -> Path:
    folder = hub.parent / name
    git(hub.parent, "clone", "-q", str(hub), name)
    git(folder, "config", "user.name", name.title())
    git(folder, "config", "user.email", f"{name}@example.org")
    setup(folder, "*.toml", sys.executable)
    return folder


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path]:
    """Ann and Bob, each with a clone of a hub holding the shipped deal and its attributes."""
    hub = tmp_path / "hub.git"
    git(tmp_path, "init", "-q", "--bare", str(hub))
    ann = clone(hub, "ann")
    (ann / "milestones.toml").write_bytes(SHIPPED.read_bytes())
    git(ann, "add", "-A")
    git(ann, "commit", "-qm", "the deal")
    git(ann, "push", "-q", "origin", "HEAD:master")
    git(ann, "branch", "-q", "--set-upstream-to=origin/master")
    return ann, clone(hub, "bob")


def record(folder: Path, *args: str) -> None:
    try:
        assert main(["record", str(folder / "milestones.toml"), *args]) == 0
    finally:
        gc.enable()  # the command turns the collector off, as a one-shot process may


def commit(folder: Path, message: str) -> None:
    git(folder, "commit", "-qam", message)


def integrate(bob: Path, way: str) -> subprocess.CompletedProcess[str]:
    """Bob takes Ann's pushed work into his clone the given way."""
    git(bob, "fetch", "-q")
    command = {"merge": ["merge", "--no-edit", "origin/master"],
               "rebase": ["rebase", "origin/master"],
               "pull-rebase": ["pull", "--rebase", "-q"],
               "cherry-pick": ["cherry-pick", "origin/master"]}[way]
    return git(bob, *command, check=False)


def updates(folder: Path) -> list[tuple[str, str, object]]:
    deal = load(folder / "milestones.toml").deal
    return [(u.milestone, u.date.isoformat(), u.total if u.total is not None else u.note)
            for u in deal.updates]


def expected_file(tmp_path: Path, *records: tuple[str, ...]) -> bytes:
    """The shipped file with the same updates recorded one after the other on one clone."""
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "milestones.toml").write_bytes(SHIPPED.read_bytes())
    for args in records:
        record(alone, *args)
    return (alone / "milestones.toml").read_bytes()


ANN = ("captives-1000", "--date", "2020-04-29", "--total", "600", "--source", "report-850")
BOB_SAME = ("captives-1000", "--date", "2020-04-30", "--total", "650", "--source", "report-850")
BOB_OTHER = ("decree-1500", "--date", "2020-04-30", "--status", "suspended", "--note", "Bob's")


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("bobs", [BOB_SAME, BOB_OTHER], ids=["same-milestone", "other-milestone"])
def test_two_clones_record_and_git_keeps_both_updates_and_nothing_else(
        team: tuple[Path, Path], tmp_path: Path, way: str, bobs: tuple[str, ...]) -> None:
    ann, bob = team
    record(ann, *ANN)
    commit(ann, "Ann records")
    git(ann, "push", "-q")
    record(bob, *bobs)
    commit(bob, "Bob records")
    done = integrate(bob, way)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(bob, "status", "--porcelain").stdout.strip() == ""
    # Exactly what one person recording both, in date order, would have written.
    assert (bob / "milestones.toml").read_bytes() == expected_file(tmp_path, ANN, bobs)


@pytest.mark.parametrize("way", ("merge", "rebase"))
def test_the_same_update_recorded_on_both_sides_is_kept_once(
        team: tuple[Path, Path], tmp_path: Path, way: str) -> None:
    ann, bob = team
    for folder in team:
        record(folder, *ANN)
        commit(folder, "records")
    git(ann, "push", "-q")
    assert integrate(bob, way).returncode == 0
    assert (bob / "milestones.toml").read_bytes() == expected_file(tmp_path, ANN)


def _edit_title(folder: Path, title: str) -> None:
    path = folder / "milestones.toml"
    old = 'title = "US-Taliban peace agreement (February 2020)"'
    path.write_text(path.read_text(encoding="utf-8").replace(old, f'title = "{title}"', 1),
                    encoding="utf-8")


@pytest.mark.parametrize("way", ("merge", "cherry-pick"))  # all four ways: the test above
def test_both_editing_the_same_title_is_a_conflict_git_reports(
        team: tuple[Path, Path], way: str) -> None:
    ann, bob = team
    _edit_title(ann, "Ann's title")
    record(ann, *ANN)
    commit(ann, "Ann retitles")
    git(ann, "push", "-q")
    _edit_title(bob, "Bob's title")
    record(bob, *BOB_OTHER)
    commit(bob, "Bob retitles")
    done = integrate(bob, way)
    assert done.returncode != 0
    assert "milestones.toml" in git(bob, "diff", "--name-only", "--diff-filter=U").stdout
    text = (bob / "milestones.toml").read_text(encoding="utf-8")
    assert "<<<<<<<" in text and "Ann's title" in text and "Bob's title" in text
    # Only the title is in conflict: both updates are already in place below it.
    assert text.count("<<<<<<<") == 1 and "2020-04-29" in text and "Bob's" in text
    assert main(["check", str(bob / "milestones.toml")]) == 1


@pytest.mark.parametrize("way", ("rebase", "pull-rebase"))
def test_one_edits_a_milestone_while_the_other_records_and_both_land(
        team: tuple[Path, Path], way: str) -> None:
    ann, bob = team
    path = ann / "milestones.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'title = "Afghan government frees up to 5,000', 'title = "Kabul frees up to 5,000', 1),
        encoding="utf-8")
    commit(ann, "Ann edits a title")
    git(ann, "push", "-q")
    record(bob, *BOB_SAME)
    commit(bob, "Bob records")
    assert integrate(bob, way).returncode == 0
    deal = load(bob / "milestones.toml").deal
    assert any(m.title.startswith("Kabul frees up to 5,000") for m in deal.milestones)
    assert updates(bob)[-1] == ("captives-1000", "2020-04-30", 650)


@pytest.mark.parametrize("way", ("merge", "rebase"))
def test_updates_that_load_apart_but_not_together_are_a_conflict_not_a_broken_file(
        team: tuple[Path, Path], way: str) -> None:
    ann, bob = team
    record(ann, "captives-1000", "--date", "2020-05-02", "--total", "900", "--source", "report-850")
    commit(ann, "Ann: 900")
    git(ann, "push", "-q")
    # Each side's total only rises, but merged by date 900 is followed by 700: it goes down.
    record(bob, "captives-1000", "--date", "2020-05-03", "--total", "700", "--source", "report-850")
    commit(bob, "Bob: 700")
    done = integrate(bob, way)
    assert done.returncode != 0
    text = (bob / "milestones.toml").read_text(encoding="utf-8")
    assert "<<<<<<<" in text and "total = 900" in text and "total = 700" in text
    assert main(["check", str(bob / "milestones.toml")]) == 1


def test_git_setup_twice_changes_nothing_the_second_time(team: tuple[Path, Path]) -> None:
    ann, _ = team
    before = (ann / ".gitattributes").read_bytes(), git(ann, "config", "--list", "--local").stdout
    said = setup(ann, "*.toml", sys.executable)
    assert "already" in said and "To undo" in said
    assert ((ann / ".gitattributes").read_bytes(),
            git(ann, "config", "--list", "--local").stdout) == before
    assert (ann / ".gitattributes").read_text(encoding="utf-8") == "*.toml merge=tracker\n"


def _appended(text: str, *updates: tuple[str, str]) -> str:
    for milestone, day in updates:
        text += f'\n[[updates]]\nmilestone = "{milestone}"\ndate = {day}\nnote = "{milestone} {day}"\n'
    return text


def test_their_earlier_update_goes_before_our_later_one_and_nothing_moves() -> None:
    base = SHIPPED.read_text(encoding="utf-8")
    ours = _appended(base, ("captives-1000", "2020-05-02"))
    theirs = _appended(base, ("decree-1500", "2020-05-01"))
    merged, clean = merge(base, ours, theirs, "milestones.toml")
    assert clean
    assert merged == _appended(base, ("decree-1500", "2020-05-01"), ("captives-1000", "2020-05-02"))


def test_a_toml_file_that_is_no_deal_is_merged_as_git_would() -> None:
    base, ours, theirs = "a = 1\nb = 2\nc = 3\n", "a = 10\nb = 2\nc = 3\n", "a = 1\nb = 2\nc = 30\n"
    assert merge(base, ours, theirs, "pyproject.toml") == ("a = 10\nb = 2\nc = 30\n", True)


_FACT = st.sampled_from([
    ("prisoners-first-1500", "total"), ("prisoners-5000", "total"), ("captives-1000", "total"),
    ("decree-1500", "status"), ("signing", "status"), ("intra-afghan-talks", "status")])
_SIDE = st.lists(st.tuples(_FACT, st.integers(0, 12), st.integers(500, 2000),
                           st.sampled_from(["started", "done", "suspended", "cancelled"])), max_size=3)


def _side(base: str, records: list[tuple[tuple[str, str], int, int, str]]) -> str:
    for (milestone, fact), day, total, status in sorted(records, key=lambda r: r[1]):
        value = total if fact == "total" else f'"{status}"'
        base += (f'\n[[updates]]\nmilestone = "{milestone}"\ndate = 2020-05-{day + 1:02d}\n'
                 f'source = "report-850"\n{fact} = {value}\n')
    return base


@settings(max_examples=12, deadline=None)
@given(ours=_SIDE, theirs=_SIDE)
def test_the_driver_never_calls_clean_a_file_that_does_not_load(
        ours: list[tuple[tuple[str, str], int, int, str]],
        theirs: list[tuple[tuple[str, str], int, int, str]]) -> None:
    base = SHIPPED.read_text(encoding="utf-8")
    a, b = _side(base, ours), _side(base, theirs)
    for side in (a, b):  # each side is a file its author could commit
        try:
            parse(side.encode(), "side.toml")
        except TrackerError:
            assume(False)
    merged, clean = merge(base, a, b, "milestones.toml")
    if clean:
        # parse raises if the quick check of the merge let through a file that does not load.
        deal, _ = parse(merged.encode(), "merged.toml")
        # Every update either side wrote is in the merge, and nothing else is (how often a
        # side's own repeated update appears is the driver's choice, not this property).
        kept = {u.strip() for u in split(merged).blocks}
        assert kept == {u.strip() for u in split(a).blocks + split(b).blocks}
        assert len(deal.updates) == len(split(merged).blocks)
    else:
        assert "<<<<<<<" in merged and ">>>>>>>" in merged


def test_a_comment_right_above_the_updates_stays_where_it_was() -> None:
    base = SHIPPED.read_text(encoding="utf-8")
    first = base.index("\n[[updates]]") + 1
    base = base[:first].rstrip("\n") + "\n# What happened, in date order:\n" + base[first:]
    ours = _appended(base, ("captives-1000", "2020-05-02"))
    theirs = _appended(base, ("decree-1500", "2020-05-03"))
    merged, clean = merge(base, ours, theirs, "milestones.toml")
    assert clean and merged == _appended(base, ("captives-1000", "2020-05-02"), ("decree-1500", "2020-05-03"))


def test_their_edit_above_breaks_our_new_update_and_that_is_a_conflict() -> None:
    base = SHIPPED.read_text(encoding="utf-8")
    kind = 'id = "taliban-commitments"\ntitle = "Taliban halt attacks and keep their security guarantees"\nkind = "'
    theirs = base.replace(kind + 'commitment"', kind + 'decree"')  # a decree cannot be breached
    parse(theirs.encode(), "theirs.toml")
    ours = base + ('\n[[updates]]\nmilestone = "taliban-commitments"\ndate = 2020-05-01\n'
                   'source = "report-850"\nstatus = "breached"\n')
    parse(ours.encode(), "ours.toml")
    merged, clean = merge(base, ours, theirs, "milestones.toml")
    assert not clean and "<<<<<<<" in merged


def test_an_update_deleted_on_one_side_stays_deleted_while_the_other_records() -> None:
    base = _appended(SHIPPED.read_text(encoding="utf-8"), ("captives-1000", "2020-05-01"))
    ours = SHIPPED.read_text(encoding="utf-8")  # ours took it out again
    theirs = _appended(base, ("decree-1500", "2020-05-02"))
    merged, clean = merge(base, ours, theirs, "milestones.toml")
    assert clean and merged == _appended(ours, ("decree-1500", "2020-05-02"))
    merged, clean = merge(base, theirs, ours, "milestones.toml")  # the same, seen from the other side
    assert clean and merged == _appended(ours, ("decree-1500", "2020-05-02"))


def test_an_update_on_a_milestone_with_a_trigger_merges_without_a_conflict() -> None:
    # prisoners-other-3500 is owed once the talks start (a trigger): the quick check of the
    # merge read it without the talks and called the merge a conflict.
    base = SHIPPED.read_text(encoding="utf-8")
    ours = _side(base, [(("captives-1000", "total"), 0, 700, "")])
    theirs = _side(base, [(("prisoners-other-3500", "total"), 1, 10, "")])
    for side in (ours, theirs):
        parse(side.encode(), "side.toml")
    merged, clean = merge(base, ours, theirs, "milestones.toml")
    assert clean and merged == _side(base, [(("captives-1000", "total"), 0, 700, ""),
                                            (("prisoners-other-3500", "total"), 1, 10, "")])


def test_updates_nobody_touched_keep_their_spacing() -> None:
    # Two tables written with no blank line between them: a merge of updates recorded
    # after them leaves them as they were.
    base = _appended(SHIPPED.read_text(encoding="utf-8"), ("captives-1000", "2020-05-01"),
                     ("decree-1500", "2020-05-01")).replace('2020-05-01"\n\n[[updates]]', '2020-05-01"\n[[updates]]')
    ours = _appended(base, ("captives-1000", "2020-05-02"))
    theirs = _appended(base, ("decree-1500", "2020-05-03"))
    merged, clean = merge(base, ours, theirs, "milestones.toml")
    assert clean and merged == _appended(base, ("captives-1000", "2020-05-02"), ("decree-1500", "2020-05-03"))


_TITLE = 'title = "Taliban free 1,000 pro-government captives"'
_KIND = 'id = "taliban-commitments"\ntitle = "Taliban halt attacks and keep their security guarantees"\nkind = "'


def _edited(text: str, edit: str) -> str:
    """The shipped head with one hand edit: a title, or a kind that refuses `breached`."""
    if edit == "title":
        return text.replace(_TITLE, _TITLE[:-1] + ' (edited)"', 1)
    if edit == "kind":
        return text.replace(_KIND + 'commitment"', _KIND + 'decree"', 1)
    if edit == "deal":
        return text.replace('title = "US-Taliban peace agreement', 'title = "The US-Taliban agreement', 1)
    return text


_EDIT = st.sampled_from(["none", "title", "kind", "deal"])
_BREACH = st.lists(st.tuples(st.just(("taliban-commitments", "status")), st.integers(0, 12),
                             st.just(0), st.sampled_from(["started", "breached"])), max_size=1)


@settings(max_examples=15, deadline=None)
@given(ours=_SIDE, theirs=_SIDE, our_edit=_EDIT, their_edit=_EDIT, breach=_BREACH)
def test_whatever_each_side_edits_the_merge_is_clean_exactly_when_the_result_loads(
        ours: list[tuple[tuple[str, str], int, int, str]],
        theirs: list[tuple[tuple[str, str], int, int, str]], our_edit: str, their_edit: str,
        breach: list[tuple[tuple[str, str], int, int, str]]) -> None:
    base = SHIPPED.read_text(encoding="utf-8")
    a = _side(_edited(base, our_edit), ours + breach)
    b = _side(_edited(base, their_edit), theirs)
    for side in (a, b):
        try:
            parse(side.encode(), "side.toml")
        except TrackerError:
            assume(False)
    merged, clean = merge(base, a, b, "milestones.toml")
    if not clean:
        assert "<<<<<<<" in merged
        # Not clean: either the edits above conflict or the file they make does not load.
        union = _side(_edited(_edited(base, our_edit), their_edit), sorted(ours + breach + theirs, key=lambda r: r[1]))
        if our_edit == their_edit or {our_edit, their_edit} == {"none"}:
            return
        with pytest.raises(TrackerError):
            parse(union.encode(), "union.toml")
        return
    parse(merged.encode(), "merged.toml")


_SPARE = ('\n[[milestones]]\nid = "spare"\ntitle = "A spare event"\nkind = "event"\n'
          'party = "us"\nsources = ["report-850"]\n')


def _with_spare(text: str) -> str:
    at = text.index("\n[[updates]]")
    return text[:at] + _SPARE + text[at:]


def test_both_edit_above_and_record_and_everything_lands() -> None:
    base = SHIPPED.read_text(encoding="utf-8")
    ours = _side(_edited(base, "title"), [(("captives-1000", "total"), 0, 700, "")])
    theirs = _side(_edited(base, "deal"), [(("decree-1500", "status"), 1, 0, "suspended")])
    merged, clean = merge(base, ours, theirs, "milestones.toml")
    assert clean and merged == _side(_edited(_edited(base, "title"), "deal"), [
        (("captives-1000", "total"), 0, 700, ""), (("decree-1500", "status"), 1, 0, "suspended")])


@pytest.mark.parametrize("breaking", ["kind", "removed"])
def test_both_edit_above_and_their_edit_breaks_our_new_update_is_a_conflict(breaking: str) -> None:
    # Each side loads; together, our update is about a milestone they made a decree (which
    # cannot be breached) or deleted. The quick check must see it, not only a full parse.
    base = _with_spare(SHIPPED.read_text(encoding="utf-8"))
    fact = ("taliban-commitments", "status") if breaking == "kind" else ("spare", "status")
    ours = _side(_edited(base, "title"), [(fact, 0, 0, "breached" if breaking == "kind" else "done")])
    theirs = _edited(base, "kind") if breaking == "kind" else base.replace(_SPARE, "")
    theirs = _edited(theirs, "deal")
    for side in (ours, theirs):
        parse(side.encode(), "side.toml")
    merged, clean = merge(base, ours, theirs, "milestones.toml")
    assert not clean and "<<<<<<<" in merged
