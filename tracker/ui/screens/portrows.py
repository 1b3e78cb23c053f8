"""The portfolio's text: a deal as its row says it, and the lists across deals below the rows.

Phrased by `tracker.portfolio_report`, so the app and the report read alike; every string from
a file goes through `plain` (never markup).
"""

from __future__ import annotations

from textual.content import Content

from tracker.portfolio import Item, Summary
from tracker.portfolio_report import next_text, quiet_text, urgent_text, why_text
from tracker.state.portview import Shown
from tracker.text import clip
from tracker.ui.render import STYLE, plain, status
from tracker.words import due, tally

SHOWN = 100
"""Items of each list drawn: the most urgent (or soonest) come first, and a pane of a few
lines never needs thousands; `tracker report DIR` lists them all."""


def _packed(pieces: list[Content], width: int) -> list[Content]:
    """`pieces` two spaces apart, on as many lines as they need: no count is ever cut."""
    lines: list[list[Content]] = [[]]
    used = 0
    for piece in pieces:
        if lines[-1] and used + 2 + piece.cell_length > width:
            lines.append([])
            used = 0
        used += piece.cell_length + (2 if lines[-1] else 0)
        lines[-1].append(piece)
    return [Content("  ").join(line) for line in lines]


def roll_up(book: Shown, weeks: int, width: int) -> Content:
    lines = [Content.styled(f"Needs attention ({len(book.attention):,})", "bold")]
    lines += [_item(item, why_text(item.row), width) for item in book.attention[:SHOWN]] or [Content("nothing")]
    lines += _more(len(book.attention))
    lines += [Content(""), Content.styled(f"Due in the next {weeks} weeks ({len(book.agenda):,})", "bold")]
    lines += [_item(item, due(item.row.state), width) for item in book.agenda[:SHOWN]] or [Content("nothing")]
    lines += _more(len(book.agenda))
    return Content("\n").join(lines)


def _more(count: int) -> list[Content]:
    if count <= SHOWN:
        return []
    return [Content.styled(f"… and {count - SHOWN:,} more (all of them: tracker report)", "$text-muted")]


def _item(item: Item, when: str, width: int) -> Content:
    lead = Content.assemble(status(item.row.state.status, 12), f" {when:>9}  ")
    # A due day ("28 Mar 2020") is wider than the 9 cells kept for it: cut the title shorter.
    text = clip(f"{item.row.milestone.title} — {item.title}", max(10, width - lead.cell_length))
    return Content.assemble(lead, plain(text))


def deal_row(s: Summary, width: int) -> Content:
    """A deal in four lines: title and last update; headline and counts; next due; most urgent."""
    title = plain(clip(s.title, width), "bold")
    if s.evaluation is None:
        return Content("\n").join([Content.assemble(title, ("  ✗ does not load", "bold $text-error")),
                                   plain(clip(s.headline, width))])
    counts = _packed([Content(s.headline)] + [Content.styled(tally(k, n), STYLE.get(k, ""))
                                              for k, n in s.counts.items() if n], width)
    return Content("\n").join([
        title,
        *counts,
        plain(clip(f"next due: {next_text(s)}", width)),
        plain(clip(f"most urgent: {urgent_text(s.most_urgent)}", width)),
        plain(clip(f"last update: {quiet_text(s.quiet_days)}  ·  {s.entry.path.name}", width), "$text-muted"),
    ])
