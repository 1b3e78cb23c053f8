"""The command line: `check`, `report`, `record`, and the app when no command is given.

Exit codes: 0 fine, 1 the file has errors (or a write was refused), 2 usage or I/O,
3 `report --fail-on` found a milestone in one of the statuses it names.
Textual is imported only when the app is opened, so scripts stay fast.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from tracker.errors import TrackerError
from tracker.safe import printable

DEFAULT_FILE = "milestones.toml"
COMMANDS = ("check", "report", "record", "init", "git-setup", "merge-driver")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


class _Parser(argparse.ArgumentParser):
    """argparse, with what it echoes back of the command line shown escaped: an argument
    can hold OSC 52 or BEL, and "unrecognized arguments: ..." printed it raw."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tracker", description="Follow how a deal is carried out.")
    sub = parser.add_subparsers(dest="command", metavar="{check,report,record,init,git-setup,merge-driver}")
    check = sub.add_parser("check", help="validate a deal file (exit 1 if it has errors)")
    check.add_argument("file", nargs="*", type=Path, help="deal files or folders of them")
    report = sub.add_parser("report", help="where every milestone stands on a date")
    report.add_argument("file", nargs="*", type=Path, help="deal files or folders of them")
    report.add_argument("--as-of", type=_day, help="the date to evaluate (default: today)")
    report.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    record = sub.add_parser("record", help="append a dated update to a milestone")
    record.add_argument("file", nargs="?", default=DEFAULT_FILE, type=Path)
    record.add_argument("milestone", help="the milestone's id")
    record.add_argument("--date", type=_day, required=True, help="the day it happened")
    what = record.add_mutually_exclusive_group(required=True)
    what.add_argument("--total", type=int, help="the running total so far")
    what.add_argument("--add", type=int, help="how many more were delivered")
    what.add_argument("--status", help="a new status (offered, rejected, started, done, ...)")
    what.add_argument("--due", help="a revised due date: YYYY-MM-DD, YYYY-MM or YYYY")
    record.add_argument("--source", help="the id of the source that reports it")
    record.add_argument("--note", default="", help="what happened, in words")
    _team_parsers(sub)
    from tracker.portfolio_cli import add_arguments

    add_arguments(check, report, _day)
    return parser


def _team_parsers(sub: argparse._SubParsersAction[_Parser]) -> None:
    init = sub.add_parser("init", help="write a new deal file with an example of every section")
    init.add_argument("file", nargs="?", default=DEFAULT_FILE, type=Path)
    setup = sub.add_parser("git-setup", help="make git merge deal files with tracker merge-driver")
    setup.add_argument("pattern", nargs="?", default="*.toml",
                       help="which files are deal files, as in .gitattributes (default: *.toml)")
    driver = sub.add_parser("merge-driver", help="git's merge driver for deal files (%%O %%A %%B %%P)")
    for name in ("base", "ours", "theirs"):
        driver.add_argument(name, type=Path)
    driver.add_argument("name", nargs="?", default="", help="the file's path in the repository")


def _app_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tracker", description="Open the deal in the terminal app.",
                                     epilog="Commands: tracker check|report|record --help")
    parser.add_argument("file", nargs="*", type=Path,
                        help="a deal file, or several or a folder of them for the portfolio")
    parser.add_argument("--as-of", type=_day, help="open the app on this date (default: today)")
    parser.add_argument("--no-mouse", action="store_true", help="leave the mouse to the terminal")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            return _command(_parser().parse_args(argv))
        return _open_app(_app_parser().parse_args(argv))
    except TrackerError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tracker report | head` closes the pipe early; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _command(args: argparse.Namespace) -> int:
    from tracker.load import load

    if args.command in ("init", "git-setup", "merge-driver"):
        return _team_command(args)

    # A one-shot command frees everything at exit; the cycle collector's scans only cost time.
    gc.disable()

    if args.command in ("check", "report"):
        from tracker.portfolio_cli import run, single

        args.file = args.file or [Path(DEFAULT_FILE)]
        if not single(args):
            return run(args)
        args.file = args.file[0]
    loaded = load(args.file)
    if args.command == "check":
        deal = loaded.deal
        print(f"{printable(str(args.file))}: ok: {len(deal.milestones)} milestones, {len(deal.updates)} updates, "
              f"{len(deal.parties)} parties, {len(deal.sources)} sources")
        return 0
    if args.command == "report":
        from tracker.report import render
        from tracker.rollup import evaluate

        evaluation = evaluate(loaded.deal, args.as_of or date.today())
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        # A terminal or pipe that cannot encode a character gets "?" rather than a traceback.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
        if args.format == "json":  # with who recorded each update, when the file is in git
            from tracker.blame import recorded_all
            from tracker.report_json import render_json

            sys.stdout.write(render_json(evaluation, recorded_all(loaded)))
        else:
            sys.stdout.write(render(evaluation, args.format, color=color))
        from tracker.portfolio_cli import failing

        return failing([evaluation], args.fail_on)
    from tracker.write import record_from_args

    print(record_from_args(loaded, args))
    return 0


def _team_command(args: argparse.Namespace) -> int:
    try:
        return _team_dispatch(args)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 2


def _team_dispatch(args: argparse.Namespace) -> int:
    if args.command == "merge-driver":
        from tracker.gitmerge import run_driver

        return run_driver(args.base, args.ours, args.theirs, args.name or str(args.ours))
    if args.command == "git-setup":
        from tracker.gitsetup import setup

        print(setup(Path.cwd(), args.pattern, sys.executable))
        return 0
    from tracker.init import init

    print(init(args.file))
    return 0


def _open_app(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("tracker: the app needs a terminal; for a pipe or a script use "
              "`tracker report` (see `tracker report --help`)", file=sys.stderr)
        return 2
    if os.environ.get("TERM") == "dumb":
        # A dumb terminal would print the app's escape codes as garbage.
        print("tracker: TERM=dumb cannot show the app; use `tracker report` "
              "(see `tracker report --help`)", file=sys.stderr)
        return 2
    from tracker.portfolio_cli import open_many

    many = open_many(args.file, Path(DEFAULT_FILE))
    if isinstance(many, int):
        return many
    loaded, entries = many
    # The deals live as long as the app: rescanning their objects on every collection cost
    # a third of a large load, so they are set aside from the collector once, here.
    gc.freeze()
    from tracker.ui.app import TrackerApp

    app = TrackerApp(loaded, as_of=args.as_of, portfolio=entries)
    app.run(mouse=not args.no_mouse)
    return app.return_code or 0
