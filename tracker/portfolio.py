"""Many deals at once: every deal file in a folder (or a list), each summed up on one date,
with one attention list and one agenda across them all.

A file that does not load is an entry holding its problems; it never stops the others.
Statuses are taken from `tracker.status.Status` and ranked by `evaluate.NEEDS_ATTENTION`,
so a status added there appears here without a change.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tracker.cache import Cache, cached_load
from tracker.errors import FileError, Problem, TrackerError
from tracker.evaluate import NEEDS_ATTENTION, UNOWED, Evaluation, Row, evaluate
from tracker.history import Index
from tracker.load import Loaded, load, windowed
from tracker.status import Status

PATTERN = "*.toml"
"""Which files in a folder are deal files."""

CLOSED = (Status.done, Status.rejected, *UNOWED)
"""Statuses with nothing left to fall due: finished, or not owed (yet, or any more)."""


@dataclass(frozen=True)
class Entry:
    """One deal file as loaded: the deal, or every problem that kept it from loading."""

    path: Path
    loaded: Loaded | None
    problems: tuple[Problem, ...] = ()
    exit_code: int = 0
    """0 for a deal that loads, else the exit code its error carries (1 invalid, 2 unreadable)."""

    @property
    def first_problem(self) -> str:
        return str(self.problems[0]) if self.problems else ""


def deal_files(folder: Path) -> list[Path]:
    """The deal files in `folder`, sorted by name; a FileError when there are none."""
    try:
        found = sorted(p for p in folder.glob(PATTERN) if not p.name.startswith("."))
    except OSError as error:
        raise FileError(str(folder), f"cannot be read: {error.strerror or error}") from None
    if not found:
        raise FileError(str(folder), f"is a directory with no deal files ({PATTERN}) in it")
    return found


def expand(targets: Sequence[Path]) -> list[Path]:
    """Files as given, each folder replaced by the deal files in it."""
    out: list[Path] = []
    for target in targets:
        out += deal_files(target) if target.is_dir() else [target]
    return out


def load_entry(path: Path, cache: Cache | None = None, window: int | None = None) -> Entry:
    """`path` loaded, or its problems kept in the entry; with a `cache` folder, a file
    found valid before with the same bytes is not parsed or cross-checked again. `window`
    is the settings' at-risk window, for a file that sets none (`load.windowed`): put on
    after the cache, never kept in it, so a changed setting shows at once."""
    try:
        loaded = load(path) if cache is None else cached_load(path, cache)
    except TrackerError as error:
        return Entry(path, None, tuple(error.problems), error.exit_code)
    return Entry(path, windowed(loaded, window))


def load_all(paths: Iterable[Path], cache: Cache | None = None, window: int | None = None) -> tuple[Entry, ...]:
    return tuple(load_entry(path, cache, window) for path in paths)


def urgency(row: Row) -> tuple[int, int]:
    """Sort key, most urgent first: by the status's place in NEEDS_ATTENTION (disputed or
    stale rows after every status listed), then the soonest (or longest overdue) due date."""
    status = row.state.status
    rank = NEEDS_ATTENTION.index(status) if status in NEEDS_ATTENTION else len(NEEDS_ATTENTION)
    left = row.state.days_left
    return rank, left if left is not None else 1 << 30


@dataclass(frozen=True)
class Item:
    """One milestone in a list across deals, naming its deal."""

    entry: Entry
    title: str
    """The deal's title."""
    row: Row


@dataclass(frozen=True)
class Summary:
    """One deal on one date, as a portfolio row shows it (`evaluation` None: it did not load)."""

    entry: Entry
    evaluation: Evaluation | None
    next_due: Row | None = None
    """The open milestone falling due soonest on or after the date."""
    most_urgent: Row | None = None
    quiet_days: int | None = None
    """Days from the deal's last update to the date (None: nothing reported yet)."""

    @property
    def title(self) -> str:
        return self.evaluation.deal.deal.title if self.evaluation else self.entry.path.name

    @property
    def counts(self) -> dict[Status, int]:
        return dict(self.evaluation.counts) if self.evaluation else {}

    @property
    def headline(self) -> str:
        """`22% of 10 commitments`, or the first problem of a file that did not load."""
        if self.evaluation is None:
            return self.entry.first_problem
        return f"{self.evaluation.progress:.0%} of {self.evaluation.counted} commitments"


