"""The app under hostile text and faults: markup and escapes shown as typed, tiny terminals, a file gone.

Driven by Textual's pilot; one test runs the real app on a pseudo-terminal and reads
every byte it sends, to prove no sequence from the file reaches the terminal.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import split_graphemes
from textual.strip import Strip

from tests.ui.conftest import AS_OF, ROOT, drive, screen_text, until
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.screens.parties import PartiesScreen
from tracker.ui.screens.timeline import TimelineScreen

SIZE = (120, 40)
TITLE = "[bold red]LOUD[/] [@click=app.quit]quit[/] [link=https://x]link[/link] [unclosed"
EVIL = "\x1b[2J\x1b]52;c;aGVsbG8=\x07\x1b]8;;https://evil\x1b\\L\x1b]8;;\x1b\\\x08\r"
EVIL_SHOWN = "\\x1b[2J\\x1b]52;c;aGVsbG8=\\x07"

HOSTILE = f"""\
[deal]
title = "{TITLE.replace('"', '')}"

[[parties]]
id = "a"
name = "[b]Party[/b] \\u001b]52;c;aGVsbG8=\\u0007"

[[parties]]
id = "b"
name = "Other"

[[milestones]]
id = "evil"
title = "\\u001b[2J\\u001b]52;c;aGVsbG8=\\u0007\\u001b]8;;https://evil\\u001b\\\\L\\u001b]8;;\\u001b\\\\\\b\\r"
kind = "quantity"
party = "a"
to = ["b"]
target = 100
unit = "[i]u[/i]"
due = "2020-06"
notes = "Notes with [bold]markup[/bold] and \\u001b[31m red"

[[milestones]]
id = "markup"
title = "{TITLE}"
kind = "event"
party = "b"
conditions = [{{ milestone = "evil", text = "[@click=app.quit]cond[/]" }}]

[[milestones]]
id = "wide"
title = "合意 🕊️ اتفاق e\\u0301 \\u202eevil"
kind = "offer"
party = "a"

[[updates]]
milestone = "evil"
date = 2020-04-01
add = 10
note = "[red]note[/red] \\u001b[2J"

