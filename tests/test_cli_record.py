"""`tracker record --target` (a restated target) and `--bound` (how a figure was reported)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker.cli import main
from tracker.cliargs import BOUNDS, spec
from tracker.terms import Bound

TODAY = date(2024, 3, 1)
DEAL = """\
[deal]
title = "Prisoners"

[[parties]]
id = "gov"
name = "The government"

[[sources]]
id = "wire"
title = "Wire report"
published = 2024-01-10

[[milestones]]
id = "free"
title = "Free 1,000 prisoners"
kind = "quantity"
party = "gov"
target = 1000
unit = "prisoners"
due = 2024-06-30

[[milestones]]
id = "sign"
title = "Sign"
kind = "signing"
party = "gov"
"""


@pytest.fixture
def deal(tmp_path: Path) -> Path:
    path = tmp_path / "deal.toml"
    path.write_text(DEAL, encoding="utf-8")
    return path


def _milestone(deal: Path, capsys: pytest.CaptureFixture[str], ident: str = "free") -> dict[str, Any]:
    capsys.readouterr()
    assert main(["report", str(deal), "--as-of", "2024-02-28", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    found: dict[str, Any] = next(m for m in data["milestones"] if m["id"] == ident)
    return found


def test_record_target_restates_the_target_and_keeps_the_old_in_the_history(
        deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = deal.read_bytes()
    assert main(["record", str(deal), "free", "--date", "2024-02-01", "--target", "1200",
                 "--source", "wire"], today=TODAY) == 0
    assert "recorded: free target 1200 on 2024-02-01 (source wire)" in capsys.readouterr().out
    after = deal.read_bytes()
    assert after.startswith(before) and after[len(before):].decode() == (
        '\n[[updates]]\nmilestone = "free"\ndate = 2024-02-01\nsource = "wire"\ntarget = 1200\n')
    free = _milestone(deal, capsys)
    assert free["target"] == 1200
    assert [(t["date"], t["target"]) for t in free["target_history"]] == [("2024-02-01", 1200)]


def test_record_bound_says_how_a_total_was_reported(deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["record", str(deal), "free", "--date", "2024-02-01", "--total", "300", "--bound", "at_least",
                 "--source", "wire"], today=TODAY) == 0
    assert "recorded: free total 300 (at_least) on 2024-02-01" in capsys.readouterr().out
    assert deal.read_text(encoding="utf-8").endswith('total = 300\nbound = "at_least"\n')
    assert main(["report", str(deal), "--as-of", "2024-02-28"]) == 0
    assert "≥300/1,000" in capsys.readouterr().out  # shown with its mark, as the file would be


def test_a_bound_with_no_figure_is_refused_and_nothing_written(
        deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = deal.read_bytes()
    assert main(["record", str(deal), "free", "--date", "2024-02-01", "--status", "started",
                 "--bound", "about"], today=TODAY) == 1
    err = capsys.readouterr().err
    assert "a `bound` says how a `total` or `add` was reported" in err and "Traceback" not in err
    assert deal.read_bytes() == before


def test_a_target_for_a_milestone_without_one_is_refused(deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = deal.read_bytes()
    assert main(["record", str(deal), "sign", "--date", "2024-02-01", "--target", "5"], today=TODAY) == 1
    assert "'sign' has no target to restate" in capsys.readouterr().err
    assert deal.read_bytes() == before


def test_an_unknown_bound_is_a_usage_error_naming_the_choices(
        deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["record", str(deal), "free", "--date", "2024-02-01", "--total", "3", "--bound", "roughly"],
             today=TODAY)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tracker record ") and "'at_least'" in err and "'roughly'" in err


def test_the_bounds_offered_are_the_models_and_completed() -> None:
    assert list(BOUNDS) == [b.value for b in Bound]
    completing = spec()
    assert completing.values["--bound"] == list(BOUNDS)
    assert {"--bound", "--target"} <= set(completing.options["record"])
