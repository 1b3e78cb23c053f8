"""Reports of two trees, byte for byte: `python bench/same_reports.py OLD_TREE [--big]`.

A speed-up must not change one result. This runs `report` in every format for the shipped
deal, the examples and a generated deal (1,000 milestones; with `--big` also 10,000) at
several dates, once with each tree's code, and lists every report that differs (exit 1).
Make the old tree with `git worktree add /tmp/old main`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

NEW = Path(__file__).resolve().parent.parent
FORMATS = ("json", "text", "markdown", "csv")


def deals(folder: Path, big: bool) -> dict[Path, list[str]]:
    """Each deal file with the dates to report it on (before, during and long after its news)."""
    files = {NEW / "milestones.toml": ["2020-02-28", "2020-03-15", "2020-04-29", "2021-01-01", "2026-12-01"]}
    for example in sorted((NEW / "examples").glob("*.toml")):
        files[example] = ["2020-04-29", "2031-06-01", "2033-01-01"]
    sizes = [1000] + ([10000] if big else [])
    for size in sizes:
        path = folder / f"deal-{size}.toml"
        path.write_text(generate.generate(size, size * 10, seed=3), encoding="utf-8")
        files[path] = ["2019-06-01", "2020-06-01", "2021-03-01", "2022-03-01", "2030-01-01"][: 5 if size < 10000 else 2]
    return files


def report(tree: Path, path: Path, day: str, form: str) -> tuple[int, bytes, bytes]:
    done = subprocess.run([sys.executable, "-m", "tracker", "report", str(path), "--as-of", day, "--format", form,
                           "--no-cache"], cwd=tree, capture_output=True, env={**os.environ, "PYTHONPATH": str(tree)},
                          check=False)
    return done.returncode, done.stdout, done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the tree to compare with (a worktree of main)")
    parser.add_argument("--big", action="store_true", help="also a 10,000-milestone deal (slow)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tracker-same-") as folder:
        jobs = [(path, day, form) for path, days in deals(Path(folder), args.big).items()
                for day in days for form in FORMATS]
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda job: (job, report(args.old, *job), report(NEW, *job)), jobs))
    differ = [job for job, old, new in results if old != new]
    for path, day, form in differ:
        print(f"differs: {path.name} as of {day}, {form}")
    print(f"{len(jobs)} reports compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
