"""The portfolio screen: one row per deal, and what needs attention and falls due across them.

Everything shown is computed by `tracker.portfolio` (and phrased by `tracker.portfolio_report`,
so the app and the report read alike); this screen only lays it out. `enter` opens the deal
in the usual screens (`DealScreen`), `escape` there comes back, and time travel moves every
deal at once.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tracker.portfolio import (
    Entry,
    Item,
    Portfolio,
    Summary,
    portfolio,
    step,
)
from tracker.portfolio_report import next_text, quiet_text, urgent_text, why_text
from tracker.state.folder import Folders
from tracker.state.session import Session
from tracker.state.view import View
from tracker.state.watch import Watcher
from tracker.text import clip
from tracker.ui.render import STYLE, plain, status
from tracker.ui.screens.main import MainScreen
from tracker.words import day, due, tally

if TYPE_CHECKING:
    from tracker.history import Index
    from tracker.ui.app import TrackerApp


class PortfolioScreen(Screen[None]):
    """Every deal on one date; the date moves for all of them together."""

    _DATE = Binding.Group("date")
    BINDINGS = [
        Binding("question_mark", "app.help", "Keys", tooltip="Every key, and what the glyphs mean"),
        Binding("left_square_bracket", "earlier", "Earlier date", group=_DATE,
                tooltip="Step every deal back to the last day something happened in any of them"),
        Binding("right_square_bracket", "later", "Later date", group=_DATE,
                tooltip="Step every deal on to the next day something happened in any of them"),
        Binding("t", "home", "Start date", group=_DATE, tooltip="Return to the date the tracker opened on"),
    ]

    DEFAULT_CSS = """
    PortfolioScreen #portfolio-head { height: 1; padding: 0 1; background: $panel; }
    PortfolioScreen #deals { height: 1fr; border: none; padding: 0; scrollbar-size-vertical: 1; }
    PortfolioScreen #roll-up { height: 8; border-top: solid $border-blurred; padding: 0 1;
                               scrollbar-size-vertical: 1; }
    PortfolioScreen.-tall #roll-up { height: 40%; }
    """

    as_of: var[date] = var(date.min, init=False)

    def __init__(self, folders: Folders, start: date) -> None:
        super().__init__()
        self.folders = folders
        self.start = start
        self._indexes: dict[Path, Index] = {}
        self._drawn_for: tuple[int, bool] = (0, False)
        self._opened = False
        """Whether a deal was opened from here: its date then comes back with it."""
        self.book: Portfolio = portfolio(self.entries, start, indexes=self._indexes)
        self._books: dict[date, Portfolio] = {start: self.book}
        """The portfolio on the dates last shown, while no file changed: stepping back is instant."""
        self.set_reactive(PortfolioScreen.as_of, start)

    def compose(self) -> ComposeResult:
        yield Static(id="portfolio-head", markup=False)
        yield OptionList(id="deals")
        with VerticalScroll(id="roll-up"):
            yield Static(id="roll-up-text", markup=False)
        yield Footer(compact=True)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.folders.entries

    def on_mount(self) -> None:
        self.query_one("#deals", OptionList).focus()
        self.set_interval(POLL_SECONDS, self.poll)  # as the app follows one file
        if self.folders.pending:  # a large folder: the rest is read once the first frame is out
            self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        """Read the next files still pending and add their rows and their items in the
        lists across deals; then, after the screen is drawn again, the next ones."""
        start = len(self.entries)
        self.folders.fill(FILL)
        # As at start (tracker.cli): the deals live on, and rescanning them at every
        # collection made reading 1,000 files quadratic.
        gc.freeze()
        if self.folders.pending:
            self.call_after_refresh(self._fill)
        self.book = portfolio(self.entries, self.as_of, indexes=self._indexes, before=self.book)
        self._books = {self.as_of: self.book}  # other dates were of fewer deals
        self._show_head()
        width = self._width()
        self.query_one("#deals", OptionList).add_options(
            [item for i in range(start, len(self.book.deals))
             for item in (None, Option(_row(self.book.deals[i], width), id=str(i)))])
        self._show_roll_up()

    def poll(self) -> None:
        """Show files added, removed, renamed or changed; nothing is redrawn otherwise."""
        before = self.entries
        if not self.folders.poll():
            return
        changed = [i for i, e in enumerate(self.entries) if i >= len(before) or before[i] is not e]
        for i in changed:
            self._indexes.pop(self.entries[i].path, None)  # read again: its index is stale
        self.book = portfolio(self.entries, self.as_of, indexes=self._indexes, before=self.book)
        self._books = {self.as_of: self.book}  # other dates were of the files as they were
        if [e.path for e in before] != [e.path for e in self.entries]:
            self._show()  # files came or went: every row moves
            return
        deals = self.query_one("#deals", OptionList)
        for i in changed:  # only the rows of the files saved
            deals.replace_option_prompt(str(i), _row(self.book.deals[i], self._width()))
        self._show_roll_up()

    def on_resize(self) -> None:
        # The rows are cut to the width: a change of height alone redraws nothing here.
        if (self.size.width, self.size.height >= 30) != self._drawn_for:
            self._show()

    def watch_as_of(self, as_of: date) -> None:
        self.book = self._books.get(as_of) or portfolio(self.entries, as_of, indexes=self._indexes)
        self._books = {**dict(list(self._books.items())[-(KEPT - 1):]), as_of: self.book}
        self._show()

    def _show(self) -> None:
        width = self._width()
        self._drawn_for = (self.size.width, self.size.height >= 30)
        self.set_class(self.size.height >= 30, "-tall")
        self._show_head()
        deals = self.query_one("#deals", OptionList)
        highlighted = deals.highlighted
        options: list[Option | None] = []
        for i, summary in enumerate(self.book.deals):
            options += [None] if options else []  # a rule between deals
            options.append(Option(_row(summary, width), id=str(i)))
        deals.set_options(options)
        deals.highlighted = highlighted if highlighted is not None else 0
        self._show_roll_up()

    def _show_head(self) -> None:
        broken = f" · {len(self.book.broken)} with errors" if self.book.broken else ""
        pending = len(self.folders.pending)
        count = len(self.book.deals) + pending
        reading = (f"  · reading files: {len(self.book.deals):,} of {count:,}", "$text-warning")
        self.query_one("#portfolio-head", Static).update(Content.assemble(
            (f"Portfolio as of {day(self.as_of)}", "bold"), f" · {count:,} deals{broken}",
            reading if pending else ("  · enter opens a deal", "$text-muted")))

    def _width(self) -> int:
        return max(20, self.size.width - 3)

    def _show_roll_up(self) -> None:
        self.query_one("#roll-up-text", Static).update(_roll_up(self.book, self._width()))

    @on(OptionList.OptionSelected, "#deals")
    def _selected(self, message: OptionList.OptionSelected) -> None:
        if message.option.id is not None:
            self.open(int(message.option.id))

    def open(self, index: int) -> None:
        """Open deal `index` in the usual screens, on the portfolio's date."""
        entry = self.entries[index]
        if entry.loaded is None:
            self.notify(f"{entry.path.name} does not load: {entry.first_problem}", severity="error",
                        markup=False, timeout=6)
            return
        app = cast("TrackerApp", self.app)
        session = app.session
        if session is None or session.loaded.path != entry.path or session.loaded.raw != entry.loaded.raw:
            session = Session.open(entry.loaded, self.start)
        app.watcher = Watcher(entry.path)
        app.set_problems(None)
        app.session = session.at(self.as_of)
        self._opened = True
        app.push_screen(DealScreen(app.session))
        app.check_file(force=True)  # a save since the portfolio read the file

    def on_screen_resume(self) -> None:
        """Back from a deal: take its date and what it now holds (a save, a record)."""
        app = cast("TrackerApp", self.app)
        session = app.session
        if session is None:
            return
        shown = next((e for e in self.entries if e.path == session.loaded.path), None)
        changed = shown is not None and shown.loaded is not session.loaded
        if changed:
            self.folders.take(session.loaded)
            self._indexes[session.loaded.path] = session.index
            self._books = {}
        if session.as_of != self.as_of and self._opened:
            self.as_of = session.as_of
        elif changed:
            self.watch_as_of(self.as_of)

    def _step(self, direction: int, at_the_end: str) -> None:
        stepped = step(self.entries, self.start, self.as_of, direction)
        if stepped == self.as_of:
            self.notify(at_the_end, timeout=3)
        self.as_of = stepped

    def action_earlier(self) -> None:
        self._step(-1, "No earlier day to step to: this is the eve of the first report.")

    def action_later(self) -> None:
        self._step(1, "No later day to step to: nothing was reported after this date.")

    def action_home(self) -> None:
        self.as_of = self.start


