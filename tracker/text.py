"""Text laid out in terminal cells, for the report and the app alike: width, cut, pad,
wrap, pack and bars. Plain Python: it never imports Textual.

One engine measures everything: `rich.cells` (installed with Textual, pure Python, about
1 ms to import) splits text into graphemes — an emoji with its skin tone, a ZWJ family, a
letter and its accents, a character and its variation selector — and sizes each as a
terminal does (East Asian wide and emoji take two cells). On top of it one rule of ours:
a grapheme made only of format characters (soft hyphen, zero-width space, word joiner)
takes no cell, where rich gives a soft hyphen one. That never shows: file text is escaped
by `printable()` (a soft hyphen becomes `\\xad`) before it is measured or drawn, so the
report, the app and Textual count the same cells and cut a title at the same place.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from itertools import pairwise

from rich.cells import cell_len, split_graphemes

from tracker.safe import printable

ELLIPSIS = "…"
_EIGHTHS = " ▏▎▍▌▋▊▉"


def graphemes(text: str) -> Iterator[tuple[str, int]]:
    """Each grapheme of `text` with the cells it takes."""
    if text.isascii() and text.isprintable():
        yield from ((char, 1) for char in text)
        return
    spans, _ = split_graphemes(text)
    for start, stop, size in spans:
        piece = text[start:stop]
        yield piece, 0 if size and _invisible(piece) else size


def _invisible(piece: str) -> bool:
    return all(unicodedata.category(char) == "Cf" for char in piece)


def cells(text: str) -> int:
    """Columns `text` takes in a terminal."""
    if text.isprintable():
        # No format character, so rich's count (cached, with its own fast paths) is ours:
        # ten times faster than splitting, and file text is always printable once escaped.
        return len(text) if text.isascii() else cell_len(text)
    return sum(size for _, size in graphemes(text))


def cut(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, ending in … when cut; never inside a grapheme."""
    if width <= 0:
        return ""
    if cells(text) <= width:
        return text
    out, used = [], 0
    for piece, size in graphemes(text):
        if used + size > width - 1:
            break
        out.append(piece)
        used += size
    return "".join(out) + ELLIPSIS


def clip(text: str, width: int) -> str:
    """Text from the file escaped (see `printable`), then cut to `width` cells. Escaping
    first counts an escape at its full width; escaping twice changes nothing."""
    return cut(printable(text), width)


def shared_prefixes(texts: list[str]) -> dict[str, int]:
    """For each text (escaped as shown), how many leading characters it shares with the
    most alike other one: a cut must keep one more to tell them apart."""
    order = sorted({printable(t) for t in texts})
    shared = dict.fromkeys(order, 0)
    for a, b in pairwise(order):
        n = _common(a, b)
        shared[a], shared[b] = max(shared[a], n), max(shared[b], n)
    return shared


def _common(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share: found by halving with slices compared
    in C, since a loop over characters took 100 ms for 10,000 titles alike in their start."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def clip_apart(text: str, shared: int, width: int) -> str:
    """`clip`, but when the cut would fall inside the `shared` start this text has with
    another, show from the word where they part instead: `…ceasefire for Ramadan`."""
    shown = printable(text)
    if cells(shown) <= width or shared + 2 <= width or shared >= len(shown) or width < 6:
        return clip(text, width)
    start = shown.rfind(" ", 0, shared) + 1
    tail = shown[start:]
    if cells(tail) + 4 > width:
        return ELLIPSIS + clip(tail, width - 1)
    # Room for both: as much of the start as fits, then the end that tells them apart.
    return clip(shown[:start], width - cells(tail)).removesuffix(ELLIPSIS).rstrip() + ELLIPSIS + tail


def fit(text: str, width: int, right: bool = False) -> str:
    """`clip`, then padded with spaces to exactly `width` cells (on the left if `right`)."""
    shown = clip(text, width)
    space = " " * max(0, width - cells(shown))
    return space + shown if right else shown + space


def wrap(text: str, width: int) -> list[str]:
    """Words of `text` in lines of at most `width` cells; a word wider than a line is cut
    between graphemes into pieces a cell short of it, as `cut` leaves room for its `…`."""
    lines: list[str] = []
    line = ""
    for word in _pieces(text.split(), width):
        if line and cells(line) + 1 + cells(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line] if line else lines


def fold(text: str, width: int, whole: bool) -> list[str]:
    """Text from the file, escaped: as typed on one line when it fits, else cut to `width`
    (a terminal) or, with `whole` (a file, a pipe: nothing may be lost), wrapped."""
    shown = printable(text)
    if cells(shown) <= width:
        return [shown]  # as typed, spaces and all: only a line too long is wrapped
    return wrap(shown, width) if whole else [cut(shown, width)]


def hang(head: str, text: str, width: int, whole: bool) -> list[str]:
    """`head` then `text` folded (`fold`) into the room after it, any further lines
    indented under the text's start."""
    room = max(1, width - cells(head))
    first, *more = fold(text, room, whole) or [""]
    return [head + first, *(" " * cells(head) + line for line in more)]


def _pieces(words: list[str], width: int) -> Iterator[str]:
    for word in words:
        if cells(word) <= width:
            yield word
            continue
        piece, used = "", 0
        for grapheme, size in graphemes(word):
            if piece and used + size > width - 1:
                yield piece
                piece, used = "", 0
            piece, used = piece + grapheme, used + size
        if piece:
            yield piece


def pack(items: list[str], width: int, sep: str = "  ") -> list[str]:
    """Items side by side in lines of at most `width` cells, never splitting one."""
    lines: list[str] = []
    line = ""
    for item in items:
        joined = f"{line}{sep}{item}" if line else item
        if line and cells(joined) > width:
            lines.append(line)
            joined = item
        line = joined
    return lines + [line] if line else lines


def bar(fraction: float | None, width: int, eighths: bool = True) -> str:
    """A bar of `width` cells, `█` done and `░` still to do, filled by `fraction` (0 to 1),
    the last cell in eighths (`▌`). The report asks for whole cells (`eighths=False`):
    they read in any font a report may be pasted into."""
    if width <= 0:
        return ""
    fraction = min(1.0, max(0.0, fraction or 0.0))
    if not eighths:
        filled = round(fraction * width)
        return "█" * filled + "░" * (width - filled)
    full, part = divmod(round(fraction * width * 8), 8)
    drawn = "█" * full + (_EIGHTHS[part] if part else "")
    return drawn + "░" * (width - len(drawn))
