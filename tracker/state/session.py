"""What the app is looking at: one loaded file, evaluated on one date.

A `Session` is immutable; time travel and reloads make a new one. The file's `Index`
is built once per load and reused for every date the user steps to, and the last few
evaluations are kept, so stepping back and forth between dates seen is instant; so is
the file's `Chronology` (the timeline's story and charts), built when first shown.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from tracker.chronology import Chronology
from tracker.evaluate import Evaluation, evaluate
from tracker.history import Index
from tracker.load import Loaded

ROWS_KEPT = 100_000
"""Evaluations kept per file, counted in milestones: 16 dates of a small deal, 10 of a
10,000-milestone one (about 6.5 MB each), so memory stays bounded on any file."""


class Evaluations:
    """One file's evaluations on the dates last shown, the least recently shown dropped first."""

    def __init__(self, loaded: Loaded, index: Index) -> None:
        self.loaded = loaded
        self.index = index
        self.size = max(2, min(16, ROWS_KEPT // max(1, len(loaded.deal.milestones))))
        self._kept: OrderedDict[date, Evaluation] = OrderedDict()
        self._chronology: Chronology | None = None

    @property
    def chronology(self) -> Chronology:
        """The file's story and burn-up series, read from the index when first asked for."""
        if self._chronology is None:
            self._chronology = Chronology(self.index)
        return self._chronology

    def on(self, as_of: date) -> Evaluation:
        evaluation = self._kept.pop(as_of, None)
        if evaluation is None:
            evaluation = evaluate(self.loaded.deal, as_of, self.index)
        self._kept[as_of] = evaluation
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return evaluation


@dataclass(frozen=True)
class Session:
    """A loaded deal, the date the app opened on, and the date being shown."""

    loaded: Loaded
    index: Index
    start: date
    evaluation: Evaluation
    kept: Evaluations = field(repr=False, compare=False)

    @classmethod
    def open(cls, loaded: Loaded, start: date) -> Session:
        return cls._of(loaded, Index(loaded.deal), start, start)

    @classmethod
    def _of(cls, loaded: Loaded, index: Index, start: date, as_of: date) -> Session:
        kept = Evaluations(loaded, index)
        return cls(loaded, index, start, kept.on(as_of), kept)

    @property
    def as_of(self) -> date:
        return self.evaluation.as_of

    @property
    def chronology(self) -> Chronology:
        """Kept with the file's evaluations: time travel, redraws and resizes reuse it."""
        return self.kept.chronology

    @property
    def stops(self) -> tuple[date, ...]:
        """The dates time travel steps through: the eve of the first report, every day
        something was reported, and the date the app opened on."""
        dates = set(self.evaluation.dates) | {self.start}
        if self.evaluation.dates:
            dates.add(self.evaluation.dates[0] - timedelta(days=1))
        return tuple(sorted(dates))

    def at(self, as_of: date) -> Session:
        """The same file seen on another date."""
        if as_of == self.as_of:
            return self
        return replace(self, evaluation=self.kept.on(as_of))

    def step(self, direction: int) -> Session:
        """The next (1) or previous (-1) stop; the same session at either end."""
        stops = self.stops
        if direction > 0:
            later = [d for d in stops if d > self.as_of]
            return self.at(later[0]) if later else self
        earlier = [d for d in stops if d < self.as_of]
        return self.at(earlier[-1]) if earlier else self

    def home(self) -> Session:
        """Back to the date the app opened on."""
        return self.at(self.start)

    def swap(self, loaded: Loaded) -> Session:
        """The same date seen in a freshly loaded file (after an edit or a reload); when
        the file only grew by updates, the index is extended rather than rebuilt."""
        return self._of(loaded, self.index.extended(loaded.deal), self.start, self.as_of)

    def position(self) -> tuple[int, int]:
        """Which stop is shown (1-based, 0 if between stops) and how many there are."""
        stops = self.stops
        return (stops.index(self.as_of) + 1 if self.as_of in stops else 0), len(stops)
