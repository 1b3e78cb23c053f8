"""Read a deal file into the model, or say exactly where and why it is wrong."""

from __future__ import annotations

import difflib
import re
import types
import typing
import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time
from enum import Enum
from pathlib import Path
from typing import Any

import tomli
from pydantic import BaseModel, ValidationError

from tracker.checks import cross_check
from tracker.errors import FileError, Problem, TrackerError
from tracker.locate import Path as KeyPath
from tracker.locate import LazyPositions, Position, key_name, nearest, statement_at, too_deep
from tracker.model import DealFile
from tracker.safe import printable

MAX_BYTES = 64 * 1024 * 1024
"""Larger files are refused up front rather than parsed slowly into memory."""

MAX_DEPTH = 50
"""Deal files nest a few levels; past this, brackets are an attack or an accident."""


@dataclass(frozen=True)
class Loaded:
    """A valid deal file with what the tracker needs to show and write it."""

    deal: DealFile
    path: Path
    raw: bytes
    """The file's bytes exactly as read, to detect a change before writing."""
    positions: Mapping[KeyPath, Position] = field(repr=False)
    """Where each key stands, for the editor key and for messages."""

    def line_of(self, milestone_id: str) -> int:
        """The line where a milestone is written (1 if it cannot be found)."""
        for index, milestone in enumerate(self.deal.milestones):
            if milestone.id == milestone_id:
                return self.positions.get(("milestones", index), (1, 1))[0]
        return 1


def read(path: Path) -> bytes:
    """The file's bytes, or a FileError that says in plain words why not."""
    name = str(path)
    try:
        if path.is_dir():
            raise FileError(name, "is a directory, not a deal file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            limit = MAX_BYTES // (1024 * 1024)
            raise FileError(name, f"is {size:,} bytes; deal files over {limit} MiB are refused")
        return path.read_bytes()
    except FileNotFoundError:
        raise FileError(name, "no such file") from None
    except PermissionError:
        raise FileError(name, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise FileError(name, f"cannot be read: {error.strerror or error}") from None


def decode(raw: bytes, name: str) -> str:
    """The text of a deal file: UTF-8, with a byte-order mark tolerated."""
    if not raw.strip():
        raise TrackerError([Problem(name, 1, 1, "", "the file is empty; it needs a [deal] table")])
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise FileError(name, "holds a NUL byte: it is binary, not a TOML text file", *_place(raw, at))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start + 1} is invalid); save it as UTF-8"
        raise FileError(name, message, *_place(raw, error.start)) from None
    return text.removeprefix("\ufeff")


def _place(raw: bytes, at: int) -> tuple[int, int]:
    """Line and column (in bytes) of byte offset `at`."""
    return raw.count(b"\n", 0, at) + 1, at - (raw.rfind(b"\n", 0, at) + 1) + 1


def parse(raw: bytes, name: str) -> tuple[DealFile, Mapping[KeyPath, Position]]:
    """Validate the bytes of a deal file; raise TrackerError with every problem found."""
    text = decode(raw, name)
    conflicts = _conflicts(name, text)
    if conflicts:
        raise TrackerError(conflicts)
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise TrackerError([_syntax_problem(name, text, error)]) from None
    except RecursionError:
        line, column = too_deep(text, MAX_DEPTH) or (1, 1)
        message = f"brackets nest more than {MAX_DEPTH} deep here; a deal file needs a few levels"
        raise TrackerError([Problem(name, line, column, "", message)]) from None
    positions = LazyPositions(text)
    try:
        deal = DealFile.model_validate(data)
    except ValidationError as error:
        problems = _schema_problems(name, positions, error, data)
        raise TrackerError(sorted(problems, key=_order)) from None
    problems = cross_check(deal, name, positions)
    if problems:
        raise TrackerError(sorted(problems, key=_order))
    return deal, positions


def load(path: Path | str) -> Loaded:
    """Read and validate the deal file at `path`."""
    path = Path(path)
    raw = read(path)
    with _collector_paused():
        deal, positions = parse(raw, str(path))
    gc.freeze()  # the deal lives on; rescanning its million objects cost a third of a large load
    return Loaded(deal, path, raw, positions)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cycle collection while parsing: every object made survives, so scans are wasted."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _conflicts(name: str, text: str) -> list[Problem]:
    """One problem per block of git conflict markers (<<<<<<< ... ======= ... >>>>>>>)."""
    blocks: list[list[int]] = []
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []
    # Split on "\n" only: TOML lines end there, whatever other separators a string holds.
    for number, line in enumerate(text.split("\n"), 1):
        mark = line[:7] if line[7:8] in ("", " ", "\r") else ""
        if mark == "<" * 7 or (mark == ">" * 7 and not (blocks and len(blocks[-1]) == 1)):
            blocks.append([number])
        elif mark == ">" * 7:
            blocks[-1].append(number)
    return [Problem(name, block[0], 1, "", "a git merge conflict was left in the file "
                    f"(marker line{'s' * (len(block) > 1)} {'-'.join(map(str, block))}): keep the lines you want, "
                    "delete the <<<<<<<, ======= and >>>>>>> lines, and save again")
            for block in blocks]


