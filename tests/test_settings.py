"""The settings file: the default FILE, the at-risk window (the file's own wins), a broken
file, and the theme chosen in the app kept for the next start."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

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


def test_saving_a_theme_keeps_the_user_s_comments_and_layout(tmp_path: Path) -> None:
    # Choosing a theme rewrote the whole file: its comments were lost (a new user's trial).
    path = _write('# my settings\ntheme = "nord"   # kept\n\nat_risk_days = 14\n')
    save_theme(load_settings(), "gruvbox")
    assert path.read_text(encoding="utf-8") == '# my settings\ntheme = "gruvbox"   # kept\n\nat_risk_days = 14\n'
    path.write_text("# only a comment\nat_risk_days = 14\n", encoding="utf-8")
    save_theme(load_settings(), 'say "hi"')
    assert path.read_text(encoding="utf-8") == 'theme = "say \\"hi\\""\n# only a comment\nat_risk_days = 14\n'
    assert load_settings().theme == 'say "hi"' and load_settings().at_risk_days == 14


def test_a_theme_the_app_does_not_know_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asyncio.run(_unknown_theme(monkeypatch))


async def _unknown_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.load import load
    from tracker.ui.app import TrackerApp

    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    _write('theme = "nosuchtheme"\n')
    app = TrackerApp(load(ROOT / "milestones.toml"), as_of=date(2020, 4, 29), settings=load_settings())
    async with app.run_test() as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications]
    assert any("no theme is called 'nosuchtheme'" in m for m in said), said


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


WINDOW_DEAL = """\
[deal]
title = "Window"
{window}

[[parties]]
id = "a"
name = "A"

[[milestones]]
id = "q"
title = "Free 100 prisoners"
kind = "quantity"
party = "a"
target = 100
due = 2024-01-20
plan = {{ start = 2024-01-01, batch = 10 }}

[[updates]]
milestone = "q"
date = 2024-01-05
total = 20
"""
"""15 days before its due date and behind its plan: at risk in a window of 30 days, not of 10."""


def _window_deal(tmp_path: Path, window: str = "") -> Path:
    path = tmp_path / "window.toml"
    path.write_text(WINDOW_DEAL.format(window=window), encoding="utf-8")
    return path


def _report_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["report", str(path), "--as-of", "2024-01-05", "--format", "json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_the_settings_window_is_used_when_the_file_sets_none(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _window_deal(tmp_path)
    data = _report_json(path, capsys)
    assert data["milestones"][0]["status"] == "at_risk"  # 30 days, the model's default
    assert (data["at_risk_days"], data["at_risk_days_from"]) == (30, "default")
    _write("at_risk_days = 10\n")
    data = _report_json(path, capsys)
    assert data["milestones"][0]["status"] == "behind"
    assert (data["at_risk_days"], data["at_risk_days_from"]) == (10, "settings")
    assert main(["report", str(path), "--as-of", "2024-01-05"]) == 0
    text = capsys.readouterr().out
    assert "At risk: due within 10 days (your settings' at_risk_days)" in text and "▼ behind" in text
    assert main(["report", str(path), "--as-of", "2024-01-05", "--format", "markdown"]) == 0
    assert "*At risk: due within 10 days (your settings' `at_risk_days`)*" in capsys.readouterr().out


def test_the_files_own_window_always_wins_over_the_settings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write("at_risk_days = 10\n")
    path = _window_deal(tmp_path, "at_risk_days = 30")
    data = _report_json(path, capsys)
    assert data["milestones"][0]["status"] == "at_risk"
    assert (data["at_risk_days"], data["at_risk_days_from"]) == (30, "file")
    assert main(["report", str(path), "--as-of", "2024-01-05"]) == 0
    assert "settings" not in capsys.readouterr().out  # the file's window needs no word


def test_the_settings_window_lasts_through_a_reload_and_a_record(tmp_path: Path) -> None:
    from tracker.evaluate import evaluate
    from tracker.load import load, reload, windowed
    from tracker.write import append_update, make_update, remove_last_update

    path = _window_deal(tmp_path)
    loaded = windowed(load(path), 10)
    assert loaded.window_from == "settings"
    written = append_update(loaded, make_update("q", date(2024, 1, 4), file=str(path), note="talks"),
                            latest=True)
    appended = written.loaded
    undone = remove_last_update(appended, written.appended)
    edited = path.read_bytes().replace(b'title = "Window"', b'title = "Window, renamed"')
    path.write_bytes(edited)
    # A record (only the tail parsed), its undo, and an edit above the updates (the whole file).
    for again in (appended, undone, reload(undone, edited)):
        assert again.window_from == "settings"
        assert evaluate(again.deal, date(2024, 1, 5)).rows[0].state.status.value == "behind"
    set_here = reload(undone, edited.replace(b'title = "Window, renamed"',
                                               b'title = "Window"\nat_risk_days = 30'))
    assert set_here.window_from == "file"
    assert evaluate(set_here.deal, date(2024, 1, 5)).rows[0].state.status.value == "at_risk"
