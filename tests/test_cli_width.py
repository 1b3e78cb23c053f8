"""`report --width N`, the terminal's width on a terminal, and nothing cut in a file or pipe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.terminal import on_a_terminal
from tracker.cli import main
from tracker.text import cells

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "milestones.toml"
LONG_TITLE = ("Northland and Southland exchange every prisoner of war held since the armistice, "
              "through the Red Cross, at the Eastgate crossing")
LONG_PARTY = "northland-ministry-of-defence"
DEAL = f"""\
[deal]
title = "Exchange"

[[parties]]
id = "{LONG_PARTY}"
name = "Northland's Ministry of Defence and of Veterans' Affairs, its delegation to the joint commission"

[[milestones]]
id = "exchange"
title = "{LONG_TITLE}"
kind = "quantity"
party = "{LONG_PARTY}"
target = 1200
unit = "prisoners"
due = "2030-06-30"

[[updates]]
milestone = "exchange"
date = 2030-03-01
total = 400
"""


def _deal(tmp_path: Path) -> Path:
    path = tmp_path / "deal.toml"
    path.write_text(DEAL, encoding="utf-8")
    return path


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")} | {
        "TERM": "xterm-256color", "NO_COLOR": "1"}


def _report(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What `tracker report ARGS` writes into a pipe (pytest's capture is no terminal)."""
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


def _on_a_terminal(args: list[str], columns: int) -> str:
    """What `tracker report ARGS` sends to a terminal `columns` wide."""
    code, sent = on_a_terminal(["report", *args], _env(), size=(columns, 50), timeout=30)
    assert code == 0
    return sent.decode("utf-8").replace("\r\n", "\n")


def test_a_pipe_gets_every_word_of_a_long_title_and_party(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _report([str(_deal(tmp_path)), "--as-of", "2030-04-01"], capsys)
    assert "…" not in out
    words = " ".join(out.split())
    assert LONG_TITLE in words and LONG_PARTY in words
    assert "Northland's Ministry of Defence and of Veterans' Affairs, its delegation to the joint commission" in words
    title = [line for line in out.splitlines() if line.startswith("▸ on track") or "Eastgate" in line]
    assert len(title) == 2 and all(cells(line) <= 80 for line in title)  # wrapped at 80, not cut


def test_a_terminal_gets_its_own_width(tmp_path: Path) -> None:
    out = _on_a_terminal([str(_deal(tmp_path)), "--as-of", "2030-04-01"], 160)
    lines = out.splitlines()
    assert any(line.endswith(LONG_TITLE) for line in lines), out  # room for it on one line
    assert 80 < max(cells(line) for line in lines) <= 160
    narrow = _on_a_terminal([str(SHIPPED), "--as-of", "2020-04-29"], 100).splitlines()
    assert max(cells(line) for line in narrow) <= 100


def test_a_terminal_narrower_than_the_title_cuts_it_to_fit(tmp_path: Path) -> None:
    out = _on_a_terminal([str(_deal(tmp_path)), "--as-of", "2030-04-01"], 60)
    lines = out.splitlines()
    assert max(cells(line) for line in lines) <= 60, out
    assert any(line.startswith("▸ on track") and line.endswith("…") for line in lines)


@pytest.mark.parametrize("width", [40, 60, 120])
def test_width_sets_the_text_reports_columns(width: int, capsys: pytest.CaptureFixture[str]) -> None:
    out = _report([str(SHIPPED), "--as-of", "2020-04-29", "--width", str(width)], capsys)
    assert max(cells(line) for line in out.splitlines()) <= width
    # No figure is lost to a narrow report: the progress goes on a line of its own.
    assert "850/1,500" in out and "32d late" in out and "~14,000→0" in out
    assert "…" not in out  # into a pipe, nothing is cut at any width


def test_width_on_a_terminal_wins_over_the_terminals() -> None:
    lines = _on_a_terminal([str(SHIPPED), "--as-of", "2020-04-29", "--width", "60"], 160).splitlines()
    assert max(cells(line) for line in lines) <= 60


@pytest.mark.parametrize("width", ["10", "0", "-5", "wide", "5000"])
def test_a_width_that_cannot_be_is_a_usage_error(width: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["report", str(SHIPPED), "--width", width])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "tracker report [-h]" in err and "--width: expected a number of columns from 40 to 1000" in err
    assert repr(width) in err
