"""What the app adds to the text toolkit (`tracker.text`, `tracker.words`): styles,
marks, and file text as Textual `Content`.

Every string from the deal file goes through `plain()`: control characters escaped by
`printable()`, and wrapped in a `Content` (never parsed as markup) so `[bold]` or
`[@click=...]` shows literally. Styles name theme variables, so the user's theme applies.
"""

from __future__ import annotations

from textual.content import Content

from tracker.evaluate import Status
from tracker.safe import printable
from tracker.words import label

STYLE = {
    Status.done: "$text-success", Status.on_track: "$text-primary", Status.behind: "$text-warning",
    Status.overdue: "$text-error", Status.waiting: "$text-accent", Status.rejected: "$text-error",
    Status.upcoming: "$text-muted", Status.unknown: "$text-warning",
}
"""Theme variables, so colours follow the user's theme (and vanish under NO_COLOR)."""

HEAD = "bold $text-primary"
"""Section headings in the detail, timeline and help."""

DISPUTED = "≠"
STALE = "◌"


def plain(text: str, style: str = "", newlines: bool = False) -> Content:
    """Text from the file, shown exactly as written (markup and escapes inert)."""
    return Content.styled(printable(text, keep_newlines=newlines), style)


def status(value: Status, width: int = 0) -> Content:
    """`✗ overdue`: a glyph and a word, so the status never rests on colour alone."""
    return Content.styled(label(value).ljust(width), STYLE[value])
