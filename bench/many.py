"""The portfolio figures (issue 15): generated folders of copies of the shipped deal.

Cold runs point `XDG_CACHE_HOME` at a new, empty folder (the cache of valid files is
there, see tracker/cache.py); warm runs reuse the folder a cold run filled.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import measure as m
import scenarios as sc
from measure import Figure

MARKER = "Portfolio as of"
"""What the portfolio's first frame shows (tracker/ui/screens/portfolio.py)."""

_TITLE = 'title = "US-Taliban peace agreement (February 2020)"'


def make_folder(count: int) -> Path:
    """`count` copies of milestones.toml, each with a title of its own."""
    text = (m.REPO / "milestones.toml").read_text(encoding="utf-8")
    if _TITLE not in text:
        raise SystemExit(f"milestones.toml no longer has {_TITLE!r}: update bench/many.py")
    folder = Path(tempfile.mkdtemp(prefix=f"tracker-bench-{count}-"))
    for i in range(count):
        title = _TITLE.replace('= "', f'= "Deal {i:04d}: ', 1)
        (folder / f"deal-{i:04d}.toml").write_text(text.replace(_TITLE, title, 1), encoding="utf-8")
    return folder


@contextlib.contextmanager
def cache_at(where: Path) -> Iterator[None]:
    """Every program started inside keeps its cache under `where`."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(where)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = before


def _empty_cache() -> Path:
    return Path(tempfile.mkdtemp(prefix="tracker-bench-cache-"))


SETTLED = "deals  · enter opens a deal"
"""What the portfolio's head says once every file is read (before: `reading files: N of M`)."""


def _frame(argv: list[str], marker: str, s: sc.Settings, settled: list[float] | None = None) -> float | None:
    """Milliseconds to the first frame showing `marker`; with `settled`, the milliseconds
    until the portfolio has read every file are added to it."""
    opened = m.open_app(argv, lambda t: marker in t, (80, 24), s.timeout)
    with opened.term as term:
        if opened.first_frame is None:
            return None
        if settled is not None:
            rest = term.wait_for(lambda t: SETTLED in t, s.timeout)
            if rest is not None:
                settled.append((opened.first_frame + rest) * 1000)
        return opened.first_frame * 1000


def _bare_frames(runs: int, s: sc.Settings) -> list[float]:
    return [t for t in (_frame(m.bare(MARKER), MARKER, s) for _ in range(runs)) if t is not None]


def figures(count: int, s: sc.Settings, targets: bool) -> list[Figure]:
    """First frame cold and warm, a save shown in its row, a key typed in find, `check` and
    `report` cold."""
    label = f"{count:,} files:"
    folder = make_folder(count)
    app = m.tracker(str(folder), "--as-of", sc.SHIPPED_AS_OF.isoformat())
    runs = 1 if s.quick else 3
    t = (lambda v: v) if targets else (lambda v: None)
    bare = sc._med(_bare_frames(runs, s))
    cold: list[float] = []
    warm: list[float] = []
    cold_settled: list[float] = []
    warm_settled: list[float] = []
    warm_cache = _empty_cache()
    for run in range(runs):
        where = warm_cache if run == 0 else _empty_cache()  # the first cold run fills the warm cache
        with cache_at(where):
            cold += [v for v in [_frame(app, MARKER, s, cold_settled)] if v is not None]
    with cache_at(warm_cache):
        warm += [v for v in (_frame(app, MARKER, s, warm_settled) for _ in range(runs)) if v is not None]
        row = _row_update(folder, app, s)
        every, one = _find(app, count, s)
    reading = "the first 10 files read; the rest are read after it, 50 a tick, the head saying `reading files`"
    out = [
        Figure(f"{label} portfolio first frame, cold cache", "ms", cold, bare, t(2000), note=reading),
        Figure(f"{label} portfolio first frame, warm cache", "ms", warm, bare, t(600), note=reading),
        Figure(f"{label} portfolio every file read, cold cache", "ms", cold_settled, bare,
               note="until the head says `enter opens a deal`: every row and the lists across deals"),
        Figure(f"{label} portfolio every file read, warm cache", "ms", warm_settled, bare),
        Figure(f"{label} changed file's row shown", "ms", row, None, t(300),
               note="an update appended to a file on screen until its row says `last update: today`; "
               "includes the app's 0.25 s poll"),
        Figure(f"{label} find: a key that keeps every deal", "ms", every, None, t(300),
               note="`/` then `D`: every deal still shown, the bar and the lists below redrawn"),
        Figure(f"{label} find: the key that leaves one deal", "ms", one, None, t(300),
               note=f"`Deal {count - 1:04d}` typed to its last digit"),
    ]
    for name, argv in (("check DIR", m.tracker("check", str(folder))),
                       ("report DIR --format json", m.tracker("report", str(folder), "--as-of",
                        sc.SHIPPED_AS_OF.isoformat(), "--format", "json"))):
        times = []
        for _ in range(runs):
            with cache_at(_empty_cache()):
                times += [v * 1000 for v in m.wall(argv, 1)]
        out.append(sc._failing(Figure(f"{label} {name}, cold cache", "ms", times, None, t(3000)), runs))
    shutil.rmtree(folder, ignore_errors=True)
    return out


