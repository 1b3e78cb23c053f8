"""Fewer bytes for the same screen: what the terminal driver writes, with blank runs erased by ECH
and style changes that change nothing left out.

Every rewrite keeps the screen cell for cell and the cursor where it was, on a terminal that
erases with the current background (bce); `tracker.ui.driver` says when to trust that. Where a
sequence is not understood, the style is taken as unknown and nothing near it is rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

TOKEN = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # a control sequence (CSI)
    r"|\x1b[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\)"  # a string (OSC, DCS…) with its end
    r"|\x1b[\[\]P^_X][\s\S]*"  # one cut short: the rest of the chunk is left as it is
    r"|\x1b[\s\S]?"  # any other escape
    r"|[\x00-\x1f\x7f]"  # one control character
    r"|[^\x00-\x1f\x7f\x1b]+"  # text
)
SGR = re.compile(r"\x1b\[([0-9;]*)m\Z")
CUP = re.compile(r"\x1b\[[0-9;]*[Hf]\Z")
# Sequences known to leave the style alone (cursor moves, erases, scroll region); anything else
# (DECRC, DECSTR, the alternate screen's save and restore…) may restore an older style.
STYLE_KEPT = re.compile(r"\x1b\[[0-9;]*[ABCDEFGHJKXdfr`]\Z|\x1b\[\?[0-9;]*[hl]\Z")
RUN = re.compile(r" {8,}")
NO_BCE_CHANGE = {"1048", "1049", "47", "1047"}
"""Private modes that swap screens and restore a saved cursor, style and all."""


@dataclass(frozen=True)
class Style:
    """What SGR has set: the attributes a blank cell or a glyph is drawn with."""

    flags: frozenset[int] = frozenset()
    """The SGR numbers of the attributes on (1 bold, 2 dim, 3 italic, 4 underline, 7 reverse…)."""
    fg: str = ""
    """The foreground colour as SGR spelt it ("" the default)."""
    bg: str = ""
    """The background colour as SGR spelt it ("" the default)."""
    ul: str = ""
    """The underline colour (SGR 58) as spelt ("" the default)."""


PLAIN = Style()
OFF = {22: (1, 2), 23: (3,), 24: (4,), 25: (5, 6), 27: (7,), 28: (8,), 29: (9,), 55: (53,)}
"""The SGR numbers that turn attributes off, and which."""
# Not 21: a double underline on most terminals, bold off on older Linux consoles (not known).
ON = {1, 2, 3, 4, 5, 6, 7, 8, 9, 53}
# A blank cell shows these (a line, a swapped colour): ECH, which erases with the background
# only, would not draw them.
SHOWN_ON_BLANK = {4, 7, 9, 53}


def _colour(params: list[int], i: int) -> tuple[str, int] | None:
    """The colour at params[i] (38/48/58 and what follows), and where the next one starts."""
    if i + 1 < len(params) and params[i + 1] == 5 and i + 2 < len(params):
        return f"5;{params[i + 2]}", i + 3
    if i + 1 < len(params) and params[i + 1] == 2 and i + 4 < len(params):
        return ";".join(map(str, params[i + 1:i + 5])), i + 5
    return None


def _coloured(style: Style, tens: int, colour: str) -> Style:
    """The style with its foreground (3x), background (4x) or underline colour (5x) set."""
    if tens == 3:
        return replace(style, fg=colour)
    return replace(style, bg=colour) if tens == 4 else replace(style, ul=colour)


def apply_sgr(style: Style | None, text: str) -> Style | None:
    """The style after the SGR with these parameters; None when it cannot be known."""
    params = [int(p) if p else 0 for p in text.split(";")]
    i = 0
    while i < len(params):
        p = params[i]
        if p == 0:
            style = PLAIN
        elif style is None:
            pass  # an unknown style stays unknown until a reset
        elif p in ON:
            style = replace(style, flags=style.flags | {p})
        elif p in OFF:
            style = replace(style, flags=style.flags - set(OFF[p]))
        elif 30 <= p <= 37 or 90 <= p <= 97:
            style = replace(style, fg=str(p))
        elif 40 <= p <= 47 or 100 <= p <= 107:
            style = replace(style, bg=str(p))
        elif p in (39, 49, 59):
            style = _coloured(style, p // 10, "")
        elif p in (38, 48, 58):
            found = _colour(params, i)
            if found is None:
                return None
            colour, i = found
            style = _coloured(style, p // 10, colour)
            continue
        else:
            return None
        i += 1
    return style


def _style_after(style: Style | None, token: str) -> Style | None:
    """The style after a token that is not an SGR."""
    if not token.startswith("\x1b"):
        return style
    if token.startswith("\x1b[?") and set(re.findall(r"\d+", token)) & NO_BCE_CHANGE:
        return None
    return style if STYLE_KEPT.match(token) else None


def _delta(before: Style, after: Style) -> str:
    """One SGR taking `before` to `after`, without a reset."""
    params: list[str] = []
    lost = before.flags - after.flags
    kept = set(before.flags)
    for code, targets in OFF.items():
        if lost & set(targets):
            params.append(str(code))
            kept -= set(targets)
    params += [str(f) for f in sorted(after.flags - kept)]
    for value, old, base, default in ((after.fg, before.fg, "38", "39"), (after.bg, before.bg, "48", "49"),
                                      (after.ul, before.ul, "58", "59")):
        if value != old:
            params.append(default if not value else f"{base};{value}" if ";" in value else value)
    return f"\x1b[{';'.join(params)}m"


def _shortest(run: list[str], before: Style | None, after: Style | None) -> list[str]:
    """The SGR run, or a shorter one proven to leave the very same style (nothing if unchanged)."""
    if after is None:
        return run
    if before is not None and after == before:
        return []
    # After the last reset, what came before it in the run no longer counts.
    last = max((i for i, t in enumerate(run) if re.match(r"\x1b\[(0?[;m])", t)), default=0)
    choices = [run, run[last:]]
    if before is not None:
        delta = _delta(before, after)
        if apply_sgr(before, delta[2:-1]) == after:
            choices.append([delta])
    return min(choices, key=lambda c: sum(map(len, c)))


def _row_after(row: int | None, token: str) -> int | None:
    """The cursor's row after a token that is not a line feed (None: not known)."""
    if CUP.match(token):
        first = token[2:-1].split(";", maxsplit=1)[0]
        return int(first) - 1 if first else 0
    if token.startswith("\x1b[?") and set(re.findall(r"\d+", token)) & NO_BCE_CHANGE:
        return None  # a cursor saved with another screen may come back
    if token == "\r" or is_text(token) or SGR.match(token):
        return row  # text never passes the right margin, so it never moves the cursor down
    if STYLE_KEPT.match(token) and token[-1] not in "ABEFdr":
        return row  # a move along the row, an erase, a mode
    return None


