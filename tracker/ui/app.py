"""The Textual app: a thin shell holding the session (file and date) that screens show.

Screens watch `session`; time travel, reloads, saves seen on disk and updates recorded
replace it whole. Following the file lives in `follow`, recording in `recorder`, and
the editor round trip in `editor`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from tracker.errors import TrackerError
from tracker.load import Loaded
from tracker.settings import Settings, save_theme
from tracker.ui.follow import Follower
from tracker.ui.lifeline import QUIT_SECONDS, Lifeline
from tracker.ui.palette import status_variables
from tracker.ui.recorder import Recorder
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.state.session import Session


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
    problem_line: int | None = None
    """The line of the first problem while the file is invalid: where `e` opens the editor."""

    def __init__(self, loaded: Loaded, as_of: date | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings
        """Where the theme chosen in the palette is kept (None: it is not kept, as in tests)."""
        # The clock is read once, here; everything after takes the date as a parameter.
        self.set_reactive(TrackerApp.session, Session.open(loaded, as_of or date.today()))
        self.follow = Follower(self)
        self.recorder = Recorder(self)
        # Made before the app takes the terminal over, so it holds the user's own modes.
        self.lifeline = Lifeline()

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and the status colours worked out from them."""
        variables = super().get_css_variables()
        variables |= status_variables(variables, self.current_theme.dark)
        self.theme_variables = variables
        return variables

    def on_mount(self) -> None:
        kept = self.settings.theme if self.settings else None
        # TEXTUAL_THEME, set for this run, wins over the theme kept from the last one.
        if kept in self.available_themes and not os.environ.get("TEXTUAL_THEME"):
            self.theme = kept
        if self.settings and self.settings.problem:
            self.notify(self.settings.problem, title="Settings", severity="warning", markup=False)
        self.push_screen(MainScreen(self.session))
        self.follow.start()
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
        try:
            self.lifeline.on_signals(lambda code: loop.call_soon_threadsafe(self.exit, None, code))
        except ValueError:  # not the main thread: the default actions stand
            pass

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

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every key of the app and the screen, so the
        palette reaches each action with its description."""
        ours = []
        seen = {"quit", "command_palette"}
        for active in screen.active_bindings.values():
            binding = active.binding
            # The screen may bind an app action again (`app.help`) to show it in its footer.
            action = binding.action.removeprefix("app.")
            if active.node not in (self, screen) or action in seen or not binding.description:
                continue
            seen.add(action)
            help_text = f"{binding.tooltip or binding.description} (key: {self.get_key_display(binding)})"
            ours.append(SystemCommand(binding.description, help_text,
                                      partial(self.run_action, binding.action, active.node)))
        # Textual's own "Keys" opens its key panel; ours is the tracker's help, listed once.
        titles = {command.title for command in ours}
        yield from (c for c in super().get_system_commands(screen) if c.title not in titles)
        yield from ours
