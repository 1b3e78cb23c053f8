"""`tracker record --total/--add/--target` take the figures a deal file may hold: 2.5, 1,500."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tests.builders import deal_text, milestone
from tracker.cli import main
from tracker.load import load
from tracker.model import Update
from tracker.terms import FIGURE_MAX, typed_figure

TODAY = date(2024, 3, 1)
DEAL = deal_text(
    milestone("loan", "Lend 10 billion dollars", party="a", target=10, unit="billion USD", due=date(2024, 12, 31)),
    milestone("fuel", "Deliver 5,000 tonnes of fuel", party="a", target=5000, unit="t"),
)


@pytest.fixture
def deal(tmp_path: Path) -> Path:
    path = tmp_path / "deal.toml"
    path.write_text(DEAL, encoding="utf-8")
    return path


def record(deal: Path, ident: str, day: str, *what: str) -> int:
    return main(["record", str(deal), ident, "--date", day, *what, "--source", "s1"], today=TODAY)


def reported(deal: Path, capsys: pytest.CaptureFixture[str], ident: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["report", str(deal), "--as-of", TODAY.isoformat(), "--format", "json"]) == 0
    found: dict[str, Any] = next(m for m in json.loads(capsys.readouterr().out)["milestones"] if m["id"] == ident)
    return found


def test_a_decimal_total_is_written_as_a_decimal_and_reported_as_one(
        deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = deal.read_bytes()
    assert record(deal, "loan", "2024-02-01", "--total", " 2.5 ") == 0
    assert "recorded: loan total 2.5 on 2024-02-01 (source s1)" in capsys.readouterr().out
    after = deal.read_bytes()
    assert after.startswith(before) and after[len(before):].decode() == (
        '\n[[updates]]\nmilestone = "loan"\ndate = 2024-02-01\nsource = "s1"\ntotal = 2.5\n')
    loan = reported(deal, capsys, "loan")
    assert (loan["actual"], loan["target"], loan["progress"]) == (2.5, 10, 0.25)
    assert main(["report", str(deal), "--as-of", TODAY.isoformat(), "--width", "100"]) == 0
    text = capsys.readouterr().out
    assert "2.5/10" in text and "2.5 of 10 billion USD" in text


def test_a_figure_keeps_the_type_it_was_typed_in(deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert record(deal, "fuel", "2024-02-01", "--total", "3") == 0
    assert record(deal, "fuel", "2024-02-02", "--total", "3.0") == 0  # as typed, a decimal
    assert record(deal, "fuel", "2024-02-03", "--total", "1,500") == 0
    assert record(deal, "fuel", "2024-02-04", "--total", "1_600.25") == 0
    written = [line for line in deal.read_text(encoding="utf-8").splitlines() if line.startswith("total")]
    assert written == ["total = 3", "total = 3.0", "total = 1500", "total = 1600.25"]
    assert reported(deal, capsys, "fuel")["actual"] == 1600.25


def test_recorded_decimals_load_back_as_the_same_figures(deal: Path) -> None:
    typed = ["0.000001", "0.1", "99.99", "123456789012.345", "1,000,000,000,000"]
    for day, figure in enumerate(typed, start=1):
        assert record(deal, "fuel", f"2024-02-{day:02}", "--total", figure) == 0
    totals = [u.total for u in load(deal).deal.updates]
    assert totals == [0.000001, 0.1, 99.99, 123456789012.345, 10**12]
    assert [type(t) for t in totals] == [float, float, float, float, int]


def test_half_added_twice_is_one(deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert record(deal, "loan", "2024-02-01", "--add", "0.5") == 0
    assert record(deal, "loan", "2024-02-02", "--add", "0.5") == 0
    assert deal.read_text(encoding="utf-8").count("\nadd = 0.5\n") == 2
    actual = reported(deal, capsys, "loan")["actual"]
    assert actual == 1 and isinstance(actual, float)  # a sum of decimals is a decimal: 1.0


def test_a_restated_target_may_be_a_decimal(deal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert record(deal, "loan", "2024-02-01", "--target", "12.5") == 0
    assert deal.read_text(encoding="utf-8").endswith("\ntarget = 12.5\n")
    assert reported(deal, capsys, "loan")["target"] == 12.5


@pytest.mark.parametrize(("option", "typed", "said"), [
    ("--total", "", "expected a figure such as 12, 1,500 or 2.5, found nothing"),
    ("--total", "abc", "expected a figure such as 12, 1,500 or 2.5, found 'abc'"),
    ("--total", "2,5", "found '2,5' (a comma groups thousands, as in 1,500: write a decimal with a point, 2.5)"),
    ("--total", "-3", "expected a figure of 0 or more, found '-3'"),
    ("--add", "-0.5", "expected a figure of 0 or more, found '-0.5'"),
    ("--total", "1000000000000.5", "expected a figure no more than 1,000,000,000,000, found '1000000000000.5'"),
    ("--target", "nan", "found 'nan' (a figure is a finite number)"),
    ("--add", "inf", "found 'inf' (a figure is a finite number)"),
    ("--total", "1e3", "found '1e3' (write it out in digits, without an exponent)"),
    ("--total", "0.12345678901234567", "expected a decimal of at most 15 significant digits"),
    ("--total", "\x1b[31m2", r"found '\x1b[31m2'"),
])
def test_a_figure_that_is_not_one_is_a_usage_error_and_nothing_is_written(
        deal: Path, capsys: pytest.CaptureFixture[str], option: str, typed: str, said: str) -> None:
    before = deal.read_bytes()
    with pytest.raises(SystemExit) as stop:
        record(deal, "loan", "2024-02-01", f"{option}={typed}")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tracker record ") and f"argument {option}: " in err and said in err
    assert "Traceback" not in err and "\x1b" not in err
    assert deal.read_bytes() == before


def test_the_typed_limits_are_the_models() -> None:
    assert typed_figure(f"{FIGURE_MAX:,}") == FIGURE_MAX
    assert Update.model_validate({"milestone": "m", "date": TODAY, "total": FIGURE_MAX}).total == FIGURE_MAX
    with pytest.raises(ValueError, match="no more than"):
        typed_figure(str(FIGURE_MAX + 1))
    with pytest.raises(ValidationError):
        Update.model_validate({"milestone": "m", "date": TODAY, "total": FIGURE_MAX + 1})
