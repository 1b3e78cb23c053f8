"""The benchmark still runs: its generator writes valid deals and `run.py --quick` finishes.

No figure is held to a target here (speed lives in bench/); these tests only make
sure the benchmark cannot rot unnoticed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.load import parse
from tracker.terms import Kind

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"


def generate(milestones: int, updates: int, seed: int = 1) -> bytes:
    return subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), "--milestones", str(milestones),
         "--updates", str(updates), "--seed", str(seed)],
        capture_output=True, check=True, timeout=60,
    ).stdout


def test_a_tiny_generated_deal_loads_with_every_update_asked_for() -> None:
    deal, _ = parse(generate(20, 100), "tiny.toml")
    assert len(deal.milestones) == 20
    assert len(deal.updates) == 100


def test_a_generated_deal_has_the_features_a_real_one_has() -> None:
    deal, _ = parse(generate(300, 3000, seed=7), "mid.toml")
    kinds = {m.kind for m in deal.milestones}
    assert kinds == set(Kind)
    assert any(m.plan and m.plan.start is None for m in deal.milestones), "a plan waiting on conditions"
    assert any(m.conditions for m in deal.milestones)
    assert any(m.part_of for m in deal.milestones)
    assert {len(m.due.split("-")) for m in deal.milestones if m.due} == {1, 2, 3}
    statuses = {u.status.value for u in deal.updates if u.status}
    assert {"accepted", "rejected", "done", "started"} <= statuses
    assert any(u.add is not None for u in deal.updates) and any(u.due for u in deal.updates)
    dates = [u.date for u in deal.updates]
    assert dates == sorted(dates), "updates are written in date order"


def test_a_day_with_three_figures_for_one_milestone_still_loads() -> None:
    # Seed 11 gives m16 three totals on one day: each must come from a source of its own,
    # or the file fails its own check (and with it every benchmark built on it).
    deal, _ = parse(generate(20, 1000, seed=11), "busy.toml")
    assert len(deal.updates) == 1000


def test_the_same_seed_gives_the_same_file_and_another_seed_another() -> None:
    assert generate(50, 200, seed=3) == generate(50, 200, seed=3)
    assert generate(50, 200, seed=3) != generate(50, 200, seed=4)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the benchmark reads /proc")
def test_the_quick_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    run = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--out", str(out)],
                         capture_output=True, text=True, timeout=120, cwd=REPO)
    assert run.returncode == 0, run.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "Traceback" not in run.stdout + run.stderr

    def median(figure: str) -> str:
        row = re.search(rf"^\| {re.escape(figure)} \([^)]*\) \| ([^|]+) \|", text, re.M)
        assert row, f"no row for {figure!r}"
        return row.group(1).strip()

    assert median("shipped: check") != "—"
    assert median("shipped: report --format json") != "—"
    assert median("shipped: first frame 80x24") != "—", "the app never showed its first frame"
    assert median("shipped: cursor move bytes 80x24") != "—"
    assert "## How the large-deal figures grow" in text
    for figure in ("portfolio first frame, cold cache", "portfolio first frame, warm cache",
                   "changed file's row shown", "check DIR, cold cache", "report DIR --format json, cold cache"):
        assert median(f"20 files: {figure}") != "—", f"the portfolio never gave {figure!r}"
    assert "### How the portfolio figures grow" in text
    assert median("shipped FILE, warm cache: first frame") != "—"
