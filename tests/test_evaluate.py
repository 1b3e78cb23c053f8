"""Evaluation as of a date: the shipped deal with numbers checked by hand, and small
deals built here to show the model serves any deal (a merger, a ceasefire, a plan)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker.evaluate import Evaluation, evaluate
from tracker.history import Index
from tracker.judge import evaluate_all
from tracker.load import load
from tracker.model import DealFile
from tracker.status import State, Status
from tracker.terms import Reported
from tracker.words import amount

SHIPPED = Path(__file__).resolve().parent.parent / "milestones.toml"


@pytest.fixture(scope="module")
def afghan() -> DealFile:
    return load(SHIPPED).deal


def states(deal: DealFile, as_of: date) -> dict[str, State]:
    return evaluate_all(Index(deal), as_of)


# The shipped deal. Plan for the first tranche: 100 a day from 14 March 2020,
# 15 batches, so the last is due on 28 March. The releases: 850 by 27 April.


def test_before_any_release_the_first_tranche_waits_on_the_decree(afghan: DealFile) -> None:
    s = states(afghan, date(2020, 3, 1))
    first = s["prisoners-first-1500"]
    assert first.status is Status.waiting
    assert [g.milestone for g in first.waiting_on] == ["decree-1500"]
    assert first.actual is None and first.planned == 0
    assert first.due_date == date(2020, 3, 28) and first.days_left == 27
    assert s["decree-1500"].status is Status.upcoming
    assert s["prisoners-5000"].planned == 0
    assert s["signing"].status is Status.done
    assert s["withdraw-us-troops"].days_left == 517  # 1 Mar 2020 to 31 Jul 2021


def test_a_week_into_the_plan_700_are_due_and_none_reported(afghan: DealFile) -> None:
    s = states(afghan, date(2020, 3, 20))
    first = s["prisoners-first-1500"]
    assert first.status is Status.unknown
    assert first.planned == 700  # 14..20 March: 7 batches of 100
    assert first.actual is None and first.shortfall == 700
    assert first.days_left == 8
    assert s["prisoners-5000"].planned == 700  # the whole sums its parts' plans
    assert s["decree-1500"].status is Status.done
    assert s["decree-1500"].reached[Reported.done] == date(2020, 3, 11)
    assert s["offer-conditional-release"].status is Status.rejected


def test_just_after_the_last_report(afghan: DealFile) -> None:
    ev = evaluate(afghan, date(2020, 4, 29))
    rows = {r.milestone.id: r for r in ev.rows}
    first = rows["prisoners-first-1500"].state
    assert first.status is Status.overdue
    assert (first.actual, first.target, first.planned, first.shortfall) == (850, 1500, 1500, 650)
    assert first.progress == pytest.approx(850 / 1500)
    assert first.days_left == -32 and first.last_update == date(2020, 4, 27)
    assert first.stale_days == 2 and not rows["prisoners-first-1500"].stale
    # 850 in the 45 days 14 Mar..27 Apr inclusive; 650 to go at that pace is
    # ceil(650 * 45 / 850) = ceil(34.4) = 35 days after 27 April.
    assert first.projected == date(2020, 4, 27) + timedelta(days=35) == date(2020, 6, 1)
    second = rows["prisoners-other-3500"].state
    # Contingent on the talks (report-850), and still waiting on its two conditions.
    assert second.status is Status.contingent
    assert {g.milestone for g in second.waiting_on} == {"prisoners-first-1500", "taliban-commitments"}
    assert second.planned == 0 and second.plan_start is None
    assert rows["ramadan-ceasefire"].state.status is Status.rejected
    assert "Rejected by Taliban on 28 Apr 2020" in rows["ramadan-ceasefire"].sentence
    whole = rows["prisoners-5000"].state
    assert (whole.status, whole.actual, whole.planned) == (Status.behind, 850, 1500)
    assert rows["captives-1000"].state.status is Status.on_track


def test_the_signing_date_is_disputed_with_both_claims(afghan: DealFile) -> None:
    signing = states(afghan, date(2020, 4, 29))["signing"]
    assert signing.status is Status.done
    [dispute] = signing.disputes
    claims = {c.value: c.sources for c in dispute.claims}
    assert claims == {"2020-02-28": ("report-850",), "2020-02-29": ("report-decree",)}
    # On 28 February only one source has spoken: nothing to dispute yet.
    assert states(afghan, date(2020, 2, 28))["signing"].disputes == ()


def test_the_withdrawal_deadline_is_july_2021(afghan: DealFile) -> None:
    us = states(afghan, date(2020, 4, 29))["withdraw-us-troops"]
    assert us.status is Status.waiting
    assert us.due == "2021-07" and us.due_date == date(2021, 7, 31)
    assert us.days_left == 458


def test_after_the_withdrawal_deadline_it_is_overdue_and_still_names_its_conditions(afghan: DealFile) -> None:
    # Past its due date a milestone is overdue even while it waits (issue 14: this
    # used to read "waiting"); the unmet conditions stay in its sentence.
    ev = evaluate(afghan, date(2021, 8, 1))
    rows = {r.milestone.id: r for r in ev.rows}
    us = rows["withdraw-us-troops"]
    assert us.state.status is Status.overdue
    assert us.state.days_left == -1
    assert "1 day ago" in us.sentence and "still waiting on" in us.sentence
    assert "Talks between the Taliban" in us.sentence
    first = rows["prisoners-first-1500"]
    assert first.state.status is Status.overdue and first.stale
    assert first.state.stale_days == (date(2021, 8, 1) - date(2020, 4, 27)).days


def test_time_travel_dates_are_the_days_something_was_reported(afghan: DealFile) -> None:
    ev = evaluate(afghan, date(2020, 4, 29))
    assert ev.dates[0] == date(2020, 2, 28) and ev.dates[-1] == date(2020, 4, 28)
    assert list(ev.dates) == sorted(set(ev.dates))


# Small deals built here, not from the shipped file.


def build(milestones: list[dict[str, Any]], updates: Sequence[dict[str, Any]] = (),
          parties: tuple[str, ...] = ("a", "b"), stale_after: int = 30) -> DealFile:
    return DealFile.model_validate({
        "deal": {"title": "Test deal", "stale_after_days": stale_after},
        "parties": [{"id": p, "name": p.upper(), "signatory": p != "c"} for p in parties],
        "sources": [{"id": s, "title": s, "published": date(2020, 1, 1)} for s in ("s1", "s2")],
        "milestones": milestones,
        "updates": list(updates),
    })


def at(deal: DealFile, ident: str, as_of: date) -> State:
    return states(deal, as_of)[ident]


MERGER = build(
    [
        {"id": "hsr", "title": "US antitrust clearance", "kind": "event", "party": "a"},
        {"id": "eu", "title": "EU merger approval", "kind": "event", "party": "a"},
        {"id": "close", "title": "Deal closes", "kind": "deadline", "party": "a", "to": ["b"],
         "due": "2024-06-30",
         "conditions": [{"milestone": "hsr"}, {"milestone": "eu", "text": "EU approval"}]},
    ],
    [
        {"milestone": "hsr", "date": date(2024, 2, 1), "status": "done", "source": "s1"},
        {"milestone": "eu", "date": date(2024, 4, 10), "status": "done", "source": "s1"},
    ],
)


def test_a_merger_waits_on_its_regulatory_approvals() -> None:
    close = at(MERGER, "close", date(2024, 3, 1))
    assert close.status is Status.waiting
    assert [(g.milestone, g.text) for g in close.waiting_on] == [("eu", "EU approval")]
    assert close.days_left == 121
    cleared = at(MERGER, "close", date(2024, 4, 15))
    assert cleared.status is Status.upcoming and cleared.waiting_on == ()
    assert {g.milestone: g.since for g in cleared.gates} == {
        "hsr": date(2024, 2, 1), "eu": date(2024, 4, 10)}


def test_a_merger_past_its_outside_date_is_overdue_until_it_closes() -> None:
    assert at(MERGER, "close", date(2024, 6, 30)).status is Status.upcoming
    late = at(MERGER, "close", date(2024, 7, 5))
    assert late.status is Status.overdue and late.days_left == -5
    closed = MERGER.model_copy(update={"updates": MERGER.updates + (
        MERGER.updates[0].model_copy(update={"milestone": "close", "date": date(2024, 7, 3)}),)})
    assert at(closed, "close", date(2024, 7, 5)).status is Status.done


def test_a_blocked_approval_never_lets_the_merger_proceed() -> None:
    blocked = build(
        [{"id": "eu", "title": "EU approval", "kind": "event", "party": "a"},
         {"id": "close", "title": "Close", "kind": "deadline", "party": "a", "due": "2024",
          "conditions": [{"milestone": "eu"}]}],
        [{"milestone": "eu", "date": date(2024, 3, 1), "status": "cancelled", "source": "s1"}],
    )
    s = states(blocked, date(2024, 5, 1))
    assert s["eu"].status is Status.rejected
    assert s["close"].status is Status.waiting


CEASEFIRE = build(
    [
        {"id": "offer", "title": "A offers a 30-day ceasefire", "kind": "offer", "party": "a", "to": ["b"]},
        {"id": "hold", "title": "Both sides hold fire", "kind": "commitment", "party": "b",
         "conditions": [{"milestone": "offer", "reached": "accepted"}]},
    ],
    [
        {"milestone": "offer", "date": date(2021, 5, 1), "status": "offered", "source": "s1"},
        {"milestone": "offer", "date": date(2021, 5, 3), "status": "accepted", "by": "b", "source": "s1"},
        {"milestone": "hold", "date": date(2021, 5, 4), "status": "started", "source": "s2"},
        {"milestone": "hold", "date": date(2021, 5, 20), "status": "breached", "by": "b", "source": "s2"},
    ],
)


def test_a_ceasefire_offer_accepted_then_held_then_breached() -> None:
    assert at(CEASEFIRE, "hold", date(2021, 5, 2)).status is Status.waiting
    assert at(CEASEFIRE, "offer", date(2021, 5, 2)).status is Status.on_track
    assert at(CEASEFIRE, "offer", date(2021, 5, 3)).status is Status.done
    assert at(CEASEFIRE, "hold", date(2021, 5, 10)).status is Status.on_track
    broken = evaluate(CEASEFIRE, date(2021, 5, 21)).rows[1]
    assert broken.state.status is Status.rejected
    assert broken.sentence == "Breached by B on 20 May 2021."


def _rate(updates: list[dict[str, Any]]) -> DealFile:
    return build(
        [{"id": "q", "title": "Free 100", "kind": "quantity", "party": "a", "target": 100, "unit": "people",
          "plan": {"start": date(2020, 1, 1), "batch": 10}}],
        [{"milestone": "q", "source": "s1", **u} for u in updates],
    )


def test_a_rate_plan_tells_on_track_from_behind() -> None:
    on = at(_rate([{"date": date(2020, 1, 5), "total": 50}]), "q", date(2020, 1, 5))
    assert (on.status, on.planned, on.shortfall) == (Status.on_track, 50, 0)
    assert on.plan_end == date(2020, 1, 10) and on.due_date == date(2020, 1, 10)
    behind = at(_rate([{"date": date(2020, 1, 5), "total": 30}]), "q", date(2020, 1, 5))
    assert (behind.status, behind.planned, behind.shortfall) == (Status.behind, 50, 20)
    # 30 in the 5 days 1..5 Jan: 70 more take ceil(70 * 5 / 30) = 12 days.
    assert behind.projected == date(2020, 1, 17)


def test_a_batch_plan_without_a_start_begins_when_its_conditions_are_met() -> None:
    deal = build(
        [{"id": "go", "title": "Go-ahead", "kind": "decree", "party": "a"},
         {"id": "q", "title": "Free 1,000", "kind": "quantity", "party": "a", "target": 1000,
          "plan": {"batch": 250, "every_days": 7}, "conditions": [{"milestone": "go"}]}],
        [{"milestone": "go", "date": date(2020, 3, 2), "status": "done", "source": "s1"}],
    )
    before = at(deal, "q", date(2020, 3, 1))
    assert (before.status, before.planned, before.plan_start) == (Status.waiting, 0, None)
    first = at(deal, "q", date(2020, 3, 2))
    assert (first.plan_start, first.plan_end, first.planned) == (date(2020, 3, 2), date(2020, 3, 23), 250)
    later = at(deal, "q", date(2020, 3, 10))
    assert (later.status, later.planned) == (Status.unknown, 500)
    assert at(deal, "q", date(2020, 6, 1)).planned == 1000


def test_qualifiers_change_the_words_and_a_floor_can_be_exceeded() -> None:
    deal = build([
        {"id": "cap", "title": "Up to 5,000", "kind": "quantity", "party": "a", "target": 5000,
         "qualifier": "up_to", "unit": "prisoners"},
        {"id": "floor", "title": "At least 100", "kind": "quantity", "party": "a", "target": 100,
         "qualifier": "at_least"},
        {"id": "rough", "title": "About 14,000", "kind": "quantity", "party": "a", "target": 14000,
         "qualifier": "about", "unit": "troops"},
    ], [{"milestone": "floor", "date": date(2020, 2, 1), "total": 150, "source": "s1"}])
    s = states(deal, date(2020, 3, 1))
    assert amount(s["cap"]) == "none reported of up to 5,000 prisoners"
    assert amount(s["rough"]) == "none reported of about 14,000 troops"
    assert amount(s["floor"]) == "150 of at least 100"
    assert s["floor"].status is Status.done and s["floor"].progress == 1.0


@pytest.mark.parametrize(("due", "last_day"), [
    ("2021-07", date(2021, 7, 31)), ("2024-02", date(2024, 2, 29)), ("2021", date(2021, 12, 31)),
    ("2021-07-15", date(2021, 7, 15)),
])
def test_a_due_month_or_year_means_its_last_day(due: str, last_day: date) -> None:
    deal = build([{"id": "d", "title": "Leave", "kind": "deadline", "party": "a", "due": due}])
    assert at(deal, "d", last_day).days_left == 0
    assert at(deal, "d", last_day).status is Status.upcoming
    assert at(deal, "d", last_day + timedelta(days=1)).status is Status.overdue


def test_a_revised_due_date_keeps_the_old_ones() -> None:
    deal = build(
        [{"id": "d", "title": "Leave", "kind": "deadline", "party": "a", "due": "2021-05"}],
        [{"milestone": "d", "date": date(2021, 4, 14), "due": "2021-09-11", "source": "s1"},
         {"milestone": "d", "date": date(2021, 7, 8), "due": "2021-08-31", "source": "s2"}],
    )
    assert at(deal, "d", date(2021, 4, 1)).due_date == date(2021, 5, 31)
    moved = at(deal, "d", date(2021, 6, 1))
    assert (moved.due, moved.due_date, moved.status) == ("2021-09-11", date(2021, 9, 11), Status.upcoming)
    assert moved.milestone.due == "2021-05"
    final = at(deal, "d", date(2021, 8, 1))
    assert final.due_history == ((date(2021, 4, 14), "2021-09-11", "s1"), (date(2021, 7, 8), "2021-08-31", "s2"))
    assert final.days_left == 30


def test_increments_and_running_totals_mix() -> None:
    deal = _rate([
        {"date": date(2020, 1, 1), "add": 10}, {"date": date(2020, 1, 2), "add": 5},
        {"date": date(2020, 1, 3), "total": 40}, {"date": date(2020, 1, 4), "add": 2},
    ])
    s = at(deal, "q", date(2020, 1, 4))
    assert s.actual == 42
    assert s.points == ((date(2020, 1, 1), 10), (date(2020, 1, 2), 15), (date(2020, 1, 3), 40), (date(2020, 1, 4), 42))
    assert at(deal, "q", date(2020, 1, 2)).actual == 15  # later updates do not count yet


def test_an_active_milestone_goes_stale_without_updates() -> None:
    deal = build(
        [{"id": "t", "title": "Talks", "kind": "talks", "party": "a"},
         {"id": "e", "title": "Done thing", "kind": "event", "party": "a"}],
        [{"milestone": "t", "date": date(2020, 1, 1), "status": "started", "source": "s1"},
         {"milestone": "e", "date": date(2020, 1, 1), "status": "done", "source": "s1"}],
        stale_after=10,
    )
    fresh = {r.milestone.id: r for r in evaluate(deal, date(2020, 1, 10)).rows}
    assert fresh["t"].state.stale_days == 9 and not fresh["t"].stale
    old = {r.milestone.id: r for r in evaluate(deal, date(2020, 1, 11)).rows}
    assert old["t"].stale and old["t"] in evaluate(deal, date(2020, 1, 11)).attention
    assert old["e"].state.stale_days is None and not old["e"].stale  # done is never stale


def test_no_projection_where_the_pace_cannot_be_told() -> None:
    single = build(
        [{"id": "q", "title": "Free 100", "kind": "quantity", "party": "a", "target": 100}],
        [{"milestone": "q", "date": date(2020, 1, 5), "total": 30, "source": "s1"}],
    )
    assert at(single, "q", date(2020, 1, 6)).projected is None  # one point, no plan start
    assert at(single, "q", date(2020, 1, 4)).projected is None  # nothing reported yet
    two = single.model_copy(update={"updates": single.updates + (
        single.updates[0].model_copy(update={"date": date(2020, 1, 15), "total": 80}),)})
    # 50 more in 10 days: the last 20 take 4 days.
    assert at(two, "q", date(2020, 1, 16)).projected == date(2020, 1, 19)
    done = _rate([{"date": date(2020, 1, 5), "total": 100}])
    assert at(done, "q", date(2020, 1, 6)).projected is None


def test_parts_add_up_to_their_whole() -> None:
    deal = build(
        [{"id": "all", "title": "All 300", "kind": "quantity", "party": "a", "target": 300, "unit": "x"},
         {"id": "p1", "title": "First 100", "kind": "quantity", "party": "a", "target": 100, "unit": "x",
          "part_of": "all", "plan": {"start": date(2020, 1, 1), "batch": 50, "every_days": 10}},
         {"id": "p2", "title": "Other 200", "kind": "quantity", "party": "a", "target": 200, "unit": "x",
          "part_of": "all"}],
        [{"milestone": "p1", "date": date(2020, 1, 1), "total": 60, "source": "s1"},
         {"milestone": "p2", "date": date(2020, 1, 2), "total": 50, "source": "s1"},
         {"milestone": "p1", "date": date(2020, 1, 3), "total": 80, "source": "s1"}],
    )
    whole = at(deal, "all", date(2020, 1, 5))
    assert whole.actual == 130
    assert whole.points == ((date(2020, 1, 1), 60), (date(2020, 1, 2), 110), (date(2020, 1, 3), 130))
    assert whole.planned == 50 and whole.status is Status.on_track
    assert whole.last_update == date(2020, 1, 3) and whole.stale_days == 2
    party = evaluate(deal, date(2020, 1, 5)).parties[0]
    assert [(d.unit, d.actual, d.target) for d in party.delivered] == [("x", 130, 300)]


def test_disagreeing_totals_on_one_day_are_a_dispute() -> None:
    deal = _rate([{"date": date(2020, 1, 5), "total": 50, "source": "s1"},
                  {"date": date(2020, 1, 5), "total": 45, "source": "s2"}])
    [dispute] = at(deal, "q", date(2020, 1, 6)).disputes
    assert dispute.field == "total on 2020-01-05"
    assert {c.value: c.sources for c in dispute.claims} == {"50": ("s1",), "45": ("s2",)}


def test_each_party_gets_a_roll_up() -> None:
    deal = build(
        [{"id": "q", "title": "A frees 10", "kind": "quantity", "party": "a", "to": ["b"], "target": 10,
          "unit": "people"},
         {"id": "x", "title": "A signs", "kind": "signing", "party": "a", "to": ["b", "c"]},
         {"id": "y", "title": "C offers", "kind": "offer", "party": "c", "to": ["a"]},
         {"id": "bg", "title": "Background", "kind": "context"}],
        [{"milestone": "q", "date": date(2020, 1, 2), "total": 4, "source": "s1"},
         {"milestone": "x", "date": date(2020, 1, 1), "status": "done", "source": "s1"},
         {"milestone": "y", "date": date(2020, 1, 3), "status": "rejected", "by": "a", "source": "s1"}],
        parties=("a", "b", "c"),
    )
    ev: Evaluation = evaluate(deal, date(2020, 1, 5))
    a, b, c = ev.parties
    assert (a.owes, a.owed_to, a.counts[Status.done], a.counts[Status.on_track]) == (2, 1, 1, 1)
    assert [(d.unit, d.actual, d.target) for d in a.delivered] == [("people", 4, 10)]
    assert (b.owes, b.owed_to, b.delivered) == (0, 2, ())
    assert (c.owes, c.signatory, c.counts[Status.rejected]) == (1, False, 1)
    assert [m.id for m in ev.context] == ["bg"] and len(ev.rows) == 3
    assert ev.counts[Status.done] == 1 and sum(ev.counts.values()) == 3
    assert ev.progress == pytest.approx((0.4 + 1 + 0) / 3)


def test_a_condition_awaiting_a_rejection_is_met_by_it() -> None:
    from tracker.evaluate import evaluate
    from tracker.model import Condition, Deal, DealFile, Milestone, Update

    deal = DealFile(
        deal=Deal(title="Fallback plan"),
        milestones=(
            Milestone(id="offer", title="First offer", kind="offer"),
            Milestone(id="plan-b", title="Plan B", kind="event",
                      conditions=(Condition(milestone="offer", reached="rejected"),)),
            Milestone(id="plan-c", title="Plan C", kind="event",
                      conditions=(Condition(milestone="offer", reached="offered"),)),
        ),
        updates=(
            Update(milestone="offer", date=date(2024, 1, 1), status="offered"),
            Update(milestone="offer", date=date(2024, 1, 5), status="rejected"),
        ),
    )
    rows = {r.milestone.id: r.state for r in evaluate(deal, date(2024, 1, 6)).rows}
    assert rows["plan-b"].status.value == "upcoming"
    assert rows["plan-c"].status.value == "waiting"  # the offer it relied on was rejected
    before = {r.milestone.id: r.state for r in evaluate(deal, date(2024, 1, 2)).rows}
    assert before["plan-b"].status.value == "waiting"
    assert before["plan-c"].status.value == "upcoming"