def _row_update(folder: Path, app: list[str], s: sc.Settings) -> list[float]:
    """Milliseconds from a save of a file whose row is on screen until that row shows the
    new update (`last update: today`); once for each of the first rows (up to `runs`).
    The app looks at the folder every 0.25 s, so a figure includes up to one wait."""
    opened = m.open_app(app, lambda t: MARKER in t, (80, 24), s.timeout)
    times: list[float] = []
    with opened.term as term:
        if opened.first_frame is None:
            return []
        m.settle(term, s.quick)
        for i in range(s.runs if s.runs < 3 else 3):
            path = folder / f"deal-{i:04d}.toml"
            shown = f"last update: today  ·  {path.name}"
            deal = sc.describe(path, sc.SHIPPED_AS_OF)
            if deal.change is None or path.name not in term.text() or shown in term.text():
                break  # no row on screen left to see change
            ident = deal.change[0]
            seconds = m.saved(term, lambda p=path, i=ident: m.append_update(p, i, sc.SHIPPED_AS_OF, 1),
                              lambda text, shown=shown: shown in text, s.save_timeout)
            if seconds is None:
                break
            times.append(seconds * 1000)
    return times


def _find(app: list[str], count: int, s: sc.Settings) -> tuple[list[float], list[float]]:
    """Milliseconds from a key typed in the portfolio's find (`/`) until the screen has settled
    on what it shows: the first key (every title holds a `D`), and the last of a deal's name."""
    every: list[float] = []
    one: list[float] = []
    last = f"Deal {count - 1:04d}"
    for _ in range(1 if s.quick else 3):
        opened = m.open_app(app, lambda t: MARKER in t, (80, 24), s.timeout)
        with opened.term as term:
            if opened.first_frame is None:
                break
            m.settle(term, s.quick)
            term.send("/")
            shown = m.until_settled(term, lambda: term.send("D"),
                                    lambda text: f"{count:,} of {count:,} deals shown" in text, 0.3, s.timeout)
            every += [shown.seconds * 1000] if shown.seconds is not None else []
            term.send(last[1:-1])
            shown = m.until_settled(term, lambda: term.send(last[-1]),
                                    lambda text: f"1 of {count:,} deals shown" in text, 0.3, s.timeout)
            one += [shown.seconds * 1000] if shown.seconds is not None else []
    return every, one


def shipped_warm(s: sc.Settings) -> list[Figure]:
    """The shipped file with a warm cache against the bare app: one FILE is read through
    the cache as a folder is (and the status colours worked out once are read from it); a
    folder of that one file opens the portfolio screen rather than the milestones."""
    runs = 1 if s.quick else 5
    path = sc.copy_to_temp(m.REPO / "milestones.toml")
    as_of = sc.SHIPPED_AS_OF.isoformat()
    cache = _empty_cache()
    with cache_at(cache):
        _frame(m.tracker(str(path.parent), "--as-of", as_of), MARKER, s)  # fills the cache
        file_runs, folder_runs, bare_file, bare_folder, floor = [], [], [], [], []
        for _ in range(runs):
            file_runs.append(_frame(m.tracker(str(path), "--as-of", as_of), "850", s))
            bare_file.append(_frame(m.bare("850 of 1,500 prisoners"), "850", s))
            floor.append(_frame(m.bare("850 of 1,500 prisoners", pydantic=True), "850", s))
            folder_runs.append(_frame(m.tracker(str(path.parent), "--as-of", as_of), MARKER, s))
            bare_folder.append(_frame(m.bare(MARKER), MARKER, s))
    ok = lambda values: [v for v in values if v is not None]  # noqa: E731
    return [
        Figure("shipped FILE, warm cache: first frame", "ms", ok(file_runs), sc._med(ok(bare_file)),
               1.3, True, note="a cache hit: no TOML read, no schema built, no colours worked out"),
        Figure("shipped file as a one-file DIR, warm cache: first frame", "ms", ok(folder_runs),
               sc._med(ok(bare_folder)), 1.3, True, note="through the cache; shows the portfolio screen"),
        Figure("the bare app with a one-field pydantic model: first frame", "ms", ok(floor), sc._med(ok(bare_file)),
               note="the floor for a model in pydantic: importing it and defining one class"),
    ]

