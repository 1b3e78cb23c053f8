"""Every milestone as a row: status, kind, title, party, progress and when it is due."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import DataTable

from tracker.explain import day
from tracker.rollup import Evaluation, Row
from tracker.safe import printable
from tracker.ui.render import bar, clip, due_cell, fraction, plain, short_day, status
from tracker.ui.view import View, visible

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
            "due": 20 if total >= 100 else 8}
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
    marks = (" ≠" if state.disputes else "") + (" ◌" if row.stale else "")
    values = {"status": status(state.status), "kind": Content(m.kind.value),
              "title": plain(clip(m.title, cols["title"] - cell_len(marks)) + marks),
              "party": plain(clip(m.party or "—", cols["party"])),
              "progress": Content(progress.rjust(cols["progress"])), "due": Content(due.rjust(cols["due"]))}
    return [values[key] for key in cols]


class MilestoneTable(DataTable[Content]):
    """The milestones the view lets through; tells the screen which one is highlighted."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

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
        super().__init__(cursor_type="row", cell_padding=0, zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self._width = 0
        self.rows_shown: tuple[Row, ...] = ()

    def watch_evaluation(self) -> None:
        self.fill()

    def watch_view(self) -> None:
        self.fill()

    def watch_selected(self, selected: str | None) -> None:
        if selected is not None and selected in self.rows:
            index = self.get_row_index(selected)
            if index != self.cursor_row:
                self.move_cursor(row=index, animate=False)

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self.fill()

    def fill(self) -> None:
        """Rebuild the rows; the cursor stays on the selected milestone if it is shown."""
        if self.evaluation is None:
            return
        self._width = self.size.width or 80
        self.rows_shown = visible(self.evaluation, self.view)
        cols, bar_width = widths(self._width - 1, self.evaluation.rows)
        self.clear(columns=True)
        for key, width in cols.items():
            label = _LABELS[key].rjust(width) if key in ("progress", "due") else _LABELS[key]
            self.add_column(label, width=width + (0 if key == "due" else 1), key=key)
        for row in self.rows_shown:
            self.add_row(*cells(row, cols, bar_width), key=row.milestone.id)
        ids = [r.milestone.id for r in self.rows_shown]
        if self.selected in ids:
            self.move_cursor(row=ids.index(self.selected), animate=False)
        self.post_message(self.Highlighted(self.current()))

    def current(self) -> str | None:
        """The milestone under the cursor now (the screen hears of it a message later)."""
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row].milestone.id

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self.current()))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        current = self.current()
        if current is not None:
            self.post_message(self.Opened(current))
