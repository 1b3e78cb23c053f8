"""The detail pane says who recorded each update when the deal file is in git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.builders import git_runs
from tests.ui.conftest import AS_OF, drive, screen_text, until
from tracker import blame
from tracker.load import load
from tracker.ui.app import TrackerApp
from tracker.ui.widgets.detail import DetailPane


def git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder)}
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def detail_text(app: TrackerApp) -> str:
    return app.screen.query_one(DetailPane).content.plain


@drive
async def test_the_detail_pane_names_who_recorded_each_update(deal_file: Path) -> None:
    folder = deal_file.parent
    git(folder, "init", "-q")
    git(folder, "config", "user.name", "Ann Analyst")
    git(folder, "config", "user.email", "ann@example.org")
    git(folder, "add", "milestones.toml")
    git(folder, "commit", "-qm", "the deal")
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(100, 40)) as pilot:
        assert await until(pilot, lambda: "recorded by Ann Analyst" in detail_text(app))
        assert "· " in detail_text(app)



def timeline_lines(app: TrackerApp) -> list[str]:
    return screen_text(app).splitlines()


@drive
async def test_the_timeline_names_who_committed_each_update_where_it_fits(
        deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-30T10:00:00+01:00")
    folder = deal_file.parent
    git(folder, "init", "-q")
    git(folder, "config", "user.name", "Ann Analyst")
    git(folder, "config", "user.email", "ann@example.org")
    git(folder, "add", "milestones.toml")
    git(folder, "commit", "-qm", "the deal")
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        assert await until(pilot, lambda: any("· Ann " in line for line in timeline_lines(app)))
        lines = timeline_lines(app)
        first = next(line for line in lines if "28 Feb 2020 ●" in line)
        assert first.endswith("done  [report-850]  · Ann Nov 2026")
        # Too narrow for both: who is dropped, the source stays.
        rejected = next(line for line in lines if "rejected  [report-decree]" in line)
        assert "· Ann" not in rejected
        # Plan marks and the as-of line were never committed by anyone.
        assert not any("· Ann" in line for line in lines if "◇" in line or "▲" in line)


@drive
async def test_outside_git_the_timeline_starts_no_git_process_and_looks_as_before(
        deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if blame.repository(deal_file) is not None:
        pytest.skip("the temporary folder is inside a git work tree")

    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"git was started: {args}")

    monkeypatch.setattr(blame.subprocess, "run", no_git)
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause(0.3)
        lines = timeline_lines(app)
        assert " 28 Feb 2020 ● The United States and the Talib…  done  [report-850]" in lines
        assert not any(line.rstrip().endswith("2026") for line in lines)


@drive
async def test_the_timeline_blames_the_file_once_per_version(
        deal_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = deal_file.parent
    git(folder, "init", "-q")
    git(folder, "config", "user.name", "Ann Analyst")
    git(folder, "config", "user.email", "ann@example.org")
    git(folder, "add", "milestones.toml")
    git(folder, "commit", "-qm", "the deal")
    runs = git_runs(monkeypatch)
    app = TrackerApp(load(deal_file), as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: "recorded by Ann" in detail_text(app))
        runs.clear()  # the detail pane's own blame, of the selected milestone's lines
        await pilot.press("l")
        assert await until(pilot, lambda: any("· Ann " in line for line in timeline_lines(app)))
        await pilot.press("left_square_bracket", "left_square_bracket", "right_square_bracket")
        await pilot.pause(0.3)
        assert any("· Ann " in line for line in timeline_lines(app))
        assert len(runs) == 1  # a new date is a new story, not a new version of the file
