"""The timeline's story: every dated update (●), plan mark (◇) and the as-of date (▲) in
order, worded from the core's chronology, and laid out one line each at any width."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from textual.content import Content

from tracker.blame import Recorded
from tracker.chronology import Entry
from tracker.model import Milestone, Update
from tracker.state.session import Session
from tracker.text import cells as cell_len
from tracker.text import clip, fit
from tracker.ui.render import HEAD, plain
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
    update: Update | None = field(default=None, compare=False)
    """The update itself (for who recorded it), None for a plan mark or the as-of line."""


def _event(e: Entry, session: Session) -> Event:
    """One line of the core's story, worded: an update (●), a plan mark (◇) or the as-of (▲)."""
    if not e.milestone:
        return Event(e.when, "▲", what="as of this date", style="bold $text-accent")
    m = session.index.by_id[e.milestone]
    if e.update is None:
        style = "$text-muted" if e.when > session.as_of else ""
        return Event(e.when, "◇", m.title, _mark(e, m), style=style)
    u = e.update
    what = _what(e)
    if not what:
        what = f"note: {u.note.strip()}" if u.note.strip() else "note"
        return Event(u.date, "●", m.title, what, u.source or "", True, update=u)
    return Event(u.date, "●", m.title, what, u.source or "", update=u)


def _what(e: Entry) -> str:
    """`total 850 vs plan 1,500`: what an update reports ("" for a note alone)."""
    assert e.update is not None
    what = ", ".join(facts(e.update))
    return what + f" vs plan {e.planned:,}" if e.planned is not None else what


def _mark(e: Entry, m: Milestone) -> str:
    if e.mark == "start" and m.plan:
        return f"plan starts: {m.plan.batch:,} {every(m.plan)}"
    if e.mark == "end":
        return f"plan ends: all {m.target:,} due"
    return f"due ({e.due})"


def _cells(text: str, most: int) -> int:
    """`cell_len(clip(text, most))`, without the work for plain ASCII (every figure, date and id)."""
    return min(len(text), most) if text.isascii() and text.isprintable() else cell_len(clip(text, most))


class Told:
    """A story of `count` events, event `i` worded when asked for, with the widths its
    layout needs: what happened and its source, widest (notes aside: they take what is left)."""

    def __init__(self, count: int, event: Callable[[int], Event], with_sources: int, bare: int) -> None:
        self.count, self.event, self.with_sources, self.bare = count, event, with_sources, bare

    @classmethod
    def of(cls, events: list[Event]) -> Told:
        rows = [e for e in events if e.title]
        fixed = [e for e in rows if not e.note] or rows
        return cls(len(events), events.__getitem__,
                   max((_cells(e.what, 99) + (4 + _cells(e.source, 30) if e.source else 0) for e in fixed), default=0),
                   max((_cells(e.what, 99) for e in fixed), default=0))

    @classmethod
    def story(cls, session: Session) -> Told:
        """The session's story: the core's entries, measured in one pass, worded as they show."""
        states = tuple(r.state for r in session.evaluation.rows)
        entries = session.chronology.story(states, session.as_of)
        by_id = session.index.by_id
        with_sources = bare = 0
        notes: list[Entry] = []
        for e in entries:
            if not e.milestone:
                continue
            what = _what(e) if e.update is not None else _mark(e, by_id[e.milestone])
            if not what:
                notes.append(e)
                continue
            source = e.update.source if e.update is not None and e.update.source else ""
            cells = _cells(what, 99)
            bare = max(bare, cells)
            with_sources = max(with_sources, cells + (4 + _cells(source, 30) if source else 0))
        if notes and not bare:  # only notes: they set the widths after all
            return cls.of([_event(e, session) for e in entries])
        return cls(len(entries), lambda at: _event(entries[at], session), with_sources, bare)


def _title_width(told: Told, width: int, lead: int) -> int:
    """Room for what happened and its source, if that leaves a title at least 28 cells
    wide; else for what happened alone (sources then show only where they fit)."""
    if width - lead - told.with_sources >= 28:
        return min(44, width - lead - told.with_sources)
    return max(12, min(44, width - lead - told.bare))


_WHO = 16
"""Cells the titles give up for `· Ann Nov 2026` when the file is in git."""


def _who(by: Recorded) -> str:
    """`· Ann Nov 2026`: who committed an update (first name) and when, the rest in the detail pane."""
    name = by.by.split()[0] if by.by.split() else "?"
    return f"· {clip(name, 10)} {by.at:%b %Y}"


class EventLayout:
    """Each event on one line no wider than `width`: date, glyph, title, what, [source],
    [who committed it], under a heading. A row too long drops who first, then its source,
    then is cut at the end of its text. Lines are laid out when asked for, so a long story
    costs only what shows. `who` maps an update's id to its commit (empty outside git)."""

    def __init__(self, told: Told, width: int, who: Mapping[int, Recorded | None] | None = None) -> None:
        self.told, self.width, self.who = told, width, who or {}
        self.stamp = day  # four-digit years at every width (tracker.words)
        self.lead = len(self.stamp(date(2000, 12, 31))) + 5  # " ● " and two cells between title and what
        self.title_w = _title_width(told, width, self.lead)
        if self.who:  # room for who, as long as titles keep 20 cells (at 80 columns they would have 16)
            self.title_w = max(_title_width(told, width - _WHO, self.lead), min(self.title_w, 20))

    def __len__(self) -> int:
        return self.told.count + 1

    def line(self, at: int) -> Content:
        if at == 0:
            return Content.styled(clip("What happened (●) and what was planned (◇)", self.width), HEAD)
        e = self.told.event(at - 1)
        head = Content.styled(f"{self.stamp(e.when)} {e.glyph} ", "bold" if e.glyph == "●" else e.style)
        if not e.title:
            return head + Content.styled(clip(e.what, self.width - self.lead + 2), e.style)
        rest = self.width - self.lead - self.title_w
        src = f"[{clip(e.source, 30)}]" if e.source else ""
        by = self.who.get(id(e.update)) if e.update is not None else None
        tail = _who(by) if by is not None else ""
        what = cell_len(clip(e.what, 999))
        if tail and what + (2 + cell_len(src) if src else 0) + 2 + cell_len(tail) > rest:
            tail = ""  # the first thing a narrow line gives up
        room = rest - 2 - cell_len(src) if src else rest
        if src and what > room:
            src, room = "", rest
        room -= 2 + cell_len(tail) if tail else 0
        return Content.assemble(head, plain(fit(e.title, self.title_w), e.style), "  ",
                                plain(clip(e.what, room), e.style),
                                plain(f"  {src}", "$text-accent") if src else "",
                                plain(f"  {tail}", "$text-muted") if tail else "")


def event_lines(events: list[Event], width: int) -> list[Content]:
    """Every line of `EventLayout`, laid out at once."""
    layout = EventLayout(Told.of(events), width)
    return [layout.line(at) for at in range(len(layout))]
