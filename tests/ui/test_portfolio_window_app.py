"""The portfolio screen judges each deal by the settings' at-risk window where its file
sets none, as the screen of one deal does: its rows, what needs attention, and the deal
opened from it; the command line opens it so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bench.ptyterm import Term, python
from tests.builders import deal_folder, deal_text
from tests.test_portfolio_window import QUOTA, REPORTED
from tests.ui.conftest import ROOT, drive, screen_text, until
from tracker.portfolio_cli import open_many
from tracker.settings import load_settings, settings_path
from tracker.ui.app import TrackerApp
from tracker.ui.screens.main import MainScreen
from tracker.ui.screens.portfolio import PortfolioScreen

pytestmark = pytest.mark.usefixtures("config_dir")
AS_OF = date(2024, 1, 5)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two deals behind their plan, due in 40 days: one sets no window, one sets 30 days."""
    return deal_folder(tmp_path / "deals", {
        "a-settings.toml": deal_text(QUOTA, REPORTED, title="Window of the settings"),
        "b-own.toml": deal_text(QUOTA, REPORTED, title="Window of its own", extra={"at_risk_days": 30})})


def _settings(text: str) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(text, encoding="utf-8")


def _app(folder: Path) -> TrackerApp:
    """The app as `tracker DIR` opens it, with the user's settings."""
    settings = load_settings()
    opened = open_many([folder], Path("milestones.toml"), window=settings.at_risk_days)
    assert not isinstance(opened, int)
    loaded, entries = opened
    return TrackerApp(loaded, as_of=AS_OF, portfolio=entries, settings=settings)


@drive
async def test_the_portfolio_screen_uses_the_settings_window(folder: Path) -> None:
    _settings("at_risk_days = 45\n")
    app = _app(folder)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        text = screen_text(app)
        assert "most urgent: ⚑ at risk: Free 500 prisoners" in text  # the settings' 45 days
        assert "most urgent: ▼ behind: Free 500 prisoners" in text  # the file's own 30 days
        assert "Needs attention (2)" in text and "⚑ at risk" in text.split("Needs attention")[1]
        await pilot.press("home", "enter")  # the first deal by name: the settings' window
        assert await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.session.loaded.window_from == "settings" and "⚑ at risk" in screen_text(app)


@drive
async def test_without_settings_the_portfolio_keeps_the_default_window(folder: Path) -> None:
    app = _app(folder)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "at risk" not in text and text.count("most urgent: ▼ behind") == 2


def test_tracker_dir_opens_its_portfolio_with_the_settings_window(folder: Path) -> None:
    _settings("at_risk_days = 45\n")
    command = python("-m", "tracker", str(folder), "--as-of", AS_OF.isoformat(), "--no-cache")
    with Term(command, 80, 40, cwd=str(ROOT)) as term:
        assert term.wait_for(lambda text: "most urgent: ⚑ at risk" in text, 30) is not None, term.text()
