"""The chronology: what the timeline and its burn-ups show on any day, read from the
updates once. `evaluate` on that day is the oracle: the chart must say what it says."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from tests.builders import ROOT, deal, milestone, update
from tracker.chronology import Chronology
from tracker.evaluate import evaluate
from tracker.history import Index
from tracker.judge import evaluate_all
from tracker.load import parse

PARTIES = {"a": {"name": "Side A", "role": "Frees prisoners."}, "b": "Side B"}
"""Two sides, one with a role (the party roll-up carries it), and no sources."""

PLANNED = deal(
    milestone("decree", "The decree", "decree", party="b"),
    milestone("free", "Free 120 prisoners", party="a", target=120, unit="prisoners",
              plan={"batch": 30, "every_days": 7}, conditions=[{"milestone": "decree"}]),
    milestone("fixed", "Hand over 50 weapons", party="a", target=50,
              plan={"start": date(2020, 1, 5), "batch": 10, "every_days": 2}),
    update("fixed", "2020-01-06", total=15),
    update("decree", "2020-01-10", status="done"),
    update("free", "2020-01-12", add=20),
    update("fixed", "2020-01-12", add=5),
    update("free", "2020-01-20", total=45),
    parties=PARTIES, sources={})


@pytest.mark.parametrize("day", [date(2020, 1, d) for d in (1, 5, 6, 9, 10, 11, 16, 17, 24, 31)] +
                         [date(2020, 3, 1)])
def test_planned_and_delivered_on_a_day_are_what_evaluate_says_that_day(day: date) -> None:
    index = Index(PLANNED)
    chronology, states = Chronology(index), evaluate_all(index, day)
    for ident in ("decree", "free", "fixed"):
        s = states[ident]
        assert chronology.planned(ident, day) == s.planned, ident
        assert chronology.actual(ident, day) == s.actual, ident
        assert chronology.plan_dates(ident, day) == (s.plan_start, s.plan_end), ident
        assert chronology.points(ident, day) == s.points, ident


def test_a_plan_waiting_on_a_decree_starts_counting_the_day_it_is_signed() -> None:
    chronology = Chronology(Index(PLANNED))
    assert chronology.planned("free", date(2020, 1, 9)) == 0, "no decree yet: nothing is due"
    assert chronology.planned("free", date(2020, 1, 10)) == 30
    assert chronology.planned("free", date(2020, 1, 17)) == 60
    assert chronology.planned("free", date(2020, 2, 28)) == 120, "never more than the target"
    assert chronology.burnup("free", date(2020, 1, 15), [date(2020, 1, 12), date(2020, 1, 20)]) == \
        [(20, 30), (None, 60)], "delivered after the as-of date is not known yet"


def test_the_story_lists_updates_to_the_date_with_the_plan_on_each_day_and_marks_beyond() -> None:
    as_of = date(2020, 1, 15)
    chronology = Chronology(Index(PLANNED))
    rows = tuple(r.state for r in evaluate(PLANNED, as_of).rows)
    told = chronology.story(rows, as_of)
    updates = [(e.when, e.milestone, e.planned) for e in told if e.update is not None]
    assert updates == [(date(2020, 1, 6), "fixed", 10), (date(2020, 1, 10), "decree", None),
                       (date(2020, 1, 12), "free", 30), (date(2020, 1, 12), "fixed", 40)]
    marks = [(e.when, e.milestone, e.mark) for e in told if e.mark]
    assert (date(2020, 1, 10), "free", "start") in marks
    assert (date(2020, 1, 31), "free", "end") in marks, "4 batches a week apart from 10 January"
    assert (date(2020, 1, 13), "fixed", "end") in marks
    assert [e.when for e in told] == sorted(e.when for e in told)
    assert [e for e in told if not e.milestone] == [told[-2]] and told[-2].when == as_of


BROKEN = deal(
    milestone("ceasefire", "A ceasefire", "commitment", party="b"),
    milestone("whole", "Free 60 in all", party="a", target=60),
    milestone("part-1", "First 40", party="a", target=40, part_of="whole", plan={"batch": 10, "every_days": 1},
              conditions=[{"milestone": "ceasefire", "reached": "started"}]),
    milestone("part-2", "Last 20", party="a", target=20, part_of="whole",
              plan={"start": date(2020, 2, 1), "batch": 5, "every_days": 1}),
    update("ceasefire", "2020-01-02", status="started"),
    update("part-1", "2020-01-03", total=10),
    update("ceasefire", "2020-01-05", status="breached"),
    update("part-2", "2020-02-02", total=5),
    update("whole", "2020-02-10", total=50),
    parties=PARTIES, sources={})


def test_a_breach_stops_the_plan_and_a_whole_adds_up_its_parts_until_it_reports_itself() -> None:
    index = Index(BROKEN)
    chronology = Chronology(index)
    for offset in range(50):
        day = date(2020, 1, 1) + timedelta(days=offset)
        states = evaluate_all(index, day)
        for ident in ("whole", "part-1", "part-2"):
            assert chronology.planned(ident, day) == states[ident].planned, (ident, day)
            assert chronology.actual(ident, day) == states[ident].actual, (ident, day)
    assert chronology.span("whole", date(2020, 1, 1)) == (date(2020, 2, 1), date(2020, 2, 4)), \
        "a whole's chart covers its parts' plans"
    assert chronology.planned("part-1", date(2020, 1, 4)) == 30, "started on 2 January"
    assert chronology.planned("part-1", date(2020, 1, 5)) == 0, "breached: the condition no longer holds"
    assert chronology.actual("whole", date(2020, 2, 5)) == 15, "its parts added up"
    assert chronology.actual("whole", date(2020, 2, 10)) == 50, "then its own figure"


def test_every_figure_of_a_generated_deal_matches_evaluate_on_every_tenth_day() -> None:
    text = subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--milestones", "80",
                           "--updates", "400", "--seed", "5"], capture_output=True, check=True).stdout
    generated = parse(text, "generated.toml")[0]
    index = Index(generated)
    chronology = Chronology(index)
    first = min(u.date for u in generated.updates) - timedelta(days=20)
    for day in (first + timedelta(days=n) for n in range(0, 800, 10)):
        states = evaluate_all(index, day)
        for m in generated.milestones:
            s = states[m.id]
            got = (chronology.planned(m.id, day), chronology.actual(m.id, day), chronology.plan_dates(m.id, day))
            assert got == (s.planned, s.actual, (s.plan_start, s.plan_end)), (m.id, day)


def test_a_party_roll_up_carries_its_role_and_the_milestones_it_owes() -> None:
    parties = evaluate(PLANNED, date(2020, 1, 15)).parties
    assert [(p.id, p.role, [r.milestone.id for r in p.rows]) for p in parties] == [
        ("a", "Frees prisoners.", ["free", "fixed"]), ("b", "", ["decree"])]