def _without_idle_feeds(tokens: list[str], rows: int | None) -> list[str]:
    """The tokens without line feeds that a cursor move overrides at once, where the feed is
    proven not to scroll (the cursor's row is known and above the last)."""
    out: list[str] = []
    row: int | None = None
    for i, token in enumerate(tokens):
        if token == "\n":
            if row is not None and rows is not None and row < rows - 1 and i + 1 < len(tokens) \
                    and CUP.match(tokens[i + 1]):
                continue
            row = None if row is None else row + 1
        else:
            row = _row_after(row, token)
        out.append(token)
    return out


def _drop_idle_sgr(tokens: list[str]) -> list[tuple[str, Style | None]]:
    """The tokens, each with the style it is drawn in, every run of SGRs (with any cursor moves
    among them, which style does not touch) cut to the shortest that leaves the same style."""
    out: list[tuple[str, Style | None]] = []
    style: Style | None = None
    pending: list[str] = []
    moves: list[str] = []
    before: Style | None = None
    for token in tokens:
        sgr = SGR.match(token)
        if sgr:
            if not pending:
                before = style
            pending.append(token)
            style = apply_sgr(style, sgr.group(1))
            continue
        if pending and CUP.match(token):
            moves.append(token)  # the SGRs are written after it: the same cells, fewer bytes
            continue
        out.extend((t, style) for t in moves + _shortest(pending, before, style))
        pending, moves = [], []
        style = _style_after(style, token)
        out.append((token, style))
    out.extend((t, style) for t in moves + _shortest(pending, before, style))
    return out


def _erase(n: int, then: str) -> str:
    """n blanks as ECH; the cursor moved after them unless an absolute move or CR follows.

    The last blank is still written, so a run that ends at the right margin leaves the cursor
    waiting to wrap exactly as the blanks did.
    """
    if CUP.match(then) or then == "\r":
        return f"\x1b[{n}X"
    return f"\x1b[{n}X\x1b[{n - 1}C "


def _text(text: str, style: Style | None, then: str) -> str:
    """Text with its long blank runs erased where the style lets ECH draw them alike."""
    if style is None or style.flags & SHOWN_ON_BLANK or "        " not in text:
        return text

    def shorter(match: re.Match[str]) -> str:
        n = len(match.group())
        after = then if match.end() == len(text) else "x"
        erased = _erase(n, after)
        return erased if len(erased) < n else match.group()

    return RUN.sub(shorter, text)


def is_text(token: str) -> bool:
    """Whether a token is printed text (not an escape or a control character)."""
    return token[0] != "\x1b" and token[0] >= " " and token[0] != "\x7f"


def fewer_bytes(chunk: str, rows: int | None = None) -> str:
    """What to write instead of `chunk`: the same screen, cursor and style, in fewer bytes.

    `rows` is the terminal's height (None: not known, and every line feed is kept). Assumes what
    Textual guarantees: no text runs past the right margin (each line is cut to the width, and
    the next starts with a cursor move).
    """
    tokens = _drop_idle_sgr(_without_idle_feeds(TOKEN.findall(chunk), rows))
    parts: list[str] = []
    i = 0
    while i < len(tokens):
        token, style = tokens[i]
        if not is_text(token):
            parts.append(token)
            i += 1
            continue
        # Text joined across the SGR runs that were dropped: it is drawn in one style.
        j = i
        while j < len(tokens) and is_text(tokens[j][0]):
            j += 1
        text = "".join(t for t, _ in tokens[i:j])
        then = tokens[j][0] if j < len(tokens) else ""
        parts.append(_text(text, style, then))
        i = j
    return "".join(parts)
