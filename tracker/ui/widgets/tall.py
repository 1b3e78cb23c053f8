"""A tall text that lays out only the lines on screen: the timeline of a large deal runs
to a hundred thousand lines, and a `Static` would lay out, and hold, every one."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget


class TallText(Widget):
    """`count` lines, line `i` given by `line(i)` when it first shows, drawn as a `Static`
    would draw the same lines joined (one line each: they are cut, never wrapped)."""

    DEFAULT_CSS = "TallText { height: auto; }"

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
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._count

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not 0 <= y < self._count or not width:
            return Strip.blank(width, self.visual_style.rich_style)
        strips = Visual.to_strips(self, self._line(y), width, 1, self.visual_style)
        return strips[0] if strips else Strip.blank(width, self.visual_style.rich_style)
