"""Quantities as an analyst reads them (issue 13): levels that rise and fall, limits kept
or breached, bounded and decimal figures, restated targets, wholes against their parts,
and a headline that counts each commitment once. Small deals, dates as parameters."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.builders import SHIPPED, deal, deal_text, milestone, problems, row_json, state, update
from tracker.cli import main
from tracker.evaluate import evaluate
from tracker.load import load
from tracker.model import DealFile
from tracker.report import render
from tracker.status import Status


def _troops(**changes: object) -> tuple[str, ...]:
    """Troops remaining, falling from about 14,000 to none, a month at a time."""
    keys: dict[str, object] = {"party": "a", "measure": "level", "target": 0, "unit": "troops", **changes}
    return (milestone("troops", "Troops remaining", **keys),
            update("troops", "2030-02-01", source="s1", total=14000, bound="about"),
            *(update("troops", day, source="s1", total=total)
              for day, total in (("2030-03-01", 9000), ("2030-04-01", 3000), ("2030-05-01", 0))))


TROOPS = deal(*_troops())


@pytest.mark.parametrize(("as_of", "actual", "progress", "status"), [
    (date(2030, 2, 15), 14000, 0.0, Status.on_track),
    (date(2030, 3, 15), 9000, 5 / 14, Status.on_track),
    (date(2030, 4, 15), 3000, 11 / 14, Status.on_track),
    (date(2030, 5, 15), 0, 1.0, Status.done),
])
def test_a_falling_level_loads_and_counts_the_way_down(as_of: date, actual: int, progress: float,
                                                        status: Status) -> None:
    s = state(TROOPS, "troops", as_of)
    assert (s.actual, s.status, s.falling) == (actual, status, True)
    assert s.progress == pytest.approx(progress)


def test_a_running_total_that_goes_down_is_still_an_error_but_a_level_is_not() -> None:
    total = deal_text(*_troops(measure=None, target=14000))
    assert any("goes down" in p and 'measure = "level"' in p for p in problems(total))
    deal(*_troops())  # the level loads


def test_a_rising_level_reaches_its_target_and_is_not_done_once_it_falls_back() -> None:
    seats = deal(milestone("seats", "Women hold 40 % of seats", measure="level", target=40),
                 update("seats", "2030-02-01", total=22.5), update("seats", "2030-06-01", total=41),
                 update("seats", "2030-09-01", total=38.5))
    assert state(seats, "seats", date(2030, 3, 1)).progress == pytest.approx(22.5 / 40)
    assert state(seats, "seats", date(2030, 7, 1)).status is Status.done
    later = state(seats, "seats", date(2030, 10, 1))
    assert later.status is Status.on_track and later.actual == 38.5


def _warheads(june: dict[str, object] | None = None) -> DealFile:
    """At most 1,550 warheads from March 2030 to 2031, read every other month; `june`
    replaces the keys of the June reading (1,620, a breach)."""
    return deal(milestone("warheads", "At most 1,550 deployed warheads", party="a", measure="level",
                          unit="warheads",
                          limit={"at_most": 1550, "from": date(2030, 3, 1), "until": date(2031, 12, 31)}),
                update("warheads", "2030-02-01", total=1700, note="Before the limit is in force: not judged."),
                update("warheads", "2030-04-01", total=1540),
                update("warheads", "2030-06-01", **(june or {"total": 1620})),
                update("warheads", "2030-08-01", total=1650),
                update("warheads", "2030-10-01", total=1500))


LIMIT = _warheads()


@pytest.mark.parametrize(("as_of", "status", "compliance", "since", "worst"), [
    (date(2030, 2, 15), Status.upcoming, None, None, None),
    (date(2030, 4, 15), Status.on_track, "within", None, (date(2030, 4, 1), 1540, -10)),
    (date(2030, 6, 15), Status.breached, "breached", date(2030, 6, 1), (date(2030, 6, 1), 1620, 70)),
    (date(2030, 8, 15), Status.breached, "breached", date(2030, 6, 1), (date(2030, 8, 1), 1650, 100)),
    (date(2030, 10, 15), Status.on_track, "within", None, (date(2030, 8, 1), 1650, 100)),
    (date(2032, 1, 15), Status.done, "within", None, (date(2030, 8, 1), 1650, 100)),
])
def test_a_limit_judges_every_reading_in_force(as_of: date, status: Status, compliance: str | None,
                                                since: date | None, worst: tuple[date, int, int] | None) -> None:
    s = state(LIMIT, "warheads", as_of)
    assert s.status is status
    assert s.limit is not None
    assert (s.limit.compliance, s.limit.breached_since, s.limit.worst) == (compliance, since, worst)


def test_a_breach_is_said_in_text_markdown_json_with_limit_since_and_by_how_much() -> None:
    evaluation = evaluate(LIMIT, date(2030, 8, 15))
    text = render(evaluation, "text", color=False)
    assert "! breached" in text and "Breached since 1 Jun 2030" in text
    assert "at most 1,550 warheads" in text and "100 beyond the limit" in text
    assert "Breached since 1 Jun 2030" in render(evaluation, "markdown", color=False)
    m = row_json(LIMIT, "warheads", date(2030, 8, 15))
    assert m["status"] == "breached" and m["compliance"] == "breached"
    assert m["limit"] == {"at_most": 1550, "at_least": None, "from": "2030-03-01", "until": "2031-12-31"}
    assert m["breached_since"] == "2030-06-01" and m["measure"] == "level"
    assert m["worst"] == {"date": "2030-08-01", "value": 1650, "excess": 100}


def test_a_limit_counts_in_the_headline_as_kept_or_not_never_as_delivered() -> None:
    assert evaluate(LIMIT, date(2030, 4, 15)).progress == 1.0
    assert evaluate(LIMIT, date(2030, 6, 15)).progress == 0.0


def test_an_at_most_reading_above_a_ceiling_does_not_prove_a_breach() -> None:
    bounded = _warheads(june={"total": 1620, "bound": "at_most"})
    assert state(bounded, "warheads", date(2030, 6, 15)).status is Status.on_track


def _freed(march: dict[str, object] | None = None) -> DealFile:
    """Up to 1,500 prisoners freed: at least 200 in February, at most 2,000 in March;
    `march` replaces the keys of the March update after its source."""
    return deal(milestone("freed", "Prisoners freed", party="a", target=1500, qualifier="up_to",
                          unit="prisoners"),
                update("freed", "2030-02-01", source="s1", total=200, bound="at_least"),
                update("freed", "2030-03-01", source="s1", **(march or {"total": 2000, "bound": "at_most"})))


FREED = _freed()


def test_a_bounded_figure_is_marked_and_progress_takes_its_lower_bound() -> None:
    early = state(FREED, "freed", date(2030, 2, 15))
    assert early.progress == pytest.approx(200 / 1500) and early.actual_bound is not None
    text = render(evaluate(FREED, date(2030, 2, 15)), "text", color=False)
    assert "≥200/≤1,500" in text and "≥200 of up to 1,500 prisoners" in text
    # "Up to 2,000" freed proves no more than the 200 already known: not done, no credit.
    late = state(FREED, "freed", date(2030, 3, 15))
    assert late.status is not Status.done and late.credited == 200
    assert row_json(FREED, "freed", date(2030, 3, 15))["actual_bound"] == "at_most"


def test_decimals_load_and_stay_decimals_in_json() -> None:
    fee = deal(milestone("fee", "Fee paid, in $bn", target=2.5), update("fee", "2030-02-01", total=1.25))
    m = row_json(fee, "fee", date(2030, 3, 1))
    assert (m["actual"], m["target"], m["progress"]) == (1.25, 2.5, 0.5)
    assert "1.25/2.5" in render(evaluate(fee, date(2030, 3, 1)), "text", color=False)


def test_a_restated_target_is_kept_with_its_history_and_a_cap_exceeded_is_flagged() -> None:
    restated = _freed(march={"target": 1650, "by": "a"})
    before = row_json(restated, "freed", date(2030, 2, 15))
    assert before["target"] == 1500 and before["over_cap"] is False and before["target_history"] == []
    after = row_json(restated, "freed", date(2030, 3, 15))
    assert after["target"] == 1650 and after["over_cap"] is True
    assert after["target_history"] == [{"date": "2030-03-01", "target": 1650, "source": "s1", "by": "a"}]
    assert "target restated from 1,500 to 1,650" in str(after["sentence"])
    assert "over its cap of up to 1,500" in str(after["sentence"])


def test_a_figure_above_an_up_to_cap_is_flagged() -> None:
    assert row_json(_freed(march={"total": 1650}), "freed", date(2030, 3, 15))["over_cap"] is True


def _whole(total: int) -> tuple[str, ...]:
    """5,000 in all, 1,500 of them a first tranche; the part reports 850, the whole `total`."""
    return (milestone("whole", "All prisoners", target=5000),
            milestone("part", "First tranche", target=1500, part_of="whole"),
            update("part", "2030-02-01", total=850), update("whole", "2030-02-01", total=total))


def test_a_whole_below_its_parts_is_an_error_naming_both() -> None:
    found = problems(deal_text(*_whole(800)))
    assert len(found) == 1 and "'whole' has a total of 800" in found[0]
    assert "below the 850 its parts (part)" in found[0]


def test_a_whole_above_its_parts_shows_the_unattributed_remainder() -> None:
    m = row_json(deal(*_whole(4000)), "whole", date(2030, 3, 1))
    assert m["actual"] == 4000 and m["unattributed"] == 3150
    assert "3,150 of its own total not attributed to its parts" in str(m["sentence"])


SAME_DAY = (milestone("freed", "Prisoners freed", target=1500),
            update("freed", "2030-02-01", source="s1", total=900))


def test_one_source_giving_two_figures_for_one_day_is_refused() -> None:
    found = problems(deal_text(*SAME_DAY, update("freed", "2030-02-01", source="s1", total=0)))
    assert len(found) == 1 and "total 0 for 'freed' on 2030-02-01" in found[0]
    assert "differs from the 900" in found[0]
    other = deal(*SAME_DAY, update("freed", "2030-02-01", source="s2", total=0))
    assert state(other, "freed", date(2030, 3, 1)).disputes  # two sources: a dispute, as before


def test_record_refuses_a_second_figure_from_the_same_source_on_the_same_day(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deal.toml"
    path.write_text(deal_text(*SAME_DAY), encoding="utf-8")
    code = main(["record", str(path), "freed", "--date", "2030-02-01", "--total", "0", "--source", "s1", "--future"])
    assert code == 1 and "differs from the 900" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == deal_text(*SAME_DAY)
    assert main(["record", str(path), "freed", "--date", "2030-02-01", "--total", "900",
                 "--source", "s1", "--future"]) == 0


def test_the_headline_counts_each_commitment_once_and_says_so() -> None:
    counted = deal(*_whole(1000), milestone("announced", "An announcement", "event"),
                   milestone("background", "Background", "context"),
                   update("announced", "2030-02-01", status="done"))
    evaluation = evaluate(counted, date(2030, 3, 1))
    assert evaluation.counted == 1 and evaluation.progress == pytest.approx(1000 / 5000)
    assert "20% of 1 commitments" in render(evaluation, "text", color=False)
    data = json.loads(render(evaluation, "json", color=False))
    assert data["progress_counted"] == 1 and "a whole and not its parts" in data["progress_measures"]


@pytest.mark.parametrize(("fragment", "words"), [
    ({"limit": {"from": date(2030, 1, 1)}}, "needs `at_most`, `at_least` or both"),
    ({"limit": {"at_most": 10, "at_least": 20}}, "is above its `at_most`"),
    ({"limit": {"at_most": 10, "from": date(2031, 1, 1), "until": date(2030, 1, 1)}},
     "ends (2030-01-01) before it starts"),
    ({"measure": "rising"}, "'total' or 'level'"),
])
def test_a_bad_limit_or_measure_is_refused_with_its_line(fragment: dict[str, object], words: str) -> None:
    found = problems(deal_text(milestone("x", "X", **fragment)))
    assert any(words in p and "deal.toml:" in p for p in found), found


def test_the_shipped_withdrawal_counts_troops_remaining_as_the_report_gives_them() -> None:
    shipped = load(SHIPPED).deal
    rows = {r.milestone.id: r.state for r in evaluate(shipped, date(2020, 4, 29)).rows}
    us, allied = rows["withdraw-us-troops"], rows["withdraw-allied-troops"]
    assert (us.actual, us.target, us.falling, us.actual_bound.value if us.actual_bound else None) == (
        14000, 0, True, "about")
    assert (allied.actual, allied.target) == (17000, 0)
    assert us.status is Status.waiting  # still waiting on the talks, as before


def test_a_part_with_a_limit_of_its_own_counts_in_the_headline_and_its_figures_are_not_cut() -> None:
    quota = deal(milestone("tac", "Total catch at most 12,000 t", unit="t", limit={"at_most": 12000}),
                 milestone("north", "North's share, at most 7,200 t", unit="t", part_of="tac",
                           limit={"at_most": 7200}),
                 update("north", "2031-09-30", total=7450), update("tac", "2031-09-30", total=11550))
    evaluation = evaluate(quota, date(2031, 10, 1))
    assert evaluation.counted == 2 and evaluation.progress == 0.5  # one kept, one breached
    assert "11,550 (≤12,000)" in render(evaluation, "text", color=False)
