"""Read a deal file into the model, or say exactly where and why it is wrong."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import tomli
from pydantic import ValidationError

from tracker.checks import cross_check
from tracker.collector import paused
from tracker.errors import FileError, Problem, TrackerError
from tracker.locate import KeyPath, LazyPositions, Position, key_name, statement_at, too_deep
from tracker.messages import look_alikes, schema_problems
from tracker.model import DealFile, Update
from tracker.partial import valid_parts
from tracker.safe import printable
from tracker.terms import Kind

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
    window: int | None = None
    """The at-risk window of the user's settings, in force when `[deal]` sets none; kept
    across reloads (None: no setting, the model's default of 30 days)."""

    @property
    def window_from(self) -> str:
        """Where the at-risk window in force comes from: `file`, `settings` or `default`."""
        if "at_risk_days" in self.deal.deal.model_fields_set:
            return "file"
        return "settings" if self.window is not None else "default"

    def line_of(self, milestone_id: str) -> int:
        """The line where a milestone is written (1 if it cannot be found)."""
        for index, milestone in enumerate(self.deal.milestones):
            if milestone.id == milestone_id:
                return self.positions.get(("milestones", index), (1, 1))[0]
        return 1


def read(path: Path) -> bytes:
    """The file's bytes, or a FileError that says in plain words why not.

    Only a regular file is read, and never more than MAX_BYTES of it: a FIFO would block
    every command for ever and a device such as /dev/zero never ends. The file is opened
    without blocking (opening a FIFO waits for a writer) and looked at through the open
    descriptor, so a file swapped for a FIFO between the look and the read is caught too.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise FileError(name, "no such file") from None
    except PermissionError:
        raise FileError(name, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise FileError(name, f"cannot be read: {error.strerror or error}") from None
    try:
        return _read_regular(fd, name)
    except OSError as error:
        raise FileError(name, f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(fd)


def _read_regular(fd: int, name: str) -> bytes:
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise FileError(name, "is a directory, not a deal file")
    if not stat.S_ISREG(info.st_mode):
        raise FileError(name, f"is {_file_kind(info.st_mode)}, not a regular file; "
                        "only a regular file is read as a deal file")
    limit = MAX_BYTES // (1024 * 1024)
    if info.st_size > MAX_BYTES:
        raise FileError(name, f"is {info.st_size:,} bytes; deal files over {limit} MiB are refused")
    chunks, size = [], 0
    while chunk := os.read(fd, min(1 << 20, MAX_BYTES + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:  # it grew while being read
            raise FileError(name, f"grew past {limit} MiB while being read; deal files over "
                            f"{limit} MiB are refused")
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    """`a FIFO (named pipe)`, `a character device`, ...: what a non-regular file is."""
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((words for test, words in kinds if test(mode)), "not a regular file")


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


@paused()  # a third of a 10,000-milestone parse was cycle-collector scans
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
    except ValueError:  # Python refuses to turn more than 4,300 digits into an int
        raise TrackerError([_too_many_digits(name, text)]) from None
    except RecursionError:
        line, column = too_deep(text, MAX_DEPTH) or (1, 1)
        message = f"brackets nest more than {MAX_DEPTH} deep here; a deal file needs a few levels"
        raise TrackerError([Problem(name, line, column, "", message)]) from None
    positions = LazyPositions(text)
    try:
        deal = DealFile.model_validate(data)
    except ValidationError as error:
        problems = schema_problems(name, positions, error, data)
        # Every problem at once: the cross-checks too, on the records that did validate.
        deal, origin, also_known = valid_parts(data)
        problems += cross_check(deal, name, positions, origin, also_known)
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


def windowed(loaded: Loaded, days: int | None) -> Loaded:
    """`loaded` with the settings' at-risk window in force where its `[deal]` sets none.

    The file's own `at_risk_days` always wins, so a shared file reads the same for every
    colleague. The window is set without counting as set by the file (`model_fields_set`
    still says what the file holds), which is how `window_from` tells the two apart."""
    if days is None:
        return replace(loaded, window=None) if loaded.window is not None else loaded
    deal = loaded.deal
    if "at_risk_days" not in deal.deal.model_fields_set and deal.deal.at_risk_days != days:
        head = type(deal.deal).model_construct(deal.deal.model_fields_set,
                                               **{**dict(deal.deal), "at_risk_days": days})
        deal = deal.model_copy(update={"deal": head})
    return replace(loaded, deal=deal, window=days)


def reload(loaded: Loaded, raw: bytes) -> Loaded:
    """`loaded`'s file read again as `raw`, as `parse` would make it, but cheaply when the
    file only grew by `[[updates]]` tables: then only they are parsed and checked.

    Anything else (an edit above the end, other tables, any problem at all) gets the full
    parse, so messages and their line numbers are exactly those of a fresh load.
    """
    name = str(loaded.path)
    deal = _appended(loaded.deal, loaded.raw, raw, name)
    if deal is None:
        deal, positions = parse(raw, name)
        return windowed(Loaded(deal, loaded.path, raw, positions), loaded.window)
    return windowed(Loaded(deal, loaded.path, raw, LazyPositions(decode(raw, name))), loaded.window)


def _appended(old: DealFile, before: bytes, raw: bytes, name: str) -> DealFile | None:
    """`old` with the updates `raw` appends to `before`; None if in doubt."""
    chunk = _last_update_onwards(before, raw) if old.updates else None
    if chunk is None or b"\x00" in chunk or b"<<<<<<<" in chunk or b">>>>>>>" in chunk:
        return None
    try:
        data = tomli.loads(chunk.decode("utf-8"))
        tables = data.pop("updates")
        updates = tuple(Update.model_validate(table) for table in tables)
    except (UnicodeDecodeError, ValueError, RecursionError, KeyError, TypeError, ValidationError):
        # ValueError: a TOML syntax error, or more digits than Python turns into an int.
        return None
    # The chunk must open with the last update already loaded: then `updates` is an array
    # of tables that the tail extends, and nothing else in the file is touched.
    if data or not updates or updates[0] != old.updates[-1]:
        return None
    deal = old.model_copy(update={"updates": old.updates + updates[1:]})
    if cross_check(_touched(deal, updates[1:]), name, {}):
        return None
    return deal


def _last_update_onwards(before: bytes, raw: bytes) -> bytes | None:
    """`raw` from the last `[[updates]]` header of `before`, if `raw` only adds to `before`."""
    if len(raw) <= len(before) or not raw.startswith(before):
        return None
    at = before.rfind(b"[[updates]]")
    start = before.rfind(b"\n", 0, at) + 1
    if at < 0 or before[start:at].strip(b" \t"):
        return None
    return raw[start:]


def _touched(deal: DealFile, new: tuple[Update, ...]) -> DealFile:
    """The part of `deal` that new updates can break a rule in: every party, source and
    milestone, with the updates of the milestones they are about and of the signings
    (which date the deal). The rest was valid before and is unchanged, so `cross_check`
    on this finds exactly what it would find on the whole file."""
    about = {u.milestone for u in new} | {m.id for m in deal.milestones if m.kind is Kind.signing}
    return deal.model_copy(update={"updates": tuple(u for u in deal.updates if u.milestone in about)})


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


_LONG_NUMBER = re.compile(r"(?<=[=\[,{])[ \t]*[+-]?[0-9][0-9_]{4300,}")


def _too_many_digits(name: str, text: str) -> Problem:
    """Where a whole number too long for Python to read stands, and what to write instead."""
    found = _LONG_NUMBER.search(text)
    at = found.start() + len(found.group()) - len(found.group().lstrip(" \t")) if found else 0
    line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    path = statement_at(text, line) if found else None
    digits = sum(c.isdigit() for c in found.group()) if found else 0
    message = (f"expected a whole number no more than {10**12:,}, found a number of "
               f"{digits:,} digits" if found else "a number is too long to read")
    return Problem(name, line, column, key_name(path) if path else "", message)


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
    elif message.startswith("Expected '='") and not source.split("=")[0].isascii():
        message += look_alikes(source.split("=")[0].strip())  # bare keys are plain ASCII
    elif message.startswith("Cannot overwrite"):
        message += " (this key is already set above in the same table)"
    elif message.startswith("Cannot declare") and path:
        table = ".".join(part for part in path if isinstance(part, str))
        message = (f"Cannot declare [{table}] twice (it is already defined above, "
                   "as a [table] or as `key = {...}`)")
    return Problem(name, line, column, key_name(path) if path else "", f"not valid TOML: {message}")
