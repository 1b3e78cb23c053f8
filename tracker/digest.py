"""What changed in a deal between two dates: the weekly note an analyst writes by hand.

Both dates are evaluated as any as-of date is; the note is the difference: statuses that
changed, figures reported, deadlines that passed unmet, and disputes that appeared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.evaluate import evaluate
from tracker.history import Index
from tracker.model import DealFile
from tracker.status import Status
from tracker.words import day, fact, facts, word

KINDS = ("status", "figure", "deadline", "dispute")
"""The kinds of change, in the order the note lists them."""


@dataclass(frozen=True)
class Change:
    """One thing that changed in a milestone between the two dates."""

    kind: str
    """`status`, `figure`, `deadline` or `dispute`."""
    milestone: str
    title: str
    when: date | None
    """The day it happened, when one day can be named."""
    text: str
    """The change in words: `on track → overdue`, `total 850 (report-850)`."""
    before: Status | None = None
    after: Status | None = None


def changes(deal: DealFile, since: date, as_of: date, index: Index | None = None) -> tuple[Change, ...]:
    """Every change in `deal` after `since`, up to and including `as_of`."""
    index = index or Index(deal)
    old, new = evaluate(deal, since, index), evaluate(deal, as_of, index)
    was = {r.milestone.id: r.state for r in old.rows}
    found: list[Change] = []
    for row in new.rows:
        m, now, then = row.milestone, row.state, was[row.milestone.id]
        if now.status is not then.status:
            found.append(Change("status", m.id, m.title, None,
                                f"{word(then.status)} → {word(now.status)}", then.status, now.status))
        for u in now.history:
            shown = [f for f in facts(u) if not (u.status and f == u.status.value)]
            if since < u.date <= as_of and shown:
                cited = f" ({u.source})" if u.source else ""
                found.append(Change("figure", m.id, m.title, u.date, ", ".join(shown) + cited))
        due = now.due_date
        if due is not None and since <= due < as_of and now.status is Status.overdue:
            found.append(Change("deadline", m.id, m.title, due, f"due {day(due)}, not met"))
        known = {d.field for d in then.disputes}
        for dispute in now.disputes:
            if dispute.field not in known:
                claims = " vs ".join(f"{c.value} ({', '.join(c.sources)})" for c in dispute.claims)
                found.append(Change("dispute", m.id, m.title, None, f"{fact(dispute.field)}: {claims}"))
    return tuple(sorted(found, key=lambda c: (KINDS.index(c.kind), c.when or as_of)))
