"""A tall text that scrolls itself and lays out only the lines on screen: the timeline of
a large deal runs to a hundred thousand lines, and a `Static` would lay out and hold every
one (and a widget that tall, even drawn lazily, costs the compositor time per line)."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual

from tracker.ui.widgets.quiet import QuietScrollView


class TallText(QuietScrollView):
    """`count` lines, line `i` given by `line(i)` when it shows, drawn as a `Static` in a
    `VerticalScroll` would draw the same lines joined (one line each: cut, never wrapped)."""

    DEFAULT_CSS = "TallText { overflow-x: hidden; overflow-y: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._count = 0
        self._line: Callable[[int], Content] = lambda _: Content("")
        self._shown: object = None

    def show(self, key: object, count: int, line: Callable[[int], Content]) -> None:
        """Show `count` lines; nothing is redrawn when `key` is the one shown already."""
        if key == self._shown:
            return
        self._shown, self._count, self._line = key, count, line
        self.virtual_size = Size(0, count)  # never scrolled sideways: no width
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if not 0 <= index < self._count or not width:
            return Strip.blank(width, self.visual_style.rich_style)
        strips = Visual.to_strips(self, self._line(index), width, 1, self.visual_style)
        return strips[0] if strips else Strip.blank(width, self.visual_style.rich_style)
