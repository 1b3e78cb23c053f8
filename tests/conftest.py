"""Every test gets a cache folder and an empty config directory of its own: the user's real
cache and settings file (a default deal, a theme) never change what a test sees, nor are
written by one. A test that edits the shipped deal asks for `deal_file`, a copy of it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import SHIPPED, deal_folder


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
