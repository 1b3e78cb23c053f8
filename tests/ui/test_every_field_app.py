"""Every string field of the model, found by walking the schema, drawn by the app on every
screen: the rendered cells hold no raw control, format or bidi character."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from tests.every_field import hostile, raw_controls
from tests.ui.conftest import drive
from tracker.load import load
from tracker.ui.app import TrackerApp

AS_OF = date(2020, 4, 1)


def _cells(pilot: Pilot[object]) -> str:
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(segment.text for strip in strips for segment in strip)


async def _look(pilot: Pilot[object], where: str, seen: dict[str, list[str]]) -> None:
    await pilot.pause()
    seen[where] = raw_controls(_cells(pilot))


@drive
async def test_no_string_field_reaches_the_terminal_raw_on_any_screen(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(hostile()[0])
    app = TrackerApp(load(path), as_of=AS_OF)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=(160, 50)) as pilot:
        for row in range(4):  # the detail pane of every milestone, with no key but the cursor
            await _look(pilot, f"main, row {row}", seen)
            await pilot.press("down")
        await pilot.press("up", "up", "up", "enter")
        await _look(pilot, "full-screen detail", seen)
        await pilot.press("escape", "l")
        await _look(pilot, "timeline", seen)
        await pilot.press("escape", "p")
        await _look(pilot, "parties", seen)
        await pilot.press("escape", "f")
        await _look(pilot, "filter", seen)
        await pilot.press("escape", "r")
        await _look(pilot, "record form", seen)
    assert {where: found for where, found in seen.items() if found} == {}


def test_a_line_built_raw_is_escaped_by_the_pane_with_its_style_kept() -> None:
    from textual.content import Content

    from tracker.ui.render import guarded

    shown = guarded(Content.assemble(("unit \x1b]52;c;aGk=\x07", "bold"), " \u202eok"))
    assert raw_controls(shown.plain) == []
    assert shown.plain.startswith("unit \\x1b]52;c;aGk=") and shown.plain.endswith("\\u202eok")
    assert all(span.style == "bold" for span in shown.spans[:2]) and shown.spans[1].start == 5



def _bytes_sent(path: Path, keys: list[bytes], rows: int = 50, cols: int = 160) -> bytes:
    """Every byte the real app writes to a pseudo-terminal while `keys` are typed."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import subprocess
    import sys
    import termios
    import time

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    proc = subprocess.Popen([sys.executable, "-m", "tracker", str(path), "--as-of", AS_OF.isoformat()],
                            env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    out = bytearray()

    def pump(seconds: float, done: bytes = b"") -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (done and done in out):
            if select.select([master], [], [], 0.05)[0]:
                try:
                    out.extend(os.read(master, 65536))
                except OSError:
                    return

    try:
        pump(20.0, b"Updates")  # the first frame, with the detail pane drawn
        for key in keys:
            os.write(master, key)
            pump(1.0)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return bytes(out)


def test_on_a_real_terminal_no_osc_or_bell_from_any_field_is_sent(tmp_path: Path) -> None:
    """The bytes the app writes to a pseudo-terminal: the unit's OSC 52 once reached the
    terminal here as soon as the quantity was selected."""
    import re

    path = tmp_path / "m.toml"
    path.write_text(hostile()[0])
    sent = _bytes_sent(path, [b"j", b"q"])
    assert b"delivered" in sent, "the quantity's detail, with its unit, was drawn"
    assert set(re.findall(rb"\x1b\](\d+)", sent)) <= {b"22"}, "Textual's pointer shape is the only OSC"
    assert b"\x07" not in re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", sent)
    assert "\u202e".encode() not in sent and "\x9b".encode() not in sent and "\x85".encode() not in sent
