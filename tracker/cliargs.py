"""The command line's parsers: every command, its options and its help, and what shell
completion reads off them. `tracker.cli` runs what they parse.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from tracker import usage
from tracker.completion import SHELLS, Spec
from tracker.safe import printable

if TYPE_CHECKING:
    from tracker.settings import Settings

DEFAULT_FILE = "milestones.toml"
COMMANDS = ("check", "report", "record", "init", "git-setup", "merge-driver", "completion", "serve")
FORMATS = ("text", "markdown", "json", "csv", "ics")
BOUNDS = ("exact", "at_least", "at_most", "about")
"""`record --bound`: the model's Bound values (a test keeps the two the same)."""


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def figure(text: str) -> int | float:
    """`--total`, `--add`, `--target`: a figure as the app's form reads it (2.5, 1,500)."""
    from tracker.terms import typed_figure  # pydantic, only when a figure is given

    try:
        return typed_figure(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Parser(argparse.ArgumentParser):
    """argparse, with what it echoes back of the command line shown escaped: an argument
    can hold OSC 52 or BEL, and "unrecognized arguments: ..." printed it raw."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


class SubParser(Parser):
    """A command's parser: an unknown option is reported with the command's own usage line
    (argparse leaves extras to the top-level parser, which printed `tracker [-h] {...}`)."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def parser(today: date | None = None, settings: Settings | None = None) -> argparse.ArgumentParser:
    deal_file = default_file(settings)
    parser = Parser(prog="tracker", description="Follow how a deal is carried out.")
    parser.add_argument("--version", action=usage.VersionAction)
    parser.set_defaults(settings=settings)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=SubParser)
    check = sub.add_parser("check", help="validate a deal file (exit 1 if it has errors)")
    check.add_argument("file", nargs="*", type=Path, help="deal files or folders of them")
    check.set_defaults(default_file=deal_file)
    report = sub.add_parser("report", help="where every milestone stands on a date")
    report.add_argument("file", nargs="*", type=Path, help="deal files or folders of them")
    report.set_defaults(default_file=deal_file)
    report.add_argument("--as-of", type=day, help="the date to evaluate (default: today)")
    report.add_argument("--format", choices=FORMATS, default="text")
    report.add_argument("--width", type=usage.columns, metavar="N",
                        help="columns of the text report (default: the terminal's; 80 to a file or pipe, "
                             "where nothing is cut)")
    record = sub.add_parser("record", help="append a dated update to a milestone")
    record.add_argument("file", nargs="?", default=deal_file, type=Path)
    record.add_argument("milestone", help="the milestone's id")
    record.add_argument("--date", type=day, required=True, help="the day it happened")
    what = record.add_mutually_exclusive_group(required=True)
    what.add_argument("--total", type=figure, metavar="N", help="the running total so far: 12, 1,500 or 2.5")
    what.add_argument("--add", type=figure, metavar="N", help="how many more were delivered: 12, 1,500 or 2.5")
    what.add_argument("--status", help="a new status (offered, rejected, started, done, ...)")
    what.add_argument("--due", help="a revised due date: YYYY-MM-DD, YYYY-MM or YYYY")
    what.add_argument("--target", type=figure, metavar="N", help="a restated target (the old one stays in the history)")
    record.add_argument("--bound", choices=BOUNDS, metavar="B",
                        help="how --total or --add was reported: exact (default), at_least, at_most, about")
    record.add_argument("--source", help="the id of the source that reports it")
    record.add_argument("--note", default="", help="what happened, in words")
    record.add_argument("--future", action="store_true", help="allow a date after today")
    record.set_defaults(today=today)
    _team_parsers(sub)
    from tracker.portfolio_cli import add_arguments

    add_arguments(check, report, day)
    _extra_parsers(sub, deal_file)
    return parser


def _team_parsers(sub: argparse._SubParsersAction[SubParser]) -> None:
    init = sub.add_parser("init", help="write a new deal file with an example of every section")
    init.add_argument("file", nargs="?", default=DEFAULT_FILE, type=Path)
    setup = sub.add_parser("git-setup", help="make git merge deal files with tracker merge-driver")
    setup.add_argument("pattern", nargs="?", default="*.toml",
                       help="which files are deal files, as in .gitattributes (default: *.toml)")
    from tracker.gitmerge import arguments

    arguments(sub.add_parser("merge-driver", help="git's merge driver for deal files (%%O %%A %%B %%P)"))


def _extra_parsers(sub: argparse._SubParsersAction[SubParser], deal_file: Path) -> None:
    serve = sub.add_parser("serve", help="the app in a web browser (on localhost; no login)")
    serve.add_argument("file", nargs="?", default=deal_file, type=Path, metavar="FILE")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument("--as-of", type=day, help="open the app on this date (default: today)")
    complete = sub.add_parser("completion", help="print a shell completion script (bash, zsh, fish)")
    complete.add_argument("shell", nargs="?", choices=SHELLS)
    complete.add_argument("--ids", type=Path, metavar="FILE", help=argparse.SUPPRESS)


def helps() -> list[tuple[str, str]]:
    """Each command and its line of help, as the command parser defines them."""
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [(action.dest, (action.help or "").replace("%%", "%")) for action in sub._choices_actions]


def default_file(settings: Settings | None) -> Path:
    """FILE when none is given: the settings' `default`, or ./milestones.toml."""
    return settings.default if settings and settings.default else Path(DEFAULT_FILE)


class AppParser(Parser):
    """The app's own parser: its help ends with the list of commands, made only when the
    help is shown (every command's parser was built, and git's merge code imported, on
    every start of the app)."""

    def format_help(self) -> str:
        self.epilog = usage.command_list(helps())
        return super().format_help()


def app_parser(settings: Settings | None = None) -> argparse.ArgumentParser:
    parser = AppParser(prog="tracker", description="Follow how a deal is carried out: with no "
                       "command, open FILE in the terminal app.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=usage.VersionAction)
    parser.set_defaults(settings=settings)
    deal_file = default_file(settings)
    parser.set_defaults(default_file=deal_file)
    parser.add_argument("file", nargs="*", type=Path, metavar="FILE",
                        help=f"the deal file to open (default: {printable(str(deal_file)).replace('%', '%%')}), "
                             "or several, or a folder of them, for the portfolio")
    parser.add_argument("--as-of", type=day, help="open the app on this date (default: today)")
    parser.add_argument("--no-mouse", action="store_true", help="leave the mouse to the terminal")
    parser.add_argument("--no-cache", action="store_true",
                        help="read every file afresh, bypassing the cache of valid files")
    return parser


def spec() -> Spec:
    """What completion needs to know, read off the parsers."""
    from tracker.terms import Reported

    def options(parser: argparse.ArgumentParser) -> list[str]:
        return [o for a in parser._actions if a.help != argparse.SUPPRESS
                for o in a.option_strings if o.startswith("--")]

    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return Spec(commands=dict(helps()),
                options={"": options(app_parser()),
                         **{n: options(p) for n, p in sub.choices.items()}},
                values={"--format": list(FORMATS), "--status": [s.value for s in Reported],
                        "--bound": list(BOUNDS),
                        "completion": list(SHELLS)})
