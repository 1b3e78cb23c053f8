"""The benchmark's measurements: each returns plain numbers, run.py turns them into a table."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ptyterm import Burst, Term

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
DOWN = "\x1b[B"


@dataclass
class Figure:
    """One measured figure: every run's value, and what it is held against."""

    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    bare: float | None = None
    """The bare Textual app's median, where it has one."""
    target: float | None = None
    """An absolute limit, or (with `relative`) a multiple of `bare`."""
    relative: bool = False
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def limit(self) -> float | None:
        if self.target is None or (self.relative and self.bare is None):
            return None
        return self.target * self.bare if self.relative and self.bare is not None else self.target

    @property
    def passed(self) -> bool | None:
        if self.limit is None or self.median is None:
            return None
        return self.median <= self.limit


def tracker(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", *args]


def bare(text: str, rows: int = 0, pydantic: bool = False) -> list[str]:
    return [sys.executable, str(BENCH / "bare_app.py"), text, *(["--table", str(rows)] if rows else []),
            *(["--pydantic"] if pydantic else [])]


def wall(argv: Sequence[str], runs: int) -> list[float]:
    """Wall-clock seconds of a command, once per run that succeeds (a failure is no time)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              check=False)
        if done.returncode == 0:
            times.append(time.perf_counter() - start)
    return times


def imports_textual(argv: Sequence[str]) -> bool:
    """Whether the command imports Textual at all (`-X importtime` lists every import)."""
    out = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], cwd=REPO, capture_output=True,
                         text=True, check=False)
    return bool(re.search(r"\|\s+textual(\.|$)", out.stderr, re.M))


@dataclass
class Opened:
    """A program measured from start to its first frame, still running for more."""

    term: Term
    first_frame: float | None
    first_bytes: int


def open_app(argv: Sequence[str], marker: Callable[[str], bool], size: tuple[int, int],
             timeout: float) -> Opened:
    """Start `argv` in a pty and wait until `marker` holds for the screen."""
    term = Term(argv, size[0], size[1], cwd=str(REPO))
    seconds = term.wait_for(marker, timeout)
    if seconds is not None:
        term.settle(0.008, 1.0)  # the rest of the frame the marker came in, not the next
    return Opened(term, seconds, term.total)


def settle(term: Term, quick: bool) -> None:
    """Let start-up work finish: silent for a second (a tenth in quick mode)."""
    term.settle(0.1 if quick else 1.0, 3 if quick else 15)


def moves(term: Term, count: int, key: str = DOWN, quiet: float = 0.15,
          timeout: float = 3.0) -> list[Burst]:
    """One burst per key press, each after the screen has settled."""
    return [term.respond(lambda: term.send(key), quiet, timeout) for _ in range(count)]


def saved(term: Term, write: Callable[[], object], shown: Callable[[str], bool],
          timeout: float) -> float | None:
    """Seconds from `write()` starting until the screen shows the change."""
    term.settle(0.2, 3)
    start = time.perf_counter()
    write()
    deadline = start + timeout
    while not shown(term.text()):
        if time.perf_counter() > deadline:
            return None
        term.pump(0.05)
    return term.last_byte - start if term.last_byte > start else time.perf_counter() - start


def append_update(path: Path, milestone: str, day: date, add: int) -> None:
    """A save as an editor would make it: the whole file rewritten with one update more.
    Each save delivers `add` more on the same day: a second `total` for that day and
    source would break the file (one source, one figure a day), and the app would then
    show the error pane instead of the new figure."""
    text = path.read_text(encoding="utf-8")
    text += f'\n[[updates]]\nmilestone = "{milestone}"\ndate = {day.isoformat()}\nadd = {add}\n'
    path.write_text(text, encoding="utf-8")


def record(path: Path, milestone: str, day: date, add: int) -> subprocess.Popen[bytes]:
    """`tracker record` as a user would run it in another terminal (not waited for); `add`
    for the reason `append_update` gives."""
    return subprocess.Popen(tracker("record", str(path), milestone, "--date", day.isoformat(),
                                    "--add", str(add)), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fresh_total(screen: str, start: int, limit: int) -> int | None:
    """A total above `start` whose printed form (`1,234`) is not already on screen."""
    for total in range(start + 1, limit + 1):
        if f"{total:,}" not in screen and str(total) not in screen:
            return total
    return None


def number_on(text: str) -> Callable[[str], bool]:
    """True once `text` shows on screen as a whole number, not inside a longer one."""
    pattern = re.compile(rf"(?<![\d,]){re.escape(text)}(?![\d,])")
    return lambda screen: bool(pattern.search(screen))


@dataclass
class Shown:
    """A screen opened (or redrawn) by one stimulus: seconds to its last byte, bytes sent."""

    seconds: float | None
    """None when the screen never showed its marker within the timeout."""
    bytes: int


def until_settled(term: Term, stimulus: Callable[[], None], shown: Callable[[str], bool],
                  quiet: float, timeout: float) -> Shown:
    """Apply `stimulus`, then read until `shown(screen)` holds and the program has been
    silent for `quiet` s: the time is to the last byte of that settled screen."""
    term.settle(quiet, timeout)
    count = term.total
    start = time.perf_counter()
    term.last_byte = start
    stimulus()
    deadline = start + timeout
    while not shown(term.text()):
        if time.perf_counter() > deadline or term.proc.poll() is not None:
            return Shown(None, term.total - count)
        term.pump(0.05)
    while time.perf_counter() < deadline and term.pump(quiet):
        pass
    return Shown(term.last_byte - start, term.total - count)
