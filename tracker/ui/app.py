"""The Textual app: a thin shell holding the session (file and date) that screens show.

Screens watch `session`; time travel, reloads, saves seen on disk and updates recorded
replace it whole, here and nowhere else. Screens post what the user asks for (`intents`)
and the app does it: the file is watched by `tracker.state.watch`, written through
`tracker.state.records`, and handed to the editor with `editor.editor_command`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
from collections.abc import Iterable
from datetime import date
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer

from tracker.cache import remembered
from tracker.errors import StaleFileError, TrackerError
from tracker.settings import Settings, save_theme
from tracker.state.editor import EditorError, editor_command
from tracker.state.session import Session
from tracker.state.watch import Broken, Changed, Fine, Gone, Outcome, Watcher
from tracker.ui.driver import forget_shown, output_driver
from tracker.ui.intents import EditFile, RecordUpdate, UndoRecord
from tracker.ui.keys import keys_of
from tracker.ui.lifeline import QUIT_SECONDS, Lifeline
from tracker.ui.palette import STATUS_VARIABLES, status_variables
from tracker.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from tracker.load import Loaded
    from tracker.model import Update
    from tracker.state.folder import Folders
    from tracker.state.records import Records

# The screens that keys open (record, undo's question, help) are imported when the key is
# pressed: the first frame does not draw them, and a start pays for every module it imports.

POLL_SECONDS = 0.25
"""How often the file's stamp is looked at: a save shows within about this long. Polled
(one `os.stat`) rather than watched with inotify: the same on any filesystem and save."""

RECHECK_SECONDS = 0.15
"""How long to wait before believing a save is broken (it may be half-written)."""


class TrackerApp(App[int]):
    """Follow a deal milestone by milestone; every pane shows `session`."""

    CSS_PATH = "tracker.tcss"
    TITLE = "tracker"

    _DATE = Binding.Group("date")
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Leave the tracker"),
        Binding("left_square_bracket", "earlier", "Earlier date (time travel)", group=_DATE,
                tooltip="Step the as-of date back to the last day something happened"),
        Binding("right_square_bracket", "later", "Later date (time travel)", group=_DATE,
                tooltip="Step the as-of date on to the next day something happened"),
        Binding("t", "home", "Start date (time travel)", group=_DATE,
                tooltip="Return to the date the tracker opened on"),
        Binding("question_mark", "help", "Keys", show=False, tooltip="Every key, and what the glyphs mean"),
        Binding("ctrl+l", "redraw", "Redraw the screen", show=False,
                tooltip="Draw the whole screen again, as after another program wrote over it"),
    ]

    session: var[Session] = var(None, init=False)  # type: ignore[arg-type]
    problems: var[tuple[str, ...]] = var(tuple, init=False)
    """Why the file on disk could not be loaded; empty while it is fine."""
    file_gone: bool = False
    """Whether `problems` say the file is missing or unreadable (rather than invalid)."""
    problem_line: int | None = None
    """The line of the first problem while the file is invalid: where `e` opens the editor."""

    def __init__(self, loaded: Loaded, as_of: date | None = None, portfolio: Folders | None = None,
                 settings: Settings | None = None) -> None:
        # Fewer bytes per frame on terminals known to erase with the background (README).
        super().__init__(driver_class=output_driver(os.environ, os.name == "nt"))
        self.portfolio = portfolio
        """The deal files, when many were opened: the app opens on the portfolio screen."""
        self.settings = settings
        """Where the theme chosen in the palette is kept (None: it is not kept, as in tests)."""
        # The clock is read once, here; everything after takes the date as a parameter.
        self.set_reactive(TrackerApp.session, Session.open(loaded, as_of or date.today()))
        # Made with the app, so a save between opening and the first poll is noticed.
        self.watcher = Watcher(loaded.path)
        self._poller: Timer | None = None
        # Made before the app takes the terminal over, so it holds the user's own modes.
        self.lifeline = Lifeline()
        kept = settings.theme if settings else None
        # TEXTUAL_THEME, set for this run, wins over the theme kept from the last one; set
        # here, before the first frame, a kept theme costs no second styling of every widget.
        if kept in self.available_themes and not os.environ.get("TEXTUAL_THEME"):
            self.theme = kept

    @cached_property
    def records(self) -> Records:
        """What was recorded in this session, for `u`; made on the first `r` or `u`, since
        its writer (tracker.write, ctypes for the rename) is no part of the first frame."""
        from tracker.state.records import Records

        return Records()

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and the status colours worked out from them."""
        variables = super().get_css_variables()
        dark = self.current_theme.dark
        # Kept in the user's cache: working them out took 90 ms of every start.
        variables |= remembered("colours", [variables, dark], lambda: status_variables(variables, dark),
                                ("ui/palette.py",), STATUS_VARIABLES)
        self.theme_variables = variables
        return variables

    def get_default_screen(self) -> Screen[Any]:
        # The first screen, rather than one pushed on mount over Textual's blank default:
        # that blank screen was composed, laid out and drawn before every start.
        if self.portfolio is not None:
            from tracker.ui.screens.portfolio import PortfolioScreen

            return PortfolioScreen(self.portfolio, self.session.start)
        return MainScreen(self.session)

    def on_mount(self) -> None:
        kept = self.settings.theme if self.settings else None
        if self.settings and self.settings.problem:
            self.notify(self.settings.problem, title="Settings", severity="warning", markup=False)
        elif kept is not None and kept not in self.available_themes:
            self.notify(f"theme: no theme is called {kept!r}; using {self.theme!r} (ctrl+p, then Theme, "
                        "lists them)", title="Settings", severity="warning", markup=False)
        self._poller = self.set_interval(POLL_SECONDS, self.check_file)
        self._exit_on_signals()

    def watch_theme(self, theme: str) -> None:
        """Keep the theme chosen in the palette for the next start."""
        if self.settings is not None:
            self.settings = save_theme(self.settings, theme)

    def _exit_on_signals(self) -> None:
        """A `kill` or a dropped SSH connection leaves like `q` does, restoring the terminal
        (the default action would die with the alternate screen and mouse tracking still on),
        and within two seconds even when the terminal no longer reads (see `lifeline`)."""
        if self.is_headless:  # tests drive the app inside pytest's own process
            return
        loop = asyncio.get_running_loop()
        with contextlib.suppress(ValueError):  # not the main thread: the default actions stand
            self.lifeline.on_signals(lambda code: loop.call_soon_threadsafe(self.exit, None, code))

    def exit(self, result: int | None = None, return_code: int = 0, message: Any = None) -> None:
        """Leave, and be gone within a second even if the terminal has stopped reading."""
        if not self.is_headless:
            self.lifeline.arm(QUIT_SECONDS, return_code)
        super().exit(result, return_code, message)

    def set_problems(self, error: TrackerError | None, gone: bool = False) -> None:
        """Show why the file on disk cannot be loaded (None: it loads again)."""
        self.file_gone = gone  # read by the pane when `problems` changes
        lines = [p.line for p in error.problems if p.line] if error and not gone else []
        self.problem_line = min(lines, default=None)
        self.problems = tuple(str(p) for p in error.problems) if error else ()

    # Following the file on disk.

    def check_file(self, force: bool = False) -> None:
        """Show what a save changed; no redraw at all while the file stays the same."""
        self._show(self.watcher.poll(self.session.loaded, force=force))

    def reload_file(self) -> None:
        """Read the file again now; if it is invalid, say why and keep the last good data."""
        self._show(self.watcher.look(self.session.loaded))

    def pause_following(self) -> None:
        """Stop polling (tests use it to see what the app does without the watcher)."""
        if self._poller is not None:
            self._poller.pause()

    def _show(self, outcome: Outcome) -> None:
        if isinstance(outcome, Changed):
            self._take(outcome.loaded)
        elif isinstance(outcome, Fine):
            self.set_problems(None)
        elif isinstance(outcome, Broken) and not outcome.settled:
            self.set_timer(RECHECK_SECONDS, lambda: self.check_file(force=True))
        elif isinstance(outcome, Broken):
            self.set_problems(outcome.error)
        elif isinstance(outcome, Gone):
            self.set_problems(outcome.error, gone=True)

    def _take(self, loaded: Loaded) -> None:
        """Show `loaded` (a save seen, or our own write) on the date shown now."""
        self.session = self.session.swap(loaded)
        self.set_problems(None)

    # What the screens ask for.

    @on(RecordUpdate)
    def _record(self, intent: RecordUpdate) -> None:
        session = self.session
        chosen = session.evaluation.milestone(intent.milestone) if intent.milestone else None
        if chosen is None:
            self.notify("select a milestone to record an update for", severity="warning")
            return
        from tracker.ui.screens.record import RecordScreen

        self.push_screen(RecordScreen(chosen, session.loaded.deal, session.as_of,
                                      str(session.loaded.path), self._write))

    def _write(self, update: Update) -> bool:
        """Append `update` for the form; False if the file changed meanwhile (then reloaded).
        Any other refusal is raised for the form to show beside its field."""
        try:
            loaded = self.records.record(self.session.loaded, update)
        except StaleFileError as error:
            self._stale(error)
            return False
        self._take(loaded)
        self.notify(f"recorded: {self.records.last}", markup=False)
        return True

    @on(UndoRecord)
    def _undo(self) -> None:
        if self.records.last is None:
            self.notify("nothing was recorded here to undo", severity="warning")
            return
        from tracker.ui.screens.record import ConfirmScreen

        question = f"Remove the update recorded here: {self.records.last}?"
        self.push_screen(ConfirmScreen(question), self._undo_confirmed)

    def _undo_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            loaded, what = self.records.undo(self.session.loaded)
        except StaleFileError as error:
            self._stale(error)
            return
        except TrackerError as error:
            self.notify("\n".join(p.message for p in error.problems), severity="error", markup=False)
            return
        self._take(loaded)
        self.notify(f"removed: {what}", markup=False)

    def _stale(self, error: StaleFileError) -> None:
        self.notify("\n".join(p.message for p in error.problems), title="not written",
                    severity="error", markup=False)
        self.reload_file()

    @on(EditFile)
    def _edit(self, intent: EditFile) -> None:
        """The editor at the first error's line if the file is broken, else at the
        milestone's; then the file as saved."""
        loaded = self.session.loaded
        line = self.problem_line or (loaded.line_of(intent.milestone) if intent.milestone else 1)
        try:
            command = editor_command(os.environ, loaded.path, line)
            if self.is_headless:  # tests: no terminal to hand over
                subprocess.call(command)
            else:
                with self.suspend():
                    subprocess.call(command)
        except EditorError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        except OSError as error:
            self.notify(f"cannot run the editor {command[0]}: {error.strerror or error}",
                        severity="error", markup=False)
            return
        self.reload_file()

    # Time travel, help and the palette.

    def action_earlier(self) -> None:
        self._step(-1, "No earlier day to step to: this is the eve of the first report.")

    def action_later(self) -> None:
        self._step(1, "No later day to step to: nothing was reported after this date.")

    def _step(self, direction: int, at_the_end: str) -> None:
        stepped = self.session.step(direction)
        if stepped is self.session:
            self.notify(at_the_end, timeout=3)
        self.session = stepped

    def action_home(self) -> None:
        self.session = self.session.home()

    def action_redraw(self) -> None:
        # Lines the terminal showed are not sent again (ui/samelines.py): forget them first.
        forget_shown(self._driver)
        self.screen.refresh(layout=True)

    def action_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, then every key of the app and the screen (the list the
        help shows), so the palette reaches each action with its description."""
        ours = [SystemCommand(key.binding.description,
                              f"{key.binding.tooltip or key.binding.description} (key: {key.keys})",
                              partial(self.run_action, key.binding.action, key.node))
                for key in keys_of(screen) if key.action not in ("quit", "command_palette")]
        # Textual's own "Keys" opens its key panel; ours is the tracker's help, listed once.
        titles = {command.title for command in ours}
        yield from (c for c in super().get_system_commands(screen) if c.title not in titles)
        yield from ours
