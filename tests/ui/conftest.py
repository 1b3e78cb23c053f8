"""Shared pieces for the app's tests: a fixed date, the screen as text, and waiting on the app."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2020, 4, 29)


def screen_text(app: App[object]) -> str:
    """What the terminal shows, as plain lines."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


def drive(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async test on a fresh event loop (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))  # type: ignore[arg-type]

    return run


async def until(pilot: Pilot[object], condition: Callable[[], bool], seconds: float = 3.0) -> bool:
    """Let the app run until `condition` holds (a few polls at most), or give up."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()
