"""Every milestone as a row: status, kind, title, party, progress and when it is due."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.message import Message
from textual.reactive import var

from tracker.explain import day
from tracker.rollup import Evaluation, Row
from tracker.safe import printable
from tracker.ui.render import (
    DISPUTED,
    STALE,
    bar,
    clip,
    due_cell,
    fraction,
    plain,
    short_day,
    status,
)
from tracker.ui.view import View, visible
from tracker.ui.widgets.lines import LineList

_LABELS = {"status": "Status", "kind": "Kind", "title": "Milestone", "party": "Party",
           "progress": "Progress", "due": "Due"}


def widths(total: int, rows: tuple[Row, ...]) -> tuple[dict[str, int], int]:
    """Column widths for a table `total` cells wide (one cell between columns); the title
    takes what is left, and below 70 cells the kind gives way (the detail pane says it).
    Also the width of the progress bars, the same on every row so they line up."""
    party = max([cell_len(printable(r.milestone.party or "—")) for r in rows] + [5])
    fractions = max([len(fraction(r.state)) for r in rows] + [0])
    cols = {"status": 10, "kind": 10, "party": min(party, 14),
            "progress": (fractions + (13 if total >= 100 else 4)) if fractions else 8,
            "due": 20 if total >= 100 else 9}
    if total < 70:
        del cols["kind"]
        cols["progress"] = max(fractions, 8)
    cols["title"] = max(10, total - sum(cols.values()) - len(cols))
    bar_width = cols["progress"] - fractions - 1 if fractions else 0
    return {key: cols[key] for key in _LABELS if key in cols}, bar_width


def cells(row: Row, cols: dict[str, int], bar_width: int) -> list[Content]:
    """One row's cells; file text arrives as `Content`, so markup in it stays literal."""
    state, m = row.state, row.milestone
    progress = fraction(state)
    if progress and bar_width >= 3:
        progress = f"{bar(state.progress, bar_width)} {progress.rjust(cols['progress'] - bar_width - 1)}"
    due = due_cell(state)
    if cols["due"] >= 20 and state.due_date and due != short_day(state.due_date):
        due = f"{day(state.due_date)} {due}"
    marks = (f" {DISPUTED}" if state.disputes else "") + (f" {STALE}" if row.stale else "")
    values = {"status": status(state.status), "kind": Content(m.kind.value),
              "title": plain(clip(m.title, cols["title"] - cell_len(marks)) + marks),
              "party": plain(clip(m.party or "—", cols["party"])),
              "progress": Content(progress.rjust(cols["progress"])), "due": Content(due.rjust(cols["due"]))}
    return [values[key] for key in cols]


class MilestoneTable(LineList):
    """The milestones the view lets through; tells the screen which one is highlighted.
    Rows are drawn only when on screen, so a 10,000-row deal opens and steps in time fast."""

    HEADER = 1

    evaluation: var[Evaluation | None] = var(None, init=False)
    view: var[View] = var(View, init=False)
    selected: var[str | None] = var(None, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor rests on a milestone (None when no row is shown)."""

        milestone: str | None

    @dataclass
    class Opened(Message):
        """The user pressed enter on a milestone."""

        milestone: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[Row, ...] | None = None
        self._where: dict[str, int] = {}
        self._layout: tuple[int, dict[str, int], int] | None = None
        self._pending = False

    @property
    def rows_shown(self) -> tuple[Row, ...]:
        """The rows the view lets through, in its order (worked out once per change)."""
        if self._shown is None:
            self._shown = visible(self.evaluation, self.view) if self.evaluation is not None else ()
            self._where = {r.milestone.id: i for i, r in enumerate(self._shown)}
        return self._shown

    def watch_evaluation(self) -> None:
        self._changed()

    def watch_view(self) -> None:
        self._changed()

    def _changed(self) -> None:
        # The screen sets evaluation and view together: refill once, after both.
        self._shown = None
        self._layout = None
        if not self._pending:
            self._pending = True
            self.call_later(self.fill)

    def watch_selected(self, selected: str | None) -> None:
        index = self._where.get(selected or "") if self._shown is not None else None
        if index is not None:
            self.move_cursor(index, announce=False)  # the screen already knows

    def fill(self) -> None:
        """Take the rows; the cursor stays on the selected milestone if it is shown."""
        self._pending = False
        rows = self.rows_shown
        self.reset(len(rows), self._where.get(self.selected or "", 0))
        self.post_message(self.Highlighted(self.current()))

    def _columns(self) -> tuple[dict[str, int], int]:
        # Laid out on the whole width, one cell kept for the scrollbar, whether it shows or not.
        width = self.size.width or 80
        if self._layout is None or self._layout[0] != width:
            cols, bar_width = widths(width - 1, self.evaluation.rows if self.evaluation else ())
            self._layout = (width, cols, bar_width)
        return self._layout[1], self._layout[2]

    def header_content(self, line: int, width: int) -> Content:
        cols, _ = self._columns()
        labels = [_LABELS[k].rjust(w) if k in ("progress", "due") else _LABELS[k].ljust(w) for k, w in cols.items()]
        return Content(" ".join(labels))

    def row_content(self, index: int, width: int) -> Content:
        cols, bar_width = self._columns()
        parts = [cell.truncate(cols[key], pad=True)
                 for key, cell in zip(cols, cells(self.rows_shown[index], cols, bar_width))]
        return Content(" ").join(parts)

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self.current()))

    def chosen(self) -> None:
        current = self.current()
        if current is not None:
            self.post_message(self.Opened(current))

    def shows(self, milestone: str) -> bool:
        self.rows_shown  # noqa: B018 - fills `_where`
        return milestone in self._where

    def current(self) -> str | None:
        """The milestone under the cursor now (the screen hears of it a message later)."""
        rows = self.rows_shown
        if not rows or not 0 <= self.cursor_row < len(rows):
            return None
        return rows[self.cursor_row].milestone.id
