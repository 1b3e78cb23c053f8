"""Everything about the selected milestone: why it stands where it does, and the record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual
from textual.widget import Widget

from tracker.blame import Blamer, Recorded
from tracker.evaluate import Evaluation, Row
from tracker.history import number
from tracker.status import GLYPH, State, Status
from tracker.text import bar
from tracker.ui.render import HEAD, STYLE, guarded, plain, status
from tracker.ui.widgets.quiet import QuietScrollView
from tracker.words import amount, day, days, every, fact, facts, limit_text, reading


@dataclass(frozen=True)
class Lookups:
    """Party names, milestone titles and rows by id: built once per evaluation, not per move
    (at 10,000 milestones rebuilding them cost a tenth of a second on every cursor move)."""

    names: dict[str, str]
    titles: dict[str, str]
    rows: dict[str, Row]

    @classmethod
    def of(cls, evaluation: Evaluation) -> Lookups:
        deal = evaluation.deal
        return cls({p.id: p.name for p in deal.parties}, {m.id: m.title for m in deal.milestones},
                   evaluation.by_id)


def detail_content(row: Row, evaluation: Evaluation, width: int, lookups: Lookups,
                   recorded: Sequence[Recorded | None] = ()) -> Content:
    """The detail of one row as lines of content, most telling first."""
    state, m = row.state, row.milestone
    names = lookups.names
    party = names.get(m.party or "", m.party or "no party")
    owed = ", ".join(names.get(t, t) for t in m.to)
    lines: list[Content] = [
        Content.assemble(status(state.status), "  ", plain(m.title, "bold")),
        plain(row.sentence),
        plain(f"{m.kind.value}, owed by {party}" + (f" to {owed}" if owed else ""), "$text-muted"),
    ]
    lines += _bars(state, max(8, min(40, width - 30)), evaluation.as_of)
    lines += _schedule(state)
    lines += _conditions(state, lookups.titles)
    lines += _updates(state, recorded)
    lines += _disputes(state)
    if m.notes:
        lines += [Content(""), Content.styled("Notes", HEAD), plain(m.notes, newlines=True)]
    return Content("\n").join(lines)


def _bars(state: State, width: int, as_of: date) -> list[Content]:
    limit = _limit(state)
    if state.target is None:
        return limit
    # A level is not delivered: it is where the count stands (troops remaining).
    # amount() carries the file's unit: file text goes through plain(), never bare Content().
    label = "level" if state.milestone.measure.value == "level" else "delivered"
    lines = [Content(""), plain(f"{label:<9} {bar(state.progress, width)} {amount(state)}"), *limit[1:]]
    if state.planned is not None:
        planned = bar(state.planned / state.target, width)
        lines.append(Content(f"{'planned':<9} {planned} {state.planned:,} by {day(as_of)}"))
    if state.shortfall:
        lines.append(Content.styled(f"{'short by':<9} {state.shortfall:,}", "$text-warning"))
    return lines


def _limit(state: State) -> list[Content]:
    """The limit, the last reading against it, since when it is breached, the worst one."""
    m, judged = state.milestone, state.limit
    if m.limit is None or judged is None:
        return []
    lines = [Content(""), plain(f"{'limit':<9} {limit_text(m.limit, m.unit)}")]
    if state.points:
        when, _ = state.points[-1]
        style = "$text-error" if judged.compliance == "breached" else ""
        lines.append(plain(f"{'reading':<9} {reading(state)} on {day(when)}: {judged.compliance or 'not in force'}"
                           + (f" since {day(judged.breached_since)}" if judged.breached_since else ""), style))
    if judged.worst is not None:
        when, value, beyond = judged.worst
        lines.append(plain(f"{'worst':<9} {number(value)} on {day(when)}"
                           + (f", {number(beyond)} beyond the limit" if beyond > 0 else ", within")))
    return lines


def _schedule(state: State) -> list[Content]:
    m = state.milestone
    lines: list[Content] = []
    if m.plan is not None:
        start = day(state.plan_start) if state.plan_start else "when its conditions are met"
        text = f"{m.plan.batch:,} {every(m.plan)} from {start}"
        if state.plan_end:
            text += f" to {day(state.plan_end)}"
        lines.append(plain(text))
        if m.plan.basis:
            lines.append(plain(m.plan.basis.strip(), "$text-muted"))
    if state.due_date is not None:
        left = f" ({days(state.days_left)})" if state.days_left is not None else ""
        lines.append(Content(f"due by {day(state.due_date)}{left}"))
    for (when, due, source), rev in zip(state.due_history, state.revisions):
        who = f" by {rev.by}" if rev.by else ""
        agreed = "" if rev.agreed else " (not agreed: claimed, not in force)"
        lines.append(plain(f"  {day(when)}: due date changed to {due}{who}{agreed}"
                           + (f" [{source}]" if source else "")))
    for when, target, source, by in state.target_history:
        lines.append(plain(f"  {day(when)}: target restated to {number(target)}" + (f" by {by}" if by else "")
                           + (f" [{source}]" if source else "")))
    if state.projected:
        lines.append(Content(f"at the pace reported, complete around {day(state.projected)}"))
    return [Content(""), Content.styled("Schedule", HEAD), *lines] if lines else []


def _conditions(state: State, titles: dict[str, str]) -> list[Content]:
    trigger = state.milestone.trigger
    owed = [plain(f"owed only if {titles.get(trigger.milestone, trigger.milestone)} is "
                  f"{trigger.reached.value}" + (f": {trigger.text}" if trigger.text else ""))] if trigger else []
    if not state.gates:
        return [Content(""), Content.styled("Contingent", HEAD), *owed] if owed else []
    lines = [Content(""), Content.styled("Waits on", HEAD), *owed]
    for gate in state.gates:
        mark = ("✓ met", "$text-success") if gate.met else ("✗ not met", "$text-warning")
        if gate.blocked and not gate.met:  # a decision against it, not merely pending
            mark = (f"{GLYPH[Status.blocked]} blocked", STYLE[Status.blocked])
        since = f" since {day(gate.since)}" if gate.met and gate.since else ""
        names = " or ".join(titles.get(o.milestone, o.milestone) for o in gate.options or (gate,))
        lines.append(Content.assemble(mark, " ", plain(f"{names} ({gate.reached.value}){since}")))
        if gate.text:
            lines.append(plain(f"  {gate.text}", "$text-muted"))
    return lines


def _updates(state: State, recorded: Sequence[Recorded | None]) -> list[Content]:
    if not state.history:
        return [Content(""), Content.styled("Updates", HEAD), Content("none reported by this date")]
    lines = [Content(""), Content.styled(f"Updates ({len(state.history)})", HEAD)]
    for index, u in enumerate(state.history):
        what = ", ".join(facts(u) + ([f"by {u.by}"] if u.by else [])) or "note"
        source = f"[{u.source}]" if u.source else "[no source]"
        inferred = "" if u.certainty.value == "stated" else f" (date {u.certainty.value})"
        lines.append(Content.assemble((day(u.date), "bold"), " ", plain(what), " ",
                                      plain(source, "$text-accent"), plain(inferred, "$text-muted")))
        if u.note:
            lines.append(plain("  " + u.note.strip(), newlines=True))
        if index < len(recorded) and (by := recorded[index]) is not None:
            lines.append(plain(f"  recorded by {by.by}, {day(by.at.date())} · {by.commit[:7]}",
                               "$text-muted"))
    return lines


def _disputes(state: State) -> list[Content]:
    if not state.disputes:
        return []
    lines = [Content(""), Content.styled("Sources disagree", HEAD)]
    for dispute in state.disputes:
        claims = "  │  ".join(f"{c.value} [{', '.join(c.sources)}]" for c in dispute.claims)
        lines.append(Content.assemble(plain(f"{fact(dispute.field)}: ", "bold"), plain(claims)))
    return lines


_Cell = tuple[str, object]


def _cells(strip: Strip | None) -> list[_Cell]:
    """One (text, style) per cell; the second cell of a wide character has empty text."""
    cells: list[_Cell] = []
    for text, style, _ in strip or ():
        for char in text:
            cells.append((char, style))
            cells.extend(("", style) for _ in range(cell_len(char) - 1))
    return cells


def _changed(old: Strip | None, new: Strip | None) -> tuple[int, int] | None:
    """The cells [start, end) where two lines differ, widened to whole characters; None if equal."""
    if old == new:
        return None
    a, b = _cells(old), _cells(new)
    blank: _Cell = (" ", None)  # past its end a line is drawn blank
    size = max(len(a), len(b))
    a += [blank] * (size - len(a))
    b += [blank] * (size - len(b))
    start = next((i for i in range(size) if a[i] != b[i]), None)
    if start is None:
        return None
    end = next(i for i in range(size, 0, -1) if a[i - 1] != b[i - 1])
    while start > 0 and "" in (a[start][0], b[start][0]):
        start -= 1
    while end < size and "" in (a[end][0], b[end][0]):
        end += 1
    return start, end


def _tight(strip: Strip) -> Strip:
    """The same cells in as few segments as their styles allow: the terminal is sent a full
    style and a reset for every segment, even one styled as the last."""
    return strip.simplify()


class DetailPane(QuietScrollView):
    """Scrollable detail of the selected milestone, drawn a line at a time. A new selection
    repaints this pane alone, once, and never asks the screen for a new layout."""

    ALLOW_MAXIMIZE = True
    DEFAULT_CSS = """
    DetailPane {
        border-top: solid $border-blurred;
        border-title-color: $text-primary;
        padding: 0 1;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        /* The text keeps its width when the scrollbar comes or goes: only the bar is drawn. */
        scrollbar-gutter: stable;
        &:focus { border-top: solid $border; }
    }
    """

    evaluation: var[Evaluation | None] = var(None, init=False)
    selected: var[str | None] = var(None, init=False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.content = Content("")
        self._lines: list[Strip] = []
        self._wrapped = VisualStyle.null()
        self._drawn_width = 0
        self._lookups: Lookups | None = None
        self._pending = False
        self._blamer = Blamer()

    def watch_evaluation(self) -> None:
        self._lookups = None
        self._later()

    def watch_selected(self) -> None:
        self.scroll_to(y=0, animate=False)
        self._later()

    def _later(self) -> None:
        # The screen may change evaluation and selection together: draw once, after both.
        if not self._pending:
            self._pending = True
            self.call_later(self.show)

    def on_resize(self) -> None:
        self._lay_out()

    def show(self) -> None:
        self._pending = False
        row = self._row()
        if row is None or self.evaluation is None:
            self._title(Content("Detail"))
            self.content = Content("Nothing selected: no milestone matches the filter.")
        else:
            self._title(plain(row.milestone.id))
            lookups = self._looked_up(self.evaluation)
            # Guarded whole, so no line built from file text can reach the terminal raw.
            self.content = guarded(detail_content(row, self.evaluation, self.size.width or 60, lookups,
                                                  self._recorded(row)))
        self._lay_out()

    def _recorded(self, row: Row) -> Sequence[Recorded | None]:
        """Who recorded the row's updates if known; else git blame runs in a thread and the
        pane is drawn again when it is done, so a cursor move never waits for git."""
        loaded = getattr(getattr(self.app, "session", None), "loaded", None)
        if loaded is None:
            return ()
        history = row.state.history
        known = self._blamer.kept(loaded, history)
        if known is None:
            def work() -> None:
                self._blamer.of(loaded, history)
                self.app.call_from_thread(self._later)
            self.run_worker(work, group="blame", thread=True, exit_on_error=False)
            return ()
        return known

    def _title(self, title: Content) -> None:
        # Setting `border_title` repaints the whole pane; over SSH only the cells of the top
        # line that held a title need go: the title sits at the left, after at most a corner
        # and a blank, and the rest of the line is the same rule as before.
        old = self._border_title
        if old is None or title.plain != old.plain:
            self._border_title = title
            x, y = self.content_offset
            cells = max(title.cell_length, old.cell_length if old is not None else 0) + 4
            self.refresh(Region(-x, -y, min(cells, self.outer_size.width), 1))

    def _lay_out(self) -> None:
        """Wrap the content to the width and repaint only the lines that changed; a new
        length moves the scrollbar's thumb, and only a scrollbar appearing or going away
        needs the screen to lay out again."""
        width = self.scrollable_content_region.width
        if not width:  # not laid out yet: the first resize draws it
            return
        old, top = self._lines, round(self.scroll_y)
        self._wrap(width)
        size = Size(width, len(self._lines))
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            if (bar := size.height > self.size.height) != self.show_vertical_scrollbar:
                # The gutter is kept (scrollbar-gutter: stable), so the text keeps its width
                # and only the bar comes or goes: set it without the whole-pane repaint that
                # `show_vertical_scrollbar` asks for, and lay out once to place the bar.
                self.set_reactive(ScrollView.show_vertical_scrollbar, bar)
                self.vertical_scrollbar.display = bar
                self.refresh(layout=True, repaint=False)
            elif self.show_vertical_scrollbar:
                self.vertical_scrollbar.window_virtual_size = size.height
            self.scroll_to(y=min(self.scroll_y, self.max_scroll_y), animate=False)
        if round(self.scroll_y) != top or width != self._drawn_width:
            self._drawn_width = width
            self.refresh()
            return
        for y in range(top, top + self.size.height):
            span = _changed(old[y] if y < len(old) else None,
                            self._lines[y] if y < len(self._lines) else None)
            if span is not None:  # only the cells that differ: a wide pane's blank tails stay put
                self.refresh(Region(span[0], y - top, span[1] - span[0], 1))

    def _wrap(self, width: int) -> None:
        # Wrapped on the pane's own style, so translucent theme colours blend with its background.
        self._wrapped = self.visual_style
        self._lines = Visual.to_strips(self, self.content, width, None, self._wrapped) if width else []

    def render_line(self, y: int) -> Strip:
        width, base = self.scrollable_content_region.width, self.rich_style
        if self.visual_style != self._wrapped:  # focus tints the background
            self._wrap(width)
        index = round(self.scroll_y) + y
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        return _tight(self._lines[index].apply_style(base).crop_extend(0, width, base))

    def _row(self) -> Row | None:
        if self.evaluation is None or self.selected is None:
            return None
        return self._looked_up(self.evaluation).rows.get(self.selected)

    def _looked_up(self, evaluation: Evaluation) -> Lookups:
        if self._lookups is None:
            self._lookups = Lookups.of(evaluation)
        return self._lookups
