"""Read a deal file into the model, or say exactly where and why it is wrong."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import tomli
from pydantic import BaseModel, ValidationError

from tracker.checks import cross_check
from tracker.errors import FileError, Problem, TrackerError
from tracker.locate import Path as KeyPath
from tracker.locate import LazyPositions, Position, key_name, nearest
from tracker.model import DealFile
from tracker.safe import printable

MAX_BYTES = 64 * 1024 * 1024
"""Larger files are refused up front rather than parsed slowly into memory."""

_CONFLICT = ("<<<<<<< ", "<<<<<<<\n", ">>>>>>> ", "|||||||")


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
        raise TrackerError([Problem(name, None, None, "", "the file is empty; it needs a [deal] table")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise FileError(name, "holds a NUL byte: it is binary, not a TOML text file", line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FileError(name, f"is not UTF-8 text (byte {error.start + 1} is invalid)", line) from None
    return text.removeprefix("\ufeff")


def parse(raw: bytes, name: str) -> tuple[DealFile, Mapping[KeyPath, Position]]:
    """Validate the bytes of a deal file; raise TrackerError with every problem found."""
    text = decode(raw, name)
    conflicts = [
        Problem(name, number, 1, "", "an unresolved merge conflict marker; "
                "resolve the conflict (keep one side) and save again")
        for number, line in enumerate(text.splitlines(), 1)
        if line.startswith(_CONFLICT) or line.rstrip() == "======="
    ]
    if conflicts:
        raise TrackerError(conflicts)
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = getattr(error, "msg", str(error))
        line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
        raise TrackerError([Problem(name, line, column, "", f"not valid TOML: {message}")]) from None
    except RecursionError:
        raise TrackerError([Problem(name, None, None, "", "nested too deeply to read")]) from None
    positions = LazyPositions(text)
    try:
        deal = DealFile.model_validate(data)
    except ValidationError as error:
        problems = [_schema_problem(name, positions, item) for item in error.errors()]
        raise TrackerError(sorted(problems, key=_order)) from None
    problems = cross_check(deal, name, positions)
    if problems:
        raise TrackerError(sorted(problems, key=_order))
    return deal, positions


def load(path: Path | str) -> Loaded:
    """Read and validate the deal file at `path`."""
    path = Path(path)
    raw = read(path)
    deal, positions = parse(raw, str(path))
    return Loaded(deal, path, raw, positions)


def _order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _schema_problem(name: str, positions: Mapping[KeyPath, Position], item: Any) -> Problem:
    loc: KeyPath = tuple(p for p in item["loc"] if isinstance(p, int) or "[" not in p)
    line, column = nearest(positions, loc) or (None, None)
    found = item.get("input")
    kind = item["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        message = f"unknown key {printable(key)!s}"
        hint = difflib.get_close_matches(key, _field_names(loc[:-1]), n=1)
        message += f"; did you mean {hint[0]!r}?" if hint else ""
        allowed = ", ".join(sorted(_field_names(loc[:-1])))
        message += f" (allowed here: {allowed})" if allowed else ""
    elif kind == "missing":
        message = f"missing required key {str(loc[-1])!r}"
    else:
        message = f"expected {_expected(item)}, found {_shown(found)}"
        hint = _enum_hint(loc, found)
        message += f"; did you mean {hint!r}?" if hint else ""
    return Problem(name, line, column, key_name(loc), message)


def _expected(item: Any) -> str:
    text = str(item["msg"])
    for prefix in ("Input should be ", "Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    return text


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
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
