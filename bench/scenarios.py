"""What the benchmark does to the tracker and to the bare app, figure by figure."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import measure as m
from measure import Figure
from ptyterm import Burst, Term

SHIPPED_AS_OF = date(2020, 4, 29)
_KEY_NAMES = {"left": "\x1b[D", "right": "\x1b[C", "comma": ",", "full_stop": ".", "minus": "-",
              "left_square_bracket": "[", "right_square_bracket": "]", "less_than_sign": "<",
              "greater_than_sign": ">", "plus": "+", "equals_sign": "="}


_ONE_MODEL = """
from pydantic import BaseModel, Field
class One(BaseModel):
    x: int = Field(strict=True)
One.model_validate({"x": 1})
"""


@dataclass(frozen=True)
class Settings:
    """How hard to try: the full run, or a seconds-long smoke run."""

    quick: bool
    runs: int
    idle: float
    moves: int
    steps: int
    timeout: float
    save_timeout: float

    @classmethod
    def make(cls, quick: bool) -> Settings:
        if quick:
            return cls(True, runs=1, idle=0.5, moves=2, steps=1, timeout=15.0, save_timeout=1.5)
        return cls(False, runs=5, idle=10.0, moves=12, steps=5, timeout=60.0, save_timeout=15.0)


def travel_key(app_source: Path = m.REPO / "tracker" / "ui" / "app.py") -> str | None:
    """The key that steps time back one report date, read from the app's BINDINGS."""
    try:
        text = app_source.read_text(encoding="utf-8")
    except OSError:
        return None
    for key, action in re.findall(r'Binding\(\s*"([^"]+)"\s*,\s*"([^"]+)"', text):
        if re.search(r"earlier|back|prev|older", action) and not re.search(r"cursor|page|scroll", action):
            key = key.split(",")[0].strip()
            return _KEY_NAMES.get(key, key if len(key) == 1 else None)
    return None


@dataclass(frozen=True)
class Deal:
    """A deal file to open, the day to open it on, and what its first frame shows."""

    path: Path
    as_of: date
    marker: str
    """The first milestone's number, as the screen should print it."""
    change: tuple[str, int, int] | None
    """A quantity whose total a save can raise: (id, actual, target)."""


def describe(path: Path, as_of: date) -> Deal:
    """Work out, with the core, what the app should show for this file on this day."""
    from tracker.evaluate import evaluate
    from tracker.load import load

    rows = evaluate(load(path).deal, as_of).rows
    numbered = [r.state for r in rows if r.state.actual is not None]
    marker = f"{numbered[0].actual:,}" if numbered else rows[0].milestone.title[:20]
    # A quantity near the top that reports its own totals and is not complete yet: the one
    # furthest from its target, so that every save can raise it (one 3 short allowed two).
    open_ = [(r.milestone.id, r.state.actual, r.state.target) for r in rows[:12]
             if r.state.target and r.state.actual is not None and r.state.actual < r.state.target
             and any(u.total is not None or u.add is not None for u in r.state.history)]
    change = max(open_, key=lambda c: c[2] - c[1], default=None)
    return Deal(path, as_of, marker, change)


def cli_figures(deal: Deal, s: Settings, label: str, check_target: float | None,
                report_target: float | None, relative: bool) -> list[Figure]:
    """`check` and `report` wall time; with `relative`, against `import pydantic`."""
    runs = 1 if s.quick else (7 if relative else 3)
    base = statistics.median(m.wall([sys.executable, "-c", "import pydantic"], runs)) * 1000
    # The targets are for reading the file afresh (--no-cache); with the cache warm, as a
    # second run finds it, the same commands follow for comparison.
    check = m.tracker("check", str(deal.path), "--no-cache")
    report = m.tracker("report", str(deal.path), "--as-of", deal.as_of.isoformat(), "--format", "json",
                       "--no-cache")
    figures = [
        _failing(Figure(f"{label} check", "ms", [t * 1000 for t in m.wall(check, runs)],
                        base if relative else None, check_target, relative, note="--no-cache"), runs),
        _failing(Figure(f"{label} report --format json", "ms", [t * 1000 for t in m.wall(report, runs)],
                        base if relative else None, report_target, relative, note="--no-cache"), runs),
    ]
    for argv, name in ((check, "check"), (report, "report --format json")):
        warm = argv[:-1]
        m.wall(warm, 1)  # fills the cache
        figures.append(_failing(Figure(f"{label} {name}, warm cache", "ms",
                                       [t * 1000 for t in m.wall(warm, runs)], note="no target"), runs))
    if relative:
        # What any pydantic validation costs: pydantic loads its schema builder lazily.
        floor = m.wall([sys.executable, "-c", _ONE_MODEL], runs)
        figures.insert(0, Figure(f"{label} floor: python + one pydantic model validated", "ms",
                                 [t * 1000 for t in floor], base, note="for comparison; no target"))
        textual = m.imports_textual(check) + m.imports_textual(report)
        figures.append(Figure(f"{label} check/report import Textual", "count", [textual], None, 0,
                              note="modules from textual imported by the two commands"))
    return figures


