""""Did you mean ...?" for an unknown id, in time that does not grow with the file.

`difflib.get_close_matches` against every id costs ~20 ms per unknown reference in a
10,000-milestone file, so 500 typos took seconds. Here the ids are indexed once, and
each question looks only at a few hundred candidates: the ids that sort next to it
(sharing its start), next to it read backwards (sharing its end), and those one or
two deletions away (a typo). difflib then ranks those few with its usual cutoff, so a
small file gets exactly the hints it always did.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable

NEIGHBOURS = 15
"""Ids taken on each side of the query in the sorted and the reversed orders."""

SMALL = 300
"""Up to this many ids, every one is a candidate (what difflib alone would look at)."""

SHOWN = 12
"""Ids listed when there is no near miss ("known: a, b, c and 9,988 more")."""


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class Suggester:
    """Near misses among a fixed set of ids; build once, ask as often as needed."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = sorted(set(known))
        self._reversed: list[tuple[str, str]] | None = None
        self._deleted: dict[str, list[str]] | None = None

    def _candidates(self, ident: str) -> list[str]:
        if len(self.known) <= SMALL:
            return self.known
        if self._reversed is None or self._deleted is None:  # built on the first question
            self._reversed = sorted((k[::-1], k) for k in self.known)
            self._deleted = {}
            for k in self.known:
                for short in _deletions(k) | {k}:
                    self._deleted.setdefault(short, []).append(k)
        found: set[str] = set()
        at = bisect.bisect_left(self.known, ident)
        found.update(self.known[max(0, at - NEIGHBOURS): at + NEIGHBOURS])
        back = bisect.bisect_left(self._reversed, (ident[::-1], ""))
        found.update(k for _, k in self._reversed[max(0, back - NEIGHBOURS): back + NEIGHBOURS])
        for short in _deletions(ident) | {ident}:
            found.update(self._deleted.get(short, ())[:NEIGHBOURS])
        return sorted(found)

    def hint(self, ident: str) -> str | None:
        """The closest id, if one is close enough to be what was meant."""
        close = difflib.get_close_matches(ident, self._candidates(ident), n=1)
        return close[0] if close else None

    def suggest(self, ident: str) -> str:
        """`; did you mean 'x'?`, or the ids there are (a few, in a big file)."""
        hint = self.hint(ident)
        if hint:
            return f"; did you mean {hint!r}?"
        if not self.known:
            return " (none are defined)"
        shown = self.known[:SHOWN]
        more = f" and {len(self.known) - len(shown):,} more" if len(self.known) > len(shown) else ""
        return f" (known: {', '.join(shown)}{more})"
