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
