"""A file that grew by appended updates is reloaded cheaply, and exactly as a full load would
read it: the same deal, the same evaluation, the same problems with the same line numbers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import SHIPPED, update
from tracker.errors import Problem, TrackerError
from tracker.evaluate import evaluate
from tracker.history import Index
from tracker.load import Loaded, load, parse, reload
from tracker.state.session import Session

AS_OF = date(2020, 4, 29)
GOOD = update("prisoners-first-1500", "2020-04-28", total=900).encode()


@pytest.fixture
def shipped() -> Loaded:
    return load(SHIPPED)


def full(loaded: Loaded, raw: bytes) -> tuple[object, list[Problem]]:
    """What a fresh load of `raw` gives: the deal, or the problems."""
    try:
        return parse(raw, str(loaded.path))[0], []
    except TrackerError as error:
        return None, error.problems


def again(loaded: Loaded, raw: bytes) -> tuple[object, list[Problem]]:
    try:
        return reload(loaded, raw).deal, []
    except TrackerError as error:
        return None, error.problems


def test_an_appended_update_reads_as_a_full_load_does(shipped: Loaded) -> None:
    raw = shipped.raw + GOOD + b"# a comment\n\n" + update("prisoners-first-1500", "2020-04-29", total=950).encode()
    loaded = reload(shipped, raw)
    fresh, _ = full(shipped, raw)
    assert loaded.deal == fresh
    assert loaded.deal.updates[-1].total == 950
    assert loaded.raw == raw
    assert evaluate(loaded.deal, AS_OF) == evaluate(fresh, AS_OF)  # type: ignore[arg-type]
    assert loaded.line_of("captives-1000") == load(SHIPPED).line_of("captives-1000")


def test_the_new_total_shows_in_the_session_on_every_date(shipped: Loaded) -> None:
    session = Session.open(shipped, AS_OF).step(-1).step(-1)  # leaves evaluations kept
    grown = session.swap(reload(shipped, shipped.raw + GOOD))
    fresh = Session.open(load_bytes(shipped, shipped.raw + GOOD), AS_OF)
    row = next(r for r in grown.home().evaluation.rows if r.milestone.id == "prisoners-first-1500")
    assert row.state.actual == 900
    for day in fresh.stops:
        assert grown.at(day).evaluation == fresh.at(day).evaluation


def load_bytes(like: Loaded, raw: bytes) -> Loaded:
    deal, positions = parse(raw, str(like.path))
    return Loaded(deal, like.path, raw, positions)


def test_an_extended_index_answers_as_a_fresh_one() -> None:
    deal = load(SHIPPED).deal
    first = deal.model_copy(update={"updates": deal.updates[:-5]})
    extended = Index(first).extended(deal)
    for day in Index(deal).dates():
        assert evaluate(deal, day, extended) == evaluate(deal, day, Index(deal))


@pytest.mark.parametrize("tail", [
    update("prisoners-first-150", "2020-04-28", total=900).encode(),
    update("prisoners-first-1500", "2020-04-28", total=800).encode(),
    update("ramadan-ceasefire", "2020-04-28", status="done").encode(),
    b'\n[[updates]]\nmilestone = "prisoners-first-1500"\ndate = 2020-04-28\ntotal = 9,000\n',
    update("prisoners-first-1500", "2020-04-28", colour="red").encode(),
    update("prisoners-first-1500", "2020-04-28").encode(),
    update("signing", "2020-03-01", by="nobody", note="x").encode(),
    b'\n<<<<<<< HEAD\n[[updates]]\nmilestone = "signing"\ndate = 2020-03-01\nnote = "x"\n',
    b'\n[[updates]]\nmilestone = "signing"\ndate = 2020-03-01\nnote = "\x00"\n',
    b'\n[deal]\ntitle = "Another"\n',
])
def test_a_bad_appended_update_is_reported_as_a_full_load_reports_it(shipped: Loaded,
                                                                    tail: bytes) -> None:
    raw = shipped.raw + tail
    deal, problems = full(shipped, raw)
    assert deal is None and problems
    assert again(shipped, raw) == (None, problems)


@pytest.mark.parametrize("change", ["middle", "truncated", "other table", "continued line",
                                    "no updates before"])
def test_anything_but_an_append_is_read_in_full(shipped: Loaded, change: str) -> None:
    raw = shipped.raw
    if change == "middle":
        raw = raw.replace(b"Taliban free 1,000", b"Taliban free a thousand") + GOOD
    elif change == "truncated":
        raw = raw[: raw.rindex(b"[[updates]]")]
    elif change == "other table":
        raw += b'\n[[parties]]\nid = "un"\nname = "United Nations"\n' + GOOD
    elif change == "continued line":  # the old last line had no newline: `900` becomes `9000`
        shipped = load_bytes(shipped, raw + GOOD.rstrip(b"\n"))
        raw = shipped.raw + b"0\n"
    elif change == "no updates before":
        first = raw.index(b"\n[[updates]]\n")
        shipped = load_bytes(shipped, raw[:first])
        raw = raw[:first] + GOOD
    deal, problems = full(shipped, raw)
    assert not problems
    assert again(shipped, raw) == (deal, [])
    if change == "continued line":
        assert deal.updates[-1].total == 9000  # type: ignore[attr-defined]


def test_an_append_is_not_parsed_in_full(shipped: Loaded, monkeypatch: pytest.MonkeyPatch) -> None:
    # Speed is the bench's business; this only makes sure the cheap path is the one taken.
    def whole(raw: bytes, name: str) -> None:
        raise AssertionError("the whole file was parsed again")

    monkeypatch.setattr("tracker.load.parse", whole)
    assert reload(shipped, shipped.raw + GOOD).deal.updates[-1].total == 900
