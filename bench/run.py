"""The benchmark: `python bench/run.py` (a few minutes), `--quick` for a seconds-long smoke run.

Every figure is taken on the shipped file and on generated large deals, and where
it has one, against a bare Textual app started the same way in the same run, so
the ratio holds on a noisy machine. Prints a table and writes bench/results.md.
"""

from __future__ import annotations

import argparse
import compileall
import math
import platform
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import generate
import many
import measure as m
import scenarios as sc
from measure import Figure

BARE_TEXT = "850 of 1,500 prisoners"
_SCREEN_TARGETS = {1000: 300.0, 10000: 1000.0}
"""Milliseconds a screen may take to settle (and a resize to redraw it), by deal size."""


def shipped(s: sc.Settings) -> list[Figure]:
    """The targets for the file we ship, at 80x24 and 200x50."""
    deal = sc.describe(sc.copy_to_temp(m.REPO / "milestones.toml"), sc.SHIPPED_AS_OF)
    figures = sc.cli_figures(deal, s, "shipped:", 1.3, 1.3, relative=True)
    frames, term = sc.first_frames(deal, s, "shipped:", s.runs, BARE_TEXT, 1.5, True)
    figures += frames
    try:
        figures += sc.idle_figures(term, BARE_TEXT, s)
        figures += sc.save_figures(term, deal, s, "shipped:", 250, with_record=True)
        figures += sc.cursor_figures(term, (80, 24), s, "shipped:", 40, (1409, 30))  # issue 12
        figures += sc.burst_figures(term, s, "shipped:")
        figures += sc.screen_figures(term, s, "shipped:", 300, None)
        figures.append(sc.travel_figure(term, s, "shipped:", 50))
    finally:
        if term is not None:
            term.close()
    for size in ((120, 24), (200, 50)):  # the detail beside the table, then under it
        figures += _cursor_at(size, s, (2000, 30) if size == (200, 50) else (None, None))
    return figures


def _cursor_at(size: tuple[int, int], s: sc.Settings, limits: tuple[float | None, float | None]) -> list[Figure]:
    """Cursor moves on a fresh copy of the shipped file (the saves above changed theirs,
    and its marker may have moved on) at another terminal size."""
    fresh = sc.describe(sc.copy_to_temp(m.REPO / "milestones.toml"), sc.SHIPPED_AS_OF)
    term = m.open_app(m.tracker(str(fresh.path), "--as-of", fresh.as_of.isoformat()),
                      m.number_on(fresh.marker), size, s.timeout).term
    with term:
        m.settle(term, s.quick)
        return sc.cursor_figures(term if term.proc.poll() is None else None, size, s,
                                 "shipped:", 40, limits)


def updates_for(milestones: int) -> int:
    """Ten updates per milestone, but at 100,000 milestones ten would pass the 64 MiB file
    limit (about 130 MB), so three."""
    return milestones * (3 if milestones >= 100_000 else 10)


def large(milestones: int, s: sc.Settings, targets: bool) -> list[Figure]:
    """A generated deal with ten updates per milestone; targets apply at 10,000."""
    label = f"{milestones:,} milestones:"
    folder = sc.copy_to_temp(m.REPO / "milestones.toml").parent
    path = folder / f"deal-{milestones}.toml"
    start = time.perf_counter()
    path.write_text(generate.generate(milestones, updates_for(milestones), seed=1), encoding="utf-8")
    made = Figure(f"{label} generate", "ms", [(time.perf_counter() - start) * 1000],
                  note=f"{path.stat().st_size / 1e6:.1f} MB")
    deal = sc.describe(path, generate.LAST_DAY + timedelta(days=1))
    if milestones >= 100_000:  # one slow run of each is enough to place it on the curve
        s = replace(s, runs=1, steps=2, timeout=600, save_timeout=300)
    t = (lambda v: v) if targets else (lambda v: None)
    figures = [made] + sc.cli_figures(deal, s, label, t(2000), t(3000), relative=False)
    figures.append(sc.bad_refs_figure(deal, s, label, figures[1]))
    frames, term = sc.first_frames(deal, s, label, min(s.runs, 3), None, t(3000), False)
    figures += frames
    try:
        if term is not None:
            m.settle(term, s.quick)
        rss = term.rss_mb() if term is not None else None
        figures.append(Figure(f"{label} resident memory", "MB", [] if rss is None else [rss], None, t(400)))
        figures += sc.save_figures(term, deal, s, label, t(1500), with_record=False)
        figures += sc.cursor_figures(term, (80, 24), s, label, None, (t(None), t(50)))
        if not s.quick:  # every screen on the shipped file is enough for a smoke run
            figures += sc.screen_figures(term, s, label, _SCREEN_TARGETS.get(milestones),
                                         400 if milestones == 10000 else None)
        figures.append(sc.travel_figure(term, s, label, t(300)))
    finally:
        if term is not None:
            term.close()
    return figures


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("B", "count"):
        return f"{value:,.0f}"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def table(figures: list[Figure]) -> list[str]:
    rows = ["| figure | median | min | max | bare app | target | result |",
            "|---|---:|---:|---:|---:|---|---|"]
    for f in figures:
        target = "" if f.target is None else (f"≤ {f.target:g}× bare" if f.relative else
                                             f"≤ {fmt(f.target, f.unit)} {f.unit}")
        if f.passed is None:
            result = "no data" if not f.values and f.target is not None else ""
        elif f.passed:
            result = "pass"
        else:
            result = f"MISS ({f.median / f.limit:.2f}× the limit)" if f.limit and f.median else "MISS"
        result += f" {f.note}" if f.note else ""
        low, high = (min(f.values), max(f.values)) if f.values else (None, None)
        rows.append(f"| {f.name} ({f.unit}) | {fmt(f.median, f.unit)} | {fmt(low, f.unit)} | "
                    f"{fmt(high, f.unit)} | {fmt(f.bare, f.unit)} | {target} | {result.strip()} |")
    return rows


