"""What the app adds to the text toolkit (`tracker.text`, `tracker.words`): styles,
marks, and file text as Textual `Content`.

Every string from the deal file goes through `plain()`: control characters escaped by
`printable()`, and wrapped in a `Content` (never parsed as markup) so `[bold]` or
`[@click=...]` shows literally. Styles name theme variables, so the user's theme applies.
"""

from __future__ import annotations

from textual.content import Content, Span

from tracker.safe import printable
from tracker.status import Status
from tracker.ui.palette import SOURCES
from tracker.words import label

STYLE = {status: f"$status-{status.value.replace('_', '-')}" for status in Status
         if status.value.replace("_", "-") in SOURCES}
"""Variables worked out from the user's theme (`palette`): readable on every pane, distinct
on a 16-colour terminal, and gone under NO_COLOR."""
STYLE[Status.breached] = "bold reverse $status-overdue"  # a limit broken: louder than late
# Timing's statuses share hue families with older ones on 16 colours: a style tells them apart.
STYLE[Status.blocked] = "bold " + STYLE[Status.blocked]
STYLE[Status.at_risk] = "bold " + STYLE[Status.at_risk]
STYLE[Status.contingent] = "italic " + STYLE[Status.contingent]
STYLE[Status.lapsed] = "strike " + STYLE[Status.lapsed]

HEAD = "bold $text-primary"
"""Section headings in the detail, timeline and help."""

DISPUTED = "≠"
STALE = "◌"


def plain(text: str, style: str = "", newlines: bool = False) -> Content:
    """Text from the file, shown exactly as written (markup and escapes inert)."""
    return Content.styled(printable(text, keep_newlines=newlines), style)


def guarded(content: Content) -> Content:
    """`content` with any control, format or bidi character still in it shown escaped,
    its styles kept. The last step before a pane draws: a line built from `Content(...)`
    with file text in it (the detail's unit once went out raw that way) is made safe here."""
    text = content.plain
    if printable(text, keep_newlines=True) == text:
        return content
    pieces: list[Content] = []
    start = 0
    for at, char in enumerate(text):
        shown = printable(char, keep_newlines=True)
        if shown != char:
            styles = [span.style for span in content[at:at + 1].spans]  # keep the char's look
            pieces += [content[start:at], Content(shown, [Span(0, len(shown), st) for st in styles])]
            start = at + 1
    return Content("").join([*pieces, content[start:]])


def status(value: Status, width: int = 0) -> Content:
    """`✗ overdue`: a glyph and a word, so the status never rests on colour alone."""
    return Content.styled(label(value).ljust(width), STYLE[value])
