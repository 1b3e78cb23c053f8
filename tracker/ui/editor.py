"""`e`: hand the terminal to the user's $EDITOR at a milestone's line, then reload."""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.ui.app import TrackerApp


def edit(app: TrackerApp, milestone: str | None) -> None:
    """Open $EDITOR (vi if unset) at the milestone's line, then show the file as saved."""
    loaded = app.session.loaded
    line = loaded.line_of(milestone) if milestone else 1
    editor = shlex.split(os.environ.get("EDITOR") or "vi")
    command = [*editor, f"+{line}", str(loaded.path)]
    try:
        if app.is_headless:  # tests: no terminal to hand over
            subprocess.call(command)
        else:
            with app.suspend():
                subprocess.call(command)
    except OSError as error:
        app.notify(f"could not run {editor[0]}: {error.strerror or error}", severity="error", markup=False)
        return
    app.follow.reload()