def _failing(figure: Figure, runs: int) -> Figure:
    if len(figure.values) < runs:
        figure.note = f"{runs - len(figure.values)} of {runs} runs failed (non-zero exit)"
    return figure


def first_frames(deal: Deal, s: Settings, label: str, runs: int, bare_text: str | None,
                 target: float | None, relative: bool) -> tuple[list[Figure], Term | None]:
    """Time and bytes to the first frame; the last tracker session is left open."""
    app = m.tracker(str(deal.path), "--as-of", deal.as_of.isoformat())
    seen = m.number_on(deal.marker)
    times, sent, bare_times, bare_sent, failed = [], [], [], [], []
    session: Term | None = None
    for run in range(runs):
        opened = m.open_app(app, seen, (80, 24), s.timeout)
        if opened.first_frame is not None:
            times.append(opened.first_frame * 1000)
            sent.append(opened.first_bytes)
        else:
            code = opened.term.proc.poll()
            failed.append("timed out" if code is None else f"exited with {code}")
        if run == runs - 1 and opened.first_frame is not None:
            session = opened.term
        else:
            opened.term.close()
        if bare_text is not None:
            bare_run = m.open_app(m.bare(bare_text), seen, (80, 24), s.timeout)
            with bare_run.term:
                if bare_run.first_frame is not None:
                    bare_times.append(bare_run.first_frame * 1000)
                    bare_sent.append(bare_run.first_bytes)
    note = f"{len(failed)} of {runs} runs never showed {deal.marker!r}: {', '.join(failed)}" if failed else ""
    figures = [
        Figure(f"{label} first frame 80x24", "ms", times, _med(bare_times), target, relative, note),
        Figure(f"{label} bytes to first frame", "B", sent, _med(bare_sent)),
    ]
    return figures, session


def _med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def idle_figures(term: Term | None, bare_text: str, s: Settings) -> list[Figure]:
    """Bytes, CPU and memory of the tracker and the bare app, both left alone."""
    results = []
    with m.open_app(m.bare(bare_text), lambda _: True, (80, 24), s.timeout).term as bare_term:
        for t in (term, bare_term):
            if t is None:
                results.append((None, None, None, None))
                continue
            m.settle(t, s.quick)
            rss, settled = t.rss_mb(), t.total
            sent, cpu = t.idle(s.idle)
            results.append((sent, cpu * 100, rss, settled))
    (sent, cpu, rss, settled), (b_sent, b_cpu, b_rss, b_settled) = results
    span = f"{s.idle:g} s"
    return [
        Figure("bytes from start until the screen settles", "B", _one(settled), b_settled),
        Figure(f"bytes while idle {span}", "B", _one(sent), b_sent, 0),
        Figure(f"CPU while idle {span}", "%", _one(cpu), b_cpu, 1.0),
        Figure("resident memory after settling", "MB", _one(rss), b_rss, 1.5, True),
    ]


