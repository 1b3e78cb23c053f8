"""Keep the app's session in step with the file on disk: poll it, reload it, say why not.

The file is polled (one `os.stat` a quarter second) rather than watched with inotify:
it works the same over any filesystem and with every way of saving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from tracker.errors import FileError, TrackerError
from tracker.load import Loaded, read, reload
from tracker.state.watch import Broken, Changed, Fine, Gone, Outcome, Watcher

if TYPE_CHECKING:
    from tracker.ui.app import TrackerApp

POLL_SECONDS = 0.25
"""How often the file's stamp is looked at: a save shows within about this long."""

RECHECK_SECONDS = 0.15
"""How long to wait before believing a save is broken (it may be half-written)."""


class Follower:
    """Shows what each save did: a new session, why the file is broken, or that it is gone."""

    def __init__(self, app: TrackerApp) -> None:
        self.app = app
        # Made with the app, so a save between opening and the first poll is noticed.
        self.watcher = Watcher(app.session.loaded.path)
        self._timer: Timer | None = None

    def start(self) -> None:
        self._timer = self.app.set_interval(POLL_SECONDS, self.check)

    def pause(self) -> None:
        """Stop polling (tests use it to see what the app does without the watcher)."""
        if self._timer is not None:
            self._timer.pause()

    def check(self, force: bool = False) -> None:
        """Show what a save changed; no redraw at all while the file stays the same."""
        self.show(self.watcher.poll(self.app.session.loaded, force=force))

    def show(self, outcome: Outcome) -> None:
        if isinstance(outcome, Changed):
            self.take(outcome.loaded)
        elif isinstance(outcome, Fine):
            self.app.set_problems(None)
        elif isinstance(outcome, Broken) and not outcome.settled:
            self.app.set_timer(RECHECK_SECONDS, lambda: self.check(force=True))
        elif isinstance(outcome, Broken):
            self.app.set_problems(outcome.error)
        elif isinstance(outcome, Gone):
            self.app.set_problems(outcome.error, gone=True)

    def take(self, loaded: Loaded) -> None:
        """Show `loaded` (a save seen, or our own write) on the date shown now."""
        self.app.session = self.app.session.swap(loaded)
        self.app.set_problems(None)

    def reload(self) -> None:
        """Read the file again; if it is now invalid, say why and keep the last good data."""
        shown = self.app.session.loaded
        try:
            raw = read(shown.path)
        except FileError as error:  # missing or unreadable: "gone", as the poller says it
            self.app.set_problems(error, gone=True)
            return
        try:
            # An append (the common edit) is parsed and checked alone; anything else in full.
            loaded = reload(shown, raw)
        except TrackerError as error:  # binary or invalid: "has errors", as the poller says it
            self.app.set_problems(error)
            return
        self.take(loaded)
