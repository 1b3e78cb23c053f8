"""The output filter draws the very same screen as Textual's own bytes, in fewer of them.

Both byte streams go into pyte screens (pyte erases with ECH in the cursor's attributes, as a
terminal with bce does) and every cell, the cursor and the style it ends in must agree. The
frames in frames-*.json.gz are the app's real writes to a pty, one string a write (opening on the shipped deal, then
j, enter, escape, k and [ ]), captured with TRACKER_PLAIN_OUTPUT=1.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyte
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.ui.driver import output_driver, output_enabled
from tracker.ui.output import fewer_bytes
from tracker.ui.samelines import SameLines

HERE = Path(__file__).parent


def _screen(cols: int, rows: int) -> tuple[pyte.Screen, pyte.Stream]:
    screen = pyte.Screen(cols, rows)
    return screen, pyte.Stream(screen)


def _same(a: pyte.Screen, b: pyte.Screen) -> None:
    """Both screens alike cell for cell (glyph, colours, bold, reverse…), cursor and style."""
    for y in range(a.lines):
        for x in range(a.columns):
            assert a.buffer[y][x] == b.buffer[y][x], (y, x)
    assert (a.cursor.x, a.cursor.y) == (b.cursor.x, b.cursor.y)
    assert a.cursor.attrs == b.cursor.attrs


def _check(chunks: list[str], cols: int, rows: int, told: int | None = None, same: bool = False) -> int:
    """Feed each chunk as written and as filtered into two screens; the bytes saved. With
    `same`, pieces the screen shows already are left out first, as the driver does."""
    plain, plain_feed = _screen(cols, rows)
    fewer, fewer_feed = _screen(cols, rows)
    saved = 0
    lines = SameLines()
    for chunk in chunks:
        filtered = fewer_bytes(lines.filter(chunk, (cols, told or 0)) if same else chunk, told)
        saved += len(chunk.encode()) - len(filtered.encode())
        plain_feed.feed(chunk)
        fewer_feed.feed(filtered)
        _same(plain, fewer)
    return saved


@pytest.mark.parametrize(("cols", "rows"), [(80, 24), (200, 50)])
def test_the_apps_real_frames_look_the_same_filtered_and_are_shorter(cols: int, rows: int) -> None:
    chunks = json.loads(gzip.decompress((HERE / f"frames-{cols}x{rows}.json.gz").read_bytes()))
    assert len(chunks) > 20
    saved = _check(chunks, cols, rows, rows)
    assert saved > sum(len(c.encode()) for c in chunks) // 5
    # Leaving out what the screen shows already draws the same screens, in fewer bytes still.
    assert _check(chunks, cols, rows, rows, same=True) > saved


def test_a_frame_drawn_again_unchanged_sends_only_the_cursor() -> None:
    rows = [f"\x1b[{y};1H\x1b[38;5;253;48;5;17mline {y}\x1b[0m\n" for y in range(1, 6)]
    frame = "\x1b[0m" + "".join(rows) + "\x1b[6;1H\x1b[1mlast\x1b[0m\x1b[1;3H"
    lines = SameLines()
    assert lines.filter(frame, (40, 6)) == frame
    assert lines.filter(frame, (40, 6)) == "\x1b[0m\x1b[1;3H"
    # A row drawn over in part is sent whole the next time; the others are still left out.
    assert lines.filter("\x1b[2;3HXY\x1b[1;1H", (40, 6)) == "\x1b[2;3HXY\x1b[1;1H"
    assert lines.filter(frame, (40, 6)) == "\x1b[0m" + rows[1] + "\x1b[1;3H"
    # Not from the default style, a piece may draw differently: it is sent.
    assert lines.filter("\x1b[1m" + frame[4:], (40, 6)).startswith("\x1b[1m" + rows[0])
    # A new size, a screen switch, an erase or text before any move forgets what was shown.
    for before, size in (("", (41, 6)), ("\x1b[?1049h", (41, 6)), ("\x1b[2J", (41, 6)), ("x", (41, 6))):
        assert lines.filter(before + frame, size) == before + frame, before
    assert lines.filter("\x1b[?25l" + frame, (41, 6)) == "\x1b[?25l\x1b[0m\x1b[1;3H"
    # A glyph of no width joins a cell the terminal chose: nothing is taken as shown after it.
    joined = "\x1b[0m\x1b[2;1H\x1b[1m\u0301x\x1b[0m\n\x1b[3;1H\x1b[38;5;253;48;5;17mline 3\x1b[0m\n\x1b[1;3H"
    assert lines.filter(joined, (41, 6)) == joined
    assert lines.filter(joined, (41, 6)) == joined


def test_a_long_blank_run_becomes_an_erase_and_a_move() -> None:
    line = "\x1b[1;1H\x1b[0m\x1b[48;5;233mab" + " " * 40 + "cd\x1b[0m\r\n"
    assert fewer_bytes(line) == "\x1b[1;1H\x1b[0m\x1b[48;5;233mab\x1b[40X\x1b[39C cd\x1b[0m\r\n"
    # Before a cursor move, or a carriage return, no move is needed.
    assert fewer_bytes("\x1b[0m" + " " * 30 + "\x1b[2;1H") == "\x1b[0m\x1b[30X\x1b[2;1H"


def test_a_line_feed_a_cursor_move_overrides_is_left_out_only_where_it_cannot_scroll() -> None:
    chunk = "\x1b[3;1H\x1b[0;44mab\x1b[0m\n\x1b[4;1H\x1b[44mcd"
    # The reset moves after the cursor move, and merges with the style that follows.
    assert fewer_bytes(chunk, rows=24) == "\x1b[3;1H\x1b[0;44mab\x1b[4;1Hcd"
    assert "\n" in fewer_bytes(chunk)  # the height not known
    # On the last row a feed scrolls the screen: it stays.
    assert "\n" in fewer_bytes(chunk, rows=3)


def test_a_reset_then_the_same_style_again_is_dropped() -> None:
    style = "\x1b[1;38;5;16;48;5;32m"
    assert fewer_bytes(f"\x1b[0m{style}done\x1b[0m{style} x") == f"\x1b[0m{style}done x"


@pytest.mark.parametrize("style", ["\x1b[7m", "\x1b[4m", "\x1b[9m", "\x1b[53m"])
def test_blanks_that_show_their_style_are_written_as_blanks(style: str) -> None:
    # A terminal erases with the background only: an underline or reversed colours would go.
    chunk = f"\x1b[0m{style}" + " " * 30 + "x"
    assert fewer_bytes(chunk) == chunk


@pytest.mark.parametrize("chunk", [
    " " * 30 + "x",  # the style this chunk starts in is not known
    "\x1b[0m\x1b8" + " " * 30 + "x",  # DECRC may bring back a reversed style
    "\x1b[0m\x1b]0;a title" + " " * 30 + "\x07",  # blanks inside a string are not drawn
    "\x1b[0m\x1b[4:3m" + " " * 30 + "x",  # an SGR this filter does not read
])
def test_blanks_in_a_style_not_known_are_left_alone(chunk: str) -> None:
    assert fewer_bytes(chunk) == chunk


SGRS = ["\x1b[0m", "\x1b[m", "\x1b[1m", "\x1b[2m", "\x1b[22m", "\x1b[3m", "\x1b[23m", "\x1b[4m",
        "\x1b[24m", "\x1b[7m", "\x1b[27m", "\x1b[9m", "\x1b[39m", "\x1b[49m", "\x1b[31m", "\x1b[42m",
        "\x1b[38;5;253m", "\x1b[48;5;233m", "\x1b[38;2;10;20;30m", "\x1b[48;2;1;2;3m",
        "\x1b[1;38;5;16;48;5;32m", "\x1b[0;3;38;5;248;48;5;235m", "\x1b[4:3m", "\x1b7", "\x1b8"]
TEXT = st.text(alphabet=" " * 6 + "a─é", max_size=30)
SEGMENT = st.tuples(st.lists(st.sampled_from(SGRS), max_size=3), TEXT)


@st.composite
def frames(draw: st.DrawFn, cols: int = 40, rows: int = 6) -> list[str]:
    """Chunks as Textual writes them: lines placed by CUP or CR LF, none past the margin."""
    chunks = []
    for _ in range(draw(st.integers(1, 4))):
        parts = []
        for _ in range(draw(st.integers(1, 6))):
            col = draw(st.integers(0, cols - 1))
            row = draw(st.integers(0, rows - 1))
            parts.append(draw(st.sampled_from([f"\x1b[{row + 1};{col + 1}H", "\r\n", "\n"])))
            if parts[-1] == "\r\n":
                col = 0
            if parts[-1] == "\n":  # as Textual ends a line: a feed, then a move
                parts.append(f"\x1b[{row + 1};{col + 1}H")
            room = cols - col
            for sgrs, text in draw(st.lists(SEGMENT, max_size=5)):
                text = text[:room]
                room -= len(text)
                parts.append("".join(sgrs) + text)
        chunks.append("".join(parts))
    return chunks


@settings(max_examples=400, deadline=None)
@given(frames(), st.lists(st.sampled_from(SGRS[:22]), max_size=2), st.sampled_from([None, 6]))
def test_any_textual_like_stream_looks_the_same_filtered(chunks: list[str], start: list[str],
                                                         told: int | None) -> None:
    # A screen full of glyphs first, so a blank run that failed to erase would show.
    filled = "".join(start) + "".join(f"\x1b[{y};1H\x1b[44m" + "x" * 40 for y in range(1, 7))
    _check([filled, *chunks], 40, 6, told)
    _check([filled, *chunks, *chunks], 40, 6, told, same=True)


@pytest.mark.parametrize(("env", "on"), [
    ({"TERM": "xterm-256color"}, True),
    ({"TERM": "tmux-256color"}, True),
    ({"TERM": "screen", "TMUX": "/tmp/tmux-0/default,1,0"}, True),
    ({"TERM": "alacritty"}, True),
    ({"TERM": "xterm-kitty"}, True),
    ({"TERM": "foot"}, True),
    ({"TERM": "wezterm"}, True),
    ({"TERM": "linux"}, True),
    ({"TERM": "screen"}, False),  # GNU screen: no bce by default
    ({"TERM": "screen-256color"}, False),
    ({"TERM": "xterm-256color", "STY": "1234.pts-0.host"}, False),  # screen inside an xterm
    ({"TERM": "screen", "TMUX": "/tmp/t,1,0", "STY": "1.x"}, False),
    ({"TERM": "dumb"}, False),
    ({}, False),
    ({"TERM": "xterm-256color", "TRACKER_PLAIN_OUTPUT": "1"}, False),
    ({"TERM": "xterm-256color", "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, False),
])
def test_the_filter_is_on_only_where_the_terminal_erases_with_the_background(env: dict[str, str],
                                                                           on: bool) -> None:
    assert output_enabled(env) is on
    assert (output_driver(env, windows=False) is not None) is on


def test_never_on_windows() -> None:
    assert output_driver({"TERM": "xterm-256color"}, windows=True) is None


def test_the_driver_writes_what_the_filter_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.drivers.linux_driver import LinuxDriver

    written: list[str] = []
    monkeypatch.setattr(LinuxDriver, "write", lambda self, data: written.append(data))
    driver = output_driver({"TERM": "xterm"}, windows=False)
    assert driver is not None and issubclass(driver, LinuxDriver)
    chunk = "\x1b[0m" + " " * 30 + "\x1b[2;1H"
    made = object.__new__(driver)
    made.same = SameLines()  # type: ignore[attr-defined]
    driver.write(made, chunk)
    assert written == [fewer_bytes(chunk)] and len(written[0]) < len(chunk)
