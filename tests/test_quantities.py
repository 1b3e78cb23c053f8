"""Quantities as an analyst reads them (issue 13): levels that rise and fall, limits kept
or breached, bounded and decimal figures, restated targets, wholes against their parts,
and a headline that counts each commitment once. Small deals, dates as parameters."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.errors import TrackerError
from tracker.evaluate import Evaluation, evaluate
from tracker.load import load, parse
from tracker.report import render
from tracker.status import State, Status

HEAD = """\
[deal]
title = "Small deal"

[[parties]]
id = "a"
name = "Party A"

[[sources]]
id = "s1"
title = "Report one"
published = 2030-01-01

[[sources]]
id = "s2"
title = "Report two"
published = 2030-01-01
"""


def deal(body: str) -> str:
    return HEAD + body


def ev(text: str, as_of: date) -> Evaluation:
    return evaluate(parse(text.encode(), "deal.toml")[0], as_of)


def state(text: str, as_of: date, ident: str) -> State:
    return next(r.state for r in ev(text, as_of).rows if r.milestone.id == ident)


def problems(text: str) -> list[str]:
    with pytest.raises(TrackerError) as caught:
        parse(text.encode(), "deal.toml")
    return [str(p) for p in caught.value.problems]


def milestone_json(text: str, as_of: date, ident: str) -> dict[str, object]:
    data = json.loads(render(ev(text, as_of), "json", color=False))
    return next(m for m in data["milestones"] if m["id"] == ident)


TROOPS = deal("""
[[milestones]]
id = "troops"
title = "Troops remaining"
kind = "quantity"
party = "a"
measure = "level"
target = 0
unit = "troops"

[[updates]]
milestone = "troops"
date = 2030-02-01
source = "s1"
total = 14000
bound = "about"

[[updates]]
milestone = "troops"
date = 2030-03-01
source = "s1"
total = 9000

[[updates]]
milestone = "troops"
date = 2030-04-01
source = "s1"
total = 3000

[[updates]]
milestone = "troops"
date = 2030-05-01
source = "s1"
total = 0
""")


@pytest.mark.parametrize(("as_of", "actual", "progress", "status"), [
    (date(2030, 2, 15), 14000, 0.0, Status.on_track),
    (date(2030, 3, 15), 9000, 5 / 14, Status.on_track),
    (date(2030, 4, 15), 3000, 11 / 14, Status.on_track),
    (date(2030, 5, 15), 0, 1.0, Status.done),
])
def test_a_falling_level_loads_and_counts_the_way_down(as_of: date, actual: int, progress: float,
                                                        status: Status) -> None:
    s = state(TROOPS, as_of, "troops")
    assert (s.actual, s.status, s.falling) == (actual, status, True)
    assert s.progress == pytest.approx(progress)


def test_a_running_total_that_goes_down_is_still_an_error_but_a_level_is_not() -> None:
    total = TROOPS.replace('measure = "level"\ntarget = 0', "target = 14000")
    assert any("goes down" in p and 'measure = "level"' in p for p in problems(total))
    parse(TROOPS.encode(), "deal.toml")  # the level loads


def test_a_rising_level_reaches_its_target_and_is_not_done_once_it_falls_back() -> None:
    seats = deal("""
[[milestones]]
id = "seats"
title = "Women hold 40 % of seats"
kind = "quantity"
measure = "level"
target = 40
[[updates]]
milestone = "seats"
date = 2030-02-01
total = 22.5
[[updates]]
milestone = "seats"
date = 2030-06-01
total = 41
[[updates]]
milestone = "seats"
date = 2030-09-01
total = 38.5
""")
    assert state(seats, date(2030, 3, 1), "seats").progress == pytest.approx(22.5 / 40)
    assert state(seats, date(2030, 7, 1), "seats").status is Status.done
    later = state(seats, date(2030, 10, 1), "seats")
    assert later.status is Status.on_track and later.actual == 38.5


LIMIT = deal("""
[[milestones]]
id = "warheads"
title = "At most 1,550 deployed warheads"
kind = "quantity"
party = "a"
measure = "level"
unit = "warheads"
limit = { at_most = 1550, from = 2030-03-01, until = 2031-12-31 }

[[updates]]
milestone = "warheads"
date = 2030-02-01
total = 1700
note = "Before the limit is in force: not judged."

[[updates]]
milestone = "warheads"
date = 2030-04-01
total = 1540

[[updates]]
milestone = "warheads"
date = 2030-06-01
total = 1620

[[updates]]
milestone = "warheads"
date = 2030-08-01
total = 1650

