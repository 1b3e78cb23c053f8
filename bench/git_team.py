"""The team figures: the merge driver on two 10,000-milestone files, and blame for a detail pane.

    python bench/git_team.py [--commits 1000] [--runs 5]

Merge: `generate.py --milestones 10000 --updates 50000` is the base; ours and theirs each
append updates (different milestones), and `tracker merge-driver` is timed as git starts it,
a fresh process; then with a hand edit on their side, and with hand edits on both. Beside
them, the bare figures of the same run: `git merge-file` of the same files, and a Python
that only imports the model. CPU time is given beside wall time: on a shared machine it is
the steady figure. Blame: a repository whose deal file has had `--commits` commits, each recording
one update; the detail pane's blame of the busiest milestone is
timed with a fresh cache each run (git blame -L of its updates' lines), against the bare
`git blame` of the same lines.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.load import Loaded
    from tracker.model import Update

REPO = Path(__file__).resolve().parent.parent


def _update(milestone: str, day: str, note: str) -> str:
    return f'\n[[updates]]\nmilestone = "{milestone}"\ndate = {day}\nnote = "{note}"\n'


def _cpu() -> float:
    """CPU seconds the processes this one started have used: steady on a busy machine."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(command: list[str], runs: int, prepare: dict[Path, bytes]) -> tuple[list[float], list[float], int]:
    times, cpu, code = [], [], 0
    for _ in range(runs):
        for path, data in prepare.items():
            path.write_bytes(data)
        start, used = time.perf_counter(), _cpu()
        code = subprocess.run(command, check=False, stdout=subprocess.DEVNULL).returncode
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - used)
    return times, cpu, code


def merge_figures(folder: Path, runs: int) -> list[str]:
    base = subprocess.run([sys.executable, str(REPO / "bench/generate.py"), "--milestones", "10000",
                           "--updates", "50000"], capture_output=True, check=True).stdout
    ours = base + _update("m1", "2022-02-28", "Ann's").encode()
    theirs = base + _update("m2", "2022-02-28", "Bob's").encode()
    o, a, b = folder / "base.toml", folder / "ours.toml", folder / "theirs.toml"
    o.write_bytes(base)
    b.write_bytes(theirs)
    command = [sys.executable, "-m", "tracker", "merge-driver", str(o), str(a), str(b), "big.toml"]
    lines = [f"deal file: {len(base):,} bytes, 10,000 milestones, 50,000 updates"]
    times, cpu, code = _timed(command, runs, {a: ours})
    lines.append(_line("merge-driver, both sides recorded", times, cpu, code))
    # Theirs edits a title above the updates: ours' new tables are checked against their head.
    edited = theirs.replace(b'title = "', b'title = "Edited: ', 1)
    b.write_bytes(edited)
    times, cpu, code = _timed(command, runs, {a: ours})
    lines.append(_line("merge-driver, theirs also edited a title", times, cpu, code))
    # Both edit above the updates (different lines): the merged head is new to both, so the
    # whole result is parsed and checked, as `tracker check` would.
    both = ours.replace(b'title = "Milestone 9999:', b'title = "Edited 9999:', 1)
    assert both != ours, "the generated deal no longer has milestone 9999's title"
    times, cpu, code = _timed(command, runs, {a: both})
    lines.append(_line("merge-driver, both edited above the updates", times, cpu, code))
    # Each side raises a running total; put in date order, theirs goes down: git's conflict.
    lower = _falling(base)
    times, cpu, code = _timed(command, runs, {a: base + lower[0], b: base + lower[1]})
    lines.append(_line("merge-driver, the merged updates do not load (a conflict)", times, cpu, code))
    b.write_bytes(edited)
    # The bare figures of this run: git's own merge of the same files, and a Python that
    # only imports what any validation needs (pydantic builds the model's schemas).
    bare = ["git", "merge-file", "-p", str(a), str(o), str(b)]
    times, cpu, _ = _timed(bare, runs, {a: both})
    lines.append(_line("bare: git merge-file of the same three files", times, cpu))
    imports = [sys.executable, "-c", "import tomli, tracker.model"]
    times, cpu, code = _timed(imports, runs, {})
    lines.append(_line("bare: python importing tomli and the model", times, cpu, code))
    return lines