def burst_figures(term: Term | None, s: Settings, label: str) -> list[Figure]:
    """Keys that arrive in one read (a paste, a held key over SSH): once the screen has
    settled on the row they lead to, the app must fall silent. It once bounced the cursor
    between two rows for ever (60 KB/s, a core at 100 %)."""
    sent: list[float] = []
    cpu: list[float] = []
    for _ in range(1 if s.quick else 3):
        if term is None or term.proc.poll() is not None:
            break
        term.send("jjjjkkjj")  # one write: the rows the keys lead to, then back
        term.settle(0.3, s.timeout)
        quiet_sent, quiet_cpu = term.idle(1.0 if s.quick else 3.0)
        sent.append(quiet_sent)
        cpu.append(quiet_cpu * 100)
        term.send("kkkk")
        term.settle(0.3, s.timeout)
    span = "1 s" if s.quick else "3 s"
    return [Figure(f"{label} bytes in the {span} after a burst of keys", "B", sent, None, 0),
            Figure(f"{label} CPU in the {span} after a burst of keys", "%", cpu, None, 1.0)]


def _one(value: float | None) -> list[float]:
    return [] if value is None else [value]


def cursor_figures(term: Term | None, size: tuple[int, int], s: Settings, label: str,
                   bare_rows: int | None, limits: tuple[float | None, float | None]) -> list[Figure]:
    """Bytes and time per cursor move down the table, against a bare DataTable app."""
    bursts = m.moves(term, s.moves) if term is not None else []
    bare_bursts: list[Burst] = []
    if bare_rows:
        with m.open_app(m.bare("x", bare_rows), lambda t: "Milestone 1" in t, size, s.timeout).term as b:
            bare_bursts = m.moves(b, s.moves)
    dims = f"{size[0]}x{size[1]}"
    still = sum(1 for b in bursts if not b.changed)
    note = f"{still} of {len(bursts)} moves left the screen unchanged" if still else ""
    return [
        Figure(f"{label} cursor move bytes {dims}", "B", [b.bytes for b in bursts],
               _med([b.bytes for b in bare_bursts]), limits[0], note=note),
        Figure(f"{label} cursor move time {dims}", "ms", [b.seconds * 1000 for b in bursts],
               _med([b.seconds * 1000 for b in bare_bursts]), limits[1],
               note="until the last byte: highlight and detail pane both drawn"),
        Figure(f"{label} cursor move, first change {dims}", "ms", [b.first * 1000 for b in bursts],
               _med([b.first * 1000 for b in bare_bursts]),
               note="until the first byte: the highlight moves"),
    ]


def travel_figure(term: Term | None, s: Settings, label: str, limit: float) -> Figure:
    key = travel_key()
    if term is None or key is None:
        return Figure(f"{label} time-travel step", "ms", [], None, limit,
                      note="no time-travel key found in tracker/ui/app.py" if key is None else "")
    bursts = m.moves(term, s.steps, key, quiet=0.2, timeout=s.timeout)
    still = sum(1 for b in bursts if not b.changed)
    return Figure(f"{label} time-travel step", "ms", [b.seconds * 1000 for b in bursts if b.changed],
                  None, limit, note=f"{still} steps changed nothing" if still else "")


def save_figures(term: Term | None, deal: Deal, s: Settings, label: str, limit: float,
                 with_record: bool) -> list[Figure]:
    """A save of the file, and `tracker record`, until the screen shows the new total."""
    saves: list[float] = []
    records: list[float] = []
    if term is not None and deal.change is not None:
        ident, actual, target = deal.change
        writes: list[tuple[list[float], Callable[[int], object]]] = [
            (saves, lambda add: m.append_update(deal.path, ident, deal.as_of, add))
        ] * (1 if s.quick else 3)
        if with_record:
            writes += [(records, lambda add: m.record(deal.path, ident, deal.as_of, add))] * (
                1 if s.quick else 2)
        for into, write in writes:
            m.settle(term, True)
            total = m.fresh_total(term.text(), actual, target)
            if total is None:
                break
            seconds = m.saved(term, lambda w=write, a=total - actual: w(a), m.number_on(f"{total:,}"),
                              s.save_timeout)
            if seconds is None:
                break  # the app does not follow the file; waiting again would say nothing new
            into.append(seconds * 1000)
            actual = total
    figures = [Figure(f"{label} save shown on screen", "ms", saves, None, limit)]
    if with_record:
        figures.append(Figure(f"{label} `tracker record` shown on screen", "ms", records, None, None,
                              note="includes record's own start-up and validation"))
    return figures


