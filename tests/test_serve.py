"""`tracker serve`: the app in a browser through textual-serve, on loopback only here, read
over its websocket and in a real headless Chromium."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.serve import warning

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")

from tests.browser import Browser, Terminal, chromium, png_pixels  # noqa: E402  (needs aiohttp)

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


@contextlib.contextmanager
def _serving(tmp_path: Path, deal_text: bytes | None = None, as_of: str = "2020-04-29") -> Iterator[int]:
    """`tracker serve` of a copy of the shipped deal (or of `deal_text`) on a free loopback
    port, stopped by SIGTERM on the way out, which it must obey with exit 0, no traceback and
    no warning."""
    port = _free_port()
    deal = tmp_path / "milestones.toml"
    deal.write_bytes(deal_text or (ROOT / "milestones.toml").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TEXTUAL_DRIVER", None)
    log = tmp_path / "server.log"  # a file, not a pipe nobody reads that could fill and block it
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "tracker", "serve", str(deal), "--port",
                                   str(port), "--as-of", as_of], cwd=tmp_path, env=env,
                                  stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        _page(port)
        yield port
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


def test_serve_answers_on_loopback_shows_the_deal_and_stops_on_sigterm(tmp_path: Path) -> None:
    with _serving(tmp_path) as port:
        page = _page(port)
        assert "<html" in page.lower() and "/ws" in page
        screen = asyncio.run(asyncio.wait_for(_screen(port, "Taliban"), 45))
        assert "Taliban" in screen, screen[-2000:]


@pytest.mark.parametrize(("settings", "status"), [("", "at risk"), ("at_risk_days = 10\n", "behind")])
def test_the_served_app_takes_the_at_risk_window_from_the_settings(
        settings: str, status: str, config_dir: Path, tmp_path: Path) -> None:
    from tests.test_settings import WINDOW_DEAL

    if settings:
        (config_dir / "tracker").mkdir(parents=True)
        (config_dir / "tracker" / "settings.toml").write_text(settings, encoding="utf-8")
    deal = WINDOW_DEAL.format(window="").encode()
    with _serving(tmp_path, deal, as_of="2024-01-05") as port:
        screen = asyncio.run(asyncio.wait_for(_screen(port, "Free 100 prisoners"), 45))
    row = next(line for line in screen.splitlines() if "Free 100 prisoners" in line)
    assert status in row, screen[-2000:]


TITLE = "US-Taliban peace agreement (February 2020)"
MILESTONE = "First 1,500 Taliban prisoners freed, 100 a day from 14 March"


def test_a_real_browser_shows_the_deal(tmp_path: Path) -> None:
    """Headless Chromium opens the served page: the terminal it draws holds the deal's title
    and a milestone, as text and as ink on the screenshot, where the text says they are."""
    binary = chromium()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("no chromium (apt-get install chromium); with CI=true this is a failure")
    shot = tmp_path / "serve-screenshot.png"
    profile = tmp_path / "chromium-profile"  # a fresh profile: nothing from an earlier run
    profile.mkdir()
    # The server is stopped while the page is still open, as a user stops it with tabs open.
    with Browser(binary, profile, tmp_path / "chromium.log") as browser, _serving(tmp_path) as port:
        shown, dom = asyncio.run(asyncio.wait_for(_look(browser, port, shot), 60))
    print(f"screenshot: {shot}")
    if os.environ.get("TRACKER_SCREENSHOT"):  # a copy for a person to look at (CI's artefact)
        shutil.copyfile(shot, os.environ["TRACKER_SCREENSHOT"])
    assert "tracker: milestones.toml" in dom  # the page textual-serve titles with the file
    assert shown is not None, "the page never drew a terminal"
    assert TITLE in shown.text and MILESTONE in shown.text and "29 Apr 2020" in shown.text, shown.text
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) >= (shown.cell(0, shown.cols - 1)[2], shown.cell(shown.rows - 1, 0)[3])
    for wanted in (TITLE, MILESTONE):
        row = next(n for n, line in enumerate(shown.lines) if wanted in line)
        _assert_drawn(shown, pixels, row, shown.lines[row].index(wanted), wanted)


async def _look(browser: Browser, port: int, shot: Path) -> tuple[Terminal | None, str]:
    """Open the served page, wait for the deal to be drawn, screenshot it."""
    try:
        await browser.open()
        await browser.go(f"http://127.0.0.1:{port}/")
        await browser.wait_for([TITLE, MILESTONE], 30)
        shown = await browser.settled(10)
        await browser.screenshot(shot)
        return shown, await browser.dom_text()
    finally:
        await browser.disconnect()


def _assert_drawn(shown: Terminal, pixels: list[bytes], row: int, col: int, text: str) -> None:
    """Each letter of `text` at (row, col) is ink on the screenshot and each space is not:
    the picture shows the text where the terminal holds it, not a blank or another page."""
    assert all(unicodedata.east_asian_width(c) not in "WF" for c in shown.lines[row][:col])
    letters = [_inked(pixels, shown.cell(row, col + n)) for n, c in enumerate(text) if c != " "]
    spaces = [_inked(pixels, shown.cell(row, col + n)) for n, c in enumerate(text) if c == " "]
    assert sum(letters) >= 0.9 * len(letters), f"{text!r}: {sum(letters)} of {len(letters)} letters drawn"
    assert sum(spaces) <= 0.1 * len(spaces), f"{text!r}: {sum(spaces)} of {len(spaces)} spaces inked"


def _inked(pixels: list[bytes], box: tuple[int, int, int, int]) -> bool:
    """Whether a cell holds more than its background: two colours inside its edges."""
    left, top, right, bottom = box
    colours = {pixels[y][x * 3:x * 3 + 3] for y in range(top + 1, bottom - 1)
               for x in range(left + 1, right - 1)}
    return len(colours) > 1


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
