"""A full-screen view drawn from the app's session."""

from __future__ import annotations

from textual.screen import Screen

from tracker.ui.session import Session


class SessionScreen(Screen[None]):
    """Redraws itself from the app's session on every change (time travel, reload) and resize."""

    def on_mount(self) -> None:
        self.watch(self.app, "session", self._show)

    def on_resize(self) -> None:
        self._show(self.app.session)  # type: ignore[attr-defined]

    def _show(self, session: Session) -> None:
        raise NotImplementedError
