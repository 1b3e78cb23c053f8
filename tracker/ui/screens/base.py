"""A full-screen view drawn from the app's session."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tracker.state.session import Session
from tracker.text import clip
from tracker.ui.render import plain
from tracker.words import day


def heading(view: str, session: Session, width: int) -> Content:
    """`Timeline as of 29 Apr 2020  US-Taliban peace…`: the date first, the deal's title cut."""
    lead = f"{view} as of {day(session.as_of)}"
    title = clip(session.loaded.deal.deal.title, width - len(lead) - 2)
    return Content.assemble((lead, "bold"), plain(f"  {title}" if title else "", "$text-muted"))


SCROLL_KEYS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("j", "scroll_lines(1)", "Scroll down", show=False, tooltip="Scroll the view down a line"),
    Binding("k", "scroll_lines(-1)", "Scroll up", show=False, tooltip="Scroll the view up a line"),
]
"""`j` and `k` move through a full-screen view as they move through the table."""


def scroll_lines(screen: Screen[Any], lines: int) -> None:
    """Scroll the focused view, or else the first one with more than fits."""
    target = screen.focused
    if not isinstance(target, ScrollableContainer) or not target.allow_vertical_scroll:
        views = [v for v in screen.query(ScrollableContainer) if v.allow_vertical_scroll]
        target = views[0] if views else None
    if target is not None:
        target.scroll_relative(y=lines, animate=False)


class SessionScreen(Screen[None]):
    """Redraws itself from the app's session on every change (time travel, reload) and resize,
    under a `#view-title` line naming the view and the date."""

    VIEW: ClassVar[str] = ""
    DEFAULT_CSS = "SessionScreen #view-title { height: 1; padding: 0 1; background: $panel; }"
    BINDINGS = SCROLL_KEYS

    def on_mount(self) -> None:
        self.watch(self.app, "session", self._redraw)

    def on_resize(self) -> None:
        self._redraw(self.app.session)  # type: ignore[attr-defined]

    def _redraw(self, session: Session) -> None:
        self._show(session)
        self.query_one("#view-title", Static).update(heading(self.VIEW, session, self.size.width - 2))

    def _show(self, session: Session) -> None:
        raise NotImplementedError

    def action_scroll_lines(self, lines: int) -> None:
        scroll_lines(self, lines)
