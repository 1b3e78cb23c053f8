"""Run the tracker with its output on a pseudo-terminal, for tests of what a terminal is sent."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def on_a_terminal(args: list[str], env: dict[str, str], *, stdin_tty: bool = True,
                  size: tuple[int, int] | None = None, timeout: float = 300) -> tuple[int, bytes]:
    """`python -m tracker ARGS` with stdout and stderr on a pty (`size` as columns, rows):
    its exit code and every byte the terminal was sent. `timeout` guards against a hang."""
    master, slave = pty.openpty()
    if size is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    stdin = slave if stdin_tty else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", "tracker", *args], cwd=ROOT, env=env, stdin=stdin,
                            stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    try:
        while select.select([master], [], [], timeout)[0]:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        code = proc.wait(timeout=timeout)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return code, b"".join(chunks)
