"""Time and decisions as an analyst reads them (issue 14), on small deals of several kinds:
lateness, who moved a deadline, disputed terms, relative deadlines, blocks, risk,
contingent terms, any-of conditions and obligations in force. Dates are parameters."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import SHIPPED, deal, milestone, row_json, sentence, state, update
from tracker.evaluate import evaluate
from tracker.explain import day
from tracker.load import parse
from tracker.model import DealFile
from tracker.status import Status

# 1 and 2. Lateness, against the date in force and the original one; who moved it.

WITHDRAWAL = milestone("withdraw", "Forces withdraw from the zone", "deadline", party="a", to=["b"],
                       due=date(2024, 3, 28))


def _withdrawal(*updates: str) -> DealFile:
    return deal(WITHDRAWAL, *updates)


DONE_MAY_7 = update("withdraw", "2024-05-07", status="done")


@pytest.mark.parametrize("done, late", [(date(2024, 5, 7), 40), (date(2024, 3, 28), 0), (date(2024, 3, 1), 0)])
def test_finished_work_says_how_late_it_was(done: date, late: int) -> None:
    d = _withdrawal(update("withdraw", done, status="done"))
    s = state(d, "withdraw", date(2024, 6, 1))
    assert s.status is Status.done and s.late_days == late == s.late_days_original
    words = sentence(d, "withdraw", date(2024, 6, 1))
    assert (f"Done on {day(done)}. {late} days late." in words) if late else ("On time." in words)
    assert row_json(d, "withdraw", date(2024, 6, 1))["late_days"] == late


def test_lateness_is_told_against_the_revised_and_the_original_date() -> None:
    revised = update("withdraw", "2024-03-20", due=date(2024, 5, 2), by="a", agreed=True)
    d = _withdrawal(revised, DONE_MAY_7)
    s = state(d, "withdraw", date(2024, 6, 1))
    assert (s.late_days, s.late_days_original) == (5, 40)
    words = sentence(d, "withdraw", date(2024, 6, 1))
    assert "40 days late against the original date (28 Mar 2024)" in words
    assert "5 days late against the revised date (2 May 2024)" in words
    history = row_json(d, "withdraw", date(2024, 6, 1))["due_history"]
    assert history == [{"date": "2024-03-20", "due": "2024-05-02", "source": None, "by": "a", "agreed": True}]
    assert state(d, "withdraw", date(2024, 3, 1)).late_days is None  # not done yet


UNILATERAL = update("withdraw", "2024-03-20", due=date(2024, 9, 30), by="a", agreed=False)


@pytest.mark.parametrize("as_of, status", [(date(2024, 3, 29), Status.overdue), (date(2024, 3, 21), Status.upcoming)])
def test_a_date_one_party_set_alone_is_claimed_not_in_force(as_of: date, status: Status) -> None:
    d = _withdrawal(UNILATERAL)
    s = state(d, "withdraw", as_of)
    assert s.status is status and s.due_date == date(2024, 3, 28)
    data = row_json(d, "withdraw", as_of)
    assert data["due_agreed"] == "2024-03-28" and data["due"] == "2024-03-28"
    assert data["due_claimed"] == [{"date": "2024-03-20", "due": "2024-09-30", "source": None, "by": "a"}]
    assert data["due_history"][0]["agreed"] is False
    assert "Acme set 2024-09-30 alone on 20 Mar 2024 (not agreed)" in sentence(d, "withdraw", as_of)


def test_a_unilateral_date_later_agreed_comes_into_force() -> None:
    agreed = update("withdraw", "2024-04-02", due=date(2024, 9, 30), by="b", agreed=True)
    d = _withdrawal(UNILATERAL, agreed)
    assert state(d, "withdraw", date(2024, 3, 30)).status is Status.overdue
    later = state(d, "withdraw", date(2024, 4, 3))
    assert later.status is Status.upcoming and later.due_date == date(2024, 9, 30) and later.claimed == ()


# 3. Disputed terms.

def _troops(claim: dict[str, object]) -> DealFile:
    """Troops leave by July 2021, says the text; the press says `claim`."""
    return deal(milestone("troops", "Troops leave", "deadline", party="a", sources=["text", "press"],
                          target=14000, unit="troops", due="2021-07", claims=[{"source": "press", **claim}]))


@pytest.mark.parametrize("claim, about, values", [
    ({"due": "2021-05"}, "due", ["2021-07-31", "2021-05-31"]),
    ({"target": 12000}, "target", ["14,000", "12,000"]),
])
def test_sources_giving_different_terms_are_a_dispute(claim: dict[str, object], about: str, values: list[str]) -> None:
    d = _troops(claim)
    data = row_json(d, "troops", date(2021, 1, 1))
    [dispute] = data["disputes"]
    assert dispute["field"] == about and dispute["about"] == about
    assert [c["value"] for c in dispute["claims"]] == values
    assert [c["sources"] for c in dispute["claims"]] == [["text"], ["press"]]
    if about == "due":
        assert data["due_range"] == {"earliest": "2021-05-31", "latest": "2021-07-31"}
    assert "sources disagree" in sentence(d, "troops", date(2021, 1, 1))


def test_sources_that_agree_on_a_term_are_no_dispute() -> None:
    d = _troops({"due": "2021-07-31"})
    assert state(d, "troops", date(2021, 1, 1)).disputes == ()


# 4. Relative deadlines.

def _treaty(offset: dict[str, int], *signed: tuple[str, str]) -> DealFile:
    """Ratification due `offset` after the signing, which each source in `signed` dates."""
    return deal(milestone("signing", "The treaty is signed", "signing", party="a"),
                milestone("ratify", "Parliament ratifies", "decree", party="a",
                          due_after={"milestone": "signing", "reached": "done", **offset}),
                *(update("signing", day, source=src, status="done") for day, src in signed))


def test_a_relative_deadline_is_unknown_until_its_anchor_happens() -> None:
    d = _treaty({"days": 90})
    s = state(d, "ratify", date(2024, 3, 1))
    assert s.due_date is None and s.due_rule == "90 days after “The treaty is signed” is done"
    assert "which has not happened yet: the due date is not known" in sentence(d, "ratify", date(2024, 3, 1))
    assert row_json(d, "ratify", date(2024, 3, 1))["due_rule"] == s.due_rule


@pytest.mark.parametrize("offset, signed, due", [
    ({"days": 90}, "2020-02-28", date(2020, 5, 28)),
    ({"weeks": 2}, "2020-02-28", date(2020, 3, 13)),
    ({"months": 18}, "2020-01-31", date(2021, 7, 31)),
    ({"months": 1}, "2020-01-31", date(2020, 2, 29)),
])
def test_a_relative_deadline_counts_from_the_anchor(offset: dict[str, int], signed: str, due: date) -> None:
    d = _treaty(offset, (signed, "text"))
    s = state(d, "ratify", date(2020, 3, 1))
    assert s.due_date == due and s.due_range is None
    assert state(d, "ratify", due + (due - due)).status is not Status.overdue
    from datetime import timedelta
    assert state(d, "ratify", due + timedelta(days=1)).status is Status.overdue


def test_a_disputed_anchor_makes_the_deadline_a_range() -> None:
    d = _treaty({"days": 90}, ("2020-02-28", "text"), ("2020-02-29", "press"))
    data = row_json(d, "ratify", date(2020, 3, 1))
    assert data["due_range"] == {"earliest": "2020-05-28", "latest": "2020-05-29"}
    assert data["due"] == "2020-05-29"  # not late before the latest day it can be due
    assert state(d, "ratify", date(2020, 5, 29)).status is not Status.overdue
    assert "between 28 May 2020 and 29 May 2020" in sentence(d, "ratify", date(2020, 3, 1))


# 5 and 6. Blocked, and precedence that tells the truth.

MERGER = (milestone("eu", "EU approval", "decree", party="a"),
          milestone("hsr", "US clearance", "decree", party="a"),
          milestone("close", "The merger closes", "deadline", party="a", to=["b"], due=date(2024, 6, 30),
                    conditions=[{"milestone": "eu"}, {"milestone": "hsr"}]))
"""The merger closes by 30 June 2024, once the EU and the US have approved it."""

BLOCK = update("eu", "2024-03-01", status="blocked", by="court", note="Injunction")
CLEARED = update("eu", "2024-04-01", status="done")


def test_a_decision_against_a_milestone_blocks_it_and_what_waits_on_it() -> None:
    d = deal(*MERGER, BLOCK)
    eu, close = state(d, "eu", date(2024, 3, 2)), state(d, "close", date(2024, 3, 2))
    assert eu.status is Status.blocked and eu.blocked_by == ("eu",)
    assert close.status is Status.blocked and close.blocked_by == ("eu",)
    assert [g.blocked for g in close.gates] == [True, False]
    assert "Blocked by The Federal Court on 1 Mar 2024" in sentence(d, "eu", date(2024, 3, 2))
    assert "“EU approval”, which a decision blocked" in sentence(d, "close", date(2024, 3, 2))
    assert row_json(d, "close", date(2024, 3, 2))["blocked_by"] == ["eu"]
    assert state(d, "close", date(2024, 2, 28)).status is Status.waiting


def test_a_later_decision_reverses_a_block() -> None:
    d = deal(*MERGER, BLOCK, CLEARED)
    assert state(d, "eu", date(2024, 4, 1)).status is Status.done
    close = state(d, "close", date(2024, 4, 1))
    assert close.status is Status.waiting and [g.milestone for g in close.waiting_on] == ["hsr"]


def test_past_its_due_date_a_waiting_milestone_is_overdue_and_says_what_it_waits_on() -> None:
    d = deal(*MERGER, CLEARED)
    assert state(d, "close", date(2024, 6, 30)).status is not Status.overdue
    assert state(d, "close", date(2024, 7, 1)).status is Status.overdue
    assert "still waiting on “US clearance” (done)" in sentence(d, "close", date(2024, 7, 1))


@pytest.mark.parametrize("window, as_of, status", [
    ({}, date(2024, 5, 31), Status.at_risk), ({}, date(2024, 5, 30), Status.waiting),
    ({"at_risk_days": 10}, date(2024, 5, 31), Status.waiting),
    ({"at_risk_days": 10}, date(2024, 6, 20), Status.at_risk),
])
def test_near_its_due_date_with_a_condition_unmet_it_is_at_risk(window: dict[str, object], as_of: date,
                                                                 status: Status) -> None:
    d = deal(*MERGER, extra=window)
    assert state(d, "close", as_of).status is status
    if status is Status.at_risk:
        assert "At risk: due by 30 Jun 2024" in sentence(d, "close", as_of)


def test_a_plan_behind_near_its_due_date_is_at_risk() -> None:
    d = deal(milestone("q", "Free 100 prisoners", party="a", target=100, due=date(2024, 1, 20),
                       plan={"start": date(2024, 1, 1), "batch": 10}),
             update("q", "2024-01-05", total=20))
    assert state(d, "q", date(2024, 1, 5)).status is Status.at_risk
    assert "30 short of the plan" in sentence(d, "q", date(2024, 1, 5))


def test_delivery_before_the_conditions_were_met_is_shown() -> None:
    d = deal(*MERGER, update("close", "2024-03-01", status="done"))
    close = state(d, "close", date(2024, 3, 2))
    assert close.status is Status.done and close.ahead_of_conditions
    assert "Delivered before its conditions were met." in sentence(d, "close", date(2024, 3, 2))
    assert row_json(d, "close", date(2024, 3, 2))["ahead_of_conditions"] is True
    on_time = deal(*MERGER, update("hsr", "2024-04-01", status="done"), CLEARED,
                   update("close", "2024-04-02", status="done"))
    assert state(on_time, "close", date(2024, 4, 3)).ahead_of_conditions is False


# 7. Contingent terms.

def _fee(kind: str = "commitment", **keys: object) -> str:
    """Acme pays the break fee, owed only if the merger is called off."""
    return milestone("fee", "Acme pays the break fee", kind, party="a", to=["b"], **keys,
                     trigger={"milestone": "close", "reached": "cancelled", "text": "if the deal is terminated"})


@pytest.mark.parametrize("closed, status", [
    ((), Status.contingent),
    ((update("close", "2024-05-01", status="cancelled"),), Status.upcoming),
    ((update("close", "2024-05-01", status="done"),), Status.lapsed),
])
def test_a_break_fee_is_contingent_until_the_deal_fails_and_lapses_when_it_closes(
        closed: tuple[str, ...], status: Status) -> None:
    d = deal(*MERGER, *closed, _fee())
    assert state(d, "fee", date(2024, 5, 2)).status is status
    if status is Status.contingent:
        assert "owed only if “The merger closes” is cancelled" in sentence(d, "fee", date(2024, 5, 2))


def test_contingent_and_lapsed_terms_do_not_hold_progress_down() -> None:
    closed = update("close", "2024-05-01", status="done")
    with_fee = evaluate(deal(*MERGER, CLEARED, closed, _fee()), date(2024, 5, 2))
    without = evaluate(deal(*MERGER, CLEARED, closed), date(2024, 5, 2))
    assert with_fee.counts[Status.lapsed] == 1
    assert with_fee.progress == pytest.approx(without.progress)


# 8. Any-of conditions.

RATIFY = (milestone("parliament", "Parliament ratifies", "decree"),
          milestone("referendum", "Referendum approves", "event"),
          milestone("enter", "The treaty enters into force", "event", party="a",
                    any_of=[{"text": "ratified by parliament, or approved by referendum",
                             "any_of": [{"milestone": "parliament"}, {"milestone": "referendum"}]}]))


@pytest.mark.parametrize("who", ["parliament", "referendum"])
def test_an_any_of_group_is_met_by_any_one(who: str) -> None:
    d = deal(*RATIFY, update(who, "2024-02-01", status="done"))
    assert state(d, "enter", date(2024, 1, 31)).status is Status.waiting
    assert state(d, "enter", date(2024, 2, 1)).status is Status.upcoming
    assert "“Parliament ratifies” (needs: done) or “Referendum approves” (needs: done)" \
        in sentence(d, "enter", date(2024, 1, 31))


# 9. Obligations in force.

def test_a_commitment_in_force_is_not_stale_for_lack_of_news() -> None:
    d = deal(milestone("ceasefire", "Both sides hold the ceasefire", "commitment", party="a"),
             milestone("talks", "Talks", "talks", party="a"),
             update("ceasefire", "2024-01-01", status="started"), update("talks", "2024-01-01", status="started"))
    rows = {r.milestone.id: r for r in evaluate(d, date(2024, 6, 1)).rows}
    assert rows["ceasefire"].stale is False and rows["ceasefire"].state.status is Status.on_track
    assert rows["talks"].stale is True  # talks under way still need news


def test_every_status_has_its_own_mark_word_and_colour() -> None:
    from tracker.report import _COLORS
    from tracker.status import GLYPH
    from tracker.ui.render import STYLE, status

    new = (Status.blocked, Status.at_risk, Status.contingent, Status.lapsed)
    assert len({GLYPH[s] for s in Status}) == len(Status)
    assert len({STYLE[s] for s in new} | {STYLE[s] for s in Status if s not in new}) > len(new)
    for s in new:
        assert str(status(s)) == f"{GLYPH[s]} {s.value.replace('_', ' ')}" and s in _COLORS


def test_a_party_is_not_held_to_a_contingent_quantity() -> None:
    d = deal(*MERGER, _fee("quantity", target=5, unit="m"))
    acme = next(p for p in evaluate(d, date(2024, 5, 2)).parties if p.id == "a")
    assert acme.delivered == ()  # the fee's 5 are not owed until the deal fails


@pytest.mark.parametrize("talks, status", [("started", Status.waiting), ("cancelled", Status.lapsed)])
def test_the_later_prisoner_batches_hang_on_the_talks(talks: str, status: Status) -> None:
    """The shipped deal: more prisoners once talks start (report-850). Talks that start make
    them owed (still waiting on the first 1,500); talks called off first make them lapse."""
    text = SHIPPED.read_bytes() + update("intra-afghan-talks", "2020-05-01", status=talks).encode()
    d, _ = parse(text, "milestones.toml")
    assert state(d, "prisoners-other-3500", date(2020, 4, 30)).status is Status.contingent
    assert state(d, "prisoners-other-3500", date(2020, 5, 1)).status is status
