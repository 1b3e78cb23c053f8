"""`l`: every dated update in order, the plan beside what happened, and burn-up charts."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tracker.explain import day
from tracker.model import Update
from tracker.ui.chart import LEGEND, Days, burnup
from tracker.ui.render import clip, fit, plain
from tracker.ui.session import Session

_HEAD = "bold $text-primary"


def _happened(u: Update, on: Days, titles: dict[str, str], width: int) -> Content:
    """One update: when, which milestone, what, and the plan on that day for quantities."""
    state = on(u.date)[u.milestone]
    facts = [f"total {u.total:,}" if u.total is not None else "", f"+{u.add:,}" if u.add is not None else "",
             u.status.value if u.status else "", f"due {u.due}" if u.due else ""]
    what = ", ".join(f for f in facts if f) or "note"
    if state.planned is not None and (u.total is not None or u.add is not None):
        what += f" vs plan {state.planned:,}"
    source = f" [{u.source}]" if u.source else ""
    title = fit(titles.get(u.milestone, u.milestone), _title_width(width))
    return Content.assemble((f"{day(u.date):>11} ● ", "bold"), plain(title), "  ", plain(what),
                            plain(source, "$text-accent"))


def _title_width(width: int) -> int:
    return max(12, min(40, width - 14 - 2 - 26))


def _planned(session: Session, titles: dict[str, str], width: int) -> list[tuple[date, Content]]:
    """What the plans and due dates said would happen, dated, to set beside the updates."""
    events: list[tuple[date, Content]] = []
    for row in session.evaluation.rows:
        state, m = row.state, row.milestone
        marks = []
        if state.plan_start and m.plan:
            marks.append((state.plan_start, f"plan starts: {m.plan.batch:,} every "
                           f"{'day' if m.plan.every_days == 1 else f'{m.plan.every_days} days'}"))
        if state.plan_end and state.target:
            marks.append((state.plan_end, f"plan ends: all {state.target:,} due"))
        if state.due_date and m.due is not None:
            marks.append((state.due_date, f"due ({state.due})"))
        for when, text in marks:
            title = fit(titles[m.id], _title_width(width))
            style = "$text-muted" if when > session.as_of else ""
            events.append((when, Content.assemble((f"{day(when):>11} ◇ ", style), plain(title, style),
                                                  (f"  {text}", style))))
    return events


def timeline_lines(session: Session, on: Days, width: int) -> list[Content]:
    """Updates up to the as-of date and plan marks on both sides of it, in date order."""
    deal = session.loaded.deal
    titles = {m.id: m.title for m in deal.milestones}
    events = [(u.date, _happened(u, on, titles, width)) for u in deal.updates if u.date <= session.as_of]
    events += _planned(session, titles, width)
    events.append((session.as_of, Content.styled(f"{day(session.as_of):>11} ▲ as of this date", "bold $text-accent")))
    events.sort(key=lambda e: e[0])  # stable: updates keep file order within a day
    lines = [Content.styled("What happened (●) and what was planned (◇)", _HEAD)]
    return lines + [line for _, line in events]


def chart_lines(session: Session, on: Days, width: int) -> list[Content]:
    """A burn-up for each quantity that has a plan or reports to draw."""
    lines: list[Content] = [Content.styled("Planned against delivered", _HEAD), Content(LEGEND)]
    drawn = 0
    for row in session.evaluation.rows:
        chart = burnup(row.milestone.id, on, session.as_of, width, 6)
        if chart:
            drawn += 1
            lines += [Content(""), plain(clip(row.milestone.title, width), "bold")]
            lines += [Content(line) for line in chart]
    if not drawn:
        lines.append(Content("No quantity has a plan or a report by this date."))
    return lines


class TimelineScreen(Screen[None]):
    """Follows the session, so `[` and `]` replay the deal here too."""

    BINDINGS = [Binding("escape,l", "app.pop_screen", "Back", tooltip="Back to the milestones")]

    def compose(self) -> ComposeResult:
        yield Static(id="view-title", markup=False)
        with Horizontal(id="timeline-body"):
            with VerticalScroll(id="timeline-events"):
                yield Static(id="events")
            with VerticalScroll(id="timeline-charts"):
                yield Static(id="charts")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "session", self._show)

    def on_resize(self) -> None:
        self._show(self.app.session)  # type: ignore[attr-defined]

    def _show(self, session: Session) -> None:
        wide = self.size.width >= 120
        self.set_class(wide, "-side-by-side")
        events = (self.size.width * 11 // 20 if wide else self.size.width) - 4
        charts = (self.size.width * 9 // 20 if wide else self.size.width) - 4
        on = Days(session.index)
        self.query_one("#view-title", Static).update(
            Content.assemble(plain(session.loaded.deal.deal.title, "bold"), f"  timeline as of {day(session.as_of)}"))
        self.query_one("#events", Static).update(Content("\n").join(timeline_lines(session, on, events)))
        self.query_one("#charts", Static).update(Content("\n").join(chart_lines(session, on, charts)))
