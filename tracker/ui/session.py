"""What the app is looking at: one loaded file, evaluated on one date.

A `Session` is immutable; time travel and reloads make a new one. The file's `Index`
is built once per load and reused for every date the user steps to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from tracker.evaluate import Index
from tracker.load import Loaded
from tracker.rollup import Evaluation, evaluate


@dataclass(frozen=True)
class Session:
    """A loaded deal, the date the app opened on, and the date being shown."""

    loaded: Loaded
    index: Index
    start: date
    evaluation: Evaluation

    @classmethod
    def open(cls, loaded: Loaded, start: date) -> Session:
        index = Index(loaded.deal)
        return cls(loaded, index, start, evaluate(loaded.deal, start, index))

    @property
    def as_of(self) -> date:
        return self.evaluation.as_of

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
        return replace(self, evaluation=evaluate(self.loaded.deal, as_of, self.index))

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
        """The same date seen in a freshly loaded file (after an edit or a reload)."""
        index = Index(loaded.deal)
        return replace(self, loaded=loaded, index=index,
                       evaluation=evaluate(loaded.deal, self.as_of, index))

    def position(self) -> tuple[int, int]:
        """Which stop is shown (1-based, 0 if between stops) and how many there are."""
        stops = self.stops
        return (stops.index(self.as_of) + 1 if self.as_of in stops else 0), len(stops)
