"""The main screen: header, milestone table, detail of the selected row, attention list."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from tracker.evaluate import Evaluation
from tracker.state.session import Session
from tracker.state.view import View, describe, visible
from tracker.ui.intents import EditFile, RecordUpdate, UndoRecord
from tracker.ui.render import plain
from tracker.ui.widgets.attention import AttentionPane
from tracker.ui.widgets.detail import DetailPane
from tracker.ui.widgets.footer import KeysFooter
from tracker.ui.widgets.header import SummaryHeader
from tracker.ui.widgets.search import SearchInput
from tracker.ui.widgets.table import MilestoneTable


class MainScreen(Screen[None]):
    """Holds what is shown (session, view, selection) and passes it down by binding."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    # Where each pane goes at each size; how each looks is in its own class.
    DEFAULT_CSS = """
    #body { height: 1fr; layout: vertical; }
    #milestones { height: 1fr; }

    /* Short screens (up to 29 lines): the table takes what is left above a 6-line strip. */
    #side { height: 6; layout: horizontal; }
    #detail { width: 2fr; height: 1fr; }
    #attention { width: 1fr; height: 1fr; }

    /* Tall screens: every row of the table, and the rest for detail and attention. */
    MainScreen.-tall #milestones { height: auto; max-height: 60%; }
    MainScreen.-tall #side { height: 1fr; }

    /* Wide but short: detail and attention beside the table. */
    MainScreen.-wide.-short #body { layout: horizontal; }
    MainScreen.-wide.-short #milestones { width: 1fr; height: 1fr; }
    MainScreen.-wide.-short #side { width: 46; height: 1fr; layout: vertical; }
    MainScreen.-wide.-short #detail { width: 1fr; height: 2fr; border-left: vkey $border-blurred; }
    MainScreen.-wide.-short #attention { width: 1fr; height: 1fr; }

    /* Narrow: the attention list is the smaller column. */
    MainScreen.-narrow #attention { width: 20; }

    /* Full screen (enter): the pane's own `fr` widths mean nothing outside its row. */
    #detail.-maximized { width: 100%; height: 1fr; border-left: none; }

    #problems {
        height: auto;
        max-height: 8;
        padding: 0 1;
        background: $error 30%;
        display: none;
    }

    /* Under 80 columns the date keys ([ ] t) would be cut to a stray bracket; help and the
       palette list them. */
    MainScreen.-cramped Footer KeyGroup, MainScreen.-cramped Footer FooterLabel { display: none; }
    """

    BINDINGS = [
        Binding("question_mark", "app.help", "Keys", tooltip="Every key, and what the glyphs mean"),
        Binding("slash", "search", "Find", tooltip="Filter the table by part of a title, id or party"),
        Binding("f", "filter", "Filter by status, kind or party", show=False,
                tooltip="Show only one status, kind or party"),
        Binding("s", "sort", "Sort", tooltip="Sort by file order, status, due date or progress"),
        Binding("l", "timeline", "Timeline", tooltip="Every dated update in order, with burn-up charts"),
        Binding("p", "parties", "Parties", tooltip="What each party owes and has delivered"),
        Binding("e", "edit", "Edit",
                tooltip="Open the file in $VISUAL or $EDITOR at the selected milestone (or the first error)"),
        # Not in the footer: at 80 columns it would push the date keys off; help and palette list it.
        Binding("r", "record", "Record an update", show=False,
                tooltip="Record an update (total, status, due date or note) for the selected milestone"),
        Binding("u", "undo", "Undo record", show=False, tooltip="Remove the last update recorded here, after asking"),
        Binding("escape", "clear", "Clear filter", show=False,
                tooltip="Clear the filter; in a view or full-screen detail, go back"),
    ]

    session: var[Session | None] = var(None, init=False)
    evaluation: var[Evaluation | None] = var(None, init=False)
    view: var[View] = var(View, init=False)
    selected: var[str | None] = var(None, init=False)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.set_reactive(MainScreen.session, session)
        self.set_reactive(MainScreen.evaluation, session.evaluation)
        rows = session.evaluation.rows
        self.set_reactive(MainScreen.selected, rows[0].milestone.id if rows else None)

    def compose(self) -> ComposeResult:
        yield SummaryHeader(id="summary").data_bind(MainScreen.session)
        with Container(id="body"):
            yield MilestoneTable(id="milestones").data_bind(
                MainScreen.evaluation, MainScreen.view, MainScreen.selected)
            with Container(id="side"):
                yield DetailPane(id="detail").data_bind(MainScreen.evaluation, MainScreen.selected)
                yield AttentionPane(id="attention").data_bind(MainScreen.evaluation)
        yield Static(id="problems", markup=False)
        yield Static(id="filter-bar", markup=False)
        yield SearchInput(id="search")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "session", self._follow, init=False)
        self.watch(self.app, "problems", self._problems)
        self.query_one(MilestoneTable).focus()

    def _follow(self, session: Session) -> None:
        self.session = session
        self.evaluation = session.evaluation

    def _problems(self, problems: tuple[str, ...]) -> None:
        pane = self.query_one("#problems", Static)
        pane.display = bool(problems)
        head = f"The file has {len(problems)} error{'s' if len(problems) != 1 else ''}; showing the last good version:"
        if getattr(self.app, "file_gone", False):
            head = "The file is gone or unreadable; showing the last good data:"
        pane.update(Content("\n").join([Content.styled(head, "bold"), *map(plain, problems)]))

    def on_resize(self) -> None:
        self.set_class(self.size.width < 80, "-cramped")

    def watch_maximized(self, maximized: object) -> None:
        if maximized is None:
            self.query_one(MilestoneTable).focus()

    def watch_view(self) -> None:
        self._describe()

    def watch_evaluation(self) -> None:
        self._describe()

    def _describe(self) -> None:
        bar = self.query_one("#filter-bar", Static)
        active = self.view != View() and self.evaluation is not None
        bar.display = active
        if active and self.evaluation is not None:
            shown = len(visible(self.evaluation, self.view))
            hint = " · esc clears the filter" if self.view.filtered else ""
            bar.update(Content(describe(self.view, shown, len(self.evaluation.rows)) + hint))

    @on(MilestoneTable.Highlighted)
    def _highlighted(self, message: MilestoneTable.Highlighted) -> None:
        # Keys read in one burst queue a message per move: only the last says where the
        # cursor is now, and acting on an earlier one would pull the cursor back.
        if message.milestone == self.query_one(MilestoneTable).current():
            self.selected = message.milestone

    @on(MilestoneTable.Opened)
    def _opened(self) -> None:
        detail = self.query_one(DetailPane)
        detail.focus()
        self.maximize(detail, container=False)

    @on(AttentionPane.Jump)
    def _jump(self, message: AttentionPane.Jump) -> None:
        if not self.query_one(MilestoneTable).shows(message.milestone):
            self.view = self.view.cleared()
        self.selected = message.milestone
        self.query_one(MilestoneTable).focus()

    @on(SearchInput.Changed)
    def _search_changed(self, event: SearchInput.Changed) -> None:
        self.view = replace(self.view, text=event.value)

    @on(SearchInput.Submitted)
    def _search_done(self) -> None:
        self.query_one(SearchInput).display = False
        self.query_one(MilestoneTable).focus()

    @on(SearchInput.Cancelled)
    def _search_cancelled(self) -> None:
        self.query_one(SearchInput).value = ""
        self.view = replace(self.view, text="")
        self._search_done()

    def action_search(self) -> None:
        search = self.query_one(SearchInput)
        search.display = True
        search.focus()

    def action_filter(self) -> None:
        from tracker.ui.screens.filter import FilterScreen

        if self.evaluation is not None:
            self.app.push_screen(FilterScreen(self.evaluation, self.view), self._filtered)

    def _filtered(self, view: View | None) -> None:
        if view is not None:
            self.view = view

    def action_sort(self) -> None:
        self.view = self.view.sorted_by(self.view.sort.next())

    def action_clear(self) -> None:
        self.query_one(SearchInput).value = ""
        self.view = self.view.cleared()

    def action_timeline(self) -> None:
        from tracker.ui.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen())

    def action_parties(self) -> None:
        from tracker.ui.screens.parties import PartiesScreen

        self.app.push_screen(PartiesScreen())

    def _under_cursor(self) -> str | None:
        # Keys typed fast (a paste, tmux send-keys) act before the cursor's message arrives.
        return self.query_one(MilestoneTable).current()

    def action_edit(self) -> None:
        self.post_message(EditFile(self._under_cursor()))

    def action_record(self) -> None:
        self.post_message(RecordUpdate(self._under_cursor()))

    def action_undo(self) -> None:
        self.post_message(UndoRecord())
