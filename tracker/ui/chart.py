"""A burn-up chart drawn with characters: delivered against planned cumulative totals.

The numbers come from the core (the file's `Chronology`, a lookup per day drawn); this module only
lays them out. `█` is delivered, `░` planned but not delivered, so it reads without colour.
"""

from __future__ import annotations

from datetime import date, timedelta

from tracker.chronology import Chronology

_RISE = " ▁▂▃▄▅▆▇"
LEGEND = "█ delivered   ░ planned, not delivered   ▲ as of"


def burnup(ident: str, chronology: Chronology, as_of: date, width: int, height: int) -> list[str]:
    """The chart's lines (axis labels included), or [] when there is nothing to chart."""
    days = chronology.span(ident, as_of)
    top = chronology.index.by_id[ident].target
    if days is None or top is None:
        return []
    label = len(f"{top:,}")
    width = max(8, width - label - 2)
    first, last = days
    total = (last - first).days
    columns = [first + timedelta(days=round(c * total / (width - 1))) for c in range(width)]
    values = chronology.burnup(ident, as_of, columns)
    lines = []
    for row in range(height):
        lo, hi = top * (height - 1 - row) / height, top * (height - row) / height
        cells = "".join(_cell(actual, planned, lo, hi) for actual, planned in values)
        tick = f"{top:,}" if row == 0 else ("0" if row == height - 1 else "")
        lines.append(f"{tick:>{label}} ┤{cells}" if tick else f"{'':>{label}} │{cells}")
    marker = min(range(width), key=lambda c: abs((columns[c] - as_of).days))
    axis = "".join("▲" if c == marker else "─" for c in range(width))
    lines.append(f"{'':>{label}} └{axis}")
    lines.append(f"{'':>{label}}  {_dates(first, last, as_of, marker, width)}")
    return lines


def _dates(first: date, last: date, as_of: date, marker: int, width: int) -> str:
    """The first and last day under the axis's ends, and the as-of date under its ▲
    when it falls between them with room to spare; never wider than the axis."""
    left, right = first.strftime("%-d %b %Y"), last.strftime("%-d %b %Y")
    cells = [" "] * width
    cells[: len(left)] = left
    if len(left) + 1 + len(right) <= width:
        cells[width - len(right):] = right
    shown = as_of.strftime("%-d %b %Y")
    at = min(max(0, marker - len(shown) // 2), width - len(shown))
    if first < as_of < last and at > len(left) + 1 and at + len(shown) < width - len(right) - 1:
        cells[at:at + len(shown)] = shown
    return "".join(cells[:width]).rstrip()


def _cell(actual: float | None, planned: float, lo: float, hi: float) -> str:
    if actual is not None and actual >= hi:
        return "█"
    if actual is not None and actual > lo:
        return _RISE[max(1, min(7, int((actual - lo) / (hi - lo) * 8)))]
    if planned > lo:
        return "░"
    return " "
