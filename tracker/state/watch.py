"""Follow the deal file as the user saves it: the part of watching that needs no terminal.

The app polls `Watcher.poll` four times a second. While the file is not changing a poll
is one `os.stat` and nothing else: no read, no parse, no redraw. Only a new stamp (time,
size, inode, device: a rename-over save gives a new inode) makes it read the bytes, and
only bytes unlike the ones on screen are parsed. Plain Python; never imports Textual.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import FileError, TrackerError
from tracker.load import Loaded, read, reload

RACY_NS = 2_000_000_000
"""A file modified this recently may change again within the filesystem's timestamp
granularity without its stamp changing, so its bytes are compared on the next poll too."""


@dataclass(frozen=True)
class Stamp:
    """What `os.stat` says about the file; any difference means it may have changed
    (the change time catches a chmod that makes it unreadable, and its undoing)."""

    mtime_ns: int
    ctime_ns: int
    size: int
    ino: int
    dev: int


def stamp(path: Path) -> Stamp | None:
    """The file's stamp, or None if it is missing or cannot be looked at."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return Stamp(info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)


@dataclass(frozen=True)
class Fine:
    """The file holds the bytes on screen again (after a revert, or our own write)."""


@dataclass(frozen=True)
class Changed:
    """The file changed and is valid: show this."""

    loaded: Loaded


@dataclass(frozen=True)
class Broken:
    """The file changed and is invalid. Not `settled` the first time these bytes are seen:
    an editor may be half-way through writing, so look once more before saying so."""

    error: TrackerError
    settled: bool


@dataclass(frozen=True)
class Gone:
    """The file was removed, moved or cannot be read."""

    error: FileError


Outcome = Fine | Changed | Broken | Gone | None
"""What a poll found; None means nothing happened."""


class Watcher:
    """Compares the file on disk with what the app shows (`shown`, the file as it loaded it)."""

    def __init__(self, path: Path, now_ns: int | None = None) -> None:
        self.path = path
        self._stamp = stamp(path)
        self._racy = self._is_racy(now_ns)
        self._broken: tuple[bytes, TrackerError] | None = None
        """The broken bytes last seen and what was wrong with them."""

    def poll(self, shown: Loaded, *, force: bool = False, now_ns: int | None = None) -> Outcome:
        """One look at the file; `force` reads it even if its stamp did not change."""
        current = stamp(self.path)
        if current == self._stamp and not (force or self._racy):
            return None
        previous, self._stamp = self._stamp, current
        self._racy = self._is_racy(now_ns)
        if current is None:
            return None if previous is None and not force else self._gone()
        return self._examine(shown)

    def look(self, shown: Loaded, now_ns: int | None = None) -> Outcome:
        """Read the file now, whatever its stamp says (the editor has just returned): what
        it holds, with a broken file said at once rather than looked at again."""
        self._stamp = stamp(self.path)
        self._racy = self._is_racy(now_ns)
        if self._stamp is None:
            return self._gone()
        outcome = self._examine(shown)
        return Broken(outcome.error, True) if isinstance(outcome, Broken) else outcome

    def _examine(self, shown: Loaded) -> Outcome:
        try:
            raw = read(self.path)
        except FileError:
            return self._gone()
        if raw == shown.raw:
            self._broken = None
            return Fine()
        if self._in_flux(raw):
            return None
        if self._broken is not None and raw == self._broken[0]:
            # Seen broken once already: the same bytes give the same problems, and parsing
            # them again took as long as the first time (2 s for 10,000 milestones).
            return Broken(self._broken[1], True)
        try:
            # An append (a record, a script) re-reads only the new tail; anything else parses all.
            loaded = reload(shown, raw)
        except TrackerError as error:
            self._broken = (raw, error)
            return Broken(error, False)
        self._broken = None
        return Changed(loaded)

    def _in_flux(self, raw: bytes) -> bool:
        """Whether the file changed while it was read (an editor still writing): then it is
        looked at again on the next poll, not parsed. A half-written 13 MB file took 2 s
        to parse and be found broken, and the whole save was shown only after that."""
        after = stamp(self.path)
        if after == self._stamp and after is not None and after.size == len(raw):
            return False
        self._stamp, self._racy = after, True
        return True

    def _gone(self) -> Gone:
        self._broken = None
        try:
            read(self.path)
        except FileError as error:
            return Gone(error)
        return Gone(FileError(str(self.path), "cannot be read"))

    def _is_racy(self, now_ns: int | None) -> bool:
        if self._stamp is None:
            return False
        now = time.time_ns() if now_ns is None else now_ns
        return now - max(self._stamp.mtime_ns, self._stamp.ctime_ns) < RACY_NS
