"""Keep a portfolio in step with its folders and files: files added, removed, renamed, changed.

One `os.stat` per file and one listing per folder a look, as `watch` does for one file; only a
file whose stamp changed is read again, so a broken save marks only its own entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tracker.cache import Cache
from tracker.errors import FileError
from tracker.load import Loaded
from tracker.portfolio import Entry, expand, load_entry
from tracker.state.watch import Stamp, stamp


class Folders:
    """The deal files of the folders and files named, as last read (`entries`, sorted)."""

    def __init__(self, targets: Sequence[Path], entries: Sequence[Entry], cache: Cache | None = None,
                 pending: Sequence[Path] = (), window: int | None = None) -> None:
        self.targets = tuple(targets)
        self.cache = cache
        """Where valid files are kept (`tracker.cache`), None to read each afresh."""
        self.window = window
        """The settings' at-risk window, for each file that sets none (None: 30 days)."""
        self.entries = tuple(entries)
        self.pending = tuple(pending)
        """The files after `entries` still to be read (`fill`): a large folder opens before
        all of it is read."""
        # Stamped now: a save between the first read and the first look is seen on the next.
        self._stamps: dict[Path, Stamp | None] = {e.path: stamp(e.path) for e in entries}

    def fill(self, count: int) -> tuple[Entry, ...]:
        """Read the next `count` pending files onto the end of `entries`; the new entries."""
        batch, self.pending = self.pending[:count], self.pending[count:]
        new = []
        for path in batch:
            self._stamps[path] = stamp(path)  # before the read: a save during it is seen next look
            new.append(load_entry(path, self.cache, self.window))
        self.entries += tuple(new)
        return tuple(new)

    def poll(self) -> bool:
        """Look again; True (and `entries` replaced) when any deal file came, went or changed.
        Nothing is looked at while files are pending: what came, went or changed meanwhile
        shows on the first look after the last is read."""
        if self.pending:
            return False
        try:
            paths = expand(self.targets)
        except FileError:  # the folder emptied or gone: every deal in it went with it
            paths = [t for t in self.targets if not t.is_dir()]
        old = {e.path: e for e in self.entries}
        changed = list(old) != paths
        entries = []
        for path in paths:
            now = stamp(path)
            if path in old and now == self._stamps.get(path):
                entries.append(old[path])
                continue
            changed = True
            self._stamps[path] = now
            entries.append(load_entry(path, self.cache, self.window))
        for gone in set(old) - set(paths):
            self._stamps.pop(gone, None)
        if changed:
            self.entries = tuple(entries)
        return changed

    def take(self, loaded: Loaded) -> None:
        """A deal as its own screen last read it (a save followed there, an update recorded)."""
        self.entries = tuple(Entry(e.path, loaded) if e.path == loaded.path else e for e in self.entries)
        self._stamps[loaded.path] = stamp(loaded.path)
