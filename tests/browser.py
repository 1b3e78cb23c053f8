"""A real headless Chromium, driven over the DevTools protocol with aiohttp (which
textual-serve already brings): open a page, read what its terminal shows, take a screenshot.

textual-serve's page draws the terminal with xterm.js on a canvas (WebGL, else 2D), so the
text is in no DOM node. It is read from xterm.js's own buffer: the DevTools protocol can list
every live object of the page (`Runtime.queryObjects`), and the terminal is the one with a
`buffer.active.getLine`. The DOM rows (`.xterm-rows`) are read too, for a DOM renderer.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import shutil
import subprocess
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import aiohttp

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--window-size=1280,800",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0")

# Called on the array of every object of the page: the terminal's lines, one string each,
# its size in cells and where its screen is on the page, in CSS pixels.
_READ_TERMINAL = """function () {
  for (const o of this) {
    try {
      const b = o && o.buffer && o.buffer.active;
      if (b && typeof b.getLine === 'function' && typeof o.rows === 'number' && o.element) {
        const lines = [];
        for (let y = 0; y < o.rows; y++) {
          const line = b.getLine(b.viewportY + y);
          lines.push(line ? line.translateToString(true) : '');
        }
        const r = o.element.querySelector('.xterm-screen').getBoundingClientRect();
        return {lines: lines, cols: o.cols, rows: o.rows,
                box: [r.x, r.y, r.width, r.height], ratio: window.devicePixelRatio};
      }
    } catch (e) { /* a getter that throws: not the terminal */ }
  }
  return null;
}"""


def chromium() -> str | None:
    """The Chromium binary to run, or None when there is none."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


@dataclass(frozen=True)
class Terminal:
    """What xterm.js shows: its lines, its size in cells, and where it is drawn on the page."""

    lines: tuple[str, ...]
    cols: int
    rows: int
    box: tuple[float, ...]
    """x, y, width, height of its screen, in CSS pixels."""
    ratio: float
    """Device pixels per CSS pixel."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def cell(self, row: int, col: int) -> tuple[int, int, int, int]:
        """The device-pixel box (left, top, right, bottom) the cell is drawn in."""
        x, y, width, height = (v * self.ratio for v in self.box)
        w, h = width / self.cols, height / self.rows
        return int(x + col * w), int(y + row * h), int(x + (col + 1) * w), int(y + (row + 1) * h)


class Browser:
    """One headless Chromium with a profile of its own, and one page in it; `with` it to be
    sure it is ended. Its DevTools connection lives in one event loop: `open` to `disconnect`."""

    def __init__(self, binary: str, profile: Path, log: Path) -> None:
        self.profile = profile
        self._log = log.open("wb")
        self.process = subprocess.Popen([binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                        stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT)
        self._ids = itertools.count(1)
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None

    async def open(self, seconds: float = 20.0) -> None:
        """Connect to the page Chromium opened."""
        port = await self._port(seconds)
        self._session = aiohttp.ClientSession()
        deadline = time.monotonic() + seconds
        while True:
            async with self._session.get(f"http://127.0.0.1:{port}/json/list") as answer:
                pages = [t for t in await answer.json() if t.get("type") == "page"]
            if pages or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.1)
        self._ws = await self._session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)

    async def _port(self, seconds: float) -> int:
        # Chromium writes the port it chose into the profile once it listens.
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + seconds
        while not marker.exists() or not marker.read_text().strip():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start (exit {self.process.poll()})")
            await asyncio.sleep(0.05)
        return int(marker.read_text().split()[0])

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command, its result (events that arrive meanwhile are dropped)."""
        assert self._ws is not None
        number = next(self._ids)
        await self._ws.send_str(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(await self._ws.receive_str())
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def go(self, url: str) -> None:
        await self.call("Page.enable")
        await self.call("Page.navigate", url=url)

    async def terminal(self) -> Terminal | None:
        """What the page's terminal shows now, or None before it exists."""
        group = {"objectGroup": "probe"}  # released below: nothing of the page is kept alive
        prototype = await self.call("Runtime.evaluate", expression="Object.prototype", **group)
        every = await self.call("Runtime.queryObjects", prototypeObjectId=prototype["result"]["objectId"],
                                **group)
        found = await self.call("Runtime.callFunctionOn", objectId=every["objects"]["objectId"],
                                functionDeclaration=_READ_TERMINAL, returnByValue=True)
        await self.call("Runtime.releaseObjectGroup", **group)
        value = found["result"].get("value")
        if not value:
            return None
        return Terminal(tuple(value["lines"]), value["cols"], value["rows"], tuple(value["box"]),
                        float(value["ratio"]))

    async def wait_for(self, wanted: list[str], seconds: float) -> Terminal | None:
        """The terminal once every string of `wanted` is on it (or as it is when time is up)."""
        deadline = time.monotonic() + seconds
        shown = None
        while time.monotonic() < deadline:
            shown = await self.terminal()
            if shown is not None and all(w in shown.text for w in wanted):
                break
            await asyncio.sleep(0.25)
        return shown

    async def settled(self, seconds: float) -> Terminal | None:
        """The terminal once it is fully shown (its fade-in over) and two looks in a row agree."""
        deadline = time.monotonic() + seconds
        before = None
        while time.monotonic() < deadline:
            shown = await self.terminal()
            faded = await self.call("Runtime.evaluate", returnByValue=True, expression=(
                "getComputedStyle(document.querySelector('.textual-terminal')).opacity"))
            if shown is not None and shown == before and faded["result"].get("value") == "1":
                return shown
            before = shown
            await asyncio.sleep(0.3)
        return before

    async def dom_text(self) -> str:
        """The text of the page's own DOM (xterm.js draws the terminal on a canvas)."""
        found = await self.call("Runtime.evaluate", expression="document.body.textContent",
                                returnByValue=True)
        return str(found["result"].get("value", ""))

    async def screenshot(self, path: Path) -> bytes:
        shot = await self.call("Page.captureScreenshot", format="png")
        data = base64.b64decode(shot["data"])
        path.write_bytes(data)
        return data

    async def disconnect(self) -> None:
        """Let go of the page (Chromium goes on running it until `quit`)."""
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()
        self._ws = self._session = None

    def quit(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.quit()


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB bytes of an 8-bit, non-interlaced RGB or RGBA PNG (what
    Chromium writes), so the test can look at a screenshot without an imaging library."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, at = {}, 8
    idat = b""
    while at < len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + size]
        if kind == b"IDAT":
            idat += body
        chunks.setdefault(kind, body)
        at += 12 + size
    header = chunks[b"IHDR"]
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour, interlace = header[8], header[9], header[12]
    assert depth == 8 and colour in (2, 6) and interlace == 0, f"unexpected PNG {header!r}"
    step = 3 if colour == 2 else 4
    raw, stride, rows = zlib.decompress(idat), width * step, []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - step] if x >= step else 0
            b, c = previous[x], previous[x - step] if x >= step else 0
            line[x] = (line[x] + _predict(kind, a, b, c)) & 0xFF
        previous = line
        rows.append(bytes(line) if step == 3 else bytes(v for i, v in enumerate(line) if i % 4 != 3))
    return width, height, rows


def _predict(kind: int, a: int, b: int, c: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return a
    if kind == 2:
        return b
    if kind == 3:
        return (a + b) // 2
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)
