"""`check` and `report` over many deal files (a folder, several files), `report --since`,
and `--fail-on`: the command-line side of the portfolio, kept apart from `tracker.cli`.

Exit codes: the worst file error (2 unreadable, then 1 invalid), else FAILING (3) when
`--fail-on` names a status some milestone is in, else 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import usage
from tracker.cache import Cache, cached_load
from tracker.errors import FileError
from tracker.evaluate import Evaluation
from tracker.load import Loaded, load, windowed
from tracker.portfolio import PATTERN, Entry, expand, load_all, load_entry, portfolio
from tracker.safe import printable
from tracker.status import Status
from tracker.words import contents

if TYPE_CHECKING:
    from tracker.state.folder import Folders

FAILING = 3
"""Exit code: everything loaded, but a milestone is in a status `--fail-on` names."""

EAGER = 10
"""Files of a portfolio read before the app starts: more than its first frame shows (the
rest are read while it shows), and every file of a small folder."""

FORMATS = ("text", "markdown", "json")
"""The formats a portfolio and a digest are written in."""


def add_arguments(check: argparse.ArgumentParser, report: argparse.ArgumentParser,
                  day: Callable[[str], date]) -> None:
    """The portfolio's options on the `check` and `report` parsers (`day` reads a date)."""
    for parser in (check, report):
        parser.add_argument("--no-cache", action="store_true",
                            help="read every file afresh, bypassing the cache of valid files")
    report.add_argument("--since", type=day, metavar="DATE",
                        help="what changed after DATE, up to the as-of date (the weekly digest)")
    report.add_argument("--fail-on", type=statuses, metavar="STATUS,...", default=(),
                        help=f"exit {FAILING} if any milestone is in one of these statuses")
    report.add_argument("--weeks", type=int, default=4, metavar="N",
                        help="how far ahead a portfolio's agenda looks (default: 4 weeks)")


def statuses(text: str) -> tuple[Status, ...]:
    """`overdue,breached` as statuses; every status the tracker knows is accepted."""
    known = {s.value: s for s in Status}
    named = [word.strip() for word in text.split(",") if word.strip()]
    wrong = [word for word in named if word not in known]
    if wrong or not named:
        raise argparse.ArgumentTypeError(
            f"{', '.join(wrong) or 'nothing'}: expected statuses from {', '.join(known)}")
    return tuple(known[word] for word in named)


def open_many(files: list[Path], default: Path, no_cache: bool = False,
              window: int | None = None) -> tuple[Loaded, Folders | None] | int:
    """What the app opens: one deal (no entries), or the portfolio of every file named and
    every deal file in each folder named, with its first deal that loads. With no file,
    `default` when it exists (as always), else the deal files in the current folder. Only
    the first EAGER files are read here (on to the first that loads): the rest are left
    pending, for the app to read once its first frame is shown. When no deal loads at all,
    every problem is printed and the worst exit code returned. `window`, the settings'
    at-risk window, is in force in every deal whose file sets none."""
    if not files:
        files = [default] if default.exists() or not list(Path().glob(PATTERN)) else [Path()]
    cache = None if no_cache else _cache()
    if len(files) == 1 and not files[0].is_dir():
        return windowed(load(files[0]) if cache is None else cached_load(files[0], cache), window), None
    from tracker.state.folder import Folders

    paths = expand(files)
    entries: list[Entry] = []
    for path in paths:  # the first files, and on until one loads; the app reads the rest
        if len(entries) >= EAGER and any(e.loaded is not None for e in entries):
            break
        entries.append(load_entry(path, cache, window))
    first = next((e.loaded for e in entries if e.loaded is not None), None)
    if first is None:
        _check(tuple(entries))
        return worst(tuple(entries))
    return first, Folders(files, entries, cache, pending=paths[len(entries):], window=window)


def _cache() -> Cache:
    return Cache()


def single(args: argparse.Namespace) -> bool:
    """Whether the command is about one file as it always was (no folder, no digest)."""
    files = args.file
    return len(files) <= 1 and not (files and files[0].is_dir()) and not getattr(args, "since", None)


def failing(evaluations: list[Evaluation], fail_on: tuple[Status, ...]) -> int:
    """FAILING if a milestone in any of `evaluations` has a status of `fail_on`, else 0."""
    hit = any(e.counts.get(s, 0) for e in evaluations for s in fail_on)
    return FAILING if hit else 0


def worst(entries: tuple[Entry, ...]) -> int:
    return max((e.exit_code for e in entries), default=0)


def run(args: argparse.Namespace) -> int:
    """`check` or `report` over every file named and every deal file in each folder named."""
    window = args.settings.at_risk_days if args.settings else None
    entries = load_all(expand(args.file), None if args.no_cache else _cache(), window)
    if args.command == "check":
        return _check(entries)
    fmt = args.format
    if fmt not in FORMATS:
        raise FileError(", ".join(str(p) for p in args.file),
                        f"--format {fmt} is for one deal; several are written as {', '.join(FORMATS)}")
    as_of = args.as_of or date.today()
    _replace_errors()
    # As wide as the one-deal report: the terminal's columns (lines cut to fit), or `--width`,
    # and into a file or a pipe 80 columns or `--width` with nothing cut.
    width, whole = usage.report_width(args.width, sys.stdout)
    if args.since:
        return _digest(entries, args.since, as_of, fmt, args.fail_on, (width, whole))
    from tracker.portfolio_report import render_portfolio

    book = portfolio(entries, as_of, weeks=args.weeks)
    sys.stdout.write(render_portfolio(book, fmt, width, whole))
    return worst(entries) or failing([s.evaluation for s in book.deals if s.evaluation], args.fail_on)


def _replace_errors() -> None:
    # A terminal or pipe that cannot encode a character gets "?" rather than a traceback.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def _check(entries: tuple[Entry, ...]) -> int:
    """Each file's summary line, or every one of its problems, as `check FILE` prints them."""
    for entry in entries:
        if entry.loaded is None:
            for problem in entry.problems:
                print(f"error: {problem}", file=sys.stderr)
            continue
        deal = entry.loaded.deal
        print(f"{printable(str(entry.path))}: ok: {contents(deal)}")
    broken = sum(1 for e in entries if e.loaded is None)
    if len(entries) > 1:
        print(f"{len(entries)} files: {len(entries) - broken} ok, {broken} with errors")
    return worst(entries)


def _digest(entries: tuple[Entry, ...], since: date, as_of: date, fmt: str,
            fail_on: tuple[Status, ...], layout: tuple[int, bool]) -> int:
    from tracker.digest import changes
    from tracker.evaluate import evaluate
    from tracker.portfolio_report import Digest, render_digest

    if since >= as_of:
        raise FileError("--since", f"{since.isoformat()} is not before the as-of date {as_of.isoformat()}")
    digest: Digest = []
    evaluations = []
    for entry in entries:
        if entry.loaded is None:
            digest.append((entry, entry.path.name, ()))
            continue
        deal = entry.loaded.deal
        digest.append((entry, deal.deal.title, changes(deal, since, as_of)))
        if fail_on:
            evaluations.append(evaluate(deal, as_of))
    sys.stdout.write(render_digest(digest, since, as_of, fmt, *layout))
    return worst(entries) or failing(evaluations, fail_on)
