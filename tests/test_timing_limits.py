"""Issue 13's limits and issue 14's timing on one milestone: the combined precedence
(rejected, breached, done, lapsed, contingent, blocked, overdue, at risk, waiting, the plan,
upcoming). Dates are parameters."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import deal, milestone, state, update
from tracker.evaluate import evaluate
from tracker.status import Status

CAPPED = deal(
    milestone("talks", "Talks start", "talks", party="a"),
    milestone("cap", "At most 100 units deployed, once the talks start", party="a", measure="level",
              unit="units", limit={"at_most": 100}, trigger={"milestone": "talks", "reached": "started"}),
    milestone("stock", "Stock of at most 50, delivered by March", party="a", target=40, due="2024-03",
              limit={"at_most": 50}),
    update("stock", "2024-02-01", total=20),
    update("stock", "2024-02-10", status="blocked", by="court"),
    update("stock", "2024-05-01", total=60),
    update("talks", "2024-06-01", status="started"),
    update("cap", "2024-06-15", total=90))


@pytest.mark.parametrize(("as_of", "status"), [
    (date(2024, 3, 1), Status.contingent),   # a limit alone, not owed yet: not judged as in force
    (date(2024, 6, 20), Status.on_track),    # the talks started: the reading is within the limit
])
def test_a_limit_on_a_contingent_term_waits_for_its_trigger(as_of: date, status: Status) -> None:
    assert state(CAPPED, "cap", as_of).status is status


@pytest.mark.parametrize(("as_of", "status"), [
    (date(2024, 2, 15), Status.blocked),     # blocked, within its limit
    (date(2024, 5, 2), Status.breached),     # blocked and overdue, but 60 breaches at most 50
])
def test_a_breach_outranks_a_block_and_lateness(as_of: date, status: Status) -> None:
    assert state(CAPPED, "stock", as_of).status is status


def test_a_contingent_limit_joins_the_headline_once_its_trigger_happens() -> None:
    assert evaluate(CAPPED, date(2024, 3, 1)).counted == 2    # the talks and the stock
    assert evaluate(CAPPED, date(2024, 6, 20)).counted == 3   # and the cap, now owed
