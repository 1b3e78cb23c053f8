"""A full-screen view drawn from the app's session."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tracker.explain import day
from tracker.ui.render import clip, plain
from tracker.ui.session import Session


def heading(view: str, session: Session, width: int) -> Content:
    """`Timeline as of 29 Apr 2020  US-Taliban peace…`: the date first, the deal's title cut."""
    lead = f"{view} as of {day(session.as_of)}"
    title = clip(session.loaded.deal.deal.title, width - len(lead) - 2)
    return Content.assemble((lead, "bold"), plain(f"  {title}" if title else "", "$text-muted"))


class SessionScreen(Screen[None]):
    """Redraws itself from the app's session on every change (time travel, reload) and resize,
    under a `#view-title` line naming the view and the date."""

    VIEW: ClassVar[str] = ""

    def on_mount(self) -> None:
        self.watch(self.app, "session", self._redraw)

    def on_resize(self) -> None:
        self._redraw(self.app.session)  # type: ignore[attr-defined]

    def _redraw(self, session: Session) -> None:
        self._show(session)
        self.query_one("#view-title", Static).update(heading(self.VIEW, session, self.size.width - 2))

    def _show(self, session: Session) -> None:
        raise NotImplementedError
