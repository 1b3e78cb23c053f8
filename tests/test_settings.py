"""The settings file: the default FILE, the at-risk window, a broken file, and the theme
chosen in the app kept for the next start."""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.settings import Settings, load_settings, save_theme, settings_path

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.usefixtures("config_dir")


def _write(text: str) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_settings_live_in_the_xdg_config_dir(tmp_path: Path) -> None:
    assert settings_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "tracker" / "settings.toml"
    assert load_settings() == Settings(path=settings_path())


def test_the_default_file_is_used_when_no_file_is_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    deal = tmp_path / "deals" / "peace.toml"
    deal.parent.mkdir()
    shutil.copy(ROOT / "milestones.toml", deal)
    _write(f'default = "{deal}"\nat_risk_days = 21\n')
    monkeypatch.chdir(tmp_path)  # no ./milestones.toml here
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith(f"{deal}: ok:")
    assert load_settings().at_risk_days == 21


@pytest.mark.parametrize("text, says", [
    ('theme = "nord"\nat_risk_days = \n', ":2:"),
    ("at_risk_days = 0\n", "at_risk_days: expected a whole number of days from 1 to 365, found 0"),
    ('colour = "red"\n', "colour: unknown key"),
    ("default = 3\n", "default: expected a non-empty string, found 3"),
])
def test_a_broken_settings_file_is_said_and_the_defaults_used(
        text: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(text)
    shutil.copy(ROOT / "milestones.toml", tmp_path / "milestones.toml")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"tracker: warning: {path}") and says in err and "Traceback" not in err
    assert "using the default settings" in err
    assert save_theme(load_settings(), "nord").theme is None  # never written over
    assert path.read_text(encoding="utf-8") == text


def test_saving_a_theme_keeps_the_other_settings(tmp_path: Path) -> None:
    path = _write('# mine\ndefault = "~/deals"\n')
    saved = save_theme(load_settings(), "nord")
    assert saved.theme == "nord" and load_settings().theme == "nord"
    assert load_settings().default == Path("~/deals").expanduser()
    assert path.exists()


def test_the_theme_chosen_in_the_app_is_there_at_the_next_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asyncio.run(_theme_kept(monkeypatch))


async def _theme_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.load import load
    from tracker.ui.app import TrackerApp

    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    loaded = load(ROOT / "milestones.toml")
    app = TrackerApp(loaded, as_of=date(2020, 4, 29), settings=load_settings())
    async with app.run_test() as pilot:
        app.theme = "nord"  # what choosing it in the command palette sets
        await pilot.pause()
    assert load_settings().theme == "nord"
    again = TrackerApp(loaded, as_of=date(2020, 4, 29), settings=load_settings())
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "nord"
    monkeypatch.setenv("TEXTUAL_THEME", "textual-light")
    third = TrackerApp(loaded, as_of=date(2020, 4, 29), settings=load_settings())
    async with third.run_test() as pilot:
        await pilot.pause()
        assert third.theme != "nord"  # the environment, set for this run, wins
