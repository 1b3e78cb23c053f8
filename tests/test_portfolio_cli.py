"""`check` and `report` over a folder or several files, `report --since`, and `--fail-on`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.builders import SHIPPED, shipped_folder
from tracker.cli import main


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return shipped_folder(tmp_path, "milestones.toml", "broken.toml")


def test_check_dir_checks_every_file_and_exits_with_the_worst(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert f"{folder / 'milestones.toml'}: ok: 17 milestones" in out
    assert f"{folder / 'fictional-withdrawal.toml'}: ok:" in out
    assert f"error: {folder / 'broken.toml'}:6:1: milestones[0] (id \"x\").titel:" in err
    assert "4 files: 3 ok, 1 with errors" in out
    (folder / "broken.toml").unlink()
    assert main(["check", str(folder)]) == 0
    (folder / "gone.toml").symlink_to(folder / "nowhere.toml")
    assert main(["check", str(folder)]) == 2  # unreadable outranks invalid
    assert "no such file" in capsys.readouterr().err


def test_check_several_files(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(folder / "milestones.toml"), str(folder / "fictional-withdrawal.toml")]) == 0
    assert "2 files: 2 ok, 0 with errors" in capsys.readouterr().out


def test_report_dir_in_text_has_every_deal_the_broken_one_and_the_roll_up(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(folder), "--as-of", "2020-04-29"]) == 1
    out = " ".join(capsys.readouterr().out.split())  # lines are wrapped at 80 columns
    assert "Portfolio as of 29 Apr 2020 · 4 deals (1 with errors)" in out
    assert "error: " in out and "titel" in out  # the broken file is an entry, with its problem
    assert "US-Taliban peace agreement (February 2020)" in out
    assert "Fictional: Eastland withdraws its forces from Riverland (2031)" in out
    assert "22% of 10 commitments" in out and "last update: 1 day ago" in out
    attention = out.split("NEEDS ATTENTION")[1]
    assert attention.index("✗ overdue") < attention.index("▼ behind") < attention.index("? unknown")


def test_report_dir_in_json_has_one_entry_per_file_with_the_usual_report_or_an_error(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["report", str(folder), "--as-of", "2020-04-29", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    files = [Path(d["file"]).name for d in data["deals"]]
    assert files == ["broken.toml", "fictional-arms-treaty.toml", "fictional-withdrawal.toml", "milestones.toml"]
    assert "titel" in data["deals"][0]["error"] and "report" not in data["deals"][0]
    shipped = data["deals"][3]["report"]
    assert shipped["title"].startswith("US-Taliban") and shipped["counts"]["overdue"] == 1
    assert len(shipped["milestones"]) == 14
    first = data["attention"][0]
    assert first["status"] == "overdue" and first["milestone"] == "prisoners-first-1500"
    assert first["deal"].startswith("US-Taliban") and Path(first["file"]).name == "milestones.toml"
    assert data["agenda"] == []  # nothing falls due in the four weeks after 29 April 2020


def test_report_dir_in_markdown(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["report", str(folder), "--as-of", "2032-05-01", "--format", "markdown", "--weeks", "10"])
    out = capsys.readouterr().out
    assert out.startswith("# Portfolio as of 1 May 2032")
    agenda = out.split("## Due in the next 10 weeks")[1]
    assert "Jun 2032" in agenda and "Eastland" in agenda


def test_since_on_the_shipped_deal_says_what_changed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SHIPPED), "--since", "2020-03-01",
                 "--as-of", "2020-04-29"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # lines are wrapped at 80 columns
    assert out.startswith("What changed from 1 Mar 2020 to 29 Apr 2020")
    assert "First 1,500 Taliban prisoners freed, 100 a day from 14 March: waiting → overdue" in out
    assert "total 850 (report-850)" in out and "27 Apr 2020" in out
    assert "due 28 Mar 2020, not met" in out
    assert "Ghani signs a decree to free 1,500 Taliban prisoners: upcoming → done" in out


def test_since_in_json_for_many_deals(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(folder), "--since", "2020-02-01", "--as-of", "2020-04-29",
                 "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["since"] == "2020-02-01" and data["as_of"] == "2020-04-29"
    by_file = {Path(d["file"]).name: d for d in data["deals"]}
    assert "error" in by_file["broken.toml"]
    assert by_file["fictional-withdrawal.toml"]["changes"] == []
    changes = by_file["milestones.toml"]["changes"]
    kinds = {c["kind"] for c in changes}
    assert {"status", "figure", "deadline", "dispute"} <= kinds  # the signing's date is disputed
    sign = next(c for c in changes if c["milestone"] == "signing" and c["kind"] == "status")
    assert (sign["from"], sign["to"]) == ("upcoming", "done")


def test_since_must_come_before_the_as_of_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SHIPPED), "--since", "2020-05-01",
                 "--as-of", "2020-04-29"]) == 2
    assert "is not before the as-of date" in capsys.readouterr().err


def test_fail_on_makes_the_exit_code_say_whether_anything_is_in_those_statuses(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = str(SHIPPED)
    assert main(["report", shipped, "--as-of", "2020-04-29", "--fail-on", "overdue,breached"]) == 3
    assert main(["report", shipped, "--as-of", "2020-04-29", "--fail-on", "breached"]) == 0
    assert main(["report", shipped, "--as-of", "2020-02-01", "--fail-on", "overdue"]) == 0
    (folder / "broken.toml").unlink()
    assert main(["report", str(folder), "--as-of", "2020-04-29", "--fail-on", "overdue"]) == 3
    assert main(["report", str(folder), "--as-of", "2020-04-29", "--fail-on", "breached"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main(["report", shipped, "--fail-on", "late"])
    assert exited.value.code == 2 and "expected statuses from done, on_track" in capsys.readouterr().err


def test_an_empty_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path)]) == 2
    assert "no deal files" in capsys.readouterr().err


def test_since_with_no_file_reads_milestones_toml_as_every_command_does(
        folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    assert main(["report", "--since", "2020-03-01", "--as-of", "2020-04-29"]) == 0
    out = capsys.readouterr().out
    assert "US-Taliban" in out and "Eastland" not in out


def test_a_folder_s_valid_files_are_cached_and_no_cache_bypasses_it(
        folder: Path, capsys: pytest.CaptureFixture[str], _own_cache: Path) -> None:
    kept = _own_cache / "tracker" / "deals"
    assert main(["check", str(folder), "--no-cache"]) == 1
    assert not kept.exists()
    capsys.readouterr()
    main(["report", str(folder), "--as-of", "2020-04-29", "--format", "json"])
    first = capsys.readouterr().out
    assert len(list(kept.glob("*.json"))) == 3  # the broken file is not kept
    main(["report", str(folder), "--as-of", "2020-04-29", "--format", "json"])
    assert capsys.readouterr().out == first  # a hit reads the same
