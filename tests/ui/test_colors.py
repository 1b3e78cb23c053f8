"""Status words as the screen draws them, in every built-in theme: each reads at 3:1 or
better on the ground it is drawn on (rows, header, attention list, detail, and under the
cursors), and on a 16-colour terminal (`TERM=screen`) the statuses stay different colours.

Colours are read from the composed screen and measured here with WCAG's own formula, not
with the app's palette code, so the test checks what a user sees."""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pytest
from rich.color import Color, ColorSystem
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from rich.terminal_theme import TerminalTheme
from textual.app import App
from textual.color import Color as TextualColor
from textual.color import rgb_to_lab

from tests.ui.conftest import AS_OF, ROOT
from tracker.load import load
from tracker.state.session import Session
from tracker.status import GLYPH, Status
from tracker.ui.app import TrackerApp

THEMES = sorted(App().available_themes)
PANES = ("summary", "milestones", "detail", "attention")
WORD = {s: s.value.replace("_", " ") for s in Status}
# `✓ done` in the rows, `✓4 done` in the header's counts.
FOUND = {s: re.compile(re.escape(GLYPH[s]) + r"\d* " + re.escape(WORD[s])) for s in Status}


@dataclass(frozen=True)
class Drawn:
    """One cell of a status word as drawn: where, and its colours."""

    status: Status
    pane: str
    cursor: str
    """`""`, or which cursor is on the row: `focused` or `blurred`."""
    fg: Color
    bg: Color
    theme: TerminalTheme

    def rgb(self, color: Color, foreground: bool) -> ColorTriplet:
        return color.get_truecolor(self.theme, foreground)

    @property
    def ratio(self) -> float:
        return contrast(self.rgb(self.fg, True), self.rgb(self.bg, False))


def luminance(rgb: ColorTriplet) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(rgb.red) + 0.7152 * channel(rgb.green) + 0.0722 * channel(rgb.blue)


def contrast(a: ColorTriplet, b: ColorTriplet) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def cells(segments: list[Segment]) -> list[tuple[str, Color, Color]]:
    """Each cell's character and colours; unset colours are the terminal's own."""
    out = []
    for text, style, _ in segments:
        fg = style.color if style and style.color else Color.default()
        bg = style.bgcolor if style and style.bgcolor else Color.default()
        if style and style.reverse:
            fg, bg = bg, fg
        out += [(ch, fg, bg) for ch in text]
    return out


def pane_at(app: App[object], x: int, y: int) -> str:
    for pane in PANES:
        if app.screen.query_one(f"#{pane}").region.contains(x, y):
            return pane
    return "other"


def cursor_at(app: App[object], pane: str, y: int) -> str:
    if pane not in ("milestones", "attention"):
        return ""
    widget = app.screen.query_one(f"#{pane}")
    row = y - widget.content_region.y - widget.HEADER + round(widget.scroll_y)  # type: ignore[attr-defined]
    if row != widget.cursor_row:  # type: ignore[attr-defined]
        return ""
    return "focused" if widget.has_focus else "blurred"


def scan(app: App[object]) -> set[Drawn]:
    """Every cell of every status word on the screen now."""
    found = set()
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        row = cells(list(strip))
        text = "".join(ch for ch, _, _ in row)
        for status, pattern in FOUND.items():
            for match in pattern.finditer(text):
                pane = pane_at(app, match.start(), y)
                for x in range(match.end() - len(WORD[status]), match.end()):
                    if not text[x].isspace():
                        found.add(Drawn(status, pane, cursor_at(app, pane, y), row[x][1], row[x][2], app.ansi_theme))
    return found


def one_row_per_status(widget: Any) -> list[int]:
    """A row of each status the list shows (the first), so each is seen under its cursor."""
    first: dict[Status, int] = {}
    for index, row in enumerate(widget.rows_shown if hasattr(widget, "rows_shown") else widget.rows):
        first.setdefault(row.state.status, index)
    return sorted(first.values())


async def drawn_in_every_theme(size: tuple[int, int] = (80, 24)) -> dict[str, set[Drawn]]:
    """Status words on the first screen in each theme, with each list's cursor on a row of
    each status it shows: first the attention list focused (the table's cursor blurred),
    then the table focused (the attention list's blurred)."""
    app = TrackerApp(load(ROOT / "milestones.toml"), as_of=AS_OF)
    found: dict[str, set[Drawn]] = {}
    async with app.run_test(size=size) as pilot:
        table: Any = app.screen.query_one("#milestones")
        attention: Any = app.screen.query_one("#attention")
        rows = {table: one_row_per_status(table), attention: one_row_per_status(attention)}
        for theme in THEMES:
            app.theme = theme
            found[theme] = set()
            for focused in (attention, table):
                focused.focus()
                await pilot.pause(0)
                for step in range(len(rows[focused])):
                    for widget, shown in rows.items():
                        widget.move_cursor(shown[step % len(shown)])
                    await pilot.pause(0)  # a repaint, without waiting for the CPU to idle
                    found[theme] |= scan(app)
    return found


