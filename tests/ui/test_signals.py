"""A `kill` or a dropped SSH connection (SIGHUP) leaves the user's terminal as it found it.

Runs the real app on a pseudo-terminal, signals it once the first frame is drawn, and
reads the last bytes it sends: they must leave the alternate screen and show the cursor.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ui.conftest import AS_OF, ROOT

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"


def _read_until(master: int, out: bytearray, done: Callable[[], bool], seconds: float) -> None:
    """Collect what the app writes until `done()`, the pty closes, or time is up. Reading
    on matters: a terminal nobody reads fills up and blocks the app's writes."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and not done():
        if select.select([master], [], [], 0.05)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the app exited and closed the terminal
                return
            if not chunk:
                return
            out.extend(chunk)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_restores_the_terminal_and_exits_128_plus_its_number(
        deal_file: Path, sig: signal.Signals) -> None:
    before = deal_file.read_bytes()
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-m", "tracker", str(deal_file), "--as-of", AS_OF.isoformat()],
                            cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    out = bytearray()
    try:
        _read_until(master, out, lambda: b"850" in out, 20.0)
        assert b"850" in out, "the first frame was drawn"
        start = len(out)
        proc.send_signal(sig)
        _read_until(master, out, lambda: proc.poll() is not None, 15.0)
        status = proc.wait(timeout=1)
        _read_until(master, out, lambda: False, 0.5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert status == 128 + sig
    last = bytes(out[start:])
    assert LEAVE_ALTERNATE_SCREEN in last and SHOW_CURSOR in last, last[-300:]
    assert deal_file.read_bytes() == before
