"""Deal files already found valid, kept in the user's cache folder so they are not parsed and
cross-checked again: a portfolio of 1,000 unchanged files opens without reading TOML.

An entry is keyed by a hash of the tracker's version and the file's exact bytes, so a changed
file or a new tracker never finds an old entry. It holds what the file set, in JSON (dates
tagged), and nothing in it is executed: a hit is validated by the same schema as a fresh read,
and anything unexpected in an entry (truncated, garbage, another key) makes it a miss, which
is rebuilt. A cache folder that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import date, datetime, time
from importlib import metadata
from pathlib import Path
from typing import Any

_TAG = "\x00"
"""The key that marks a tagged date: a deal file cannot hold a NUL, so no key of its own can be it."""
_KINDS = {"date": date.fromisoformat, "datetime": datetime.fromisoformat, "time": time.fromisoformat}


def folder() -> Path:
    """`$XDG_CACHE_HOME/tracker/deals` (or the platform's equivalent)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tracker", appauthor=False)) / "deals"


def version() -> str:
    try:
        return metadata.version("tracker")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


class Cache:
    """The entries in one folder, for this version of the tracker (read once: looking it up
    cost more than the rest of a hit)."""

    def __init__(self, where: Path | None = None) -> None:
        self.where = where or folder()
        self.version = version()

    def key(self, raw: bytes) -> str:
        return hashlib.sha256(self.version.encode() + b"\x00" + raw).hexdigest()

    def get(self, raw: bytes) -> dict[str, Any] | None:
        """What a file with these bytes set when it was found valid, or None."""
        name = self.key(raw)
        try:
            text = (self.where / f"{name}.json").read_text(encoding="utf-8")
            entry = json.loads(text, object_hook=_revive)
        except (OSError, ValueError, TypeError, RecursionError):  # missing, unreadable, damaged
            return None
        if not isinstance(entry, dict) or entry.get("key") != name or not isinstance(entry.get("data"), dict):
            return None  # a foreign or tampered entry
        data: dict[str, Any] = entry["data"]
        return data

    def put(self, raw: bytes, data: dict[str, Any]) -> None:
        """Keep `data` (what a valid file with these bytes set); a cache that cannot be
        written is skipped, never an error. Written to a temporary file and renamed, so a
        reader sees a whole entry or none."""
        name = self.key(raw)
        try:
            self.where.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"key": name, "data": data}, default=_tag, ensure_ascii=False)
            fd, tmp = tempfile.mkstemp(dir=self.where, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(tmp, self.where / f"{name}.json")
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, TypeError, ValueError):
            return


def _tag(value: object) -> dict[str, str]:
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return {_TAG: f"datetime:{value.isoformat()}"}
    if isinstance(value, date):
        return {_TAG: f"date:{value.isoformat()}"}
    if isinstance(value, time):
        return {_TAG: f"time:{value.isoformat()}"}
    raise TypeError(f"cannot keep {type(value).__name__} in the cache")


def _revive(table: dict[str, Any]) -> Any:
    if _TAG not in table:
        return table
    if len(table) != 1 or not isinstance(table[_TAG], str):
        raise ValueError("not a cache entry")
    kind, _, text = table[_TAG].partition(":")
    if kind not in _KINDS:
        raise ValueError("not a cache entry")
    return _KINDS[kind](text)
