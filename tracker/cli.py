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
from typing import TYPE_CHECKING, Any, NoReturn

from tracker import usage
from tracker.completion import SHELLS, Spec
from tracker.errors import TrackerError
from tracker.safe import printable

if TYPE_CHECKING:
    from tracker.evaluate import Evaluation
    from tracker.load import Loaded
    from tracker.model import DealFile
    from tracker.settings import Settings

DEFAULT_FILE = "milestones.toml"
COMMANDS = ("check", "report", "record", "init", "git-setup", "merge-driver", "completion", "serve")
FORMATS = ("text", "markdown", "json", "csv", "ics")
BOUNDS = ("exact", "at_least", "at_most", "about")
"""`record --bound`: the model's Bound values (a test keeps the two the same)."""


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


class _SubParser(_Parser):
    """A command's parser: an unknown option is reported with the command's own usage line
    (argparse leaves extras to the top-level parser, which printed `tracker [-h] {...}`)."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def _parser(today: date | None = None, settings: Settings | None = None) -> argparse.ArgumentParser:
    deal_file = _default_file(settings)
    parser = _Parser(prog="tracker", description="Follow how a deal is carried out.")
    parser.add_argument("--version", action="version", version=usage.version())
    parser.set_defaults(settings=settings)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_SubParser)
    check = sub.add_parser("check", help="validate a deal file (exit 1 if it has errors)")
    check.add_argument("file", nargs="*", type=Path, help="deal files or folders of them")
    check.set_defaults(default_file=deal_file)
    report = sub.add_parser("report", help="where every milestone stands on a date")
    report.add_argument("file", nargs="*", type=Path, help="deal files or folders of them")
    report.set_defaults(default_file=deal_file)
    report.add_argument("--as-of", type=_day, help="the date to evaluate (default: today)")
    report.add_argument("--format", choices=FORMATS, default="text")
    report.add_argument("--width", type=usage.columns, metavar="N",
                        help="columns of the text report (default: the terminal's; 80 to a file or pipe, "
                             "where nothing is cut)")
    record = sub.add_parser("record", help="append a dated update to a milestone")
    record.add_argument("file", nargs="?", default=deal_file, type=Path)
    record.add_argument("milestone", help="the milestone's id")
    record.add_argument("--date", type=_day, required=True, help="the day it happened")
    what = record.add_mutually_exclusive_group(required=True)
    what.add_argument("--total", type=int, help="the running total so far")
    what.add_argument("--add", type=int, help="how many more were delivered")
    what.add_argument("--status", help="a new status (offered, rejected, started, done, ...)")
    what.add_argument("--due", help="a revised due date: YYYY-MM-DD, YYYY-MM or YYYY")
    what.add_argument("--target", type=int, help="a restated target (the old one stays in the history)")
    record.add_argument("--bound", choices=BOUNDS, metavar="B",
                        help="how --total or --add was reported: exact (default), at_least, at_most, about")
    record.add_argument("--source", help="the id of the source that reports it")
    record.add_argument("--note", default="", help="what happened, in words")
    record.add_argument("--future", action="store_true", help="allow a date after today")
    record.set_defaults(today=today)
    _team_parsers(sub)
    from tracker.portfolio_cli import add_arguments

    add_arguments(check, report, _day)
    _extra_parsers(sub, deal_file)
    return parser


def _team_parsers(sub: argparse._SubParsersAction[_SubParser]) -> None:
    init = sub.add_parser("init", help="write a new deal file with an example of every section")
    init.add_argument("file", nargs="?", default=DEFAULT_FILE, type=Path)
    setup = sub.add_parser("git-setup", help="make git merge deal files with tracker merge-driver")
    setup.add_argument("pattern", nargs="?", default="*.toml",
                       help="which files are deal files, as in .gitattributes (default: *.toml)")
    from tracker.gitmerge import arguments

    arguments(sub.add_parser("merge-driver", help="git's merge driver for deal files (%%O %%A %%B %%P)"))


def _extra_parsers(sub: argparse._SubParsersAction[_SubParser], deal_file: Path) -> None:
    serve = sub.add_parser("serve", help="the app in a web browser (on localhost; no login)")
    serve.add_argument("file", nargs="?", default=deal_file, type=Path, metavar="FILE")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument("--as-of", type=_day, help="open the app on this date (default: today)")
    complete = sub.add_parser("completion", help="print a shell completion script (bash, zsh, fish)")
    complete.add_argument("shell", nargs="?", choices=SHELLS)
    complete.add_argument("--ids", type=Path, metavar="FILE", help=argparse.SUPPRESS)


def _helps() -> list[tuple[str, str]]:
    """Each command and its line of help, as the command parser defines them."""
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [(action.dest, (action.help or "").replace("%%", "%")) for action in sub._choices_actions]


def _default_file(settings: Settings | None) -> Path:
    """FILE when none is given: the settings' `default`, or ./milestones.toml."""
    return settings.default if settings and settings.default else Path(DEFAULT_FILE)


