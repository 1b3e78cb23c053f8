"""Which rows the table shows and in what order: the user's filter and sort.

Pure functions of an evaluation and a `View`, so they are tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from tracker.evaluate import Evaluation, Row
from tracker.status import SEVERITY, Status
from tracker.terms import Kind
from tracker.words import word


class Sort(str, Enum):
    """Orders the table cycles through with `s`."""

    file = "file order"
    status = "status"
    due = "due date"
    progress = "progress"

    def next(self) -> Sort:
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


@dataclass(frozen=True)
class View:
    """The filter and sort the user chose; the default shows every row in file order."""

    text: str = ""
    status: Status | None = None
    kind: Kind | None = None
    party: str | None = None
    sort: Sort = Sort.file

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.status or self.kind or self.party)

    def cleared(self) -> View:
        return View(sort=self.sort)

    def sorted_by(self, sort: Sort) -> View:
        return replace(self, sort=sort)


def matches(row: Row, view: View, names: dict[str, str]) -> bool:
    """Whether a row passes the filter; text matches title, id or party, ignoring case."""
    m = row.milestone
    if view.status is not None and row.state.status is not view.status:
        return False
    if view.kind is not None and m.kind is not view.kind:
        return False
    if view.party is not None and m.party != view.party:
        return False
    needle = view.text.strip().casefold()
    if not needle:
        return True
    party = f"{m.party or ''} {names.get(m.party or '', '')}"
    return any(needle in hay.casefold() for hay in (m.title, m.id, party))


def _sort_key(sort: Sort, row: Row) -> tuple[object, ...]:
    state = row.state
    if sort is Sort.status:
        return (SEVERITY.index(state.status),)
    if sort is Sort.due:
        return (state.due_date is None, state.due_date or date.max)
    if sort is Sort.progress:
        done = 1.0 if state.status is Status.done else 0.0
        return (state.progress if state.progress is not None else done,)
    return ()


def visible(evaluation: Evaluation, view: View) -> tuple[Row, ...]:
    """The rows to show, filtered, then sorted (a stable sort keeps file order for ties)."""
    names = {p.id: p.name for p in evaluation.deal.parties}
    rows = [r for r in evaluation.rows if matches(r, view, names)]
    return tuple(sorted(rows, key=lambda r: _sort_key(view.sort, r)))


def describe(view: View, shown: int, total: int) -> str:
    """`filter "pris" · status behind · sort: due date · 3 of 14 shown`."""
    parts = []
    if view.text:
        parts.append(f"filter {view.text!r}")
    if view.status:
        parts.append(f"status {word(view.status)}")
    if view.kind:
        parts.append(f"kind {view.kind.value}")
    if view.party:
        parts.append(f"party {view.party}")
    if view.sort is not Sort.file:
        parts.append(f"sort: {view.sort.value}")
    parts.append(f"{shown} of {total} shown")
    return " · ".join(parts)
