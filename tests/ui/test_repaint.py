"""What a cursor move sends to the terminal: only the cells that change, never a pane that
stays the same (over SSH every repainted cell is bytes on the wire)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen

from tests.ui.conftest import AS_OF, drive
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.widgets.attention import AttentionPane
from tracker.ui.widgets.detail import DetailPane
from tracker.ui.widgets.table import MilestoneTable

WIDE = (200, 50)


class Painted:
    """Every update the app hands the terminal: the screen cells each one rewrites."""

    def __init__(self, app: TrackerApp) -> None:
        self.regions: list[Region] = []
        self.sent = 0
        shown = app._display

        def display(screen: Screen[object], renderable: object) -> None:
            if isinstance(renderable, ChopsUpdate):
                self.regions += [Region(x1, y, x2 - x1, 1) for y, x1, x2 in renderable.spans]
                self.sent += len(renderable.render_segments(app.console).encode())
            elif isinstance(renderable, LayoutUpdate):
                self.regions.append(Region(0, 0, app.size.width, app.size.height))
                self.sent += len(renderable.render_segments(app.console).encode())
            shown(screen, renderable)  # type: ignore[arg-type]

        app._display = display  # type: ignore[method-assign]

    def clear(self) -> None:
        self.regions.clear()
        self.sent = 0


async def _settled(pilot: Pilot[object]) -> None:
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)


def _outside(regions: list[Region], allowed: list[Region]) -> list[Region]:
    return [r for r in regions if not any(a.contains_region(r) for a in allowed)]


@drive
async def test_the_first_move_after_start_up_repaints_two_rows_and_the_detail(deal_file: Path) -> None:
    # The start-up layout left the table's first size queued as dirty, and the first move
    # sent it with its two rows: every pane of the screen, 12 KB at 200x50.
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    painted = Painted(app)
    async with app.run_test(size=WIDE) as pilot:
        await _settled(pilot)
        table, detail = app.screen.query_one(MilestoneTable), app.screen.query_one(DetailPane)
        top = table.content_region.y + table.HEADER
        painted.clear()
        await pilot.press("j")
        await pilot.pause(0.2)
        rows = Region(table.region.x, top, table.region.width, 2)
        assert _outside(painted.regions, [rows, detail.region]) == []
        assert not any(r.overlaps(app.screen.query_one(AttentionPane).region) for r in painted.regions)


@drive
async def test_a_new_title_repaints_only_the_title_on_the_detail_top_line(deal_file: Path) -> None:
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    painted = Painted(app)
    async with app.run_test(size=WIDE) as pilot:
        await _settled(pilot)
        detail = app.screen.query_one(DetailPane)
        painted.clear()
        await pilot.press("j")
        await pilot.pause(0.2)
        line = detail.region.y
        on_rule = [r for r in painted.regions if r.y == line]
        assert on_rule, "the new id shows in the pane's top line"
        title = detail.border_title
        assert title is not None and "prisoners-5000" in str(title)
        widest = len("prisoners-5000") + 4  # the id before, the id now, a corner and blanks
        assert max(r.right for r in on_rule) - detail.region.x <= widest


def _rows(app: TrackerApp, region: Region) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


@drive
async def test_the_detail_scrollbar_coming_and_going_repaints_only_what_changed(deal_file: Path) -> None:
    # At 200x44 the third milestone's detail is longer than the pane and the fourth's
    # shorter: its scrollbar appears, then goes. Each toggle laid the screen out with the
    # text one column wider or narrower, and every line of the pane went out again.
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    painted = Painted(app)
    async with app.run_test(size=(200, 44)) as pilot:
        await _settled(pilot)
        detail = app.screen.query_one(DetailPane)
        await pilot.press("j")
        await pilot.pause(0.2)
        for bar in (True, False):
            text = detail.scrollable_content_region
            before = _rows(app, text)
            painted.clear()
            await pilot.press("j")
            await pilot.pause(0.2)
            assert detail.show_vertical_scrollbar is bar
            after = _rows(app, text)
            same = [text.y + i for i, (a, b) in enumerate(zip(before, after)) if a == b]
            assert same, "the test needs lines that stay as they were"
            repainted = [y for y in same if any(r.y == y and r.overlaps(text) for r in painted.regions)]
            assert repainted == [], f"lines that did not change were sent again: {repainted}"


@drive
async def test_help_is_a_few_widgets_and_wraps_each_meaning_under_itself(deal_file: Path) -> None:
    # Two Statics in a Horizontal per row made ninety widgets to mount, style and lay out:
    # `?` took 300 ms on a large deal. The help now lays out as a handful.
    from tracker.ui.screens.help import HelpScreen

    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        assert len(list(screen.walk_children())) <= 10
        lines = [s.text for s in app.screen._compositor.render_strips()]
        at = next(i for i, line in enumerate(lines) if "Open the file in $VISUAL" in line)
        column = lines[at].index("Open the file")
        follow = lines[at + 1]
        assert follow[:column].strip(" │") == "" and follow[column:column + 9] == "milestone"


@drive
async def test_a_resize_lays_the_columns_out_without_measuring_every_row_again(
        deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each new width measured every title, party and figure of the deal again: at 10,000
    # rows that was most of a resize, under every screen that shows the table beneath it.
    import tracker.ui.widgets.table as table

    measured: list[int] = []
    real = table.shared_prefixes

    def counted(titles: list[str]) -> dict[str, int]:
        measured.append(len(titles))
        return real(titles)

    monkeypatch.setattr(table, "shared_prefixes", counted)
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        before = len(measured)
        for size in ((120, 40), (100, 30), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.2)
        assert "850/1,500" in "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert before >= 1 and len(measured) == before
