"""The evaluation as an iCalendar file: an all-day event for every due date, plan end and
limit date, titled with the milestone and its status, described with its sentence.

Each event's UID is derived from the deal's title, the milestone's id and which date it is,
so a calendar subscribed to the file updates an event when its date or status moves
instead of adding a second one. The output depends only on the file and the as-of date
(DTSTAMP is the as-of day), so two runs on the same day write the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from tracker.evaluate import Evaluation, Row
from tracker.safe import printable
from tracker.words import word

PRODID = "-//tracker//deal milestones//EN"
DOMAIN = "tracker.invalid"
"""The UIDs' right-hand side: RFC 5545 wants a domain, and `.invalid` can never be anyone's."""


def uid(deal_title: str, milestone: str, which: str) -> str:
    """`<sha256 of the three>@tracker.invalid`: the same event on every run."""
    digest = hashlib.sha256(f"{deal_title}\x1f{milestone}\x1f{which}".encode()).hexdigest()
    return f"{digest[:32]}@{DOMAIN}"


def render_ics(evaluation: Evaluation) -> str:
    """The calendar as text (CRLF line ends, as iCalendar requires)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    title = evaluation.deal.deal.title
    calendar.add("x-wr-calname", printable(title))
    stamp = datetime.combine(evaluation.as_of, time(), tzinfo=UTC)
    for row in evaluation.rows:
        for which, day in _dates(row):
            calendar.add_component(_event(title, row, which, day, stamp))
    text: str = calendar.to_ical().decode("utf-8")
    return text


def _dates(row: Row) -> Iterator[tuple[str, date]]:
    """Which dates a milestone has: its due date, its plan's end, its limit's start and end."""
    s, m = row.state, row.milestone
    if s.due is not None and s.due_date is not None:
        yield "due", s.due_date
    if s.plan_end is not None and s.plan_end != (s.due_date if s.due is not None else None):
        yield "plan end", s.plan_end
    if m.limit is not None:
        if m.limit.from_ is not None:
            yield "limit begins", m.limit.from_
        if m.limit.until is not None:
            yield "limit ends", m.limit.until


def _event(title: str, row: Row, which: str, day: date, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid(title, row.milestone.id, which))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date, not a datetime: an all-day event
    event.add("dtend", day + timedelta(days=1))
    status = word(row.state.status)
    event.add("summary", printable(f"{row.milestone.title} ({which}): {status}"))
    event.add("description", printable(row.sentence))
    event.add("categories", [status])
    return event
