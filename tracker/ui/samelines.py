"""What the terminal already shows is not sent again.

Textual draws the whole screen again after any change of layout, even where no cell changed:
at start that was about 11 KB of 18 KB, and a footer recomposed or a focus moved sends every
line once more. Each chunk Textual writes is a list of pieces, each a cursor move (CUP) then
styled text. A piece drawn from the default style, and ending in it, paints the same cells
whenever it is sent again, until something else paints over them: so it is remembered where
it was drawn, and the same piece at the same place is left out while its cells are untouched.

Anything that may change cells other than such pieces do (an erase, a scroll, a switch of
screens, a change of size, a sequence not known here) forgets everything remembered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.text import cells
from tracker.ui.output import SGR, TOKEN

CUP = re.compile(r"\x1b\[(\d+);(\d+)H\Z")
RESET = ("\x1b[0m", "\x1b[m")
# Sequences that change no cell: private modes other than the screen switches, and OSC
# strings (the pointer's shape, the title).
HARMLESS = re.compile(r"\x1b\[\?(?!(?:1049|1047|47)[hl])[0-9;]*[hl]\Z|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)\Z")

Shown = dict[int, dict[int, tuple[str, int]]]
"""Row -> column -> the piece drawn there and the cells it spans."""


def _text(token: str) -> bool:
    return token[0] != "\x1b" and token[0] >= " " and token[0] != "\x7f"


@dataclass
class SameLines:
    """What each place on the screen was last sent, while the terminal still shows it."""

    size: tuple[int, int] = (0, 0)
    """The terminal's columns and rows when last written to."""
    shown: Shown = field(default_factory=dict)
    plain: bool = False
    """Whether the style after what was last written is the default one."""

    def filter(self, chunk: str, size: tuple[int, int]) -> str:
        """`chunk` without the pieces the screen shows already, for a terminal of `size`."""
        if size != self.size:
            self.size, self.shown = size, {}
        out: list[str] = []
        moves: list[tuple[int, int, list[str]]] = []
        for token in TOKEN.findall(chunk):
            move = CUP.match(token)
            if move:
                moves.append((int(move.group(1)), int(move.group(2)), []))
            elif moves:
                moves[-1][2].append(token)
            else:  # before the first move: drawn where the cursor happens to be
                self._look(token)
                out.append(token)
        for i, (row, col, tokens) in enumerate(moves):
            # The last move leaves the cursor where the frame wants it: always sent.
            out.append(self._piece(row, col, tokens, keep=i == len(moves) - 1))
        return "".join(out)

    def _look(self, token: str) -> None:
        """Follow the style; forget everything at a token that may change cells unseen
        (text too: before any move, it is drawn wherever the cursor was left)."""
        if SGR.match(token):
            self.plain = token in RESET
        elif not HARMLESS.match(token):
            self.forget()

    def _piece(self, row: int, col: int, tokens: list[str], keep: bool) -> str:
        drawing = "".join(tokens)
        plain_before = self.plain
        # Only styles and text, and a line feed last (Textual's end of a line) that cannot scroll.
        ends = len(tokens) - 1 if tokens and tokens[-1] == "\n" and row < self.size[1] else len(tokens)
        simple = all(_text(t) or SGR.match(t) for t in tokens[:ends]) and all(t == "\n" for t in tokens[ends:])
        if not simple:  # it may paint anywhere: nothing remembered holds
            self.forget()
            return f"\x1b[{row};{col}H{drawing}"
        for token in tokens:
            if SGR.match(token):
                self.plain = token in RESET
        known = plain_before and self.plain
        on_row = self.shown.setdefault(row, {})
        if known and not keep and on_row.get(col, ("", 0))[0] == drawing and drawing:
            return ""
        width = sum(cells(t) for t in tokens if _text(t))
        for start, (_, span) in list(on_row.items()) if width else ():  # what it paints over
            if start < col + width and col < start + span:
                del on_row[start]
        if known and width:
            on_row[col] = (drawing, width)
        return f"\x1b[{row};{col}H{drawing}"

    def forget(self) -> None:
        """Take nothing as shown: what comes next is all sent."""
        self.shown, self.plain = {}, False
