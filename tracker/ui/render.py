"""Small pieces every pane draws with: status glyphs and words, text bars, safe text.

Every string from the deal file goes through `plain()`: control characters escaped by
`printable()`, and wrapped in a `Content` (never parsed as markup) so `[bold]` or
`[@click=...]` shows literally. Styles name theme variables, so the user's theme applies.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len, split_graphemes
from textual.content import Content

from tracker.evaluate import GLYPH, State, Status
from tracker.explain import fraction as explained_fraction
from tracker.explain import span
from tracker.history import MARK, number
from tracker.model import Plan, Update
from tracker.safe import printable

STYLE = {
    Status.done: "$text-success", Status.on_track: "$text-primary", Status.behind: "$text-warning",
    Status.overdue: "$text-error", Status.waiting: "$text-accent", Status.rejected: "$text-error",
    Status.upcoming: "$text-muted", Status.unknown: "$text-warning",
    Status.breached: "bold reverse $text-error",
}
"""Theme variables, so colours follow the user's theme (and vanish under NO_COLOR)."""

HEAD = "bold $text-primary"
"""Section headings in the detail, timeline and help."""

DISPUTED = "≠"
STALE = "◌"
_EIGHTHS = " ▏▎▍▌▋▊▉"


def word(status: Status) -> str:
    return status.value.replace("_", " ")


def plain(text: str, style: str = "", newlines: bool = False) -> Content:
    """Text from the file, shown exactly as written (markup and escapes inert)."""
    return Content.styled(printable(text, keep_newlines=newlines), style)


def status(value: Status, width: int = 0) -> Content:
    """`✗ overdue`: a glyph and a word, so the status never rests on colour alone."""
    return Content.styled(f"{GLYPH[value]} {word(value)}".ljust(width), STYLE[value])


def bar(fraction: float | None, width: int) -> str:
    """A bar drawn with block characters, `█` done and `░` still to do, in eighths."""
    if width <= 0:
        return ""
    fraction = min(1.0, max(0.0, fraction or 0.0))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    drawn = "█" * full + (_EIGHTHS[part] if part else "")
    return drawn + "░" * (width - len(drawn))


def fraction(state: State) -> str:
    """`850/1,500` for a quantity, `–/1,000` when nothing is reported yet; the report's
    marks for bounds and levels: `≥200/≤5,000`, `~14,000→0`, `1,620 (≤1,550)`."""
    return explained_fraction(state, none="–")


def amount(value: int) -> str:
    """`1,500`, or `1.2M`, `123M`, `45k` for a figure too long for a narrow column."""
    if abs(value) < 10_000:
        return f"{value:,}"
    for size, suffix in ((10**9, "B"), (10**6, "M"), (10**3, "k")):
        if abs(value) >= size:
            scaled = value / size
            return f"{scaled:.1f}{suffix}" if abs(scaled) < 10 else f"{round(scaled):,}{suffix}"
    return f"{value:,}"


def short_fraction(state: State) -> str:
    """`850/1,500` with large figures shortened (`1.2M/123M`), for a cramped table."""
    return explained_fraction(state, none="–",
                              short=lambda v: amount(v) if abs(v) >= 10_000 else number(v))  # type: ignore[arg-type]


def shared_prefixes(texts: list[str]) -> dict[str, int]:
    """For each text (escaped as shown), how many leading characters it shares with the
    most alike other one: a cut must keep one more to tell them apart."""
    order = sorted({printable(t) for t in texts})
    shared = dict.fromkeys(order, 0)
    for a, b in zip(order, order[1:]):
        n = 0
        while n < min(len(a), len(b)) and a[n] == b[n]:
            n += 1
        shared[a], shared[b] = max(shared[a], n), max(shared[b], n)
    return shared


def clip_apart(text: str, shared: int, width: int) -> str:
    """`clip`, but when the cut would fall inside the `shared` start this text has with
    another, show from the word where they part instead: `…ceasefire for Ramadan`."""
    shown = printable(text)
    if cell_len(shown) <= width or shared + 2 <= width or shared >= len(shown) or width < 6:
        return clip(text, width)
    start = shown.rfind(" ", 0, shared) + 1
    return "…" + clip(shown[start:], width - 1)


def short_day(value: date) -> str:
    """`28 Mar 20`: a date for a narrow column."""
    return value.strftime("%-d %b %y")


def due_cell(state: State) -> str:
    """`in 458d`, `32d late`, `today`, or `—` when nothing is due."""
    if state.days_left is None:
        return "—"
    left = state.days_left
    if state.status is Status.done:
        return short_day(state.due_date) if state.due_date else "—"
    if left == 0:
        return "today"
    return f"in {span(left)}" if left > 0 else f"{span(left)} late"


def facts(u: Update) -> list[str]:
    """What an update reports, as `total 850`, `+50`, `suspended`, `due 2020-06-01`."""
    mark = MARK[u.bound]
    found = [f"total {mark}{number(u.total)}" if u.total is not None else "",
             f"+{mark}{number(u.add)}" if u.add is not None else "",
             u.status.value if u.status else "", f"due {u.due}" if u.due else "",
             f"target {number(u.target)}" if u.target is not None else ""]
    return [f for f in found if f]


def every(plan: Plan) -> str:
    """`every day` or `every 7 days`."""
    return "every day" if plan.every_days == 1 else f"every {plan.every_days} days"


def pack(items: list[str], width: int, sep: str = "  ") -> list[str]:
    """Lay items out in lines no wider than `width`, never splitting an item."""
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = f"{line}{sep}{item}" if line else item
        if line and len(candidate) > width:
            lines.append(line)
            candidate = item
        line = candidate
    if line:
        lines.append(line)
    return lines


def clip(text: str, width: int) -> str:
    """File text escaped, then cut to `width` terminal cells with an ellipsis. Escaping
    first keeps an escape's full width in the count; cutting between graphemes never
    splits a wide character, an emoji and its variation selector, or an accented letter."""
    shown = printable(text)
    if width <= 0:
        return ""
    if cell_len(shown) <= width:
        return shown
    spans, _ = split_graphemes(shown)
    end = used = 0
    for start, stop, cells in spans:
        if used + cells > width - 1:
            break
        end, used = stop, used + cells
    return shown[:end] + "…"


def fit(text: str, width: int) -> str:
    """File text escaped, cut and padded with spaces to exactly `width` cells, for columns."""
    shown = clip(text, width)
    return shown + " " * max(0, width - cell_len(shown))
