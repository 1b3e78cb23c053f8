"""What the command line says about itself: the version, the list of commands, a mistyped
command, and the checks `record` makes before touching the file.

Plain Python: cli.py builds the parsers, this module only words and checks.
"""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tracker.errors import Problem, TrackerError
from tracker.safe import printable

if TYPE_CHECKING:
    from tracker.model import DealFile

FILE_HELP = ("FILE is a deal file (TOML); it defaults to ./milestones.toml.\n"
             "With no command, tracker opens FILE in the terminal app.")


def version() -> str:
    """`tracker 0.1.0`: the one version, written in `tracker/__init__.py`."""
    from tracker import __version__

    return f"tracker {__version__}"


class VersionAction(argparse.Action):
    """`--version`: the version looked up when asked for, not on every start."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show the version and exit") -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(version())  # to stdout, as argparse's own version action does
        parser.exit()


def command_list(helps: Iterable[tuple[str, str]]) -> str:
    """The top-level help's epilog: every command with its line, then what FILE is."""
    pairs = list(helps)
    width = max(len(name) for name, _ in pairs) + 2
    lines = [f"  {name:<{width}}{text}" for name, text in pairs]
    return ("commands:\n" + "\n".join(lines) + "\n\n" + FILE_HELP +
            "\nEach command has its own help: tracker COMMAND --help")



def mistyped(first: str, commands: Iterable[str]) -> str | None:
    """The message for a first argument that is a misspelt command, or None.

    `tracker FILE` opens the app, so a word only counts as a command when it is not a
    path that exists, does not look like a file name (no `.` or `/`), and is close to
    a command's name.
    """
    if first.startswith("-") or "." in first or "/" in first or Path(first).exists():
        return None
    close = difflib.get_close_matches(first, list(commands), n=1, cutoff=0.6)
    if not close:
        return None
    return f"tracker: unknown command {printable(first)!r}; did you mean {close[0]!r}?"


def check_status(deal: DealFile, milestone: str, status: str | None, file: str) -> None:
    """Refuse a `--status` that is no status at all, listing only those the milestone's kind
    takes (the model's own message lists every status of every kind). A real status that
    the kind does not take is refused, in the same words, by the write's cross-checks."""
    from tracker.terms import KIND_STATUSES, Reported

    kinds = {m.id: m.kind for m in deal.milestones}
    if status is None or status in Reported._value2member_map_ or milestone not in kinds:
        return  # an unknown milestone is reported, with its hint, by the write's own checks
    kind = kinds[milestone]
    quoted = [repr(s.value) for s in sorted(KIND_STATUSES[kind], key=lambda s: s.value)]
    named = " or ".join(filter(None, (", ".join(quoted[:-1]), quoted[-1]))) if quoted else "none"
    raise TrackerError([Problem(file, None, None, "status", f"expected a status a {kind.value} "
                        f"takes: {named}; found {status!r}; nothing was written")])


def check_future(day: date, today: date, future: bool, file: str) -> None:
    """A record dated after today is most often a mistyped year: ask for `--future`."""
    if day > today and not future:
        raise TrackerError([Problem(file, None, None, "date", f"{day.isoformat()} is after "
                            f"today ({today.isoformat()}); if that is meant, add --future; "
                            f"nothing was written")])


WIDEST = 1000
"""The most columns `report --width` takes: wider is a mistyped number, not a terminal."""


def columns(text: str) -> int:
    """`--width N`: a whole number of columns the text report can be laid out in."""
    from tracker.report import NARROWEST

    try:
        width = int(text)
    except ValueError:
        width = 0
    if not NARROWEST <= width <= WIDEST:
        raise argparse.ArgumentTypeError(f"expected a number of columns from {NARROWEST} to {WIDEST}, "
                                         f"found {text!r}")
    return width


def report_width(asked: int | None, out: TextIO) -> tuple[int, bool]:
    """The text report's width, and whether nothing may be cut: `--width` if given, else
    the terminal's width on a terminal (lines cut to fit it, as a terminal would wrap them
    out of their columns), else 80 with nothing cut, for a file or a pipe keeps every word."""
    from tracker.report import WIDTH

    try:
        terminal = out.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        terminal = False
    if not terminal:
        return asked or WIDTH, True
    if asked:
        return asked, False
    # COLUMNS, when set, says what the user wants, as for every other program (shutil's rule).
    said = os.environ.get("COLUMNS", "")
    if said.isdigit() and int(said) > 0:
        return int(said), False
    try:
        return os.get_terminal_size(out.fileno()).columns or WIDTH, False
    except (AttributeError, OSError, ValueError):
        return WIDTH, False
