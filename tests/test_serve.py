"""`tracker serve`: the app in a browser through textual-serve, on loopback only here."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tracker.serve import warning

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _page(port: int, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                return str(answer.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def _screen(port: int, wanted: str, seconds: float = 30.0) -> str:
    """What the served app sends to a browser, escapes removed, until `wanted` is in it."""
    seen = ""
    url = f"ws://127.0.0.1:{port}/ws?width=120&height=40"
    async with aiohttp.ClientSession() as session, session.ws_connect(
            url, timeout=aiohttp.ClientWSTimeout(ws_close=2)) as ws:
        deadline = time.monotonic() + seconds
        while wanted not in seen and time.monotonic() < deadline:
            try:
                message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += ANSI.sub("", message.data.decode("utf-8", "ignore"))
            elif message.type == aiohttp.WSMsgType.TEXT:
                seen += ANSI.sub("", message.data)
            else:
                break
    return seen


def test_serve_answers_on_loopback_shows_the_deal_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    deal = tmp_path / "milestones.toml"
    deal.write_bytes((ROOT / "milestones.toml").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TEXTUAL_DRIVER", None)
    log = tmp_path / "server.log"  # a file, not a pipe nobody reads that could fill and block it
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "tracker", "serve", str(deal), "--port",
                                   str(port), "--as-of", "2020-04-29"], cwd=tmp_path, env=env,
                                  stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        page = _page(port)
        assert "<html" in page.lower() and "/ws" in page
        screen = asyncio.run(asyncio.wait_for(_screen(port, "Taliban"), 45))
        assert "Taliban" in screen, screen[-2000:]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    said = log.read_text(encoding="utf-8", errors="replace")
    assert server.returncode == 0, said
    assert "Traceback" not in said and "warning" not in said  # loopback: nothing to warn about


def test_a_host_beyond_loopback_is_warned_about() -> None:
    assert warning("127.0.0.1") is None and warning("localhost") is None and warning("::1") is None
    assert warning("127.0.0.2") is None
    for host in ("0.0.0.0", "192.168.1.5", "deals.example.org"):
        said = warning(host)
        assert said is not None and "no login" in said and host in said


def test_the_app_still_refuses_a_pipe_outside_serve(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    done = subprocess.run([sys.executable, "-m", "tracker", str(ROOT / "milestones.toml")],
                          capture_output=True, text=True, env=env, timeout=60, cwd=ROOT, check=False)
    assert done.returncode == 2 and "needs a terminal" in done.stderr
