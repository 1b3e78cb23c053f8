"""A program in a pseudo-terminal, with its screen rebuilt by `pyte` as the bytes arrive.

The benchmark reads every byte the program writes (as an SSH link would carry
it), so it can count them, time them, and see what the screen shows.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyte

_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Burst:
    """What one key press (or save) made the program write."""

    seconds: float
    """From the stimulus to the last byte of the response (0 if none came)."""
    first: float
    """From the stimulus to the first byte: the first visible change."""
    bytes: int
    changed: bool
    """Whether the screen looks different afterwards."""


def _controlling_tty() -> None:
    # Runs in the child: a session of its own, with the pty as its terminal.
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Term:
    """One program running in a pty of `cols`×`rows`."""

    def __init__(self, argv: Sequence[str], cols: int, rows: int, cwd: str | None = None) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.total = 0
        self.last_byte = 0.0
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "COLORTERM"))}
        env.pop("NO_COLOR", None)
        # A user's install has its .pyc (pip and the first run write them); a program told
        # not to write them would compile its modules again on every measured start.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # No COLUMNS or LINES: Textual would prefer them to the pty's size, and never resize.
        env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
        env.update(TERM="xterm-256color")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave, cwd=cwd,
                                     env=env, preexec_fn=_controlling_tty, close_fds=True)
        os.close(slave)
        self.fd = master

    @property
    def pid(self) -> int:
        return self.proc.pid

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, timeout: float) -> bool:
        """Read what is waiting (up to `timeout` s); False if nothing came."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # the program exited and the pty closed
            data = b""
        if not data:
            time.sleep(min(timeout, 0.05))
            return False
        self.last_byte = time.perf_counter()
        self.total += len(data)
        self.stream.feed(data)
        return True

    def wait_for(self, seen: Callable[[str], bool], timeout: float) -> float | None:
        """Seconds since start until `seen(screen text)` holds, or None on timeout."""
        deadline = time.perf_counter() + timeout
        while not seen(self.text()):
            left = deadline - time.perf_counter()
            if left <= 0 or (self.proc.poll() is not None and not self.pump(0.05)):
                return None
            self.pump(min(left, 0.1))
        return self.last_byte - self.started

    def settle(self, quiet: float, timeout: float) -> None:
        """Read until the program has been silent for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.pump(quiet):
                return

    def respond(self, stimulus: Callable[[], None], quiet: float, timeout: float) -> Burst:
        """Apply `stimulus` and measure the burst of output it causes."""
        self.settle(quiet, timeout)
        before, count = self.text(), self.total
        start = time.perf_counter()
        self.last_byte = start
        stimulus()
        deadline = start + timeout
        first = 0.0
        while time.perf_counter() < deadline:
            if not self.pump(quiet) and self.total > count:
                break
            if not first and self.total > count:
                first = self.last_byte - start
        return Burst(self.last_byte - start, first, self.total - count, self.text() != before)

    def resize(self, cols: int, rows: int) -> None:
        """Give the terminal a new size, as a tmux split or a window drag does. Like tmux
        (and unlike pyte, which drops lines from the top) the top-left of what was on the
        screen stays where it was, so a program that fails to repaint shows it."""
        old = {y: dict(line) for y, line in self.screen.buffer.items()}
        self.screen.resize(rows, cols)
        self.screen.reset()
        for y, line in old.items():
            if y < rows:
                self.screen.buffer[y].update({x: char for x, char in line.items() if x < cols})
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.kill(self.proc.pid, signal.SIGWINCH)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def idle(self, seconds: float) -> tuple[int, float]:
        """Bytes written and CPU share (0-1) over `seconds` of doing nothing."""
        count, cpu, start = self.total, self.cpu_seconds(), time.perf_counter()
        while (left := start + seconds - time.perf_counter()) > 0:
            self.pump(left)
        elapsed = time.perf_counter() - start
        return self.total - count, (self.cpu_seconds() - cpu) / elapsed

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS

    def rss_mb(self) -> float:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.fd)

    def __enter__(self) -> Term:  # noqa: PYI034 - no subclass of Term exists
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def python(*args: str) -> list[str]:
    return [sys.executable, *args]
