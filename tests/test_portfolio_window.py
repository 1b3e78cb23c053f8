"""The settings' at-risk window over many deals: `check DIR`, `report DIR` in every format,
`report --since` and `--fail-on` judge each deal whose file sets no `at_risk_days` by it, as
`report FILE` does; a file's own window always wins, and the cache never keeps the window."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.builders import deal_folder, deal_text, milestone, update
from tracker.cli import main
from tracker.settings import settings_path

pytestmark = pytest.mark.usefixtures("config_dir")

AS_OF = "2024-01-05"
QUOTA = milestone("quota", "Free 500 prisoners", "quantity", party="a", target=500, due=date(2024, 2, 14),
                  plan={"start": date(2024, 1, 1), "batch": 10})
"""Due in 40 days and behind its plan (20 freed of 50 planned): at risk in a window of 45
days, only behind in the default window of 30."""
REPORTED = update("quota", "2024-01-03", total=20, source="s1")


def _deal(window: int | None = None) -> str:
    return deal_text(QUOTA, REPORTED, title="Prisoners", extra={"at_risk_days": window} if window else None)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return deal_folder(tmp_path / "deals", {"prisoners.toml": _deal()})


def _settings(text: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _json(folder: Path, capsys: pytest.CaptureFixture[str], *more: str) -> dict[str, Any]:
    main(["report", str(folder), "--as-of", AS_OF, "--format", "json", *more])
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def _quota(data: dict[str, Any], name: str = "prisoners.toml") -> dict[str, Any]:
    report = next(d["report"] for d in data["deals"] if Path(d["file"]).name == name)
    found: dict[str, Any] = report["milestones"][0]
    return found | {"window": (report["at_risk_days"], report["at_risk_days_from"])}


def test_report_dir_judges_each_deal_by_the_settings_window(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quota = _quota(data := _json(folder, capsys))
    assert (quota["status"], quota["window"]) == ("behind", (30, "default"))
    assert [a["status"] for a in data["attention"]] == ["behind"]
    _settings("at_risk_days = 45\n")  # the cache now holds the file: the window is put on after it
    quota = _quota(data := _json(folder, capsys))
    assert (quota["status"], quota["window"]) == ("at_risk", (45, "settings"))
    assert [a["status"] for a in data["attention"]] == ["at_risk"]
    _settings("")  # a setting taken away shows at once too
    assert _quota(_json(folder, capsys))["status"] == "behind"


def test_a_files_own_window_wins_over_the_settings_in_a_folder(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deal_folder(folder, {"own.toml": _deal(window=30)})
    _settings("at_risk_days = 45\n")
    data = _json(folder, capsys)
    assert (_quota(data, "own.toml")["status"], _quota(data, "own.toml")["window"]) == ("behind", (30, "file"))
    assert _quota(data, "prisoners.toml")["status"] == "at_risk"


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]], ids=["cached", "read afresh"])
def test_text_markdown_since_and_fail_on_use_the_settings_window(
        folder: Path, no_cache: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    deal_folder(folder, {"other.toml": _deal(window=30)})  # a folder of two: the portfolio's path
    args = ["report", str(folder), "--as-of", AS_OF, *no_cache]
    assert main([*args, "--fail-on", "at_risk"]) == 0
    assert "settings" not in capsys.readouterr().out
    _settings("at_risk_days = 45\n")
    said = "At risk: due within 45 days where a file sets none (your settings' at_risk_days)"
    assert main([*args, "--fail-on", "at_risk"]) == 3
    out = capsys.readouterr().out
    assert "⚑ at risk" in out and said in " ".join(out.split())
    assert main([*args, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "⚑ at risk" in out and said.replace("at_risk_days", "`at_risk_days`") in out
    assert main([*args, "--since", "2023-12-25", "--fail-on", "at_risk"]) == 3
    out = capsys.readouterr().out
    assert "upcoming → at risk" in out and said in " ".join(out.split())
    assert main(["check", str(folder), *no_cache]) == 0


def test_a_folder_followed_in_the_app_keeps_the_window_for_files_read_late_or_again(tmp_path: Path) -> None:
    from tracker.portfolio_cli import EAGER, open_many

    names = [f"deal-{n:02}.toml" for n in range(EAGER + 2)]
    folder = deal_folder(tmp_path / "deals", dict.fromkeys(names, _deal()))
    opened = open_many([folder], Path("milestones.toml"), window=45)
    assert not isinstance(opened, int) and opened[1] is not None
    first, folders = opened
    assert first.window_from == "settings" and folders.pending  # the last files are read later
    folders.fill(len(folders.pending))
    (folder / names[0]).write_text(_deal().replace("Prisoners", "Prisoners, renamed"), encoding="utf-8")
    assert folders.poll()  # the changed file, read again
    assert [e.loaded.window_from if e.loaded else None for e in folders.entries] == ["settings"] * len(names)
    assert folders.entries[0].loaded and folders.entries[0].loaded.deal.deal.title == "Prisoners, renamed"
