"""The command line: exit codes, messages a person can act on, and output programs can read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "milestones.toml"

BAD = """\
[deal]
title = "Test deal"

[[milestones]]
id = "sign"
titel = "The signing"
kind = "signing"
"""


def test_check_passes_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SHIPPED)]) == 0
    out = capsys.readouterr().out
    assert "ok" in out and "milestones" in out


def test_check_reports_file_line_and_column_for_a_bad_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "deal.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:6:1:" in err and "titel" in err and "did you mean 'title'" in err
    assert "Traceback" not in err


def test_report_refuses_a_bad_file_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "deal.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["report", str(bad), "--as-of", "2020-04-29"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and f"{bad}:6:1:" in captured.err


@pytest.mark.parametrize("command", ["check", "report"])
def test_missing_file_and_directory_are_usage_errors(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, str(tmp_path / "nope.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main([command, str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "directory" in err and "Traceback" not in err


def test_report_json_parses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SHIPPED), "--format", "json", "--as-of", "2020-04-29"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2020-04-29"
    first = next(m for m in data["milestones"] if m["id"] == "prisoners-first-1500")
    assert (first["status"], first["actual"], first["target"]) == ("overdue", 850, 1500)


def test_report_defaults_to_milestones_toml_here(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["report", "--as-of", "2020-04-29", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# US-Taliban peace agreement")


def test_report_to_a_pipe_has_no_colour(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SHIPPED), "--as-of", "2020-04-29"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "850/1,500" in out and "overdue" in out


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("1", False)])
def test_report_at_a_terminal_is_coloured_unless_no_color(
        no_color: str | None, coloured: bool, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert main(["report", str(SHIPPED), "--as-of", "2020-04-29"]) == 0
    assert ("\x1b[" in capsys.readouterr().out) is coloured


def test_python_dash_m_tracker_reports_without_colour() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "tracker", "report", "--as-of", "2020-04-29"],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "850/1,500" in done.stdout and "Jul 2021" in done.stdout and "rejected" in done.stdout


def test_python_dash_m_tracker_bad_date_is_a_usage_error() -> None:
    done = subprocess.run([sys.executable, "-m", "tracker", "report", "--as-of", "29/04/2020"],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2
    assert "not a date as YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr
