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
from typing import TYPE_CHECKING

from tracker import cliargs, usage
from tracker.errors import TrackerError
from tracker.safe import printable

if TYPE_CHECKING:
    from tracker.evaluate import Evaluation
    from tracker.load import Loaded
    from tracker.settings import Settings


def _settings() -> Settings:
    """The user's settings; a file that cannot be used is said once, and the defaults used."""
    from tracker.settings import load_settings

    settings = load_settings()
    if settings.problem:
        print(f"tracker: warning: {settings.problem}", file=sys.stderr)
    return settings


def main(argv: list[str] | None = None, *, today: date | None = None) -> int:
    """Run the command line; `today` is the day `record` compares dates with (tests set it)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["merge-driver"]:  # git starts it for every merged deal file: start light
        from tracker.gitmerge import main as driver

        return driver(argv[1:])
    settings = _settings()
    try:
        if argv and argv[0] in cliargs.COMMANDS:
            return _command(cliargs.parser(today, settings).parse_args(argv))
        if argv and (typo := usage.mistyped(argv[0], cliargs.COMMANDS)):
            print(typo, file=sys.stderr)
            return 2
        return _open_app(cliargs.app_parser(settings).parse_args(argv))
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
        from tracker.words import contents

        print(f"{printable(str(args.file))}: ok: {contents(loaded.deal)}")
        return 0
    if args.command == "report":
        return _report(loaded, args)
    from tracker.write import record_from_args

    _check_record(loaded, args)
    print(record_from_args(loaded, args))
    return 0


def _report(loaded: Loaded, args: argparse.Namespace) -> int:
    """`report FILE` in the format asked for; exit 3 when `--fail-on` finds a status."""
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
    sys.stdout.write(completion.script(args.shell, cliargs.spec()))
    return 0


def _serve(args: argparse.Namespace) -> int:
    """Check the file here, where its errors can be read, then serve it."""
    from tracker.load import load
    from tracker.serve import serve

    load(args.file)
    return serve(args.file, args.host, args.port, args.as_of)


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

    window = args.settings.at_risk_days if args.settings else None  # for each file that sets none
    many = open_many(args.file, args.default_file, no_cache=args.no_cache, window=window)
    if isinstance(many, int):
        return many
    loaded, entries = many
    # The deals live as long as the app: rescanning their objects on every collection cost
    # a third of a large load, so they are set aside from the collector once, here.
    gc.freeze()
    from tracker.ui.app import TrackerApp

    app = TrackerApp(loaded, as_of=args.as_of, portfolio=entries, settings=args.settings)
    app.run(mouse=not args.no_mouse)
    return app.return_code or 0
