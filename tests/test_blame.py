"""Who recorded each update: from git blame in a repository, null outside one or uncommitted."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.builders import git_runs
from tracker import blame
from tracker.blame import Blamer
from tracker.cli import main
from tracker.init import TEMPLATE
from tracker.load import load

SHIPPED = Path(__file__).resolve().parent.parent / "milestones.toml"
BOBS = ("captives-1000", "--date", "2020-04-30", "--total", "650", "--source", "report-850")


def git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder),
           "GIT_AUTHOR_DATE": "2026-11-30T10:00:00+01:00"}
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def as_author(folder: Path, name: str) -> None:
    git(folder, "config", "user.name", name)
    git(folder, "config", "user.email", f"{name.lower()}@example.org")


def json_report(path: Path) -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", str(path), "--as-of", "2020-05-01", "--format", "json"]) == 0
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def updates_of(report: dict[str, Any], milestone: str) -> list[dict[str, Any]]:
    return next(m["updates"] for m in report["milestones"] if m["id"] == milestone)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The shipped deal committed by Ann, then an update committed by Bob."""
    folder = tmp_path / "deal"
    folder.mkdir()
    git(folder, "init", "-q")
    as_author(folder, "Ann")
    shutil.copy(SHIPPED, folder / "milestones.toml")
    git(folder, "add", "milestones.toml")
    git(folder, "commit", "-qm", "the deal")
    as_author(folder, "Bob")
    assert main(["record", str(folder / "milestones.toml"), *BOBS]) == 0
    git(folder, "commit", "-qam", "Bob records")
    return folder / "milestones.toml"


def test_json_says_who_committed_each_update_and_null_for_an_uncommitted_one(repo: Path) -> None:
    assert main(["record", str(repo), "captives-1000", "--date", "2020-05-01", "--total", "700",
                 "--source", "report-850"]) == 0
    entries = updates_of(json_report(repo), "captives-1000")
    assert [(e["date"], e["recorded_by"]) for e in entries] == [
        ("2020-04-28", "Ann"), ("2020-04-30", "Bob"), ("2020-05-01", None)]
    assert entries[1]["recorded_at"] == "2026-11-30T10:00:00+01:00"
    assert len(entries[1]["commit"]) == 40 and entries[2]["commit"] is None
    assert entries[2]["recorded_at"] is None


def test_outside_git_every_update_says_null_and_no_git_process_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "milestones.toml"
    shutil.copy(SHIPPED, path)
    if blame.repository(path) is not None:
        pytest.skip("the temporary folder is inside a git work tree")

    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"git was started: {args}")

    monkeypatch.setattr(blame.subprocess, "run", no_git)
    entries = [e for m in json_report(path)["milestones"] for e in m["updates"]]
    assert len(entries) == len(load(path).deal.updates)
    assert {(e["recorded_by"], e["recorded_at"], e["commit"]) for e in entries} == {(None, None, None)}


def test_blame_is_kept_per_version_of_the_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = git_runs(monkeypatch)
    blamer, loaded = Blamer(), load(repo)
    mine = [u for u in loaded.deal.updates if u.milestone == "captives-1000"]
    assert [r and r.by for r in blamer.of(loaded, mine)] == ["Ann", "Bob"]
    assert [r and r.by for r in blamer.of(loaded, mine)] == ["Ann", "Bob"] and len(runs) == 1
    assert main(["record", str(repo), "captives-1000", "--date", "2020-05-01", "--total", "700",
                 "--source", "report-850"]) == 0
    again = load(repo)
    mine = [u for u in again.deal.updates if u.milestone == "captives-1000"]
    assert [r and r.by for r in blamer.of(again, mine)] == ["Ann", "Bob", None] and len(runs) == 2


def test_a_reload_with_the_same_bytes_keeps_the_names_without_running_git_again(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = git_runs(monkeypatch)
    blamer, loaded = Blamer(), load(repo)
    mine = [u for u in loaded.deal.updates if u.milestone == "captives-1000"]
    assert [r and r.by for r in blamer.of(loaded, mine)] == ["Ann", "Bob"]
    # A `touch`, a `git checkout` of the same commit: the app reloads the same bytes into
    # new objects. The names stay, and this version's names are not asked of git again.
    again = load(repo)
    assert again.raw == loaded.raw and again.deal is not loaded.deal
    del loaded, mine  # the old objects go, as the app drops them; their ids may be reused
    theirs = [u for u in again.deal.updates if u.milestone == "captives-1000"]
    kept = blamer.kept(again, theirs)
    assert kept is not None and [r and r.by for r in kept] == ["Ann", "Bob"]
    assert [r and r.by for r in blamer.of(again, theirs)] == ["Ann", "Bob"] and len(runs) == 1


def test_init_writes_a_file_check_accepts_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    assert main(["init", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == TEMPLATE
    for section in ("[deal]", "# [[parties]]", "# [[sources]]", "# [[milestones]]", "# [[updates]]"):
        assert section in TEMPLATE
    path.write_text("[deal]\ntitle = 'mine'\n", encoding="utf-8")
    assert main(["init", str(path)]) == 2
    assert path.read_text(encoding="utf-8") == "[deal]\ntitle = 'mine'\n"


def test_init_examples_load_once_uncommented(tmp_path: Path) -> None:
    lines = []
    for line in TEMPLATE.splitlines():
        # "# key = ..." and "# [[table]]" are the example; "#   text" and "# ---" are prose.
        body = line[2:]
        lines.append(body if line.startswith("# ") and body[:1] not in (" ", "-", "") and
                     ("=" in body or body.startswith("[[")) else line)
    path = tmp_path / "examples.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    deal = load(path).deal
    assert (len(deal.parties), len(deal.sources), len(deal.milestones), len(deal.updates)) == (1, 1, 1, 1)