def _falling(base: bytes) -> tuple[bytes, bytes]:
    """Two updates of one running total, each higher than the last, the later one lower."""
    import tomli

    deal = tomli.loads(base.decode())
    totals = {m["id"]: 0 for m in deal["milestones"]
              if m["kind"] == "quantity" and m.get("measure", "total") == "total" and "part_of" not in m}
    for update in deal["updates"]:
        if update["milestone"] in totals and "total" in update:
            totals[update["milestone"]] = update["total"]
    milestone, last = next(iter(totals.items()))
    return (_update(milestone, "2022-02-28", "Ann's").encode() + f"total = {last + 100}\n".encode(),
            _update(milestone, "2022-03-01", "Bob's").encode() + f"total = {last + 50}\n".encode())


def _line(what: str, times: list[float], cpu: list[float], code: int = 0) -> str:
    return (f"{what}: wall median {statistics.median(times) * 1000:.0f} ms "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), "
            f"CPU median {statistics.median(cpu) * 1000:.0f} ms; exit {code}")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder)})


def blame_figures(folder: Path, commits: int, runs: int) -> list[str]:
    from tracker.blame import Blamer, recorded_all
    from tracker.load import load

    repo = folder / "deal"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "bench@example.org")
    path = repo / "milestones.toml"
    path.write_bytes((REPO / "milestones.toml").read_bytes())
    milestones = ("captives-1000", "intra-afghan-talks", "negotiating-team", "civilian-toll")
    for n in range(commits):
        with path.open("a", encoding="utf-8") as file:
            file.write(_update(milestones[n % len(milestones)], "2020-04-29", f"Update {n}"))
        _git(repo, "config", "user.name", ("Ann", "Bob", "Cy")[n % 3])
        _git(repo, "add", "milestones.toml")
        _git(repo, "commit", "-qm", f"update {n}")
    _git(repo, "gc", "-q")  # packed, as a clone from a server is
    loaded = load(path)
    lines = [f"file with {commits:,} commits, {len(loaded.deal.updates):,} updates (packed)"]
    # Lines from the first commit make git walk the whole history; lines of the last, none of it.
    for milestone in ("signing", milestones[0]):
        shown = [u for u in loaded.deal.updates if u.milestone == milestone]
        times, cpu = [], []
        for _ in range(runs):
            start, used = time.perf_counter(), _cpu()
            found = Blamer().of(loaded, shown)
            times.append(time.perf_counter() - start)
            cpu.append(_cpu() - used)
        named = sum(1 for r in found if r is not None)
        lines.append(_line(f"detail pane of {milestone} ({len(shown)} updates, {named} named)", times, cpu))
        lines.append(_line(f"bare: git blame of the same lines ({milestone})",
                           *_timed(_bare_blame(loaded, shown, repo), runs, {})[:2]))
    start, used = time.perf_counter(), _cpu()
    recorded_all(loaded)
    lines.append(_line("every update (report --format json)", [time.perf_counter() - start], [_cpu() - used]))
    return lines


def _bare_blame(loaded: Loaded, shown: list[Update], repo: Path) -> list[str]:
    """The `git blame` the detail pane runs, alone: its lines, of the committed file."""
    from tracker.blame import _joined, _spans

    spans = _spans(loaded)
    ranges = [arg for a, b in _joined(spans[id(u)] for u in shown) for arg in ("-L", f"{a},{b}")]
    return ["git", "-C", str(repo), "blame", "--porcelain", *ranges, "HEAD", "--", "milestones.toml"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tracker-team-bench-") as name:
        for line in merge_figures(Path(name), args.runs) + blame_figures(Path(name), args.commits, args.runs):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