def assert_all_seen(drawn: dict[str, set[Drawn]]) -> None:
    """The scan saw every status of the shipped deal in the header and the table, and both
    lists' cursors focused and blurred, so the tests cannot pass by finding nothing."""
    statuses = {r.state.status for r in Session.open(load(ROOT / "milestones.toml"), AS_OF).evaluation.rows}
    assert len(statuses) == 8  # contingent too, since issue 14
    for theme, seen in drawn.items():
        for pane in ("summary", "milestones"):
            assert {d.status for d in seen if d.pane == pane} == statuses, (theme, pane)
        for pane in ("milestones", "attention"):
            assert {d.cursor for d in seen if d.pane == pane} == {"", "focused", "blurred"}, (theme, pane)


@pytest.fixture(scope="module")
def drawn() -> dict[str, set[Drawn]]:
    found = asyncio.run(drawn_in_every_theme())
    assert_all_seen(found)
    return found


@pytest.mark.parametrize("theme", THEMES)
def test_status_words_read_at_3_to_1(drawn: dict[str, set[Drawn]], theme: str) -> None:
    worst: dict[tuple[Status, str, str], float] = {}
    for d in drawn[theme]:
        key = (d.status, d.pane, d.cursor)
        worst[key] = min(worst.get(key, 99.0), d.ratio)
    unreadable = {f"{s.value} in {pane}{' under the ' + c + ' cursor' if c else ''}": round(r, 2)
                  for (s, pane, c), r in worst.items() if r < 3.0}
    assert not unreadable, f"{theme}: status words below 3:1: {unreadable}"


SIX = (Status.done, Status.overdue, Status.rejected, Status.behind, Status.waiting, Status.on_track)


def table_colours(drawn: set[Drawn]) -> dict[Status, set[Color]]:
    """Each of the six statuses' colours on the table's rows, away from the cursor (which
    colours its whole row alike)."""
    rows = [d for d in drawn if d.pane == "milestones" and not d.cursor]
    return {s: {d.fg for d in rows if d.status is s} for s in SIX}


@pytest.mark.parametrize("theme", [t for t in THEMES if not t.startswith("ansi-")])
def test_statuses_look_apart_in_truecolor(drawn: dict[str, set[Drawn]], theme: str) -> None:
    """Two statuses in colours a glance cannot tell apart (CIE76 distance under 15; 2.3 is
    just noticeable) would leave only the mark and word. ANSI themes leave the colours to
    the terminal: the 16-colour test covers them."""
    lab = {}
    for status, colours in table_colours(drawn[theme]).items():
        assert len(colours) == 1, (status, colours)
        triplet = next(iter(colours)).get_truecolor()
        lab[status] = rgb_to_lab(TextualColor(*triplet))
    close = {(a.value, b.value): round(math.dist((lab[a].L, lab[a].a, lab[a].b), (lab[b].L, lab[b].a, lab[b].b)))
             for a, b in combinations(SIX, 2)}
    assert not {k: v for k, v in close.items() if v < 15}, f"{theme}: statuses in near-identical colours"


def standard(color: Color) -> int | None:
    """The colour a 16-colour terminal is sent: Rich downgrades truecolor to the nearest
    of its 16; an ANSI colour stays itself (None: the terminal's default)."""
    return color.downgrade(ColorSystem.STANDARD).number


@pytest.mark.parametrize("theme", THEMES)
def test_statuses_stay_apart_in_16_colours(drawn: dict[str, set[Drawn]], theme: str) -> None:
    """Each of the six statuses that matter gets its own colour after the downgrade, and
    none is drawn in its own background's colour. Overdue and rejected are both bad news but
    not the same news (late, or refused for good), so they are not allowed to share."""
    colours = {s: {standard(c) for c in cs} for s, cs in table_colours(drawn[theme]).items()}
    assert all(len(c) == 1 for c in colours.values()), colours
    shared = [(a.value, b.value) for a, b in combinations(SIX, 2) if colours[a] == colours[b]]
    assert not shared, f"{theme}: same colour on a 16-colour terminal: {shared} ({colours})"
    invisible = {d.status.value for d in drawn[theme] if standard(d.fg) == standard(d.bg) is not None}
    assert not invisible, f"{theme}: drawn in their background's colour: {invisible}"