[[updates]]
milestone = "warheads"
date = 2030-10-01
total = 1500
""")


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
    s = state(LIMIT, as_of, "warheads")
    assert s.status is status
    assert s.limit is not None
    assert (s.limit.compliance, s.limit.breached_since, s.limit.worst) == (compliance, since, worst)


def test_a_breach_is_said_in_text_markdown_json_with_limit_since_and_by_how_much() -> None:
    evaluation = ev(LIMIT, date(2030, 8, 15))
    text = render(evaluation, "text", color=False)
    assert "! breached" in text and "Breached since 1 Jun 2030" in text
    assert "at most 1,550 warheads" in text and "100 beyond the limit" in text
    assert "Breached since 1 Jun 2030" in render(evaluation, "markdown", color=False)
    m = milestone_json(LIMIT, date(2030, 8, 15), "warheads")
    assert m["status"] == "breached" and m["compliance"] == "breached"
    assert m["limit"] == {"at_most": 1550, "at_least": None, "from": "2030-03-01", "until": "2031-12-31"}
    assert m["breached_since"] == "2030-06-01" and m["measure"] == "level"
    assert m["worst"] == {"date": "2030-08-01", "value": 1650, "excess": 100}


def test_a_limit_counts_in_the_headline_as_kept_or_not_never_as_delivered() -> None:
    assert ev(LIMIT, date(2030, 4, 15)).progress == 1.0
    assert ev(LIMIT, date(2030, 6, 15)).progress == 0.0


def test_an_at_most_reading_above_a_ceiling_does_not_prove_a_breach() -> None:
    text = LIMIT.replace("total = 1620", 'total = 1620\nbound = "at_most"')
    assert state(text, date(2030, 6, 15), "warheads").status is Status.on_track


FREED = deal("""
[[milestones]]
id = "freed"
title = "Prisoners freed"
kind = "quantity"
party = "a"
target = 1500
qualifier = "up_to"
unit = "prisoners"

[[updates]]
milestone = "freed"
date = 2030-02-01
source = "s1"
total = 200
bound = "at_least"

[[updates]]
milestone = "freed"
date = 2030-03-01
source = "s1"
total = 2000
bound = "at_most"
""")


def test_a_bounded_figure_is_marked_and_progress_takes_its_lower_bound() -> None:
    early = state(FREED, date(2030, 2, 15), "freed")
    assert early.progress == pytest.approx(200 / 1500) and early.actual_bound is not None
    text = render(ev(FREED, date(2030, 2, 15)), "text", color=False)
    assert "≥200/≤1,500" in text and "≥200 of up to 1,500 prisoners" in text
    # "Up to 2,000" freed proves no more than the 200 already known: not done, no credit.
    late = state(FREED, date(2030, 3, 15), "freed")
    assert late.status is not Status.done and late.credited == 200
    assert milestone_json(FREED, date(2030, 3, 15), "freed")["actual_bound"] == "at_most"


def test_decimals_load_and_stay_decimals_in_json() -> None:
    text = deal("""
[[milestones]]
id = "fee"
title = "Fee paid, in $bn"
kind = "quantity"
target = 2.5
[[updates]]
milestone = "fee"
date = 2030-02-01
total = 1.25
""")
    m = milestone_json(text, date(2030, 3, 1), "fee")
    assert (m["actual"], m["target"], m["progress"]) == (1.25, 2.5, 0.5)
    assert "1.25/2.5" in render(ev(text, date(2030, 3, 1)), "text", color=False)


def test_a_restated_target_is_kept_with_its_history_and_a_cap_exceeded_is_flagged() -> None:
    text = FREED.replace('total = 2000\nbound = "at_most"', 'target = 1650\nby = "a"')
    before = milestone_json(text, date(2030, 2, 15), "freed")
    assert before["target"] == 1500 and before["over_cap"] is False and before["target_history"] == []
    after = milestone_json(text, date(2030, 3, 15), "freed")
    assert after["target"] == 1650 and after["over_cap"] is True
    assert after["target_history"] == [{"date": "2030-03-01", "target": 1650, "source": "s1", "by": "a"}]
    assert "target restated from 1,500 to 1,650" in str(after["sentence"])
    assert "over its cap of up to 1,500" in str(after["sentence"])


def test_a_figure_above_an_up_to_cap_is_flagged() -> None:
    text = FREED.replace('total = 2000\nbound = "at_most"', "total = 1650")
    assert milestone_json(text, date(2030, 3, 15), "freed")["over_cap"] is True


WHOLE = deal("""
[[milestones]]
id = "whole"
title = "All prisoners"
kind = "quantity"
target = 5000
[[milestones]]
id = "part"
title = "First tranche"
kind = "quantity"
target = 1500
part_of = "whole"
[[updates]]
milestone = "part"
date = 2030-02-01
total = 850
[[updates]]
milestone = "whole"
date = 2030-02-01
total = WHOLE_TOTAL
""")


def test_a_whole_below_its_parts_is_an_error_naming_both() -> None:
    found = problems(WHOLE.replace("WHOLE_TOTAL", "800"))
    assert len(found) == 1 and "'whole' has a total of 800" in found[0]
    assert "below the 850 its parts (part)" in found[0]


def test_a_whole_above_its_parts_shows_the_unattributed_remainder() -> None:
    text = WHOLE.replace("WHOLE_TOTAL", "4000")
    m = milestone_json(text, date(2030, 3, 1), "whole")
    assert m["actual"] == 4000 and m["unattributed"] == 3150
    assert "3,150 of its own total not attributed to its parts" in str(m["sentence"])


SAME_DAY = deal("""
[[milestones]]
id = "freed"
title = "Prisoners freed"
kind = "quantity"
target = 1500
[[updates]]
milestone = "freed"
date = 2030-02-01
source = "s1"
total = 900
""")


def test_one_source_giving_two_figures_for_one_day_is_refused() -> None:
    text = SAME_DAY + '[[updates]]\nmilestone = "freed"\ndate = 2030-02-01\nsource = "s1"\ntotal = 0\n'
    found = problems(text)
    assert len(found) == 1 and "total 0 for 'freed' on 2030-02-01" in found[0]
    assert "differs from the 900" in found[0]
    other = text.replace('source = "s1"\ntotal = 0', 'source = "s2"\ntotal = 0')
    assert state(other, date(2030, 3, 1), "freed").disputes  # two sources: a dispute, as before


def test_record_refuses_a_second_figure_from_the_same_source_on_the_same_day(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deal.toml"
    path.write_text(SAME_DAY, encoding="utf-8")
    code = main(["record", str(path), "freed", "--date", "2030-02-01", "--total", "0", "--source", "s1", "--future"])
    assert code == 1 and "differs from the 900" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == SAME_DAY
    assert main(["record", str(path), "freed", "--date", "2030-02-01", "--total", "900",
                 "--source", "s1", "--future"]) == 0


def test_the_headline_counts_each_commitment_once_and_says_so() -> None:
    text = WHOLE.replace("WHOLE_TOTAL", "1000") + """
