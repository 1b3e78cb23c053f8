"""Leaving on time, whatever the terminal does.

Textual's shutdown writes the terminal's restore codes through a writer thread and waits
for it. When nobody reads the terminal any more (a closed tmux pane, a dropped SSH link)
that wait never ends, and the process would sleep for ever, deaf to SIGTERM because its
event loop never runs again. So every way out first arms a deadline: a daemon timer that
puts the terminal's modes back as well as it can without blocking and ends the process.
Nothing is lost by it: every write to the deal file is atomic and finished before a key
or a signal is handled.
"""

from __future__ import annotations

import os
import signal
import sys
import termios
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

QUIT_SECONDS = 0.8
"""After `q`: the clean way out takes a few tens of milliseconds when the terminal reads."""
SIGNAL_SECONDS = 1.5
"""After SIGTERM or SIGHUP (the promise is two seconds)."""

# Leave the alternate screen, show the cursor, stop mouse reports and bracketed paste.
_RESTORE = b"\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1004l"


class Lifeline:
    """Holds the terminal's modes from before the app, and ends the process on a deadline."""

    def __init__(self) -> None:
        self._modes: list[Any] | None = None
        self._timer: threading.Timer | None = None
        try:
            self._modes = termios.tcgetattr(sys.stdin.fileno())
        except (termios.error, OSError, ValueError):
            self._modes = None

    def arm(self, seconds: float, code: int) -> None:
        """End the process with `code` in `seconds` unless it has ended by then (the first
        deadline armed stands: a later, slower one must not push it back)."""
        if self._timer is not None:
            return
        self._timer = threading.Timer(seconds, self._end, (code,))
        self._timer.daemon = True
        self._timer.start()

    def on_signals(self, exit_app: Callable[[int], object]) -> None:
        """SIGTERM and SIGHUP arm the deadline at once (the handler runs even while the loop
        is stuck) and ask the app to leave the clean way."""

        def handler(signum: int, frame: FrameType | None) -> None:
            self.arm(SIGNAL_SECONDS, 128 + signum)
            exit_app(128 + signum)

        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, handler)

    def _end(self, code: int) -> None:
        self._restore()
        os._exit(code)

    def _restore(self) -> None:
        # A fresh descriptor opened non-blocking: the app's own may be stuck in a write.
        try:
            fd = os.open("/dev/tty", os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError:
            return  # the terminal is gone: nothing to restore
        try:
            if self._modes is not None:
                termios.tcsetattr(fd, termios.TCSANOW, self._modes)
            os.write(fd, _RESTORE)
        except (OSError, termios.error):
            pass
        finally:
            os.close(fd)