def _row(s: Summary, width: int) -> Content:
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


POLL_SECONDS = 0.25
"""How often the folders are looked at: the same bound as one file in the app."""

FILL = 50
"""Files read and summed up a time while a large folder opens (about 0.1 s of work), the
screen drawn and keys answered between two."""

KEPT = 8
"""Dates whose portfolio is kept for time travel."""

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


def _roll_up(book: Portfolio, width: int) -> Content:
    lines = [Content.styled(f"Needs attention ({len(book.attention):,})", "bold")]
    lines += [_item(item, why_text(item.row), width) for item in book.attention[:SHOWN]] or [Content("nothing")]
    lines += _more(len(book.attention))
    lines += [Content(""), Content.styled(f"Due in the next {book.weeks} weeks ({len(book.agenda):,})", "bold")]
    lines += [_item(item, due(item.row.state), width) for item in book.agenda[:SHOWN]] or [Content("nothing")]
    lines += _more(len(book.agenda))
    return Content("\n").join(lines)


def _more(count: int) -> list[Content]:
    if count <= SHOWN:
        return []
    return [Content.styled(f"… and {count - SHOWN:,} more (all of them: tracker report)", "$text-muted")]


def _item(item: Item, when: str, width: int) -> Content:
    text = clip(f"{item.row.milestone.title} — {item.title}", max(10, width - 24))
    return Content.assemble(status(item.row.state.status, 12), f" {when:>9}  ", plain(text))


class DealScreen(MainScreen):
    """A deal opened from the portfolio: the usual screen, where `escape` goes back."""

    BINDINGS = [
        Binding("escape", "clear", "Back", tooltip="Clear the filter, else back to the portfolio"),
    ]

    def action_clear(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif self.view != View():
            super().action_clear()
        else:
            self.app.pop_screen()