def curve(by_size: dict[int, list[Figure]]) -> list[str]:
    """Each large-deal figure at every size, and how fast it grows (1.0 = linear)."""
    sizes = sorted(by_size)
    if len(sizes) < 2:
        return []
    head = " | ".join(f"{n:,}" for n in sizes)
    rows = [f"| figure | {head} | growth exponent |", "|---|" + "---:|" * len(sizes) + "---|"]
    for i, f in enumerate(by_size[sizes[0]]):
        meds = [by_size[n][i].median for n in sizes]
        exps = [math.log(b / a) / math.log(n2 / n1) for a, b, n1, n2 in
                zip(meds, meds[1:], sizes, sizes[1:]) if a and b and a > 0 and b > 0]
        name = f.name.split(":", 1)[1].strip()
        grow = ", ".join(f"{e:.2f}" for e in exps) + (" (worse than linear)" if any(e > 1.15 for e in exps) else "")
        rows.append(f"| {name} ({f.unit}) | " + " | ".join(fmt(v, f.unit) for v in meds) + f" | {grow} |")
    return rows


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=False).stdout.strip()
    import os
    return [f"- `{uname}`", f"- CPU: {cpu}, {os.cpu_count()} cores", f"- Python {platform.python_version()}"]


def deal_sections(s: sc.Settings, quick: bool, huge: bool) -> list[str]:
    """The shipped file and the generated large deals."""
    figures = shipped(s)
    sizes = [20, 40] if quick else [1000, 10000] + ([100000] if huge else [])
    by_size = {n: large(n, s, targets=n == 10000) for n in sizes}
    lines = ["## Shipped file (milestones.toml, as of 2020-04-29)", "", *table(figures), ""]
    for n, figs in by_size.items():
        lines += [f"## Generated deal: {n:,} milestones, {updates_for(n):,} updates", "", *table(figs), ""]
    return lines + ["## How the large-deal figures grow", "", *curve(by_size), ""]


def portfolio_section(s: sc.Settings, quick: bool) -> list[str]:
    """Folders of copies of the shipped file (targets at 1,000), and the shipped file
    with a warm cache."""
    sizes = [10, 20] if quick else [100, 1000]
    by_size = {n: many.figures(n, s, targets=n == 1000) for n in sizes}
    lines = ["## Portfolio: folders of copies of milestones.toml, as of 2020-04-29", "",
             "Cold: `XDG_CACHE_HOME` pointed at a new empty folder for each run; warm: at the "
             "folder a cold run filled. The bare app shows the same marker text.", ""]
    for n, figs in by_size.items():
        lines += [f"### {n:,} files", "", *table(figs), ""]
    lines += ["### How the portfolio figures grow", "", *curve(by_size), ""]
    return lines + ["## Shipped file with a warm cache", "", *table(many.shipped_warm(s)), ""]


def kept_sections(old: str) -> str:
    """`old` results up to its portfolio section (and its machine lines, which a
    portfolio-only run writes again)."""
    for end in ("## Portfolio:", "Taken on "):
        if end in old:
            old = old[:old.index(end)]
    return old + "(The sections above are from the last full run; those below from `--portfolio-only`.)\n\n"


COMPILED = ("tracker", "textual", "rich", "pydantic", "pydantic_core", "tomli", "tomli_w", "platformdirs", "pyte")
"""The packages the app and the bare app import, compiled once before measuring."""

PYC_NOTE = ("Every package both apps import is byte-compiled (`compileall`) before measuring, and "
            "the measured programs may write .pyc, as a user's install has them: no start compiles "
            "a module.")


def compile_tree() -> None:
    """Leave a .pyc for every module either app imports, as pip and a first run would."""
    import importlib.util

    for name in COMPILED:
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one short run of everything (smoke test)")
    parser.add_argument("--huge", action="store_true", help="also 100,000 milestones (slow)")
    parser.add_argument("--portfolio-only", action="store_true",
                        help="only the portfolio figures (folders of deal files, the cache)")
    parser.add_argument("--out", type=Path, help="where to write the markdown (default bench/results.md, "
                        "not written in --quick mode unless given)")
    args = parser.parse_args(argv)
    s = sc.Settings.make(args.quick)
    compile_tree()
    began = time.perf_counter()
    lines = [] if args.portfolio_only else deal_sections(s, args.quick, args.huge)
    lines += portfolio_section(s, args.quick)
    lines += [f"Taken on {time.strftime('%Y-%m-%d')} in {time.perf_counter() - began:.0f} s on:", "",
              *machine(), ""]
    print("\n".join(lines))
    out = args.out or (None if args.quick else m.BENCH / "results.md")
    if out is not None:
        text = "# Benchmark results\n\n" + PYC_NOTE + "\n\n" + "\n".join(lines)
        if args.portfolio_only and out.exists():  # the other sections as the last full run left them
            text = kept_sections(out.read_text(encoding="utf-8")) + "\n".join(lines)
        out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