def copy_to_temp(path: Path) -> Path:
    """A private copy, so saves and records never touch the real file."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    target = folder / path.name
    shutil.copyfile(path, target)
    return target


def bad_refs_figure(deal: Deal, s: Settings, label: str, clean: Figure, count: int = 500) -> Figure:
    """`check` on the same deal with `count` updates naming a milestone that does not
    exist (each gets a "did you mean"), against the clean check: about as long, not
    seconds more (it was 11.4 s against 1.3 s before the hints were indexed)."""
    text = deal.path.read_text(encoding="utf-8")
    at = text.index("[[updates]]")
    bad = re.sub(r'^milestone = "(m\d+)"', r'milestone = "\1x"', text[at:], count=count, flags=re.M)
    path = deal.path.with_name(f"bad-refs-{deal.path.name}")
    path.write_text(text[:at] + bad, encoding="utf-8")
    runs = 1 if s.quick else 3
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(m.tracker("check", str(path), "--no-cache"), cwd=m.REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, check=False)
        if done.returncode == 1:  # the file has errors: that is the run that counts
            times.append((time.perf_counter() - start) * 1000)
    return _failing(Figure(f"{label} check, {count} unknown references", "ms", times, clean.median,
                           1.5, True, note="against the clean check"), runs)


def _main_gone(screen: str) -> bool:
    """The milestone table's header line (`… as of 29 Apr 2020 …`) no longer shows."""
    lines = screen.splitlines()
    return bool(lines) and " as of " not in lines[0]


SCREENS: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("l", "timeline", lambda text: "Timeline as of" in text and "What happened" in text),
    ("p", "parties", lambda text: "Parties as of" in text and "owes " in text),
    ("f", "filter", lambda text: "Show only" in text),
    ("r", "record", lambda text: "Record an update:" in text),
    ("?", "help", lambda text: "move between milestones" in text),
    ("\r", "detail", _main_gone),
)
"""Every key that opens a screen from the milestones, what it opens, and how it shows."""

RESIZED = (120, 40)
"""The size a resize goes to from 80x24: wide enough to set the timeline's panes side by side."""


def screen_figures(term: Term | None, s: Settings, label: str, limit: float | None,
                   memory: float | None) -> list[Figure]:
    """For each key that opens a screen: the time to the settled screen and the bytes sent,
    a resize of that screen, and the memory resident while it shows. Opened `runs` times
    (three at most); the first opening is the slowest: it builds what later ones reuse."""
    figures: list[Figure] = []
    quiet = 0.1 if s.quick else 0.25
    home = m.number_on("1") if term is None else (lambda text: not _main_gone(text))
    for key, name, shown in SCREENS:
        opened: list[m.Shown] = []
        resized: list[m.Shown] = []
        rss: list[float] = []
        for _ in range(1 if s.quick else min(3, s.runs)):
            if term is None or term.proc.poll() is not None:
                break
            opened.append(m.until_settled(term, lambda k=key: term.send(k), shown, quiet, s.timeout))
            rss.append(term.rss_mb())
            if len(resized) < ((key == "l") if s.quick else 2):  # a smoke run resizes one screen
                resized.append(m.until_settled(term, lambda: term.resize(*RESIZED), shown, quiet, s.timeout))
                m.until_settled(term, lambda: term.resize(80, 24), shown, quiet, s.timeout)
            if m.until_settled(term, lambda: term.send("\x1b"), home, quiet, s.timeout).seconds is None:
                break  # still not back on the milestones: another press would measure nothing
        shown_key = "enter" if key == "\r" else key
        missed = sum(1 for o in opened if o.seconds is None)
        note = f"{missed} of {len(opened)} never showed the screen" if missed else ""
        figures += [
            Figure(f"{label} `{shown_key}` {name}: settled", "ms",
                   [o.seconds * 1000 for o in opened if o.seconds is not None], None, limit, note=note),
            Figure(f"{label} `{shown_key}` {name}: bytes", "B", [o.bytes for o in opened]),
            Figure(f"{label} `{shown_key}` {name}: resize to {RESIZED[0]}x{RESIZED[1]}", "ms",
                   [r.seconds * 1000 for r in resized if r.seconds is not None], None, limit),
            Figure(f"{label} `{shown_key}` {name}: resident memory", "MB", rss, None, memory),
        ]
    return figures
