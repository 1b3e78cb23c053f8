"""A list drawn a line at a time, with a cursor: only the rows on screen are ever built,
so a list of 10,000 costs what a list of twenty does, and a cursor move repaints two lines.

The milestone table and the attention list are both one. Colours come from the theme
through component classes, and rows are `Content` whose `$variables` the app resolves.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip

from tracker.ui.widgets.quiet import QuietScrollView


class LineList(QuietScrollView, can_focus=True):
    """Rows `0..count-1` under `HEADER` fixed lines; subclasses say what each row shows."""

    HEADER = 0
    CURSOR_ON_TOP = True
    """Whether the cursor's colours hide the row's own (else only its background shows)."""
    COMPONENT_CLASSES = {"lines--cursor", "lines--header"}
    DEFAULT_CSS = """
    LineList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        & > .lines--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .lines--header { background: ansi_bright_blue; color: ansi_default; }
        & > .lines--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .lines--header { background-tint: $foreground 5%; }
            & > .lines--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._cursor = 0
        self._count = 0
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._styles_key: object = None

    def row_content(self, index: int, width: int) -> Content:
        """What row `index` shows, at most `width` cells."""
        raise NotImplementedError

    def header_content(self, line: int, width: int) -> Content:
        return Content("")

    def cursor_moved(self) -> None:
        """The cursor rests on another row (or the rows changed under it)."""

    def chosen(self) -> None:
        """Enter was pressed on the cursor's row."""

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def row_count(self) -> int:
        return self._count

    def reset(self, count: int, cursor: int) -> None:
        """New rows: forget every drawn line, and redraw what is on screen once."""
        self._strips.clear()
        self._count = count
        self._cursor = max(0, min(cursor, count - 1))
        self.virtual_size = Size(0, count + self.HEADER)  # never scrolled sideways: no width
        self.refresh()
        self._keep_cursor_in_view()

    def move_cursor(self, index: int, announce: bool = True) -> None:
        """Put the cursor on row `index`; only the two rows it leaves and enters repaint.

        A move the program makes to follow a value it was given passes `announce=False`:
        announcing it would echo that value back to whoever set it, and two keys in one
        read would then bounce the cursor between their rows for ever."""
        index = max(0, min(index, self._count - 1))
        if index == self._cursor or self._count == 0:
            return
        old, self._cursor = self._cursor, index
        self.refresh_line(old + self.HEADER)
        self.refresh_line(index + self.HEADER)
        self._keep_cursor_in_view()
        if announce:
            self.cursor_moved()

    def _keep_cursor_in_view(self) -> None:
        rows = max(1, self.size.height - self.HEADER)
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + rows:
            self.scroll_to(y=self._cursor - rows + 1, animate=False)

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - max(1, self.size.height - self.HEADER))

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + max(1, self.size.height - self.HEADER))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self._count - 1)

    def action_choose(self) -> None:
        if self._count:
            self.chosen()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.HEADER:
            return
        index = round(self.scroll_y) + offset.y - self.HEADER
        if 0 <= index < self._count:
            self.clicked(index)

    def clicked(self, index: int) -> None:
        """A click on row `index` puts the cursor there."""
        self.move_cursor(index)

    def on_resize(self) -> None:
        self._strips.clear()
        self._keep_cursor_in_view()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        cursor_style = self.get_component_rich_style("lines--cursor")
        # Focus and theme changes restyle every line, and a new width lays it out anew: drop
        # the drawn ones. (Lines are drawn at a new size before the resize event arrives, so
        # clearing there alone would keep the old layout on them.)
        if (base, cursor_style, width) != self._styles_key:
            self._strips.clear()
            self._styles_key = (base, cursor_style, width)
        if y < self.HEADER:
            header = base + self.get_component_rich_style("lines--header")
            return self._strip(self.header_content(y, width), width, header)
        index = round(self.scroll_y) + y - self.HEADER
        if not 0 <= index < self._count:
            return Strip.blank(width, base)
        cursor = index == self._cursor
        strip = self._strips.get((index, cursor))
        if strip is None:
            over = cursor_style if cursor else None
            strip = self._strips[(index, cursor)] = self._strip(self.row_content(index, width), width, base, over)
        return strip

    def _strip(self, content: Content, width: int, base: Style, over: Style | None = None) -> Strip:
        """One line: the content's own styles on `base`, with `over` (the cursor) on top."""
        if over and not self.CURSOR_ON_TOP:
            base, over = base + over, None
        segments = [Segment(text, base + style.rich_style + over if over else base + style.rich_style)
                    for text, style in content.render(end="", parse_style=self._get_style)]
        return Strip(segments).crop_extend(0, width, base + over if over else base)
