"""Reading TOML text a token at a time: blanks and comments, strings, dotted keys, and
the line and column where the reading stands.

The token level of `tracker.locate`, which walks tables and values with it. Like the
scanner, it runs on text `tomli` accepted (or on the valid part before a syntax error),
so it skips what it does not need rather than checking it.
"""

from __future__ import annotations

import re

_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b", '"': '"', "\\": "\\"}
# Runs are taken whole (`++`, `*+`): a 10 MB string must not leave a backtracking
# stack of 10 million entries behind it (it cost 1.6 GB).
_BLANK = re.compile(r"(?:[ \t\r]++|#[^\n]*+)*+")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
_BASIC = re.compile(r'(?:[^"\\\n]++|\\[^\n]?)*+')
_LITERAL = re.compile(r"[^'\n]*+")
_MULTI_BASIC = re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+', re.DOTALL)
_MULTI_LITERAL = re.compile(r"(?:[^']++|'(?!''))*+")
_BARE_RUN = re.compile(r"[A-Za-z0-9_-]*+")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)")


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16)) if int(code[1:], 16) < 0x110000 else code
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(one, text)


class Lexer:
    """A position in `text` (offset, line, start of the line) and the tokens read from it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0

    def here(self) -> tuple[int, int]:
        """The line and column (both from 1) of the next character."""
        return (self.line, self.pos - self.line_start + 1)

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def advance(self, n: int = 1) -> None:
        # Counted on the slice, not a character at a time: a 10 MB string is one step.
        end = self.pos + n
        lines = self.text.count("\n", self.pos, end)
        if lines:
            self.line += lines
            self.line_start = self.text.rfind("\n", self.pos, end) + 1
        self.pos = end

    def skip_blank(self, newlines: bool) -> None:
        found = (_BLANK_LINES if newlines else _BLANK).match(self.text, self.pos)
        end = found.end() if found else self.pos
        if newlines and end > self.pos:
            self.advance(end - self.pos)
        else:
            self.pos = end

    def string(self) -> str:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.advance(3)
            start = self.pos
            found = (_MULTI_BASIC if quote == '"' else _MULTI_LITERAL).match(self.text, self.pos)
            self.advance((found.end() if found else len(self.text)) - self.pos)
            # A multi-line string may end with up to two extra quotes before the closing three.
            while self.peek(4) == quote * 4:
                self.advance()
            value = self.text[start : self.pos]
            self.advance(3)
            return value
        self.advance()
        found = (_BASIC if quote == '"' else _LITERAL).match(self.text, self.pos)
        end = found.end() if found else self.pos
        text = self.text[self.pos : end]
        self.pos = end  # a one-line string holds no newline
        self.advance()
        # A quoted key such as "\u001b" must match the key tomli decoded.
        return _unescape(text) if quote == '"' and "\\" in text else text

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in ('"', "'"):
                parts.append(self.string())
            else:
                start = self.pos
                self.pos = _BARE_RUN.match(self.text, self.pos).end()  # type: ignore[union-attr]
                parts.append(self.text[start : self.pos])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()
