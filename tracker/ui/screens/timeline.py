"""`l`: every dated update in order, the plan beside what happened, and burn-up charts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.widgets import Static

from tracker.blame import Blamer, Recorded
from tracker.collector import paused
from tracker.evaluate import Evaluation, Row
from tracker.state.session import Session
from tracker.status import State
from tracker.text import clip
from tracker.ui.chart import LEGEND, burnup
from tracker.ui.render import HEAD, plain
from tracker.ui.screens.base import SessionScreen
from tracker.ui.story import EventLayout, Told
from tracker.ui.widgets.footer import KeysFooter
from tracker.ui.widgets.tall import TallText
from tracker.words import figure, of

_CHART = 6
"""Rows of a burn-up's bars; with its axis, dates, title and totals a chart takes 11 lines."""


class ChartLayout:
    """A burn-up for each quantity that has a plan or reports to draw, under a heading and
    the legend; each chart drawn when it first shows."""

    def __init__(self, session: Session, charted: list[Row], width: int) -> None:
        self.session, self.charted, self.width = session, charted, width
        self._drawn: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return 2 + (len(self.charted) * (_CHART + 5) if self.charted else 1)

    def line(self, at: int) -> Content:
        if at < 2:
            return Content.styled(clip("Planned against delivered", self.width), HEAD) if at == 0 \
                else Content(clip(LEGEND, self.width))
        if not self.charted:
            return Content("No quantity has a plan or a report by this date.")
        block, offset = divmod(at - 2, _CHART + 5)
        row = self.charted[block]
        if offset == 0:
            return Content("")
        if offset == 1:
            return plain(clip(row.milestone.title, self.width), "bold")
        if offset == 2:
            return Content.styled(clip(_so_far(row.state), self.width), "$text-muted")
        if block not in self._drawn:
            self._drawn[block] = burnup(row.milestone.id, self.session.chronology, self.session.as_of,
                                        self.width, _CHART)
        return Content(self._drawn[block][offset - 3])


def charted(session: Session) -> list[Row]:
    """The rows that have a burn-up to draw on the session's date."""
    chronology, as_of = session.chronology, session.as_of
    return [r for r in session.evaluation.rows
            if r.milestone.target is not None and chronology.span(r.milestone.id, as_of) is not None]


def _so_far(state: State) -> str:
    """`delivered 850 of 5,000 prisoners · planned 1,500` (by the as-of date)."""
    amount = of(state.actual, state.target or 0, state.milestone.unit)
    plan = f" · planned {figure(state.planned)}" if state.planned is not None else ""
    return f"{'' if state.actual is None else 'delivered '}{amount}{plan}"


class TimelineScreen(SessionScreen):
    """Follows the session, so `[` and `]` replay the deal here too."""

    VIEW = "Timeline"
    DEFAULT_CSS = """
    #timeline-body { height: 1fr; layout: vertical; }
    /* Narrow, one pane holds events and charts: its scrollbar at the screen's edge. */
    #timeline-events { height: 1fr; padding: 0 0 0 1; }
    #timeline-charts { height: 1fr; padding: 0 1; }
    TimelineScreen.-side-by-side #timeline-body { layout: horizontal; }
    TimelineScreen.-side-by-side #timeline-events { width: 11fr; height: 1fr; padding: 0 1; }
    TimelineScreen.-side-by-side #timeline-charts { width: 9fr; height: 1fr; }
    TimelineScreen #timeline-body { overflow-y: auto; }
    """
    BINDINGS = [Binding("escape,l", "app.pop_screen", "Back", tooltip="Back to the milestones")]

    def __init__(self) -> None:
        super().__init__()
        self._told: tuple[Evaluation, Told, list[Row]] | None = None
        self._blamer = Blamer()
        self._who: tuple[bytes, dict[int, Recorded | None]] | None = None
        """Who committed the committed updates of one version of the file (its bytes), once git said."""
        self._asked: bytes | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="view-title", markup=False)
        # Side by side, each pane scrolls; narrower, the charts follow the events in one pane.
        with Container(id="timeline-body"):
            yield TallText(id="timeline-events")
            yield TallText(id="timeline-charts")
        yield KeysFooter(compact=True)

    def _story(self, session: Session) -> tuple[Told, list[Row]]:
        """The worded story and the charted rows, worked out once per evaluation shown."""
        if self._told is None or self._told[0] is not session.evaluation:
            with paused():  # what is made here lives as long as the screen: cycle scans are wasted
                self._told = (session.evaluation, Told.story(session), charted(session))
        return self._told[1], self._told[2]

    def _show(self, session: Session) -> None:
        wide = self.size.width >= 120
        self.set_class(wide, "-side-by-side")
        pane, charts_pane = self.query_one("#timeline-events", TallText), self.query_one("#timeline-charts", TallText)
        charts_pane.display = wide
        if self.focused is None or self.focused.id == "timeline-events":
            pane.focus()
        told, rows = self._story(session)
        events_count, charts_count = told.count + 1, 2 + (len(rows) * (_CHART + 5) if rows else 1)
        tall = self.size.height - 2  # less the title and the footer
        if wide:
            events, charts = self.size.width * 11 // 20 - 4, self.size.width * 9 // 20 - 4
            events -= 2 if events_count > tall else 0  # a scrollbar takes two cells
            charts -= 2 if charts_count > tall else 0
        else:
            events = charts = self.size.width - 4
            if events_count + charts_count > tall:  # charts under the events: the body scrolls
                events, charts = events - 2, charts - 2
        who = self._recorded(session)
        shown, drawn = EventLayout(told, events, who), ChartLayout(session, rows, charts)
        if wide:
            pane.show((told, events, bool(who)), len(shown), shown.line)
            charts_pane.show((session.evaluation, charts), len(drawn), drawn.line)
        else:
            first = len(shown)
            pane.show((told, events, charts, bool(who)), first + len(drawn),
                      lambda at: shown.line(at) if at < first else drawn.line(at - first))

    def _recorded(self, session: Session) -> dict[int, Recorded | None]:
        """Who committed each update, by its id, if git has said for this version of the file;
        else one blame of the file runs in a thread and the events are drawn again after it.
        Outside a repository: nothing, and no git process."""
        loaded = session.loaded
        if self._blamer.top(loaded.path) is None:
            return {}
        if self._who is not None and self._who[0] is loaded.raw:
            return self._who[1]
        if self._asked is not loaded.raw:
            self._asked = loaded.raw
            updates = loaded.deal.updates

            def work() -> None:
                # A Blamer of its own: a reload may start another thread before this one ends.
                said = Blamer().of(loaded, updates)
                found = {id(u): by for u, by in zip(updates, said) if by is not None}
                self.app.call_from_thread(self._heard, loaded.raw, found)
            self.run_worker(work, group="blame", thread=True, exit_on_error=False)
        return {}

    def _heard(self, raw: bytes, found: dict[int, Recorded | None]) -> None:
        if raw is self.app.session.loaded.raw:  # type: ignore[attr-defined]
            self._who = (raw, found)
            self._show(self.app.session)  # type: ignore[attr-defined]
