"""The Textual app: a thin shell holding the session (file and date) that screens show.

Screens watch `session`; time travel, reloads, saves seen on disk and updates recorded
here replace it whole. The file is polled (one `os.stat` a quarter second) rather than
watched with inotify: it works the same over any filesystem and with every way of saving.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import subprocess
from collections.abc import Iterable
from datetime import date
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer

from tracker.errors import FileError, StaleFileError, TrackerError
from tracker.load import Loaded, load
from tracker.model import Update
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.record import ConfirmScreen, RecordScreen
from tracker.ui.session import Session
from tracker.ui.watch import Broken, Changed, Fine, Gone, Outcome, Watcher
from tracker.write import append_update, describe, remove_last_update

POLL_SECONDS = 0.25
"""How often the file's stamp is looked at: a save shows within about this long."""

RECHECK_SECONDS = 0.15
"""How long to wait before believing a save is broken (it may be half-written)."""


class TrackerApp(App[int]):
    """Follow a deal milestone by milestone; every pane shows `session`."""

    CSS_PATH = "tracker.tcss"
    TITLE = "tracker"

    _DATE = Binding.Group("date")
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Leave the tracker"),
        Binding("left_square_bracket", "earlier", "Earlier date", group=_DATE,
                tooltip="Step the as-of date back to the last day something happened"),
        Binding("right_square_bracket", "later", "Later date", group=_DATE,
                tooltip="Step the as-of date on to the next day something happened"),
        Binding("t", "home", "Start date", group=_DATE, tooltip="Return to the date the tracker opened on"),
        Binding("question_mark", "help", "Keys", show=False, tooltip="Every key, and what the glyphs mean"),
    ]

    session: var[Session] = var(None, init=False)  # type: ignore[arg-type]
    problems: var[tuple[str, ...]] = var(tuple, init=False)
    """Why the file on disk could not be loaded; empty while it is fine."""
    file_gone: bool = False
    """Whether `problems` say the file is missing or unreadable (rather than invalid)."""

    def __init__(self, loaded: Loaded, as_of: date | None = None) -> None:
        super().__init__()
        # The clock is read once, here; everything after takes the date as a parameter.
        self.set_reactive(TrackerApp.session, Session.open(loaded, as_of or date.today()))
        self.watcher = Watcher(loaded.path)
        self.recorded: list[tuple[bytes, str]] = []
        """What each update recorded in this run appended, and its description, for undo."""

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.session))
        self.follow: Timer = self.set_interval(POLL_SECONDS, self.check_file)
        self._exit_on_signals()

    def _exit_on_signals(self) -> None:
        """A `kill` or a dropped SSH connection leaves like `q` does, restoring the terminal
        (the default action would die with the alternate screen and mouse tracking still on)."""
        if self.is_headless:  # tests drive the app inside pytest's own process
            return
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(sig, partial(self.exit, None, 128 + sig))
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
                return

    def check_file(self, force: bool = False) -> None:
        """Show what a save changed; no redraw at all while the file stays the same."""
        self.show(self.watcher.poll(self.session.loaded.raw, force=force))

    def show(self, outcome: Outcome) -> None:
        if isinstance(outcome, Changed):
            self.session = self.session.swap(outcome.loaded)
            self._set_problems(())
        elif isinstance(outcome, Fine):
            self._set_problems(())
        elif isinstance(outcome, Broken) and not outcome.settled:
            self.set_timer(RECHECK_SECONDS, lambda: self.check_file(force=True))
        elif isinstance(outcome, Broken):
            self._set_problems(tuple(str(p) for p in outcome.error.problems))
        elif isinstance(outcome, Gone):
            self._set_problems(tuple(str(p) for p in outcome.error.problems), gone=True)

    def _set_problems(self, problems: tuple[str, ...], gone: bool = False) -> None:
        self.file_gone = gone  # read by the pane when `problems` changes
        self.problems = problems

    def action_earlier(self) -> None:
        self.session = self.session.step(-1)

    def action_later(self) -> None:
        self.session = self.session.step(1)

    def action_home(self) -> None:
        self.session = self.session.home()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every key of the app and the screen, so the
        palette reaches each action with its description."""
        yield from super().get_system_commands(screen)
        seen = {"quit", "command_palette"}
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if active.node not in (self, screen) or binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            help_text = f"{binding.tooltip or binding.description} (key: {self.get_key_display(binding)})"
            yield SystemCommand(binding.description, help_text,
                                partial(self.run_action, binding.action, active.node))

    def edit(self, milestone: str | None) -> None:
        """Open $EDITOR at the milestone's line, then reload the file."""
        loaded = self.session.loaded
        line = loaded.line_of(milestone) if milestone else 1
        editor = shlex.split(os.environ.get("EDITOR") or "vi")
        command = [*editor, f"+{line}", str(loaded.path)]
        try:
            if self.is_headless:  # tests: no terminal to hand over
                subprocess.call(command)
            else:
                with self.suspend():
                    subprocess.call(command)
        except OSError as error:
            self.notify(f"could not run {editor[0]}: {error.strerror or error}",
                        severity="error", markup=False)
            return
        self.reload()

    def reload(self) -> None:
        """Read the file again; if it is now invalid, say why and keep the last good data."""
        try:
            self.session = self.session.swap(load(self.session.loaded.path))
        except TrackerError as error:
            self._set_problems(tuple(str(p) for p in error.problems), isinstance(error, FileError))
        else:
            self._set_problems(())

    def record(self, milestone: str | None) -> None:
        """Open the form for an update to `milestone`."""
        deal = self.session.loaded.deal
        chosen = next((m for m in deal.milestones if m.id == milestone), None)
        if chosen is None:
            self.notify("select a milestone to record an update for", severity="warning")
            return
        self.push_screen(RecordScreen(chosen, deal, self.session.as_of,
                                      str(self.session.loaded.path), self.write_update))

    def write_update(self, update: Update) -> bool:
        """Append `update` to the file shown; False if the file changed meanwhile (then
        reloaded). Any other refusal is raised for the form to show."""
        try:
            written = append_update(self.session.loaded, update)
        except StaleFileError as error:
            self._stale(error)
            return False
        self.session = self.session.swap(written.loaded)
        self._set_problems(())
        self.recorded.append((written.appended, describe(update)))
        self.notify(f"recorded: {describe(update)}", markup=False)
        return True

    def undo(self) -> None:
        """Ask, then remove the last update recorded in this run."""
        if not self.recorded:
            self.notify("nothing was recorded here to undo", severity="warning")
            return
        question = f"Remove the update recorded here: {self.recorded[-1][1]}?"
        self.push_screen(ConfirmScreen(question), self._undo_confirmed)

    def _undo_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        appended, what = self.recorded[-1]
        try:
            loaded = remove_last_update(self.session.loaded, appended)
        except StaleFileError as error:
            self._stale(error)
            return
        except TrackerError as error:
            self.notify("\n".join(p.message for p in error.problems), severity="error", markup=False)
            return
        self.recorded.pop()
        self.session = self.session.swap(loaded)
        self.notify(f"removed: {what}", markup=False)

    def _stale(self, error: StaleFileError) -> None:
        self.notify("\n".join(p.message for p in error.problems), title="not written",
                    severity="error", markup=False)
        self.reload()
