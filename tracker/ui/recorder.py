"""`r` and `u`: append an update from the form to the file shown, and take back the ones
recorded in this run. A save the app has not seen yet is never written over."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.errors import StaleFileError, TrackerError
from tracker.model import Update
from tracker.ui.screens.record import ConfirmScreen, RecordScreen
from tracker.write import append_update, describe, remove_last_update

if TYPE_CHECKING:
    from tracker.ui.app import TrackerApp


class Recorder:
    """Writes through `tracker.write` and remembers what it appended, for undo."""

    def __init__(self, app: TrackerApp) -> None:
        self.app = app
        self.recorded: list[tuple[bytes, str]] = []
        """What each update recorded in this run appended, and its description."""

    def record(self, milestone: str | None) -> None:
        """Open the form for an update to `milestone`."""
        session = self.app.session
        chosen = next((m for m in session.loaded.deal.milestones if m.id == milestone), None)
        if chosen is None:
            self.app.notify("select a milestone to record an update for", severity="warning")
            return
        self.app.push_screen(RecordScreen(chosen, session.loaded.deal, session.as_of,
                                          str(session.loaded.path), self.write))

    def write(self, update: Update) -> bool:
        """Append `update` to the file shown; False if the file changed meanwhile (then
        reloaded). Any other refusal is raised for the form to show."""
        try:
            written = append_update(self.app.session.loaded, update)
        except StaleFileError as error:
            self._stale(error)
            return False
        self.app.follow.take(written.loaded)
        self.recorded.append((written.appended, describe(update)))
        self.app.notify(f"recorded: {describe(update)}", markup=False)
        return True

    def undo(self) -> None:
        """Ask, then remove the last update recorded in this run."""
        if not self.recorded:
            self.app.notify("nothing was recorded here to undo", severity="warning")
            return
        question = f"Remove the update recorded here: {self.recorded[-1][1]}?"
        self.app.push_screen(ConfirmScreen(question), self._undo_confirmed)

    def _undo_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        appended, what = self.recorded[-1]
        try:
            loaded = remove_last_update(self.app.session.loaded, appended)
        except StaleFileError as error:
            self._stale(error)
            return
        except TrackerError as error:
            self.app.notify("\n".join(p.message for p in error.problems), severity="error", markup=False)
            return
        self.recorded.pop()
        self.app.follow.take(loaded)
        self.app.notify(f"removed: {what}", markup=False)

    def _stale(self, error: StaleFileError) -> None:
        self.app.notify("\n".join(p.message for p in error.problems), title="not written",
                        severity="error", markup=False)
        self.app.follow.reload()
