"""Make text from a deal file safe to show: every control character made visible.

A title or note could hold ESC, OSC 52 or a carriage return; written raw they would
drive the user's terminal. They are shown escaped (`\\x1b`) instead.
"""

from __future__ import annotations

import unicodedata

_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with control, format and bidi-override characters shown as escapes."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if (keep_newlines and char in "\n\t") or char == " " or (char.isprintable() and char not in _BIDI_CONTROLS):
            out.append(char)
        elif unicodedata.category(char) in ("Zs",):
            out.append(" ")
        else:
            out.append(_escape(char))
    return "".join(out)


SHOWN = 80
"""Characters of a key or value echoed in a message; the rest is cut (a 10 MB key once
made a 21 MB error line)."""


def shortened(text: str, limit: int = SHOWN) -> str:
    """`text` escaped by `printable`, cut to about `limit` characters with "…" and how
    many were left out. Cut before escaping, so the work does not grow with the text."""
    if len(text) <= limit:
        return printable(text)
    return f"{printable(text[:limit])}… ({len(text) - limit:,} more characters)"
