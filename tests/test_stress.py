"""The write-safety runs of issue 11 at full size, minutes each: `pytest -m slow`.

Each is a real run of processes (bench/stress.py, which prints the same figures):
writers killed at random, 20 records at once on a 10,000-milestone file, an editor saving
every 10 ms against two recording loops. Every loss the tracker could cause must be zero
(the editor, which saves what it read a moment before, can save over a record itself)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import stress

pytestmark = pytest.mark.slow


def test_700_writers_killed_at_random_leave_no_torn_file_and_lose_no_record() -> None:
    figures = stress.kills(700)
    assert (figures["torn files"], figures["lost records"]) == (0, 0), figures
    assert figures["records written"] > 100, figures  # the kills did land mid-run


def test_20_records_at_once_on_10000_milestones_are_all_written() -> None:
    figures = stress.twenty(10_000)
    assert (figures["refused"], figures["torn files"], figures["lost records"]) == (0, 0, 0), figures


def test_an_editor_saving_every_10_ms_against_two_record_loops_loses_nothing() -> None:
    figures = stress.editor(60)
    assert (figures["torn files"], figures["lost editor saves"], figures["refused"]) == (0, 0, 0)
    # A record is lost only where the editor itself saved over it (it saw what it replaced).
    assert figures["lost records"] == figures["of them saved over by the editor"], figures
    assert figures["editor saves"] > 1000 and figures["records written"] > 100, figures