def summarise(entry: Entry, as_of: date, index: Index | None = None) -> Summary:
    if entry.loaded is None:
        return Summary(entry, None)
    evaluation = evaluate(entry.loaded.deal, as_of, index)
    ahead = [r for r in evaluation.rows if r.state.status not in CLOSED
             and r.state.due_date is not None and r.state.due_date >= as_of]
    attention = sorted(evaluation.attention, key=urgency)
    last = evaluation.last_news
    return Summary(entry, evaluation,
                   next_due=min(ahead, key=lambda r: r.state.due_date or as_of, default=None),
                   most_urgent=attention[0] if attention else None,
                   quiet_days=(as_of - last).days if last else None)


@dataclass(frozen=True)
class Portfolio:
    """Every deal on one date, with what needs attention and what falls due across them."""

    as_of: date
    weeks: int
    deals: tuple[Summary, ...]
    attention: tuple[Item, ...]
    agenda: tuple[Item, ...]

    @property
    def broken(self) -> tuple[Summary, ...]:
        return tuple(s for s in self.deals if s.evaluation is None)


def portfolio(entries: Sequence[Entry], as_of: date, weeks: int = 4,
              indexes: dict[Path, Index] | None = None, before: Portfolio | None = None) -> Portfolio:
    """The portfolio on `as_of`, its agenda covering the next `weeks` weeks; `indexes`
    (by path) are reused across dates, so time travel does not rebuild them, and so are the
    deals of `before` on the same date whose entry is unchanged (one file saved of 1,000)."""
    indexes = {} if indexes is None else indexes
    kept = {id(s.entry): s for s in before.deals} if before and before.as_of == as_of else {}
    deals = []
    for entry in entries:
        if id(entry) in kept and kept[id(entry)].entry is entry:
            deals.append(kept[id(entry)])
            continue
        index = None
        if entry.loaded is not None:
            index = indexes.setdefault(entry.path, Index(entry.loaded.deal))
        deals.append(summarise(entry, as_of, index))
    if before is not None and kept and _grown(before, deals, weeks):
        # Only deals added at the end (a large folder being read): their items merged into
        # the lists already sorted. heapq.merge keeps the earlier list first on a tie, as
        # the stable sort of the whole would.
        new = deals[len(before.deals):]
        attention = tuple(heapq.merge(before.attention, _attention(new), key=lambda i: urgency(i.row)))
        agenda = tuple(heapq.merge(before.agenda, _agenda(new, as_of, weeks),
                                   key=lambda i: i.row.state.due_date or as_of))
        return Portfolio(as_of, weeks, tuple(deals), attention, agenda)
    return Portfolio(as_of, weeks, tuple(deals), _attention(deals), _agenda(deals, as_of, weeks))


def _grown(before: Portfolio, deals: list[Summary], weeks: int) -> bool:
    """Whether `deals` are `before`'s deals, the very same, with more after them."""
    old = before.deals
    return before.weeks == weeks and len(old) <= len(deals) and all(a is b for a, b in zip(old, deals))


def _attention(deals: list[Summary]) -> tuple[Item, ...]:
    items = [Item(s.entry, s.title, row) for s in deals if s.evaluation
             for row in s.evaluation.attention]
    return tuple(sorted(items, key=lambda item: urgency(item.row)))


def _agenda(deals: list[Summary], as_of: date, weeks: int) -> tuple[Item, ...]:
    end = as_of + timedelta(weeks=weeks)
    items = [Item(s.entry, s.title, row) for s in deals if s.evaluation
             for row in s.evaluation.rows
             if row.state.status not in CLOSED and row.state.due_date is not None
             and as_of <= row.state.due_date <= end]
    return tuple(sorted(items, key=lambda item: item.row.state.due_date or as_of))


def stops(entries: Sequence[Entry], start: date) -> tuple[date, ...]:
    """The dates time travel steps through across every deal: the eve of each deal's first
    report, every day anything was reported in any of them, and the date opened on."""
    dates = {start}
    for entry in entries:
        if entry.loaded is None:
            continue
        days = sorted({u.date for u in entry.loaded.deal.updates})
        if days:
            dates |= set(days) | {days[0] - timedelta(days=1)}
    return tuple(sorted(dates))


def step(entries: Sequence[Entry], start: date, as_of: date, direction: int) -> date:
    """The next (1) or previous (-1) stop from `as_of`; `as_of` itself at either end."""
    every = stops(entries, start)
    later = [d for d in every if d > as_of]
    earlier = [d for d in every if d < as_of]
    if direction > 0:
        return later[0] if later else as_of
    return earlier[-1] if earlier else as_of
