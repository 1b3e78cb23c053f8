"""The portfolio screen: one row per deal, and what needs attention and falls due across them.

Everything shown is computed by `tracker.portfolio`, narrowed by `tracker.state.portview` (find
and filter) and phrased in `portrows` through `tracker.portfolio_report`, so the app and the
report read alike; this screen only lays it out. `enter` opens the deal in the usual screens
(`DealScreen`), `escape` there comes back, and time travel moves every deal at once.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tracker.portfolio import Entry, Portfolio, Summary, portfolio, step
from tracker.state.folder import Folders
from tracker.state.portview import PortView, Shown, describe, shown, totals
from tracker.state.session import Session
from tracker.state.watch import Watcher
from tracker.ui.keys import Moving
from tracker.ui.screens.deal import DealScreen
from tracker.ui.screens.portrows import deal_row, roll_up
from tracker.ui.widgets.deallist import DealList
from tracker.ui.widgets.footer import KeysFooter
from tracker.ui.widgets.search import SearchInput
from tracker.words import day, plural

if TYPE_CHECKING:
    from tracker.history import Index
    from tracker.ui.app import TrackerApp


class PortfolioScreen(Screen[None]):
    """Every deal on one date; the date moves for all of them together."""

    _DATE = Binding.Group("date")
    BINDINGS = [
        Binding("question_mark", "app.help", "Keys", tooltip="Every key, and what the glyphs mean"),
        Binding("slash", "search", "Find",
                tooltip="Show only deals whose title or file, or an item to attend to or due, holds some text"),
        Binding("left_square_bracket", "earlier", "Earlier date (time travel)", group=_DATE,
                tooltip="Step every deal back to the last day something happened in any of them"),
        Binding("right_square_bracket", "later", "Later date (time travel)", group=_DATE,
                tooltip="Step every deal on to the next day something happened in any of them"),
        Binding("t", "home", "Start date (time travel)", group=_DATE,
                tooltip="Return to the date the tracker opened on"),
        Binding("f", "filter", "Filter by status or text", show=False,
                tooltip="Show only deals with a milestone in some statuses, and the items in them"),
        Binding("escape", "clear", "Clear filter", show=False, tooltip="Show every deal again"),
    ]
    MOVING: ClassVar[Moving] = (
        ("↑ ↓  j k  home end", "move between deals"),
        ("enter", "open the selected deal in its own screens (escape comes back)"),
        ("tab  shift+tab", "the deals / what needs attention and falls due"),
        ("ctrl+p", "command palette: every action, searchable"),
    )
    """The keys of the deal list itself, which the help lists before the screen's own."""

    DEFAULT_CSS = """
    PortfolioScreen #portfolio-head { height: 1; padding: 0 1; background: $panel; }
    PortfolioScreen #deals { height: 1fr; border: none; padding: 0; scrollbar-size-vertical: 1; }
    PortfolioScreen #roll-up { height: 8; border-top: solid $border-blurred; padding: 0 1;
                               scrollbar-size-vertical: 1; }
    PortfolioScreen.-tall #roll-up { height: 40%; }
    """

    as_of: var[date] = var(date.min, init=False)
    view: var[PortView] = var(PortView, init=False)

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
        self._shown: Shown = shown(self.book, PortView())
        """What the view lets through of `book`: what is drawn."""
        self._rows: dict[tuple[int, int], tuple[Summary, Content]] = {}
        """Each deal's row as last drawn, by the deal's summary and the width."""

    def compose(self) -> ComposeResult:
        yield Static(id="portfolio-head", markup=False)
        yield DealList(id="deals")
        with VerticalScroll(id="roll-up"):
            yield Static(id="roll-up-text", markup=False)
        yield Static(id="filter-bar", markup=False)
        yield SearchInput(id="search")
        yield KeysFooter(compact=True)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.folders.entries

    def on_mount(self) -> None:
        self.query_one("#deals", OptionList).focus()
        if self.size.width:  # the first screen is sized before it mounts: fill the first frame
            self._show()
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
        self._shown = shown(self.book, self.view)
        self._show_head()
        self._describe()
        width = self._width()
        self.query_one("#deals", OptionList).add_options(
            [item for i in self._shown.deals if i >= start
             for item in (None, Option(self._row(self.book.deals[i], width), id=str(i)))])
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
        was = self._shown.deals
        self._shown = shown(self.book, self.view)
        if [e.path for e in before] != [e.path for e in self.entries] or self._shown.deals != was:
            self._show()  # files came or went, or into or out of the filter: every row moves
            return
        deals = self.query_one("#deals", OptionList)
        for i in set(changed) & set(was):  # only the rows of the files saved
            deals.replace_option_prompt(str(i), deal_row(self.book.deals[i], self._width()))
        self._show_roll_up()

    def on_resize(self) -> None:
        # The rows are cut to the width: a change of height alone redraws nothing here.
        if (self.size.width, self.size.height >= 30) != self._drawn_for:
            self._show()

    def watch_as_of(self, as_of: date) -> None:
        self.book = self._books.get(as_of) or portfolio(self.entries, as_of, indexes=self._indexes)
        self._books = {**dict(list(self._books.items())[-(KEPT - 1):]), as_of: self.book}
        self._show()

    def watch_view(self, before: PortView, view: PortView) -> None:
        # Typing a find moves to the first deal it found; a filter chosen keeps the deal shown.
        first = view.text != before.text
        drawn = self._shown.deals
        seen = shown(self.book, view)
        if seen.deals != drawn:
            self._show(first, seen)
            return
        # The same rows (a key that every deal still matches): 1,000 rows drawn again took a
        # second a key, so only the bar and the lists below change.
        self._shown = seen
        self._describe()
        self._show_roll_up()
        if first and drawn:
            self.query_one("#deals", OptionList).highlighted = 0

    def _show(self, first: bool = False, seen: Shown | None = None) -> None:
        width = self._width()
        self._drawn_for = (self.size.width, self.size.height >= 30)
        self.set_class(self.size.height >= 30, "-tall")
        self._shown = seen or shown(self.book, self.view)
        self._show_head()
        self._describe()
        deals = self.query_one("#deals", OptionList)
        was = deals.highlighted_option
        at = deals.highlighted or 0
        options: list[Option | None] = []
        for i in self._shown.deals:
            options += [None] if options else []  # a rule between deals
            options.append(Option(self._row(self.book.deals[i], width), id=str(i)))
        deals.set_options(options)
        live = {id(s) for s in self.book.deals}  # a summary kept here is alive: its id is its own
        self._rows = {k: v for k, v in self._rows.items() if id(v[0]) in live}
        # The same deal while it is still shown, else the row now in its place.
        if options and not first and was is not None and was.id is not None and int(was.id) in self._shown.deals:
            deals.highlighted = deals.get_option_index(was.id)
        elif options:
            deals.highlighted = 0 if first else min(at, deals.option_count - 1)
        self._show_roll_up()

    def _show_head(self) -> None:
        broken = f" · {len(self.book.broken)} with errors" if self.book.broken else ""
        pending = len(self.folders.pending)
        count = len(self.book.deals) + pending
        reading = (f"  · reading files: {len(self.book.deals):,} of {count:,}", "$text-warning")
        self.query_one("#portfolio-head", Static).update(Content.assemble(
            (f"Portfolio as of {day(self.as_of)}", "bold"), f" · {plural(count, 'deal')}{broken}",
            reading if pending else ("  · enter opens a deal", "$text-muted")))

    def _row(self, summary: Summary, width: int) -> Content:
        # Kept while the deal's summary is: a find narrowed then widened again, or a file
        # saved among 1,000, draws no other row again (1,000 rows took half a second).
        key = (id(summary), width)
        kept = self._rows.get(key)
        if kept is None or kept[0] is not summary:
            kept = self._rows[key] = (summary, deal_row(summary, width))
        return kept[1]

    def _describe(self) -> None:
        bar = self.query_one("#filter-bar", Static)
        bar.display = self.view.filtered
        if self.view.filtered:
            bar.update(Content(describe(self.view, len(self._shown.deals), len(self.book.deals))
                               + " · esc clears the filter"))

    def _width(self) -> int:
        return max(20, self.size.width - 3)

    def _show_roll_up(self) -> None:
        self.query_one("#roll-up-text", Static).update(roll_up(self._shown, self.book.weeks, self._width()))

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
        # Only back from the deal: a dialog closed (help, palette, filter) leaves the date be,
        # and the deal's date from long ago must not come back with it.
        opened, self._opened = self._opened, False
        if session.as_of != self.as_of and opened:
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

    # Find and filter: what is shown is worked out by `tracker.state.portview`.

    @on(SearchInput.Changed)
    def _search_changed(self, event: SearchInput.Changed) -> None:
        self.view = self.view.with_text(event.value)

    @on(SearchInput.Submitted)
    def _search_done(self) -> None:
        self.query_one(SearchInput).display = False
        self.query_one("#deals", OptionList).focus()

    @on(SearchInput.Cancelled)
    def _search_cancelled(self) -> None:
        self.query_one(SearchInput).value = ""
        self._search_done()

    def action_search(self) -> None:
        search = self.query_one(SearchInput)
        search.value = self.view.text  # as the filter form may have left it
        search.display = True
        search.focus()

    def action_filter(self) -> None:
        from tracker.ui.screens.portfilter import PortfolioFilterScreen

        self.app.push_screen(PortfolioFilterScreen(totals(self.book), self.view), self._filtered)

    def _filtered(self, view: PortView | None) -> None:
        if view is not None:
            self.query_one(SearchInput).value = view.text
            self.view = view

    def action_clear(self) -> None:
        self.query_one(SearchInput).value = ""
        self.view = PortView()


POLL_SECONDS = 0.25
"""How often the folders are looked at: the same bound as one file in the app."""

FILL = 50
"""Files read and summed up a time while a large folder opens (about 0.1 s of work), the
screen drawn and keys answered between two."""

KEPT = 8
"""Dates whose portfolio is kept for time travel."""
