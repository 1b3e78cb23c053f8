"""Where each key and value of a TOML document stands, by line and column.

`tomli` gives positions only for syntax errors; schema errors need the place of
a key such as `milestones[3].plan.batch`. This scanner runs only on text that
`tomli` already accepted, so it can be forgiving about what it does not need.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from tracker.lexer import Lexer
from tracker.safe import SHOWN, shortened

KeyPath = tuple[str | int, ...]
"""Where a value sits in the file: its keys and array indices (`milestones`, 3, `party`)."""
Position = tuple[int, int]

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR = re.compile(r"[^,\]}\n#]*+")
_SIMPLE_LINE = re.compile(r"""([A-Za-z0-9_-]++)[ \t]*+=[ \t]*+("(?:[^"\\\n]++|\\[^\n])*+"(?!")|'[^'\n]*+'(?!')"""
                          r"""|[^\s,\]}#\[{"']++)[ \t]*+(?:#[^\n]*+)?(?:\n|\Z)""")


class _Scanner(Lexer):
    """The structure of the document: tables, keys and values, each placed as it is read."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.found: dict[KeyPath, Position] = {}
        self.values: dict[KeyPath, Position] = {}
        self.array_len: dict[KeyPath, int] = {}

    def resolve(self, keys: list[str]) -> KeyPath:
        """Turn a dotted table name into a path, indexing arrays of tables."""
        path: KeyPath = ()
        for key in keys:
            path = path + (key,)
            if path in self.array_len:
                path = path + (self.array_len[path] - 1,)
        return path

    def header(self) -> KeyPath:
        start = self.here()
        is_array = self.peek(2) == "[["
        self.advance(2 if is_array else 1)
        keys = self.key()
        self.advance(2 if is_array else 1)
        if not is_array:
            path = self.resolve(keys)
            self.found.setdefault(path, start)
            return path
        parent = self.resolve(keys[:-1]) + (keys[-1],)
        index = self.array_len.get(parent, 0)
        self.array_len[parent] = index + 1
        self.found.setdefault(parent, start)
        self.found[parent + (index,)] = start
        return parent + (index,)

    def key_value(self, table: KeyPath) -> KeyPath:
        start = self.here()
        keys = self.key()
        path = table + tuple(keys)
        self.found[path] = start
        self.advance()  # the "="
        self.skip_blank(newlines=False)
        self.values[path] = self.here()
        self.value(path)
        return path

    def value(self, path: KeyPath) -> None:
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "{":
            self.advance()
            self._items("}", lambda index: self.key_value(path))
        elif char == "[":
            self.advance()
            self._items("]", lambda index: self._item(path + (index,)))
        else:
            self.pos = _SCALAR.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def _items(self, close: str, read: Callable[[int], object]) -> None:
        """The items of an inline table or an array, after its opening bracket and up to
        `close`: `read` places each one, given its index."""
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() in (close, ""):
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            before = self.pos
            read(index)
            self._unstick(before)
            index += 1

    def _item(self, path: KeyPath) -> None:
        """One item of an array: placed like a key, then read as a value."""
        self.found[path] = self.values[path] = self.here()
        self.value(path)

    def _unstick(self, before: int) -> None:
        # Only broken text (the line of a syntax error) can stall a loop; step over it.
        if self.pos == before:
            self.advance()

    def statements(self) -> Iterator[tuple[int, KeyPath]]:
        """Each table header and key/value line: the line it starts on and its key path."""
        table: KeyPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return
            line = self.line
            if self.peek() == "[":
                table = self.header()
                yield line, table
            elif (simple := _SIMPLE_LINE.match(self.text, self.pos)) is not None:
                yield line, self._simple(table, simple)
            else:
                yield line, self.key_value(table)

    def _simple(self, table: KeyPath, found: re.Match[str]) -> KeyPath:
        """`key = "text"` or `key = 12` on a line of its own (most lines of a deal file),
        placed with one regular expression instead of a walk through the line."""
        path = table + (found.group(1),)
        self.found[path] = (self.line, self.pos - self.line_start + 1)
        self.values[path] = (self.line, found.start(2) - self.line_start + 1)
        self.pos = found.end()
        if self.text.endswith("\n", 0, self.pos):
            self.line += 1
            self.line_start = self.pos
        return path

    def run(self) -> dict[KeyPath, Position]:
        try:
            for _ in self.statements():
                pass
        except RecursionError:
            pass  # nesting meant to exhaust the stack: what was found before it still holds
        return self.found


def locate(text: str) -> dict[KeyPath, Position]:
    """Map every key path in `text` (valid TOML) to the line and column where it starts."""
    return _Scanner(text).run()


def statement_at(text: str, line: int) -> KeyPath | None:
    """The key path of the statement that `line` belongs to, in text that may be broken.

    A syntax error from tomli has a line but no key; the text before that line was
    valid, so scanning up to it tells which table and key the line is in.
    """
    found: KeyPath | None = None
    last = 0
    scanner = _Scanner(text)
    try:
        for start, path in scanner.statements():
            if start > line:
                break
            if start > last:  # later "statements" on one line are debris of the error
                found, last = path, start
    except RecursionError:
        pass
    return found


def too_deep(text: str, limit: int) -> Position | None:
    """Where brackets first nest deeper than `limit`, found without recursion."""
    scanner = Lexer(text)  # strings and comments only: brackets in them do not nest
    depth = 0
    while scanner.pos < len(text):
        char = scanner.peek()
        if char in "\"'":
            scanner.string()
            continue
        if char in "[{":
            depth += 1
            if depth > limit:
                return scanner.here()
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif char == "#":
            scanner.skip_blank(newlines=False)
            continue
        scanner.advance()
    return None


class LazyPositions(Mapping[KeyPath, Position]):
    """Positions worked out only when first asked for, and only as far into the text as
    the question needs: a valid file never pays for them, and the problems of a large
    file (asked for in file order) are placed in one pass that stops at the last one."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._scanner: _Scanner | None = None
        self._steps: Iterator[tuple[int, KeyPath]] | None = None

    def _until(self, ready: Callable[[_Scanner], bool]) -> _Scanner:
        """The scanner, run on until `ready` holds or the text ends. In valid TOML a key is
        written once, so a position found never changes as the scan goes on."""
        if self._scanner is None:
            self._scanner = _Scanner(self._text)
            self._steps = self._scanner.statements()
        while self._steps is not None and not ready(self._scanner):
            try:
                for _ in range(2000):
                    next(self._steps)
            except (StopIteration, RecursionError):  # the end, or nesting meant to exhaust the stack
                self._steps = None
        return self._scanner

    def value(self, path: KeyPath) -> Position | None:
        """Where the value of `path` starts (after the `=`), if it was written as a value."""
        return self._until(lambda scanner: path in scanner.values).values.get(path)

    def __getitem__(self, key: KeyPath) -> Position:
        return self._until(lambda scanner: key in scanner.found).found[key]

    def __iter__(self) -> Iterator[KeyPath]:
        return iter(self._until(lambda scanner: False).found)

    def __len__(self) -> int:
        return len(self._until(lambda scanner: False).found)


def nearest(found: Mapping[KeyPath, Position], path: KeyPath) -> Position | None:
    """The position of `path`, or of its closest ancestor that was written down."""
    for end in range(len(path), 0, -1):
        if path[:end] in found:
            return found[path[:end]]
    return None


def key_name(path: KeyPath) -> str:
    """`milestones[3].plan.batch` from ("milestones", 3, "plan", "batch")."""
    text = ""
    for part in path:
        if isinstance(part, str) and not (part and set(part) <= _BARE):
            # Quoted as in TOML, escaped and cut: a key can be a control sequence, or 10 MB long.
            part = '"' + shortened(part).replace('"', '\\"') + '"'
        elif isinstance(part, str) and len(part) > SHOWN:
            part = shortened(part)
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
