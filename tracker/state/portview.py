"""What the portfolio shows of its deals: the user's find (`/`) and filter (`f`).

Pure functions of a `Portfolio` and a `PortView`, so they are tested without a terminal; the
portfolio screen only lays out what `shown` picked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from tracker.portfolio import Item, Portfolio, Summary
from tracker.status import SEVERITY, Status
from tracker.words import word


@dataclass(frozen=True)
class PortView:
    """The find text and statuses chosen; the default shows every deal and item."""

    text: str = ""
    """Part of a deal's title or file name, or of a milestone's id or title, in any case."""
    statuses: frozenset[Status] = frozenset()
    """Show only what is in one of these statuses (empty: any status)."""

    @property
    def filtered(self) -> bool:
        return bool(self.text.strip() or self.statuses)

    def with_text(self, text: str) -> PortView:
        return replace(self, text=text)


@dataclass(frozen=True)
class Shown:
    """The deals (by their place in the portfolio) and the items the view lets through."""

    deals: tuple[int, ...]
    attention: tuple[Item, ...]
    agenda: tuple[Item, ...]


def _deal_hit(summary: Summary, needle: str) -> bool:
    return needle in summary.title.casefold() or needle in summary.entry.path.name.casefold()


def _item_hit(item: Item, needle: str) -> bool:
    milestone = item.row.milestone
    return needle in milestone.title.casefold() or needle in milestone.id.casefold()


def shown(book: Portfolio, view: PortView) -> Shown:
    """An attention or agenda item is shown when its status is chosen (any, with none chosen)
    and it, or its deal's title or file name, holds the text; a deal is shown when one of its
    items is, or when its title or file name holds the text and it has a milestone in one of
    the statuses."""
    if not view.filtered:
        return Shown(tuple(range(len(book.deals))), book.attention, book.agenda)
    needle = view.text.strip().casefold()
    # Items name their deal by entry: the same object as the summary's (`portfolio`).
    hit = {id(s.entry): not needle or _deal_hit(s, needle) for s in book.deals}

    def passes(item: Item) -> bool:
        if view.statuses and item.row.state.status not in view.statuses:
            return False
        return hit[id(item.entry)] or _item_hit(item, needle)

    attention = tuple(filter(passes, book.attention))
    agenda = tuple(filter(passes, book.agenda))
    with_items = {id(item.entry) for item in (*attention, *agenda)}
    deals = tuple(n for n, s in enumerate(book.deals)
                  if id(s.entry) in with_items or (hit[id(s.entry)] and _has_status(s, view.statuses)))
    return Shown(deals, attention, agenda)


def _has_status(summary: Summary, statuses: frozenset[Status]) -> bool:
    return not statuses or any(summary.counts.get(s, 0) for s in statuses)


def totals(book: Portfolio) -> dict[Status, int]:
    """Milestones in each status across every deal, in the one order of statuses."""
    counts: Counter[Status] = Counter()
    for summary in book.deals:
        counts.update(summary.counts)
    return {s: counts[s] for s in SEVERITY}


def describe(view: PortView, shown_deals: int, total: int) -> str:
    """`find "pris" · status overdue, behind · 1 of 4 deals shown`."""
    parts = []
    if view.text.strip():
        parts.append(f"find {view.text.strip()!r}")
    if view.statuses:
        parts.append("status " + ", ".join(word(s) for s in SEVERITY if s in view.statuses))
    parts.append(f"{shown_deals:,} of {total:,} deals shown")
    return " · ".join(parts)
