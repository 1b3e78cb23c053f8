"""Every milestone as a row: status, kind, title, party, progress and when it is due."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.reactive import var

from tracker import text
from tracker.evaluate import Evaluation, Row
from tracker.safe import printable
from tracker.state.view import View, visible
from tracker.status import State, Status
from tracker.text import bar, clip, clip_apart, shared_prefixes
from tracker.ui.render import DISPUTED, STALE, plain, status
from tracker.ui.widgets.lines import LineList
from tracker.words import NOTHING, day, fraction, left

if TYPE_CHECKING:
    from tracker.model import Milestone

_LABELS = {"status": "Status", "kind": "Kind", "title": "Milestone", "party": "Party",
           "progress": "Progress", "due": "Due"}
_NEED = (24, 40)
"""The least and most a title is given before other columns give way for it."""


@dataclass(frozen=True)
class Layout:
    """How the table's columns share a width."""

    cols: dict[str, int]
    bar: int
    """Cells of the progress bar, the same on every row so they line up (0: none)."""
    short: bool
    """Whether large figures are shortened (`1.2M/123M`)."""
    dated: bool
    """Whether the due column gives the date beside the days left."""
    shared: dict[str, int]
    """How much of each title another one shares (see `clip_apart`)."""


def _due_text(state: State, dated: bool) -> str:
    """`in 458d`, `32d late`, `today`; beside the date when `dated`; the date alone once
    done; `—` when nothing is due."""
    if state.days_left is None:
        return NOTHING
    if state.status is Status.done:
        return day(state.due_date)
    return f"{day(state.due_date)} {left(state)}" if dated and state.due_date else left(state)


@dataclass(frozen=True)
class Titles:
    """What the titles and parties ask of their columns: the same on every date, so time
    travel over 10,000 rows does not measure every title again (60 ms a step)."""

    milestones: tuple[Milestone, ...]
    """The milestones measured, in the rows' order: the measures hold while these do."""
    shared: dict[str, int]
    """How much of each title another one shares."""
    need: int
    """Cells the title column needs to tell the titles apart."""
    party: int
    """The widest party id, up to 14."""

    def holds_for(self, rows: tuple[Row, ...]) -> bool:
        return len(rows) == len(self.milestones) and all(map(operator.is_, (r.milestone for r in rows),
                                                            self.milestones))


@dataclass(frozen=True)
class Measures:
    """What the rows ask of each column, whatever the width: measured once per evaluation,
    not on every resize (at 10,000 rows a resize measured every title again)."""

    titles: Titles
    full: int
    """The widest progress figure, in full."""
    short: int
    """The widest progress figure, shortened."""
    dated: int
    """The widest due column with the date beside the days left."""
    plain_due: int
    """The widest due column without the date."""
    status: int
    """The widest status word with its mark."""


def measure_titles(rows: tuple[Row, ...]) -> Titles:
    titles = [r.milestone.title for r in rows]
    shared = shared_prefixes(titles)
    longest = max([text.cells(printable(t)) + 4 for t in titles] + [10])
    return Titles(tuple(r.milestone for r in rows), shared,
                  min(max(_NEED[0], max(shared.values(), default=0) + 8), _NEED[1], longest),
                  min(max([text.cells(printable(r.milestone.party or NOTHING)) for r in rows] + [5]), 14))


def measure(rows: tuple[Row, ...], before: Measures | None = None) -> Measures:
    """What `rows` ask of each column (a pass over every row; over their titles too unless
    those measured `before`, on another date, still hold for them)."""
    states = [r.state for r in rows]
    titles = before.titles if before is not None and before.titles.holds_for(rows) else measure_titles(rows)
    return Measures(
        titles,
        max([len(fraction(st)) for st in states] + [0]),
        max([len(fraction(st, short=True)) for st in states] + [0]),
        max([len(_due_text(st, True)) for st in states] + [3]),
        max([len(_due_text(st, False)) for st in states] + [3]),
        max([10] + [len(st.status.value) + 2 for st in states]))  # `⧗ contingent`


