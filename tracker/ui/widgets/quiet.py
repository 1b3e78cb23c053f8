"""A `ScrollView` that forgets, once a layout has repainted it whole, the repaints it had
asked for before.

Textual (8.2) marks a scroll view dirty at its *old* size when a layout gives it a new
one, and the layout then paints it anyway; the stale region stays queued until the
widget next asks for a few lines, and goes to the terminal with them. On a cursor move
after start-up (or after the detail pane's scrollbar came or went) that stale region,
clipped only by the container, repainted every pane at once: 12 to 17 KB at 200x50 for
a move that needs 2 KB.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


class QuietScrollView(ScrollView):
    """A scroll view whose resize leaves no stale repaint behind."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        resized = self.outer_size != size
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            # Only a layout calls this, and it repaints the whole of a widget whose region
            # changed (the compositor marks the new region dirty): what was queued is in it.
            self._repaint_regions.clear()
        return changed
