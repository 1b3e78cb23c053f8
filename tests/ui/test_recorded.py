"""The detail pane says who recorded each update when the deal file is in git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.ui.conftest import AS_OF, drive, until
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

