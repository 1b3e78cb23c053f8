"""How the app looks on the shipped deal, as of 29 April 2020, at the sizes users run it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import AS_OF
from tracker.load import load
from tracker.ui.app import TrackerApp


def app_for(path: Path) -> TrackerApp:
    return TrackerApp(load(path), as_of=AS_OF)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)], ids=["80x24", "120x40", "60x20"])
def test_first_screen(snap_compare, deal_file: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(deal_file), terminal_size=size)


def test_first_screen_no_color(snap_compare, deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(deal_file)
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24))


def test_overdue_detail_full_screen(snap_compare, deal_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(deal_file), press=["down", "down", "enter"], terminal_size=(80, 24))


def test_timeline(snap_compare, deal_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(deal_file), press=["l"], terminal_size=(120, 40))


def test_parties(snap_compare, deal_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(deal_file), press=["p"], terminal_size=(80, 24))


def test_stepped_back_to_26_april(snap_compare, deal_file: Path) -> None:  # type: ignore[no-untyped-def]
    keys = ["down", "down", "left_square_bracket", "left_square_bracket", "left_square_bracket"]
    assert snap_compare(app_for(deal_file), press=keys, terminal_size=(80, 24))