def _syntax_problem(name: str, text: str, error: tomli.TOMLDecodeError) -> Problem:
    message = str(getattr(error, "msg", error))
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    path = statement_at(text, line) if line else None
    lines = text.split("\n")
    source = lines[line - 1] if line and line <= len(lines) else ""
    before, near = source[: (column or 1) - 1], source[(column or 1) - 1 :]
    if message.startswith("Invalid date") and near.split():
        message += f" ({printable(near.split()[0])} is not a real date)"
    elif message.startswith("Expected newline") and near[:1] == "," and before[-1:].isdigit():
        message += " (write numbers without commas: 1500 or 1_500)"
    elif message == "Illegal character '\\n'" or message == "Unterminated string":
        message += " (a string is not closed: is a quote missing?)"
    elif message.startswith("Cannot overwrite"):
        message += " (this key is already set above in the same table)"
    elif message.startswith("Cannot declare") and path:
        table = ".".join(part for part in path if isinstance(part, str))
        message = (f"Cannot declare [{table}] twice (it is already defined above, "
                   "as a [table] or as `key = {...}`)")
    return Problem(name, line, column, key_name(path) if path else "", f"not valid TOML: {message}")


def _schema_problems(name: str, positions: LazyPositions, error: ValidationError,
                     data: dict[str, Any]) -> list[Problem]:
    items = [dict(item, loc=_user_path(item["loc"], data)) for item in error.errors()]
    # A misspelt required key is both unknown ('titel') and missing ('title'): say it once.
    meant = {_loc(i)[:-1] + (h,) for i in items if i["type"] == "extra_forbidden"
             for h in [_key_hint(_loc(i))] if h}
    return [_schema_problem(name, positions, item) for item in items
            if not (item["type"] == "missing" and _loc(item) in meant)]


def _loc(item: Any) -> KeyPath:
    return tuple(item["loc"])


_INTERNAL = re.compile(r"^[a-z-]+\[.*\]$")


def _user_path(loc: tuple[Any, ...], data: Any) -> KeyPath:
    """The part of a pydantic location the user wrote, without names like `function-after[...]`."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(part, str) and _INTERNAL.match(part):
            continue
        else:
            node = None
        path.append(part)
    return tuple(path)


def _key_hint(loc: KeyPath) -> str | None:
    hint = difflib.get_close_matches(str(loc[-1]), _field_names(loc[:-1]), n=1)
    return hint[0] if hint else None


def _schema_problem(name: str, positions: LazyPositions, item: Any) -> Problem:
    loc = _loc(item)
    line, column = nearest(positions, loc) or (1, 1)
    found, kind = item.get("input"), item["type"]
    if kind == "extra_forbidden":
        message = f"unknown key '{printable(str(loc[-1]))}'"
        hint = _key_hint(loc)
        allowed = ", ".join(sorted(_field_names(loc[:-1])))
        message += f"; did you mean {hint!r}?" if hint else f" (allowed here: {allowed})"
    elif kind == "missing":
        message = _missing(loc)
    elif kind == "value_error" and isinstance(found, dict):
        message = _expected(item)  # a rule about the whole table, such as "a quantity needs a target"
    else:
        line, column = positions.value(loc) or (line, column)
        message = f"expected {_expected(item)}, found {_shown(found)}"
        hint = _enum_hint(loc, found)
        message += f"; did you mean {hint!r}?" if hint else ""
    return Problem(name, line, column, key_name(loc), message)


def _missing(loc: KeyPath) -> str:
    model = _model_at(loc[:-1])
    info = model.model_fields.get(str(loc[-1])) if model else None
    inner = _inner(info.annotation) if info else None
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return f"missing the [{key_name(loc)}] table"
    if isinstance(inner, type) and issubclass(inner, Enum):
        return f"missing required key {str(loc[-1])!r} (one of {', '.join(m.value for m in inner)})"
    return f"missing required key {str(loc[-1])!r}"


_EXPECTED = {
    "string_type": "a string in quotes",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "date_type": "a date written as YYYY-MM-DD, without quotes",
    "tuple_type": "an array [...]",
    "model_type": "a table",
    "string_pattern_mismatch": "an id of letters, digits, '-', '_' and '.' (at most 64)",
    "string_too_short": "a non-empty string",
}
_BOUNDS = {"le": "a number no more than {:,}", "ge": "a number of at least {:,}",
           "gt": "a number above {:,}", "lt": "a number below {:,}"}


def _expected(item: Any) -> str:
    kind, ctx = item["type"], item.get("ctx", {})
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if kind in ("string_too_long", "too_long"):
        what = "characters" if kind == "string_too_long" else "entries"
        return f"at most {ctx['max_length']:,} {what}"
    for bound, words in _BOUNDS.items():
        if isinstance(ctx.get(bound), int):
            return words.format(ctx[bound])
    text = str(item["msg"])
    for prefix in ("Input should be ", "Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    return text


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (date, time)):
        return value.isoformat()
    shown = printable(repr(value))
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _model_at(loc: KeyPath) -> type[BaseModel] | None:
    model: Any = DealFile
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _inner(info.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner(annotation: Any) -> Any:
    """The record or enum type inside `X | None` or `tuple[X, ...]`."""
    for arg in typing.get_args(annotation) or ():
        if isinstance(arg, type) and issubclass(arg, (BaseModel, Enum)):
            return arg
        found = _inner(arg)
        if found is not None:
            return found
    if isinstance(annotation, types.UnionType):
        return None
    return annotation if isinstance(annotation, type) else None


def _field_names(loc: KeyPath) -> list[str]:
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _enum_hint(loc: KeyPath, found: object) -> str | None:
    if not isinstance(found, str) or not loc or isinstance(loc[-1], int):
        return None
    model = _model_at(loc[:-1])
    info = model.model_fields.get(str(loc[-1])) if model else None
    enum = _inner(info.annotation) if info else None
    if not (isinstance(enum, type) and issubclass(enum, Enum)):
        return None
    hint = difflib.get_close_matches(found, [m.value for m in enum], n=1)
    return hint[0] if hint else None
