"""The top lines: the deal, the date shown, overall progress and counts by status."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.reactive import var
from textual.widget import Widget

from tracker.safe import printable
from tracker.state.session import Session
from tracker.status import GLYPH, SEVERITY
from tracker.text import bar, cells, clip, pack
from tracker.ui.render import STYLE, plain
from tracker.words import day, silence, tally


def header_lines(session: Session, width: int) -> list[Content]:
    """Line one: title, as-of date and a progress bar; then the counts, wrapped to fit."""
    evaluation = session.evaluation
    when = f"as of {day(session.as_of)}"
    if session.as_of != session.start:
        index, total = session.position()
        when += f" · step {index}/{total}" if index else ""
    title_len = cells(printable(evaluation.deal.deal.title))
    percent = f" {round(evaluation.progress * 100)}%"
    # Say what the headline measures where the title still fits beside it (the report does).
    measured = f"{percent} of {evaluation.counted} commitments"
    if width - title_len - len(when) - len(measured) - 10 >= 0:
        percent = measured
    bar_width = max(6, min(20, width - title_len - len(when) - len(percent) - 4))
    room = width - len(when) - bar_width - len(percent) - 4
    if room < 12:
        when = f"{day(session.as_of)}"
        room = width - len(when) - bar_width - len(percent) - 4
    title = plain(clip(evaluation.deal.deal.title, max(1, room)), "bold")
    pad = " " * max(2, width - title.cell_length - len(when) - bar_width - len(percent) - 2)
    first = Content.assemble(title, pad, (when, "$text-accent"), "  ",
                             (bar(evaluation.progress, bar_width), "$text-success"), percent)
    items = [tally(s, evaluation.counts[s]) for s in SEVERITY if evaluation.counts.get(s)]
    packed = pack(items, width)
    lines = [first]
    for line in packed if len(packed) == 1 else pack(items, width, " "):
        lines.append(_styled_counts(line))
    if evaluation.silent_days is not None and evaluation.last_news is not None:
        news = silence(evaluation.last_news, evaluation.silent_days)[:-1] + " · [ steps back"
        lines.append(Content.styled(clip(news, width), "$text-warning"))
    return lines


def _styled_counts(line: str) -> Content:
    """Colour each count by its status; the glyph and word already say it."""
    content = Content(line)
    for status, glyph in GLYPH.items():
        start = line.find(glyph)
        if start >= 0:
            end = min((i for i in (line.find(g, start + 1) for g in GLYPH.values()) if i > 0),
                      default=len(line))
            content = content.stylize(STYLE[status], start, end)
    return content


class SummaryHeader(Widget):
    """The deal at a glance; redrawn only when the session (file or date) changes."""

    DEFAULT_CSS = "SummaryHeader { height: auto; padding: 0 1; background: $panel; }"

    session: var[Session | None] = var(None)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._laid_out: tuple[Session, int, list[Content]] | None = None

    def _lines(self, session: Session, width: int) -> list[Content]:
        # Layout asks for the height and then paints: lay the lines out once for both.
        if self._laid_out is None or self._laid_out[0] is not session or self._laid_out[1] != width:
            self._laid_out = (session, width, header_lines(session, width))
        return self._laid_out[2]

    def render(self) -> RenderResult:
        if self.session is None:
            return ""
        return Content("\n").join(self._lines(self.session, self.size.width or 80))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(self.session, width)) if self.session else 1

    def watch_session(self) -> None:
        self.refresh(layout=True)
