"""`tracker serve`: the same app in a web browser, through textual-serve.

textual-serve runs a command per browser tab, with pipes instead of a terminal and
`TEXTUAL_DRIVER` naming Textual's web driver; `served()` is how the app's own tty check
knows it is such a command and lets it run. textual-serve has no login: anyone who can
reach the port can read the deal and record updates, hence localhost by default and a
warning for any other host.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shlex
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

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
        server = _server_class()
    except ImportError:
        print("tracker serve: needs textual-serve: pip install 'tracker[serve]'", file=sys.stderr)
        return 2
    said = warning(host)
    if said:
        print(said, file=sys.stderr)
    os.environ.pop("TEXTUAL_DRIVER", None)  # the server itself is no served app
    server(command(file, as_of), host=host, port=port, title=f"tracker: {file.name}").serve()
    return 0


def _server_class() -> Any:
    """textual-serve's Server, made to stop at once with browser tabs still open.

    On SIGINT or SIGTERM aiohttp waits up to a minute for every request to finish, and a
    tab's websocket never does: the server hung, then its loop closed under the apps it had
    started ("Event loop is closed" tracebacks). Each websocket is closed first, as when its tab
    is closed, and each tab's app told to quit and waited for.
    """
    from aiohttp import WSCloseCode, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class _Server(Server):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.tabs: dict[web.WebSocketResponse, AppService] = {}

        async def _process_messages(self, websocket: web.WebSocketResponse,
                                    app_service: AppService) -> None:
            self.tabs[websocket] = app_service
            try:
                await super()._process_messages(websocket, app_service)
            finally:
                self.tabs.pop(websocket, None)

        async def on_shutdown(self, app: web.Application) -> None:
            tabs = list(self.tabs.items())
            await asyncio.gather(*(socket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")
                                   for socket, _ in tabs))
            await asyncio.gather(*(_ended(service) for _, service in tabs))

    return _Server


async def _ended(service: Any) -> None:
    """Ask a tab's app to quit and wait until its process has exited, killing it after 10 s:
    reaped before the loop closes, so nothing is said about a process the loop lost."""
    await service.stop()
    process = service._process  # textual-serve keeps it private; pinned below 2 in pyproject
    if process is None:
        return
    try:
        await asyncio.wait_for(process.wait(), 10)
    except TimeoutError:
        process.kill()
        await process.wait()