def widths(total: int, rows: tuple[Row, ...], measured: Measures | None = None) -> Layout:
    """Columns for a table `total` cells wide (one cell between columns). The title takes
    what is left; while that is less than it needs to tell the titles apart, the other
    columns give way in turn: the date beside the days left, the long bar, the kind, the
    bar, the party's width, then large figures are shortened. No column is ever cut."""
    m = measured if measured is not None else measure(rows)
    wide = total >= 100  # room for a long bar and the date beside the days left
    steps: list[dict[str, int | bool]] = [
        {"kind": 10, "party": m.titles.party, "frac": m.full, "bar": 12 if wide else 3,
         "due": m.dated if wide else m.plain_due, "dated": wide, "status": m.status},
        {"due": m.plain_due, "dated": False}, {"bar": 3}, {"kind": 0}, {"bar": 0},
        {"party": min(m.titles.party, 8)}, {"frac": m.short, "short": True}]
    plan: dict[str, int | bool] = {"short": False}
    for step in steps:
        plan.update(step)
        cols = _columns(plan)
        if total - sum(cols.values()) - len(cols) >= m.titles.need:
            break
    cols["title"] = max(8, total - sum(cols.values()) - len(cols))
    bar_width = int(plan["bar"]) if plan["frac"] and plan["bar"] else 0
    return Layout({k: cols[k] for k in _LABELS if k in cols}, bar_width, bool(plan["short"]),
                  bool(plan["dated"]), m.titles.shared)


def _columns(plan: dict[str, int | bool]) -> dict[str, int]:
    frac, bar_width = int(plan["frac"]), int(plan["bar"])
    progress = max(frac + (bar_width + 1 if frac and bar_width else 0), len(_LABELS["progress"]))
    cols = {"status": int(plan.get("status", 10)), "kind": int(plan["kind"]), "party": int(plan["party"]),
            "progress": progress, "due": max(int(plan["due"]), 3)}
    return {k: w for k, w in cols.items() if w}


def cells(row: Row, layout: Layout) -> list[Content]:
    """One row's cells; file text arrives as `Content`, so markup in it stays literal."""
    state, m, cols = row.state, row.milestone, layout.cols
    progress = fraction(state, layout.short)
    if progress and layout.bar:
        # A limit alone is kept or breached, never filled: a reading, and no bar.
        drawn = bar(state.progress, layout.bar) if state.progress is not None else " " * layout.bar
        progress = f"{drawn} {progress.rjust(cols['progress'] - layout.bar - 1)}"
    marks = (f" {DISPUTED}" if state.disputes else "") + (f" {STALE}" if row.stale else "")
    title = clip_apart(m.title, layout.shared.get(printable(m.title), 0), cols["title"] - text.cells(marks))
    values = {"status": status(state.status), "kind": Content(m.kind.value),
              "title": plain(title + marks),
              "party": plain(clip(m.party or NOTHING, cols["party"])),
              "progress": Content(progress.rjust(cols["progress"])),
              "due": Content(_due_text(state, layout.dated).rjust(cols["due"]))}
    return [values[key] for key in cols]


class MilestoneTable(LineList):
    """The milestones the view lets through; tells the screen which one is highlighted.
    Rows are drawn only when on screen, so a 10,000-row deal opens and steps in time fast."""

    HEADER = 1
    DEFAULT_CSS = "MilestoneTable { scrollbar-size-vertical: 1; }"

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
        self._layout: tuple[int, Layout] | None = None
        self._measured: tuple[Evaluation | None, Measures] | None = None
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

    def _columns(self) -> Layout:
        # Laid out on the whole width, one cell kept for the scrollbar, whether it shows or not.
        width = self.size.width or 80
        if self._layout is None or self._layout[0] != width:
            if self._measured is None or self._measured[0] is not self.evaluation:
                rows = self.evaluation.rows if self.evaluation else ()
                self._measured = (self.evaluation, measure(rows, self._measured[1] if self._measured else None))
            self._layout = (width, widths(width - 1, (), self._measured[1]))
        return self._layout[1]

    def header_content(self, line: int, width: int) -> Content:
        cols = self._columns().cols
        labels = [_LABELS[k].rjust(w) if k in ("progress", "due") else _LABELS[k].ljust(w) for k, w in cols.items()]
        return Content(" ".join(labels))

    def row_content(self, index: int, width: int) -> Content:
        layout = self._columns()
        parts = [cell.truncate(layout.cols[key], pad=True)
                 for key, cell in zip(layout.cols, cells(self.rows_shown[index], layout))]
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
