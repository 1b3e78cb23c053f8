"""What the terminal already shows is not sent again.

Textual draws the whole screen again after any change of layout, even where no cell changed:
at start that was about a third of what was sent, and a footer recomposed or a focus moved
sends every line once more. Each chunk Textual writes is a list of pieces, each a cursor move
(CUP) then styled text. Every cell a piece paints is remembered with its style (the SGR
codes in force, as spelt); a later piece whose every cell is what the screen shows already is
left out, and the others are sent whole.

Anything that may change cells other than such pieces do (an erase, a scroll, a switch of
screens, a change of size, a sequence not known here) forgets everything remembered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.text import graphemes
from tracker.ui.output import SGR, TOKEN, is_text

CUP = re.compile(r"\x1b\[(\d+);(\d+)H\Z")
RESET = ("\x1b[0m", "\x1b[m")
# Sequences that change no cell: private modes other than the screen switches, and OSC
# strings (the pointer's shape, the title).
HARMLESS = re.compile(r"\x1b\[\?(?!(?:1049|1047|47)[hl])[0-9;]*[hl]\Z|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)\Z")

Cell = tuple[str, str]
"""What a cell shows and the SGR it was drawn in ("" the default); a wide glyph's second
cell holds "" as its text."""


def _glyphs(text: str) -> list[str] | None:
    """What each cell `text` paints shows ("" for a wide glyph's second cell); None if it
    holds a glyph of no width, which a terminal may join to a cell drawn before it."""
    if text.isascii():
        return list(text)
    out: list[str] = []
    for glyph, size in graphemes(text):
        if not size:
            return None
        out += [glyph] + [""] * (size - 1)
    return out


@dataclass
class SameLines:
    """What each cell of the screen was last sent, while the terminal still shows it."""

    size: tuple[int, int] = (0, 0)
    """The terminal's columns and rows when last written to."""
    shown: dict[int, dict[int, Cell]] = field(default_factory=dict)
    """Row -> column -> the cell there."""
    style: str | None = None
    """The SGR in force after what was last written (None: not known)."""

    def filter(self, chunk: str, size: tuple[int, int]) -> str:
        """`chunk` without the pieces the screen shows already, for a terminal of `size`."""
        if size != self.size:
            self.size = size
            self.forget()
        out: list[str] = []
        moves: list[tuple[int, int, list[str]]] = []
        for token in TOKEN.findall(chunk):
            move = CUP.match(token)
            if move:
                moves.append((int(move.group(1)), int(move.group(2)), []))
            elif moves:
                moves[-1][2].append(token)
            else:  # before the first move: text there is drawn wherever the cursor was left
                self._look(token)
                out.append(token)
        for i, (row, col, tokens) in enumerate(moves):
            # The last move leaves the cursor where the frame wants it: always sent.
            out.append(self._piece(row, col, tokens, keep=i == len(moves) - 1))
        return "".join(out)

    def forget(self) -> None:
        """Take nothing as shown: what comes next is all sent."""
        self.shown, self.style = {}, None

    def _look(self, token: str) -> None:
        if SGR.match(token):
            self._sgr(token)
        elif not HARMLESS.match(token):
            self.forget()

    def _sgr(self, token: str) -> None:
        if token in RESET:
            self.style = ""
        elif self.style is not None:
            self.style += token

    def _piece(self, row: int, col: int, tokens: list[str], keep: bool) -> str:
        sent = f"\x1b[{row};{col}H" + "".join(tokens)
        # Only styles and text, and a line feed last (Textual's end of a line) that cannot scroll.
        ends = len(tokens) - 1 if tokens and tokens[-1] == "\n" and row < self.size[1] else len(tokens)
        if not all(is_text(t) or SGR.match(t) for t in tokens[:ends]):
            self.forget()  # it may paint anywhere: nothing remembered holds
            return sent
        before = self.style
        painted: list[Cell | None] = []
        for token in tokens[:ends]:
            if SGR.match(token):
                self._sgr(token)
                continue
            glyphs = _glyphs(token)
            if glyphs is None:  # a glyph of no width: which cell it joins is not known
                self.forget()
                return sent
            # Drawn in a style not known, the cells are not known either.
            style = self.style
            painted += [(g, style) for g in glyphs] if style is not None else [None] * len(glyphs)
        on_row = self.shown.setdefault(row, {})
        # Left out, a piece must also leave the style as it found it (Textual ends each run
        # with a reset): what follows is drawn in the style the terminal has.
        same = self.style == before and all(cell is not None and on_row.get(col + i) == cell
                                            for i, cell in enumerate(painted))
        for i, cell in enumerate(painted):
            if cell is None:
                on_row.pop(col + i, None)
            else:
                on_row[col + i] = cell
        return "" if same and painted and not keep else sent
