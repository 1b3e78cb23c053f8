"""The Textual app: a thin shell holding the session (file and date) that screens show.

Screens watch `session`; time travel, reloads and (later) live edits replace it whole.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Iterable
from datetime import date
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from tracker.errors import TrackerError
from tracker.load import Loaded, load
from tracker.ui.screens.help import HelpScreen
from tracker.ui.screens.main import MainScreen
from tracker.ui.session import Session


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

    def __init__(self, loaded: Loaded, as_of: date | None = None) -> None:
        super().__init__()
        # The clock is read once, here; everything after takes the date as a parameter.
        self.set_reactive(TrackerApp.session, Session.open(loaded, as_of or date.today()))

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.session))

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
            self.problems = tuple(str(p) for p in error.problems)
        else:
            self.problems = ()
