"""Who recorded each update: the commit that wrote its lines, from `git blame --porcelain`.

Worked out only when something asks (a detail pane, `report --format json`), only for the
lines asked about, and kept per version of the file. Outside a git repository no git
process is started at all: finding that out is a few `stat` calls up the folder tree.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from tracker.gitrun import env
from tracker.load import Loaded
from tracker.model import DealFile, Update

_UNCOMMITTED = "0" * 40
_HEADER = re.compile(rb"^\[\[updates\]\][ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Recorded:
    """The commit that holds most of an update's lines."""

    commit: str
    """Its full hash."""
    by: str
    """Its author: who recorded the update (a rebase changes the committer, not this)."""
    at: datetime
    """When it was authored, with the author's UTC offset."""


def repository(path: Path) -> Path | None:
    """The top of the git work tree holding `path`, or None, without starting git."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def porcelain(text: str) -> dict[int, Recorded | None]:
    """Final line number to its commit, from `git blame --porcelain` output."""
    commits: dict[str, dict[str, str]] = {}
    lines: dict[int, str] = {}
    current: dict[str, str] = {}
    for line in text.split("\n"):
        if line.startswith("\t") or not line:
            continue
        head, _, rest = line.partition(" ")
        if len(head) == 40 and all(c in "0123456789abcdef" for c in head):
            current = commits.setdefault(head, {"commit": head})
            lines[int(rest.split(" ")[1])] = head
        else:
            current[head] = rest
    return {number: _recorded(commits[sha]) for number, sha in lines.items()}


def _recorded(fields: dict[str, str]) -> Recorded | None:
    if fields["commit"] == _UNCOMMITTED or "author-time" not in fields:
        return None
    offset = fields.get("author-tz", "+0000")
    sign = -1 if offset.startswith("-") else 1
    minutes = sign * (int(offset[1:3]) * 60 + int(offset[3:5]))
    zone = timezone(timedelta(minutes=minutes))
    return Recorded(fields["commit"], fields.get("author", ""),
                    datetime.fromtimestamp(int(fields["author-time"]), zone))


def blame(top: Path, path: Path, raw: bytes, spans: Iterable[tuple[int, int]]) -> dict[int, Recorded | None]:
    """Who wrote each line in `spans` of `raw` (the file as loaded, which may differ from disk)."""
    joined = _joined(spans)
    if not joined:
        return {}
    # Past a few hundred ranges one pass over the whole file is quicker than git's -L bookkeeping.
    ranges = [arg for a, b in joined for arg in ("-L", f"{a},{b}")] if len(joined) < 500 else []
    try:
        done = subprocess.run(["git", "-C", str(top), "blame", "--porcelain", "--contents", "-",
                               *ranges, "--", str(path.resolve().relative_to(top.resolve()))],
                              input=raw, capture_output=True, check=False, timeout=60, env=env())
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return {}
    # Not tracked yet, or not git at all: nobody has committed these lines.
    return porcelain(done.stdout.decode("utf-8", "replace")) if done.returncode == 0 else {}


def _joined(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted and merged, as git wants its -L ranges."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


class Blamer:
    """Who recorded the updates of a loaded file, kept per version of it (its bytes).

    The app asks from its event loop (`kept`) while a worker thread runs git (`of`): the
    state is swapped under a lock, and git runs outside it, so a cursor move never waits.
    """

    def __init__(self) -> None:
        self._tops: dict[Path, Path | None] = {}
        self._lock = threading.Lock()
        self._version: tuple[Path, str] | None = None
        # The parse `_spans` belongs to, held so that its objects' ids cannot be reused.
        self._deal: DealFile | None = None
        self._spans: dict[int, tuple[int, int]] = {}
        self._known: dict[int, Recorded | None] = {}

    def of(self, loaded: Loaded, updates: Sequence[Update]) -> list[Recorded | None]:
        """Who recorded each of `updates` (objects of `loaded.deal.updates`); None if unknown."""
        top = self.top(loaded.path)
        if top is None or not updates:
            return [None] * len(updates)
        with self._lock:
            self._switch(loaded)
            wanted = [self._spans.get(id(u)) for u in updates]
            missing = [s for s in wanted if s is not None and s[0] not in self._known]
            version, known = self._version, dict(self._known)
        if missing:
            lines = blame(top, loaded.path, loaded.raw, missing)
            found = {a: _most(lines.get(n) for n in range(a, b + 1)) for a, b in missing}
            known.update(found)
            with self._lock:
                if self._version == version:  # not meanwhile switched to another version
                    self._known.update(found)
        return [known.get(s[0]) if s else None for s in wanted]

    def top(self, path: Path) -> Path | None:
        """The work tree holding `path` (None: not in git), looked up once per path."""
        if path not in self._tops:
            self._tops[path] = repository(path)
        return self._tops[path]

    def kept(self, loaded: Loaded, updates: Sequence[Update]) -> list[Recorded | None] | None:
        """What `of` would say, if it is known already without running git; else None."""
        if self.top(loaded.path) is None or not updates:
            return [None] * len(updates)
        with self._lock:
            self._switch(loaded)
            wanted = [self._spans.get(id(u)) for u in updates]
            if any(s is not None and s[0] not in self._known for s in wanted):
                return None
            return [self._known.get(s[0]) if s else None for s in wanted]

    def _switch(self, loaded: Loaded) -> None:
        """Follow `loaded`: names are kept while its bytes are the same version, but each new
        parse (a reload of identical bytes too) has new update objects, so new spans."""
        if loaded.deal is self._deal:  # the same parse: no need to hash 7 MB per move
            return
        version = (loaded.path, hashlib.blake2b(loaded.raw, digest_size=16).hexdigest())
        if version != self._version:
            self._version, self._known = version, {}
        self._deal = loaded.deal
        self._spans = _spans(loaded)


def _spans(loaded: Loaded) -> dict[int, tuple[int, int]]:
    """Each update's first and last line (blank lines below it left out), by its object's id."""
    raw, updates = loaded.raw, loaded.deal.updates
    offsets = [m.start() for m in _HEADER.finditer(raw)]
    if len(offsets) < len(updates) or not updates:
        return {}  # written some other way (an inline array): nobody can be told apart
    offsets = offsets[-len(updates):] + [len(raw)]
    line, at, spans = 1, 0, {}
    for update, start, end in zip(updates, offsets, offsets[1:]):
        line += raw.count(b"\n", at, start)  # counted once over the file, not once per update
        at = start
        spans[id(update)] = (line, line + raw[start:end].rstrip().count(b"\n"))
    return spans


def _most(found: Iterable[Recorded | None]) -> Recorded | None:
    """The commit that wrote most of the lines (the latest of equals); None if uncommitted."""
    counts = Counter(found)
    if not counts:
        return None
    oldest = datetime.min.replace(tzinfo=UTC)
    return max(counts.items(), key=lambda item: (item[1], item[0].at if item[0] else oldest))[0]


def recorded_all(loaded: Loaded) -> dict[int, Recorded | None]:
    """Who recorded every update of `loaded`, by its object's id; empty outside git."""
    if repository(loaded.path) is None:
        return {}
    updates = loaded.deal.updates
    return dict(zip(map(id, updates), Blamer().of(loaded, updates)))