[[updates]]
milestone = "wide"
date = 2020-04-02
status = "rejected"
by = "b"
note = "no"
"""


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def _strips(app: TrackerApp) -> list[Strip]:
    return list(app.screen._compositor.render_strips())


def _assert_inert(app: TrackerApp) -> str:
    """The screen shows no raw control character and no link or click from the file."""
    text = screen_text(app)
    assert not [c for c in text if c != "\n" and not c.isprintable()], text
    for strip in _strips(app):
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            assert not style.link or "evil" not in style.link and style.link != "https://x", segment
            assert "app.quit" not in str(style.meta.get("@click", "")), segment
    return text


@drive
async def test_markup_and_escapes_in_titles_show_literally_on_the_main_screen(hostile_file: Path) -> None:
    assert load(hostile_file).deal.milestones[0].title.startswith("\x1b[2J")  # the file really holds them
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=SIZE) as pilot:
        text = _assert_inert(pilot.app)
        assert "[bold red]LOUD[/] [@click=app.quit]quit[/]" in text  # the header's deal title
        assert "\\x1b[2J" in text  # the table's title column, cut to fit
        await pilot.press("down")  # the markup milestone in the detail pane
        await pilot.pause()
        text = _assert_inert(pilot.app)
        assert "[link=https://x]link[/link] [unclosed" in text
        await pilot.press("up")
        await pilot.pause()
        text = _assert_inert(pilot.app)
        assert EVIL_SHOWN in text.replace("\n", "")  # the whole title, wrapped in the detail pane


@drive
async def test_clicking_a_click_action_in_a_title_does_nothing(hostile_file: Path) -> None:
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=SIZE) as pilot:
        lines = screen_text(pilot.app).splitlines()
        hits = [(line.index("[@click"), y) for y, line in enumerate(lines) if "[@click" in line]
        assert hits
        for x, y in hits:
            await pilot.click(offset=(x + 9, y))  # on the word "quit"
            await pilot.pause()
        assert pilot.app.is_running and pilot.app.return_code is None


@pytest.mark.parametrize(("key", "screen"), [("l", TimelineScreen), ("p", PartiesScreen)])
@drive
async def test_other_views_show_hostile_text_literally(hostile_file: Path, key: str, screen: type) -> None:
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(pilot.app.screen, screen)
        text = _assert_inert(pilot.app)
        assert "\\x1b[2J" in text
        if key == "p":
            assert "[b]Party[/b] \\x1b]52;c;aGVsbG8=\\x07" in text


@drive
async def test_every_line_of_every_view_fits_the_terminal_with_hostile_text(hostile_file: Path) -> None:
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=(80, 24)) as pilot:
        for key in ("", "l", "escape", "p", "escape", "question_mark", "escape"):
            if key:
                await pilot.press(key)
                await pilot.pause()
            assert all(strip.cell_length <= 80 for strip in _strips(pilot.app)), key


@pytest.mark.parametrize(("key", "shown"), [
    ("", "[bold red]LOUD[/]"), ("l", "\\x1b[2J"), ("p", "[b]Party[/b]"), ("question_mark", "Keys"),
    ("enter", "Notes with [bold]markup[/bold]"),  # the detail, full screen
])
@drive
async def test_a_resize_to_20_by_5_and_back_keeps_working(hostile_file: Path, key: str, shown: str) -> None:
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=(80, 24)) as pilot:
        if key:
            await pilot.press(key)
            await pilot.pause()
        before = type(pilot.app.screen)
        for size in ((20, 5), (1, 1), (20, 5), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            strips = _strips(pilot.app)
            assert len(strips) == size[1] and all(s.cell_length <= size[0] for s in strips)
        assert shown in screen_text(pilot.app)
        await pilot.press("down", "up", "right_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert type(pilot.app.screen) is before and pilot.app.is_running


@drive
async def test_the_file_removed_while_running_keeps_the_last_good_data_and_recovers(
        hostile_file: Path) -> None:
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=SIZE) as pilot:
        pilot.app.pause_following()  # the reload alone, as after an edit
        hostile_file.unlink()
        pilot.app.reload_file()
        assert await until(pilot, lambda: "showing the last good" in screen_text(pilot.app))
        text = screen_text(pilot.app)
        assert f"{hostile_file}: no such file" in text
        assert "[bold red]LOUD[/]" in text and "\\x1b[2J" in text  # the last good data
        hostile_file.write_text(HOSTILE, encoding="utf-8")
        pilot.app.reload_file()
        assert await until(pilot, lambda: "no such file" not in screen_text(pilot.app))


@drive
async def test_the_file_removed_while_running_is_noticed_without_a_keypress(hostile_file: Path) -> None:
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=SIZE) as pilot:
        async def shows(words: str) -> bool:
            for _ in range(40):  # the app polls the file a few times a second
                await pilot.pause(0.05)
                if words in screen_text(pilot.app):
                    return True
            return False

        hostile_file.unlink()
        assert await shows(f"{hostile_file}: no such file")
        text = screen_text(pilot.app)
        assert "showing the last good" in text and "[bold red]LOUD[/]" in text
        hostile_file.write_text(HOSTILE.replace("target = 100", "target = 200"), encoding="utf-8")
        assert await shows("10/200")
        assert "no such file" not in screen_text(pilot.app)


def _run_on_a_terminal(path: Path, keys: list[bytes]) -> bytes:
    """Every byte the real app sends to an 80×24 terminal while `keys` are typed."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    import fcntl
    import struct
    import termios
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    proc = subprocess.Popen([sys.executable, "-m", "tracker", str(path), "--as-of", AS_OF.isoformat()],
                            cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    out = bytearray()

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    out.extend(os.read(master, 65536))
                except OSError:
                    return

    try:
        pump(4.0)
        for key in keys:
            os.write(master, key)
            pump(1.0)
        proc.wait(timeout=30)
        pump(0.5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return bytes(out)


def test_the_bytes_sent_to_the_terminal_hold_no_sequence_from_the_file(hostile_file: Path) -> None:
    import pyte

    sent = _run_on_a_terminal(hostile_file, [b"j", b"l", b"\x1b", b"p", b"\x1b", b"q"])
    # Textual's only OSC is 22 (the mouse pointer's shape): no clipboard write (52), no link (8)
    assert set(re.findall(rb"\x1b\](\d+)", sent)) <= {b"22"}
    assert b"\x07" not in re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", sent)  # no bell from the file
    assert b"\\x1b]8;;https://evil" in sent  # the OSC 8 from the file drawn as text
    assert b"aGVsbG8=" in sent  # ... though the text of it was drawn
    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)
    # Replay up to the last frame before quitting: the main screen with the markup milestone.
    stream.feed(sent[: sent.rindex(b"\x1b[?1049l")] if b"\x1b[?1049l" in sent else sent)
    shown = "\n".join(screen.display)
    assert "[bold red]LOUD[/]" in shown


def _by_cell(line: str) -> str:
    """`line` with one character per terminal cell: each grapheme (a wide character, an
    emoji with its variation selector, a letter with its accent) as its first character
    padded to its width, as Textual lays it out; zero-width ones dropped."""
    spans, _ = split_graphemes(line)
    return "".join(line[start] + " " * (cells - 1) for start, _, cells in spans if cells > 0)


@drive
async def test_table_columns_stay_aligned_under_escapes_and_wide_text(hostile_file: Path) -> None:
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=(80, 24)) as pilot:
        lines = [_by_cell(line) for line in screen_text(pilot.app).splitlines()]
        header = next(line for line in lines if line.startswith("Status"))
        at = header.index("Party")
        rows = {line[:2]: line for line in lines if line[:1] in "▸◷⊘" and line[1:2] == " "}
        assert [rows[g][at:at + 2] for g in ("▸ ", "◷ ", "⊘ ")] == ["a ", "b ", "a "], rows
        assert all("\\x1a" not in line for line in lines)  # a cut escape never reads as another


@drive
async def test_parties_view_keeps_each_milestone_on_one_line(hostile_file: Path) -> None:
    async with TrackerApp(load(hostile_file), as_of=AS_OF).run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        lines = screen_text(pilot.app).splitlines()
        assert any(line.startswith("   ▸ on track \\x1b[2J") for line in lines), lines
