"""`tracker serve`: the same app in a web browser, through textual-serve.

textual-serve runs a command per browser tab, with pipes instead of a terminal and
`TEXTUAL_DRIVER` naming Textual's web driver; `served()` is how the app's own tty check
knows it is such a command and lets it run. textual-serve has no login: anyone who can
reach the port can read the deal and record updates, hence localhost by default and a
warning for any other host.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What textual-serve sets TEXTUAL_DRIVER to for the command it runs."""

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def served(environ: Mapping[str, str]) -> bool:
    """Whether this process is the app textual-serve started for a browser."""
    return environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def warning(host: str) -> str | None:
    """What to say before listening on `host`: nothing for loopback."""
    if host in LOOPBACK or _loopback(host):
        return None
    return (f"tracker serve: warning: listening on {host}: there is no login, so anyone who can "
            "reach this port can read the deal and record updates")


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: only `localhost` is known to stay on this machine
        return False


def command(file: Path, as_of: date | None) -> str:
    """The shell command textual-serve runs for each browser: this Python, this tracker."""
    words = [sys.executable, "-m", "tracker", str(file.resolve())]
    if as_of is not None:
        words += ["--as-of", as_of.isoformat()]
    return shlex.join(words)


def serve(file: Path, host: str, port: int, as_of: date | None) -> int:
    """Serve until SIGINT or SIGTERM; 2 if textual-serve is not installed."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print("tracker serve: needs textual-serve: pip install 'tracker[serve]'", file=sys.stderr)
        return 2
    said = warning(host)
    if said:
        print(said, file=sys.stderr)
    os.environ.pop("TEXTUAL_DRIVER", None)  # the server itself is no served app
    Server(command(file, as_of), host=host, port=port, title=f"tracker: {file.name}").serve()
    return 0
