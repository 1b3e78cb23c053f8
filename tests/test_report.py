"""The report as a person, a note and a program see it."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker.evaluate import Evaluation, evaluate
from tracker.load import load
from tracker.model import DealFile
from tracker.report import render
from tracker.report_json import to_dict
from tracker.text import cells

SHIPPED = Path(__file__).resolve().parent.parent / "milestones.toml"
REQUIRED = {"id", "title", "kind", "party", "status", "actual", "target", "planned", "progress",
            "projected", "due", "days_left", "waiting_on", "disputes", "last_update", "sentence",
            "unit", "qualifier", "shortfall", "stale_days", "stale"}
ESC = "\x1b"


@pytest.fixture(scope="module")
def after_last_report() -> Evaluation:
    return evaluate(load(SHIPPED).deal, date(2020, 4, 29))


def hostile(title: str = "Evil \x1b[31mred\x1b[0m | deal") -> Evaluation:
    deal = DealFile.model_validate({
        "deal": {"title": title},
        "parties": [{"id": "a", "name": "Party \x1b]52;c;aGk=\x07 A"}],
        "milestones": [
            {"id": "m", "title": title, "kind": "quantity", "party": "a", "target": 10, "unit": "x\x1b[2J"},
            {"id": "c", "title": "ctx \x1b[5m", "kind": "context"},
        ],
        "updates": [{"milestone": "m", "date": date(2020, 1, 2), "total": 3, "note": "\x1b[31m"}],
    })
    return evaluate(deal, date(2020, 1, 3))


def test_text_shows_the_numbers_and_words_without_colour(after_last_report: Evaluation) -> None:
    text = render(after_last_report, "text", color=False)
    assert ESC not in text
    first = next(line for line in text.splitlines() if "850/1,500" in line)
    assert "28 Mar 2020" in first and "32d late" in first and "█" in first
    for word in ("overdue", "waiting", "rejected", "done", "behind", "on track"):
        assert re.search(rf"^. {word}\b", text, re.M), word
    words = " ".join(text.split())
    assert "disputed date it was done: 2020-02-28 (report-850) vs 2020-02-29 (report-decree)" in words
    assert re.search(r"Jul 2021\s+in 458d", text)
    assert "650 short of the plan" in text and "1 Jun 2020" in text
    assert "850 of 5,000 prisoners" in text  # the Afghan government's roll-up, as the app says it
    assert "UNAMA" in text  # context


def test_text_fits_80_columns(after_last_report: Evaluation) -> None:
    text = render(after_last_report, "text", color=False)
    assert max(cells(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("width", [60, 80])
def test_the_column_heads_stand_over_the_rows_figures(after_last_report: Evaluation, width: int) -> None:
    # At 60 the heads were packed ("KIND  PARTY  DUE  LEFT  PROGRESS") over figures set in
    # columns, the progress on a line of its own (a new user's trial).
    lines = render(after_last_report, "text", color=False, width=width).splitlines()
    head = next(line for line in lines if "KIND" in line)
    row = next(line for line in lines if "32d late" in line and "quantity" in line)
    assert head.index("KIND") == row.index("quantity")
    assert head.index("LEFT") + len("LEFT") == row.index("32d late") + len("32d late")
    assert head.index("DUE") + len("DUE") == row.index("32d late") - 3  # the date ends there


def test_colour_only_when_asked_and_never_alone(after_last_report: Evaluation) -> None:
    text = render(after_last_report, "text", color=True)
    assert "\x1b[31;1m✗ overdue\x1b[0m" in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert plain == render(after_last_report, "text", color=False)


@pytest.mark.parametrize(("fmt", "shown"), [
    ("text", ["\\x1b[31m", "\\x1b]52;c;aGk=\\x07", "x\\x1b[2J"]),
    # markdown escapes the backslash and bracket too, so a note renders `\x1b[31m`
    ("markdown", ["\\\\x1b\\[31m", "\\\\x1b\\]52;c;aGk=\\\\x07", "x\\\\x1b\\[2J"]),
])
def test_escape_codes_from_the_file_are_shown_not_obeyed(fmt: str, shown: list[str]) -> None:
    out = render(hostile(), fmt, color=False)
    assert ESC not in out and "\x07" not in out
    for text in shown:
        assert text in out


def test_colour_adds_only_the_reports_own_codes() -> None:
    coloured = render(hostile(), "text", color=True)
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render(hostile(), "text", color=False)


def test_json_keeps_the_raw_text_escaped_by_json_itself() -> None:
    out = render(hostile(), "json", color=True)
    assert ESC not in out and "\\u001b[31m" in out
    assert json.loads(out)["milestones"][0]["title"] == "Evil \x1b[31mred\x1b[0m | deal"


def test_wide_titles_are_cut_by_display_width() -> None:
    text = render(hostile("合意" * 60), "text", color=False)
    title_line = next(line for line in text.splitlines() if line.startswith(("▸ ", "▼ ")))
    assert title_line.endswith("…") and cells(title_line) <= 80
    assert max(cells(line) for line in text.splitlines()) <= 80


def test_markdown_table_pastes_into_a_note(after_last_report: Evaluation) -> None:
    md = render(after_last_report, "markdown", color=True)
    assert ESC not in md
    assert md.startswith("# US-Taliban peace agreement")
    lines = md.splitlines()
    header = lines.index("| Status | Milestone | Kind | Party | Progress | Due | Left |")
    assert lines[header + 1] == "|---|---|---|---|---|---|---|"
    rows = lines[header + 2: header + 2 + len(after_last_report.rows)]
    assert all(r.startswith("| ") and r.endswith(" |") for r in rows)
    overdue = next(r for r in rows if "First 1,500" in r)
    assert "✗ overdue" in overdue and "850/1,500 prisoners (57%)" in overdue
    assert "| 28 Mar 2020 | 32d late |" in overdue  # in the text report's words
    assert "## Parties" in md and "## Context" in md


def test_markdown_escapes_pipes_in_cells() -> None:
    md = render(hostile(), "markdown", color=False)
    row = next(line for line in md.splitlines() if line.startswith("| ▼") or line.startswith("| ▸"))
    assert "red\\\\x1b\\[0m \\| deal" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 8  # 7 cells, none split by the title


def test_json_shape_for_every_milestone(after_last_report: Evaluation) -> None:
    out = render(after_last_report, "json", color=False)
    assert out.endswith("}\n")
    data: dict[str, Any] = json.loads(out)
    assert {"title", "as_of", "counts", "progress", "parties", "context", "milestones"} <= set(data)
    assert data["as_of"] == "2020-04-29"
    assert data["counts"]["overdue"] == 1 and sum(data["counts"].values()) == len(data["milestones"])
    for m in data["milestones"]:
        assert set(m) >= REQUIRED, m["id"]
        for key in ("projected", "due", "last_update"):
            assert m[key] is None or date.fromisoformat(m[key])
    by_id = {m["id"]: m for m in data["milestones"]}
    first = by_id["prisoners-first-1500"]
    assert (first["status"], first["actual"], first["target"], first["planned"]) == ("overdue", 850, 1500, 1500)
    assert (first["projected"], first["due"], first["days_left"]) == ("2020-06-01", "2020-03-28", -32)
    assert (first["shortfall"], first["unit"], first["qualifier"]) == (650, "prisoners", "exact")
    assert first["last_update"] == "2020-04-27" and first["stale"] is False
    signing = by_id["signing"]
    assert signing["actual"] is None and signing["target"] is None and signing["progress"] is None
    assert signing["due"] is None and signing["days_left"] is None and signing["unit"] is None
    assert signing["disputes"] == [{"field": "date done", "about": "date", "claims": [
        {"value": "2020-02-28", "sources": ["report-850"]},
        {"value": "2020-02-29", "sources": ["report-decree"]}]}]
    second = by_id["prisoners-other-3500"]
    assert second["status"] == "contingent"
    assert {"milestone": "taliban-commitments", "reached": "started",
            "text": "Assuming the Taliban honour their commitments under the deal (report-decree)."} \
        in second["waiting_on"]
    us = by_id["withdraw-us-troops"]
    assert (us["due"], us["due_as_written"], us["days_left"]) == ("2021-07-31", "2021-07", 458)
    assert us["due_original"] == "2021-07" and us["due_history"] == []
    assert by_id["ramadan-ceasefire"]["status"] == "rejected"
    govt = next(p for p in data["parties"] if p["id"] == "afghan-govt")
    assert govt["signatory"] is False and govt["delivered"] == [
        {"unit": "prisoners", "actual": 850, "target": 5000}]


def test_to_dict_is_plain_data(after_last_report: Evaluation) -> None:
    data = to_dict(after_last_report)
    assert json.loads(json.dumps(data)) == data


def test_unknown_format_is_refused(after_last_report: Evaluation) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(after_last_report, "html", color=False)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_blank_context_title_is_reported_as_blank_not_a_traceback(fmt: str) -> None:
    # A title of spaces loads (it always has); hypothesis found the text report's context
    # section indexing the first wrapped line of it, of which there is none.
    deal = DealFile.model_validate({
        "deal": {"title": "t"},
        "milestones": [{"id": "c", "title": "   ", "kind": "context"},
                       {"id": "d", "title": " ", "kind": "context", "sources": []}],
    })
    out = render(evaluate(deal, date(2020, 1, 3)), fmt, color=False)
    assert out.endswith("\n")
    if fmt == "text":
        assert out.splitlines()[-2:] == ["  · ", "  · "]
