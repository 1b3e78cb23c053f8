"""The user's settings: a small TOML file in the user's config directory.

    theme = "nord"            # the theme last chosen in the app's palette
    default = "~/deals"       # the file or folder opened when no FILE is given
    at_risk_days = 14         # the at-risk window, in days, where a deal file sets none

Linux keeps it at `$XDG_CONFIG_HOME/tracker/settings.toml` (`~/.config/...`), macOS and
Windows where platformdirs says. A file that cannot be read or holds a wrong value gives
one clear message and every default: a settings file never stops the tracker. It is only
written to keep a theme, atomically, and never over a file that does not parse (that would
lose what the user wrote); only the `theme` line changes, comments and all else kept.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs
import tomli
import tomli_w

from tracker.safe import printable

NAME = "settings.toml"
AT_RISK_RANGE = range(1, 366)
"""The at-risk window a setting may give, in days."""


@dataclass(frozen=True)
class Settings:
    """What the user chose; None for what they left to the default."""

    theme: str | None = None
    """The Textual theme to open the app with (TEXTUAL_THEME, when set, wins)."""
    default: Path | None = None
    """The file or folder to open when no FILE is given (instead of ./milestones.toml)."""
    at_risk_days: int | None = None
    """How many days before a due date a milestone behind its plan counts as at risk, for a
    deal file whose `[deal]` sets no `at_risk_days` (the file's own always wins)."""
    path: Path | None = None
    """Where these were read from, and where a change is written."""
    problem: str | None = None
    """Why the file was not used (the defaults are in force), or None."""


def settings_path() -> Path:
    """`<user config dir>/tracker/settings.toml`."""
    return platformdirs.user_config_path("tracker", appauthor=False) / NAME


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: `settings_path()`); the defaults if there is none."""
    path = path or settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(path=path)
    except OSError as error:
        return Settings(path=path, problem=_where(path, None, f"cannot be read: {error.strerror}"))
    try:
        data = tomli.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Settings(path=path, problem=_where(path, None, "is not UTF-8 text"))
    except tomli.TOMLDecodeError as error:
        where = f"{error.lineno}:{error.colno}" if error.lineno else None
        return Settings(path=path, problem=_where(path, where, error.msg))
    try:
        return Settings(path=path, **_fields(data))
    except ValueError as error:
        return Settings(path=path, problem=_where(path, None, str(error)))


def _where(path: Path, at: str | None, what: str) -> str:
    place = f"{path}:{at}" if at else str(path)
    return printable(f"{place}: {what}; using the default settings")


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """The fields of a Settings from the file's table, or ValueError naming the key."""
    known = {"theme", "default", "at_risk_days"}
    for key in data:
        if key not in known:
            raise ValueError(f"{key}: unknown key (known: {', '.join(sorted(known))})")
    out: dict[str, Any] = {}
    for key in ("theme", "default"):
        if key in data:
            value = data[key]
            if not isinstance(value, str) or not value:
                raise ValueError(f"{key}: expected a non-empty string, found {value!r}")
            out[key] = Path(value).expanduser() if key == "default" else value
    if "at_risk_days" in data:
        days = data["at_risk_days"]
        if isinstance(days, bool) or not isinstance(days, int) or days not in AT_RISK_RANGE:
            raise ValueError(f"at_risk_days: expected a whole number of days from 1 to 365, "
                             f"found {days!r}")
        out["at_risk_days"] = days
    return out


def save_theme(settings: Settings, theme: str) -> Settings:
    """Keep `theme`; returns the settings as now saved (unchanged if they could not be)."""
    if settings.path is None or settings.problem is not None or settings.theme == theme:
        return settings
    text, data = "", {}
    if settings.path.exists():
        try:  # keep whatever else the file holds, as it is now
            text = settings.path.read_text(encoding="utf-8")
            data = tomli.loads(text)
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            return settings
    try:
        _write(settings.path, _with_theme(text, {**data, "theme": theme}).encode("utf-8"))
    except OSError:
        return settings  # a read-only config dir: the theme lasts for this session only
    return replace(settings, theme=theme)


THEME_LINE = re.compile(r"^([ \t]*theme[ \t]*=[ \t]*)(\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')", re.M)


def _with_theme(text: str, wanted: dict[str, Any]) -> str:
    """`text` holding `wanted` (what it holds, with the theme changed): every other line,
    comment and blank kept as the user wrote it; written whole only where the theme's line
    cannot be found or edited safely."""
    value = tomli_w.dumps({"theme": wanted["theme"]}).split("=", 1)[1].strip()
    head = text.split("\n[", 1)[0] if not text.startswith("[") else ""  # top-level keys only
    match = THEME_LINE.search(head)
    edited = (text[:match.start(2)] + value + text[match.end(2):] if match
              else f"theme = {value}\n" + text)
    try:
        safe = tomli.loads(edited) == wanted
    except tomli.TOMLDecodeError:
        safe = False
    return edited if safe else tomli_w.dumps(wanted)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
