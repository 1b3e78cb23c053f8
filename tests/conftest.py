"""Every test gets a cache folder and an empty config directory of its own: the user's real
cache and settings file (a default deal, a theme) never change what a test sees, nor are
written by one. A test that edits the shipped deal asks for `deal_file`, a copy of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import ROOT, SHIPPED, deal_folder


def _shipped_changed() -> bool:
    """Whether milestones.toml differs from the committed file (False without git)."""
    try:
        return subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "milestones.toml"], cwd=ROOT,
                              capture_output=True, timeout=10).returncode == 1
    except (OSError, subprocess.SubprocessError):
        return False


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say so when the shipped deal is not as committed: many tests read its facts, and a user
    who tried `r` or `tracker record` on it sees them fail (a new user's trial)."""
    if _shipped_changed():
        terminalreporter.write_sep("=", "milestones.toml differs from the committed file, and the tests "
                                   "read its facts: `git checkout milestones.toml` restores it", yellow=True)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(where))
    return where


@pytest.fixture(scope="session")
def _empty_config_dir() -> Iterator[Path]:
    # Under /tmp and open to all: some tests run the tracker as another user, who must find
    # no settings file there (not a directory it may not enter, which would be warned about).
    path = Path(tempfile.mkdtemp(prefix="tracker-config-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def _own_config_dir(_empty_config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(_empty_config_dir))
    return _empty_config_dir


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config directory a test may write settings into."""
    path = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(path))
    return path


@pytest.fixture
def deal_file(tmp_path: Path) -> Path:
    """The shipped milestones.toml, copied (alone in its folder) so a test may edit it."""
    return deal_folder(tmp_path, {"milestones.toml": SHIPPED}) / "milestones.toml"
