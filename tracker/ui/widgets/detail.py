"""Everything about the selected milestone: why it stands where it does, and the record."""

from __future__ import annotations

from collections.abc import Sequence

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
from tracker.ui.render import guarded, plain
from tracker.ui.widgets.detailtext import Lookups, detail_content
from tracker.ui.widgets.quiet import QuietScrollView

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