[[milestones]]
id = "announced"
title = "An announcement"
kind = "event"
[[milestones]]
id = "background"
title = "Background"
kind = "context"
[[updates]]
milestone = "announced"
date = 2030-02-01
status = "done"
"""
    evaluation = ev(text, date(2030, 3, 1))
    assert evaluation.counted == 1 and evaluation.progress == pytest.approx(1000 / 5000)
    assert "20% of 1 commitments" in render(evaluation, "text", color=False)
    data = json.loads(render(evaluation, "json", color=False))
    assert data["progress_counted"] == 1 and "a whole and not its parts" in data["progress_measures"]


@pytest.mark.parametrize(("fragment", "words"), [
    ("limit = { from = 2030-01-01 }", "needs `at_most`, `at_least` or both"),
    ("limit = { at_most = 10, at_least = 20 }", "is above its `at_most`"),
    ("limit = { at_most = 10, from = 2031-01-01, until = 2030-01-01 }", "ends (2030-01-01) before it starts"),
    ('measure = "rising"', "'total' or 'level'"),
])
def test_a_bad_limit_or_measure_is_refused_with_its_line(fragment: str, words: str) -> None:
    text = deal(f'[[milestones]]\nid = "x"\ntitle = "X"\nkind = "quantity"\n{fragment}\n')
    found = problems(text)
    assert any(words in p and "deal.toml:" in p for p in found), found


def test_the_shipped_withdrawal_counts_troops_remaining_as_the_report_gives_them() -> None:
    shipped = load(Path(__file__).resolve().parent.parent / "milestones.toml").deal
    rows = {r.milestone.id: r.state for r in evaluate(shipped, date(2020, 4, 29)).rows}
    us, allied = rows["withdraw-us-troops"], rows["withdraw-allied-troops"]
    assert (us.actual, us.target, us.falling, us.actual_bound.value if us.actual_bound else None) == (
        14000, 0, True, "about")
    assert (allied.actual, allied.target) == (17000, 0)
    assert us.status is Status.waiting  # still waiting on the talks, as before


def test_a_part_with_a_limit_of_its_own_counts_in_the_headline_and_its_figures_are_not_cut() -> None:
    quota = deal("""
[[milestones]]
id = "tac"
title = "Total catch at most 12,000 t"
kind = "quantity"
unit = "t"
limit = { at_most = 12000 }
[[milestones]]
id = "north"
title = "North's share, at most 7,200 t"
kind = "quantity"
unit = "t"
part_of = "tac"
limit = { at_most = 7200 }
[[updates]]
milestone = "north"
date = 2031-09-30
total = 7450
[[updates]]
milestone = "tac"
date = 2031-09-30
total = 11550
""")
    evaluation = ev(quota, date(2031, 10, 1))
    assert evaluation.counted == 2 and evaluation.progress == 0.5  # one kept, one breached
    assert "11,550 (≤12,000)" in render(evaluation, "text", color=False)
