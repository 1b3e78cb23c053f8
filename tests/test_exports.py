"""`report --format csv` for spreadsheets and `--format ics` for calendars."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.builders import deal_text, milestone
from tracker.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "milestones.toml"
EXAMPLE = ROOT / "examples" / "fictional-arms-treaty.toml"


def _report(path: Path, fmt: str, capsys: pytest.CaptureFixture[str], as_of: str = "2020-04-29") -> str:
    assert main(["report", str(path), "--as-of", as_of, "--format", fmt]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("path", [SHIPPED, EXAMPLE])
def test_csv_has_a_row_per_milestone_with_the_json_fields(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_report(path, "json", capsys))
    rows = list(csv.DictReader(io.StringIO(_report(path, "csv", capsys), newline="")))
    assert [r["id"] for r in rows] == [m["id"] for m in data["milestones"]]
    for row, entry in zip(rows, data["milestones"]):
        for key in ("title", "kind", "status", "due", "sentence", "measure"):
            assert row[key] == (entry[key] or "")
        assert row["days_left"] == ("" if entry["days_left"] is None else str(entry["days_left"]))
        assert row["sources"] == "; ".join(entry["sources"])
        assert "updates" not in row and "limit_until" in row


def test_csv_keeps_commas_quotes_and_newlines_and_defuses_formulas(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deal = tmp_path / "deal.toml"
    deal.write_text(deal_text(milestone("a", 'One, "two"\nthree', "signing"),
                              milestone("b", "=HYPERLINK(1)", "signing"), title="T"), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(_report(deal, "csv", capsys), newline="")))
    assert rows[0]["title"] == 'One, "two"\nthree'
    assert rows[1]["title"] == "'=HYPERLINK(1)"


def _calendar(path: Path, capsys: pytest.CaptureFixture[str], as_of: str = "2020-04-29") -> Calendar:
    return Calendar.from_ical(_report(path, "ics", capsys, as_of))


@pytest.mark.parametrize("path", [SHIPPED, EXAMPLE])
def test_ics_has_an_all_day_event_for_every_due_date(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_report(path, "json", capsys))
    events = _calendar(path, capsys).walk("VEVENT")
    by_summary = {str(e["summary"]): e for e in events}
    for entry in data["milestones"]:
        if entry["due_as_written"] is None:
            continue
        status = entry["status"].replace("_", " ")
        event = by_summary[f"{entry['title']} (due): {status}"]
        start = event.decoded("dtstart")
        assert type(start) is date and start.isoformat() == entry["due"]
        assert str(event["description"]) == entry["sentence"]
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_ics_uids_stay_the_same_across_runs_and_dates(capsys: pytest.CaptureFixture[str]) -> None:
    first = {str(e["uid"]): str(e["summary"]) for e in _calendar(EXAMPLE, capsys).walk("VEVENT")}
    again = {str(e["uid"]): str(e["summary"]) for e in _calendar(EXAMPLE, capsys).walk("VEVENT")}
    later = {str(e["uid"]) for e in _calendar(EXAMPLE, capsys, "2023-01-01").walk("VEVENT")}
    assert first == again and set(first) == later


def test_ics_includes_plan_ends_and_limit_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deal = tmp_path / "deal.toml"
    deal.write_text(deal_text(
        milestone("q", "Troops", measure="level", target=0,
                  limit={"at_most": 100, "from": date(2020, 1, 1), "until": date(2020, 12, 31)}),
        milestone("p", "Paid", target=10, plan={"start": date(2020, 1, 1), "batch": 5, "every_days": 30}),
        title="T"), encoding="utf-8")
    assert main(["check", str(deal)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    plan_end = json.loads(_report(deal, "json", capsys))["milestones"][1]["plan_end"]
    assert plan_end is not None
    events = {str(e["summary"]).split(":")[0]: e.decoded("dtstart").isoformat()
              for e in _calendar(deal, capsys).walk("VEVENT")}
    assert events == {"Troops (limit begins)": "2020-01-01", "Troops (limit ends)": "2020-12-31",
                      "Paid (plan end)": plan_end}


def _generated(tmp_path: Path) -> Path:
    from bench.generate import generate

    path = tmp_path / "generated.toml"
    path.write_text(generate(60, 400, seed=7), encoding="utf-8")
    return path


def _hostile(tmp_path: Path) -> Path:
    from tests.every_field import hostile

    path = tmp_path / "hostile.toml"
    path.write_text(hostile()[0], encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [_generated, _hostile])
def test_csv_and_ics_of_a_generated_and_a_hostile_deal_parse_and_carry_no_raw_escapes(
        make: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.every_field import raw_controls

    path = make(tmp_path)
    data = json.loads(_report(path, "json", capsys))
    text = _report(path, "csv", capsys)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in rows] == [m["id"] for m in data["milestones"]]
    assert raw_controls(text.replace("\r\n", "\n")) == []
    calendar = _report(path, "ics", capsys)
    events = Calendar.from_ical(calendar).walk("VEVENT")
    assert len(events) >= sum(m["due_as_written"] is not None for m in data["milestones"])
    assert raw_controls(calendar.replace("\r\n", "\n")) == []
