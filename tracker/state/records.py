"""What this session recorded, so `u` can take back the last one. Plain Python: the app
asks and shows; this writes through `tracker.write` and remembers."""

from __future__ import annotations

from tracker.load import Loaded
from tracker.model import Update
from tracker.write import append_update, describe, remove_last_update


class Records:
    """The updates recorded in this run, newest last: what each appended, and its words."""

    def __init__(self) -> None:
        self._done: list[tuple[bytes, str]] = []

    @property
    def last(self) -> str | None:
        """The last update recorded here, in words (None: nothing to undo)."""
        return self._done[-1][1] if self._done else None

    def record(self, loaded: Loaded, update: Update) -> Loaded:
        """Append `update` to the file `loaded` came from; raises what `append_update` does
        (StaleFileError when the file changed since it was read)."""
        written = append_update(loaded, update)
        self._done.append((written.appended, describe(update)))
        return written.loaded

    def undo(self, loaded: Loaded) -> tuple[Loaded, str]:
        """Remove the last update recorded here; the file as it is now, and what went."""
        appended, what = self._done[-1]
        after = remove_last_update(loaded, appended)
        self._done.pop()
        return after, what
