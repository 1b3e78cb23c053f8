"""Every test runs with an empty config directory of its own: the user's real settings file
(a default deal, a theme) must never change what a test sees, nor be written by one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


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