def _settings() -> Settings:
    """The user's settings; a file that cannot be used is said once, and the defaults used."""
    from tracker.settings import load_settings

    settings = load_settings()
    if settings.problem:
        print(f"tracker: warning: {settings.problem}", file=sys.stderr)
    return settings


def _app_parser(settings: Settings | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="tracker", description="Follow how a deal is carried out: with no "
                     "command, open FILE in the terminal app.", epilog=usage.command_list(_helps()),
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=usage.version())
    parser.set_defaults(settings=settings)
    deal_file = _default_file(settings)
    parser.set_defaults(default_file=deal_file)
    parser.add_argument("file", nargs="*", type=Path, metavar="FILE",
                        help=f"the deal file to open (default: {printable(str(deal_file)).replace('%', '%%')}), "
                             "or several, or a folder of them, for the portfolio")
    parser.add_argument("--as-of", type=_day, help="open the app on this date (default: today)")
    parser.add_argument("--no-mouse", action="store_true", help="leave the mouse to the terminal")
    parser.add_argument("--no-cache", action="store_true",
                        help="read every file afresh, bypassing the cache of valid files")
    return parser


def main(argv: list[str] | None = None, *, today: date | None = None) -> int:
    """Run the command line; `today` is the day `record` compares dates with (tests set it)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["merge-driver"]:  # git starts it for every merged deal file: start light
        from tracker.gitmerge import main as driver

        return driver(argv[1:])
    settings = _settings()
    try:
        if argv and argv[0] in COMMANDS:
            return _command(_parser(today, settings).parse_args(argv))
        if argv and (typo := usage.mistyped(argv[0], COMMANDS)):
            print(typo, file=sys.stderr)
            return 2
        return _open_app(_app_parser(settings).parse_args(argv))
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
    if args.command == "completion":
        return _completion(args)
    if args.command == "serve":
        return _serve(args)

    # A one-shot command frees everything at exit; the cycle collector's scans only cost time.
    gc.disable()

    if args.command in ("check", "report"):
        from tracker.portfolio_cli import run, single

        args.file = args.file or [args.default_file]
        if not single(args):
            return run(args)
        args.file = args.file[0]
    loaded = load(args.file) if args.command == "record" or args.no_cache else _cached(args.file)
    if args.command == "report":  # the settings' at-risk window, where the file sets none
        from tracker.load import windowed

        loaded = windowed(loaded, args.settings.at_risk_days if args.settings else None)
    if args.command == "check":
        deal = loaded.deal
        print(f"{printable(str(args.file))}: ok: {_counts(deal)}")
        return 0
    if args.command == "report":
        from tracker.evaluate import evaluate
        from tracker.report import render

        evaluation = evaluate(loaded.deal, args.as_of or date.today())
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        # A terminal or pipe that cannot encode a character gets "?" rather than a traceback.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
        if args.format in ("csv", "ics"):
            return _export(evaluation, args.format)
        if args.format == "json":  # with who recorded each update, when the file is in git
            from tracker.blame import recorded_all
            from tracker.report_json import render_json

            sys.stdout.write(render_json(evaluation, recorded_all(loaded), loaded.window_from))
        else:
            width, whole = usage.report_width(args.width, sys.stdout)
            sys.stdout.write(render(evaluation, args.format, color=color, width=width, whole=whole,
                                    window_from=loaded.window_from))
        from tracker.portfolio_cli import failing

        return failing([evaluation], args.fail_on)
    from tracker.write import record_from_args

    _check_record(loaded, args)
    print(record_from_args(loaded, args))
    return 0


def _cached(path: Path) -> Loaded:
    """`path` loaded through the cache of valid files (a broken file raises as `load` does)."""
    from tracker.cache import Cache, cached_load

    return cached_load(path, Cache())


def _export(evaluation: Evaluation, fmt: str) -> int:
    """`report --format csv|ics`: a spreadsheet's rows, or a calendar of the milestones' dates."""
    if fmt == "csv":
        from tracker.csvout import render_csv

        # csv writes \r\n itself: through a text stream that would become \r\r\n on Windows.
        sys.stdout.buffer.write(render_csv(evaluation).encode("utf-8"))
    else:
        from tracker.ics import render_ics

        sys.stdout.buffer.write(render_ics(evaluation).encode("utf-8"))
    sys.stdout.flush()
    return 0


def _counts(deal: DealFile) -> str:
    """`3 milestones, 1 update, 2 parties, 0 sources`."""
    return ", ".join(usage.plural(len(items), noun) for items, noun in (
        (deal.milestones, "milestone"), (deal.updates, "update"),
        (deal.parties, "party"), (deal.sources, "source")))


def _check_record(loaded: Loaded, args: argparse.Namespace) -> None:
    """What `record` refuses before it writes: a status the kind never takes, a future date."""
    name = printable(str(args.file))
    usage.check_status(loaded.deal, args.milestone, args.status, name)
    usage.check_future(args.date, args.today or date.today(), args.future, name)


def _completion(args: argparse.Namespace) -> int:
    from tracker import completion

    if args.ids is not None:
        print("\n".join(completion.ids(args.ids)))
        return 0
    if args.shell is None:
        print("tracker completion: name a shell: bash, zsh or fish", file=sys.stderr)
        return 2
    sys.stdout.write(completion.script(args.shell, _spec()))
    return 0


def _serve(args: argparse.Namespace) -> int:
    """Check the file here, where its errors can be read, then serve it."""
    from tracker.load import load
    from tracker.serve import serve

    load(args.file)
    return serve(args.file, args.host, args.port, args.as_of)


def _spec() -> Spec:
    """What completion needs to know, read off the parsers."""
    from tracker.model import Reported

    def options(parser: argparse.ArgumentParser) -> list[str]:
        return [o for a in parser._actions if a.help != argparse.SUPPRESS
                for o in a.option_strings if o.startswith("--")]

    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return Spec(commands=dict(_helps()),
                options={"": options(_app_parser()),
                         **{n: options(p) for n, p in sub.choices.items()}},
                values={"--format": list(FORMATS), "--status": [s.value for s in Reported],
                        "--bound": list(BOUNDS),
                        "completion": list(SHELLS)})


def _team_command(args: argparse.Namespace) -> int:
    try:
        return _team_dispatch(args)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 2


def _team_dispatch(args: argparse.Namespace) -> int:
    if args.command == "git-setup":
        from tracker.gitsetup import setup

        print(setup(Path.cwd(), args.pattern, sys.executable))
        return 0
    from tracker.init import init

    print(init(args.file))
    return 0


def _no_terminal() -> str | None:
    """Why the app cannot run here, or None."""
    from tracker.serve import served

    if served(os.environ):
        return None  # `tracker serve` runs the app with pipes and Textual's web driver
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return ("tracker: the app needs a terminal; for a pipe or a script use "
                "`tracker report` (see `tracker report --help`)")
    if os.environ.get("TERM") == "dumb":
        # A dumb terminal would print the app's escape codes as garbage.
        return "tracker: TERM=dumb cannot show the app; use `tracker report` (see `tracker report --help`)"
    return None


def _open_app(args: argparse.Namespace) -> int:
    refusal = _no_terminal()
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    from tracker.portfolio_cli import open_many

    many = open_many(args.file, args.default_file, no_cache=args.no_cache)
    if isinstance(many, int):
        return many
    loaded, entries = many
    if entries is None and args.settings is not None:  # one deal: the settings' at-risk window
        from tracker.load import windowed

        loaded = windowed(loaded, args.settings.at_risk_days)
    # The deals live as long as the app: rescanning their objects on every collection cost
    # a third of a large load, so they are set aside from the collector once, here.
    gc.freeze()
    from tracker.ui.app import TrackerApp

    app = TrackerApp(loaded, as_of=args.as_of, portfolio=entries, settings=args.settings)
    app.run(mouse=not args.no_mouse)
    return app.return_code or 0
