"""`l`: every dated update in order, the plan beside what happened, and burn-up charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from tracker.evaluate import State
from tracker.model import Update
from tracker.text import clip, fit
from tracker.ui.chart import LEGEND, Days, burnup
from tracker.ui.render import HEAD, plain
from tracker.ui.screens.base import SessionScreen
from tracker.ui.session import Session
from tracker.words import day, every, facts


@dataclass(frozen=True)
class Event:
    """One row of the story: an update (●), a plan mark (◇) or the as-of date (▲).
    `title`, `what` and `source` hold text from the file, escaped only when laid out."""

    when: date
    glyph: str
    title: str = ""
    what: str = ""
    source: str = ""
    note: bool = False
    """`what` is a note: it takes whatever room is left, and never widens the columns."""
    style: str = ""


def _happened(u: Update, on: Days, titles: dict[str, str]) -> Event:
    """One update: which milestone, what was reported, and the plan on that day for quantities."""
    state = on(u.date)[u.milestone]
    what = ", ".join(facts(u))
    if state.planned is not None and (u.total is not None or u.add is not None):
        what += f" vs plan {state.planned:,}"
    title = titles.get(u.milestone, u.milestone)
    if not what:
        return Event(u.date, "●", title, f"note: {u.note.strip()}" if u.note.strip() else "note", u.source or "", True)
    return Event(u.date, "●", title, what, u.source or "")


def _planned(session: Session, titles: dict[str, str]) -> list[Event]:
    """What the plans and due dates said would happen, dated, to set beside the updates."""
    events: list[Event] = []
    for row in session.evaluation.rows:
        state, m = row.state, row.milestone
        marks = []
        if state.plan_start and m.plan:
            marks.append((state.plan_start, f"plan starts: {m.plan.batch:,} {every(m.plan)}"))
        if state.plan_end and state.target:
            marks.append((state.plan_end, f"plan ends: all {state.target:,} due"))
        if state.due_date and m.due is not None:
            marks.append((state.due_date, f"due ({state.due})"))
        for when, text in marks:
            events.append(Event(when, "◇", titles[m.id], text, style="$text-muted" if when > session.as_of else ""))
    return events


def story(session: Session, on: Days) -> list[Event]:
    """Updates up to the as-of date and plan marks on both sides of it, in date order."""
    deal = session.loaded.deal
    titles = {m.id: m.title for m in deal.milestones}
    events = [_happened(u, on, titles) for u in deal.updates if u.date <= session.as_of]
    events += _planned(session, titles)
    events.append(Event(session.as_of, "▲", what="as of this date", style="bold $text-accent"))
    return sorted(events, key=lambda e: e.when)  # stable: updates keep file order within a day


def _title_width(events: list[Event], width: int, lead: int) -> int:
    """Room for what happened and its source, if that leaves a title at least 28 cells
    wide; else for what happened alone (sources then show only where they fit)."""
    rows = [e for e in events if e.title]
    fixed = [e for e in rows if not e.note] or rows
    with_sources = max((cell_len(clip(e.what, 99)) + (4 + cell_len(clip(e.source, 30)) if e.source else 0)
                        for e in fixed), default=0)
    if width - lead - with_sources >= 28:
        return min(44, width - lead - with_sources)
    bare = max((cell_len(clip(e.what, 99)) for e in fixed), default=0)
    return max(12, min(44, width - lead - bare))


def event_lines(events: list[Event], width: int) -> list[Content]:
    """Each event on one line no wider than `width`: date, glyph, title, what, [source].
    A row too long drops its source first, then is cut at the end of its text."""
    stamp = day  # four-digit years at every width (tracker.words)
    lead = len(stamp(date(2000, 12, 31))) + 5  # " ● " and two cells between title and what
    title_w = _title_width(events, width, lead)
    rest = width - lead - title_w
    lines = [Content.styled(clip("What happened (●) and what was planned (◇)", width), HEAD)]
    for e in events:
        head = Content.styled(f"{stamp(e.when)} {e.glyph} ", "bold" if e.glyph == "●" else e.style)
        if not e.title:
            lines.append(head + Content.styled(clip(e.what, width - lead + 2), e.style))
            continue
        src = f"[{clip(e.source, 30)}]" if e.source else ""
        room = rest - 2 - cell_len(src) if src else rest
        if src and cell_len(clip(e.what, 999)) > room:
            src, room = "", rest
        lines.append(Content.assemble(head, plain(fit(e.title, title_w), e.style), "  ",
                                      plain(clip(e.what, room), e.style),
                                      plain(f"  {src}", "$text-accent") if src else ""))
    return lines


def chart_lines(session: Session, on: Days, width: int) -> list[Content]:
    """A burn-up for each quantity that has a plan or reports to draw."""
    lines = [Content.styled(clip("Planned against delivered", width), HEAD), Content(clip(LEGEND, width))]
    drawn = 0
    for row in session.evaluation.rows:
        chart = burnup(row.milestone.id, on, session.as_of, width, 6)
        if chart:
            drawn += 1
            lines += [Content(""), plain(clip(row.milestone.title, width), "bold"),
                      Content.styled(clip(_so_far(row.state), width), "$text-muted")]
            lines += [Content(line) for line in chart]
    if not drawn:
        lines.append(Content("No quantity has a plan or a report by this date."))
    return lines


def _so_far(state: State) -> str:
    """`delivered 850 of 5,000 prisoners · planned 1,500` (by the as-of date)."""
    done = "none reported" if state.actual is None else f"delivered {state.actual:,}"
    unit = f" {state.milestone.unit}" if state.milestone.unit else ""
    plan = f" · planned {state.planned:,}" if state.planned is not None else ""
    return f"{done} of {state.target:,}{unit}{plan}"


class TimelineScreen(SessionScreen):
    """Follows the session, so `[` and `]` replay the deal here too."""

    VIEW = "Timeline"
    BINDINGS = [Binding("escape,l", "app.pop_screen", "Back", tooltip="Back to the milestones")]

    def compose(self) -> ComposeResult:
        yield Static(id="view-title", markup=False)
        # The body scrolls as a whole when the charts sit under the events, so the keys reach them.
        with VerticalScroll(id="timeline-body"):
            with VerticalScroll(id="timeline-events"):
                yield Static(id="events")
            with VerticalScroll(id="timeline-charts"):
                yield Static(id="charts")
        yield Footer(compact=True)

    def _show(self, session: Session) -> None:
        wide = self.size.width >= 120
        self.set_class(wide, "-side-by-side")
        pane = self.query_one("#timeline-events" if wide else "#timeline-body")
        if self.focused is None or self.focused.id in ("timeline-events", "timeline-body"):
            pane.focus()
        on = Days(session.index)
        happened = story(session, on)
        tall = self.size.height - 2  # less the title and the footer
        if wide:
            events, charts = self.size.width * 11 // 20 - 4, self.size.width * 9 // 20 - 4
            events -= 2 if len(happened) + 1 > tall else 0  # a scrollbar takes two cells
            drawn = chart_lines(session, on, charts)
            if len(drawn) > tall:
                drawn = chart_lines(session, on, charts - 2)
        else:
            events = charts = self.size.width - 4
            drawn = chart_lines(session, on, charts)
            if len(happened) + 1 + len(drawn) > tall:  # charts under the events: the body scrolls
                events, charts = events - 2, charts - 2
                drawn = chart_lines(session, on, charts)
        self.query_one("#events", Static).update(Content("\n").join(event_lines(happened, events)))
        self.query_one("#charts", Static).update(Content("\n").join(drawn))
