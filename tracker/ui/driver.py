"""Which terminal driver the app writes through: Textual's own, or on a terminal known to
erase with the current background, one that sends each frame through `SameLines` (what the
screen shows already is left out) and `fewer_bytes` (blank runs erased, idle styles dropped)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tracker.ui.output import fewer_bytes

if TYPE_CHECKING:
    from textual.driver import Driver

BCE_TERMS = ("xterm", "tmux", "alacritty", "kitty", "foot", "wezterm", "vte", "gnome", "konsole", "linux")
"""TERM prefixes of terminals that erase with the current background (ECH, bce)."""


def output_enabled(environ: Mapping[str, str], windows: bool = False) -> bool:
    """Whether the terminal is one known to erase with the current background (see README)."""
    if environ.get("TRACKER_PLAIN_OUTPUT") == "1" or windows:
        return False
    if environ.get("TEXTUAL_DRIVER"):  # the web driver of `tracker serve`, or any other
        return False
    if environ.get("STY"):  # GNU screen does not erase with the background by default
        return False
    if environ.get("TMUX"):
        return True
    return environ.get("TERM", "").startswith(BCE_TERMS)


def output_driver(environ: Mapping[str, str], windows: bool) -> type[Driver] | None:
    """The Linux driver writing `fewer_bytes` where `output_enabled`; None: Textual's own choice."""
    if not output_enabled(environ, windows):
        return None
    from textual.drivers.linux_driver import LinuxDriver

    from tracker.ui.samelines import SameLines

    class FewerBytesDriver(LinuxDriver):
        """Textual's Linux driver, writing each frame through `SameLines` and `fewer_bytes`."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.same = SameLines()

        def write(self, data: str) -> None:
            # The size now, so a line feed is left out only where it cannot scroll, and what
            # the screen shows is forgotten when it changes.
            out = getattr(self, "_file", None)
            try:
                size = os.get_terminal_size(out.fileno()) if out is not None else None
            except (OSError, ValueError):
                size = None  # then every line feed is kept, and nothing is left out
            data = self.same.filter(data, (size.columns, size.lines) if size else (0, 0))
            super().write(fewer_bytes(data, size.lines if size else None))

    return FewerBytesDriver


def forget_shown(driver: object) -> None:
    """Make the driver send the next frame whole (`ctrl+l`: another program wrote over it)."""
    same = getattr(driver, "same", None)
    if same is not None:
        same.forget()
