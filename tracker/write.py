"""Record what happened: append one `[[updates]]` table to the deal file, safely.

The user's bytes are never rewritten: the new update is serialised with tomli-w and
appended, so the old file is an exact prefix of the new one. Every write:
- is validated against the whole new file first (only the new tail is parsed when the
  rest is what was loaded: `tracker.load.reload`);
- holds the file against other writers and replaces it without losing their saves,
  keeping its owner, group, mode and extended attributes (`tracker.ondisk`,
  `tracker.swap`);
- refuses (the app) or starts again on the file as it now is (`tracker record`) when
  another writer changed the file meanwhile.
A symlink is followed and kept; a hard link is split by the rename (the other names keep
the old bytes), except for a file written in place (one that is not yours).
A SIGKILL between creating the temp file and the rename leaves a `.NAME.*.tmp` file
behind; later writes delete such files once they are a minute old.
"""

from __future__ import annotations

import argparse
import difflib
import os
import time
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from tracker.errors import Problem, StaleFileError, TrackerError
from tracker.load import Loaded, parse, read, reload, windowed
from tracker.model import Update
from tracker.ondisk import WAIT_SECONDS, Changed, Held, held
from tracker.safe import printable
from tracker.swap import replace
from tracker.terms import Bound, Reported

_KEPT_CHANGING = ("another program kept saving the file while the update was being written, "
                  f"for {WAIT_SECONDS:.0f} s; nothing was written, try again")

_NEW = "the update you are recording"


@dataclass(frozen=True)
class Written:
    """The file after a write, and the exact bytes appended (what undo removes)."""

    loaded: Loaded
    appended: bytes


def make_update(milestone: str, day: date, *, file: str = "", **facts: Any) -> Update:
    """An `Update` from loose values (CLI options, form fields), or a TrackerError per field.

    `facts` are Update's other fields (total, add, status, due, source, note, ...);
    None and "" mean "not given"; `file` names the deal file in messages. Cross-checks
    (known ids, totals, statuses allowed for the kind) are made by `append_update`
    against the whole file.
    """
    data = {k: v for k, v in facts.items() if v is not None and v != ""}
    try:
        return Update.model_validate({"milestone": milestone, "date": day, **data})
    except ValidationError as error:
        raise TrackerError([_field_problem(file, item) for item in error.errors()]) from None


def append_update(loaded: Loaded, update: Update, *, latest: bool = False) -> Written:
    """Append `update` to the file `loaded` was read from; return the new file.

    With `latest=False` (the app, which showed the user `loaded`) the write refuses with
    StaleFileError if the file changed since `loaded.raw` was read. With `latest=True`
    (`tracker record`, which shows nothing before writing) the file is re-read under the
    lock and the update appended to whatever it holds, so racing scripts all land.
    Any problem with the new file is raised as TrackerError; the file is then untouched.
    """
    target, name = _target(loaded)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with held(target, name, patient=latest) as hold:
                current = read(target)
                if current != loaded.raw:
                    if not latest:
                        raise StaleFileError(name)
                    # Other trackers only appended: parse their tail, not the whole file
                    # again. A file broken meanwhile is reported as it is, not blamed on us.
                    loaded = reload(loaded, current)
                separator = _separator(current)
                appended = separator + _serialise(update, _newline(current))
                new = current + appended
                written = _validate(loaded, new, (current + separator).count(b"\n") + 1)
                replace(hold, target, name, new, expected=current)
            return Written(written, appended)
        except Changed:
            # Another program saved meanwhile: start again on its save, while saves come.
            if not latest:
                raise StaleFileError(name) from None
            if time.monotonic() > deadline:
                raise TrackerError([Problem(name, None, None, "", _KEPT_CHANGING)]) from None


def remove_last_update(loaded: Loaded, appended: bytes) -> Loaded:
    """Undo an `append_update`: remove `appended` (its `Written.appended`) from the end.

    Refuses if the file changed since `loaded` was read, or if it no longer ends with
    exactly those bytes (someone added or edited after it): nothing else is ever removed.
    """
    target, name = _target(loaded)
    try:
        with held(target, name, patient=False) as hold:
            return _cut(loaded, hold, target, name, appended)
    except Changed:
        raise StaleFileError(name) from None


def _cut(loaded: Loaded, hold: Held, target: Path, name: str, appended: bytes) -> Loaded:
    current = read(target)
    if current != loaded.raw:
        raise StaleFileError(name)
    if not appended or not current.endswith(appended):
        raise TrackerError([Problem(name, None, None, "", "the file no longer ends with the "
                                    "update recorded here, so it was not removed; edit the "
                                    "file to change it")])
    new = current[: -len(appended)]
    deal, positions = parse(new, name)
    replace(hold, target, name, new, expected=current)
    return windowed(Loaded(deal, loaded.path, new, positions), loaded.window)


def record_from_args(loaded: Loaded, args: argparse.Namespace) -> str:
    """`tracker record`: append the update the options describe; a line to print."""
    update = make_update(args.milestone, args.date, file=str(loaded.path), total=args.total,
                         add=args.add, status=args.status, due=args.due, source=args.source,
                         note=args.note, target=args.target, bound=args.bound)
    append_update(loaded, update, latest=True)
    return f"recorded: {describe(update)}"


def describe(update: Update) -> str:
    """`prisoners-first-1500 total 950 on 2020-05-05 (source report-x)`."""
    status = update.status.value if update.status else None
    facts = (("total", update.total), ("add", update.add), ("status", status), ("due", update.due),
             ("target", update.target))
    what = next((f" {key} {value}" for key, value in facts if value is not None), " note")
    if update.bound is not Bound.exact:
        what += f" ({update.bound.value})"
    source = f" (source {update.source})" if update.source else ""
    return printable(f"{update.milestone}{what} on {update.date.isoformat()}{source}")


def _target(loaded: Loaded) -> tuple[Path, str]:
    # Write through a symlink to the file it names, so the link stays a link.
    return Path(os.path.realpath(loaded.path)), str(loaded.path)


def _serialise(update: Update, newline: bytes) -> bytes:
    # Required keys first, then only what was given, in the schema's order; dates stay dates.
    data = {k: v.value if isinstance(v, Enum) else v
            for k, v in update.model_dump(exclude_defaults=True).items()}
    # Written as a table body under our own header: tomli-w would inline a short array.
    text = "[[updates]]\n" + tomli_w.dumps(data)
    return text.encode("utf-8").replace(b"\n", newline)


def _newline(raw: bytes) -> bytes:
    """Follow the file's own line endings (tomli-w escapes newlines inside strings)."""
    return b"\r\n" if raw.count(b"\r\n") * 2 > raw.count(b"\n") else b"\n"


def _separator(raw: bytes) -> bytes:
    """A blank line before the new table, as between hand-written ones."""
    newline = _newline(raw)
    if raw.endswith(newline * 2):
        return b""
    return newline if raw.endswith(b"\n") else newline * 2


def _validate(base: Loaded, new: bytes, start_line: int) -> Loaded:
    """Check the would-be file; say which problems are in, or caused by, the new update.

    `reload` parses only the appended tail when it can (a large file is not re-read in
    full for every record) and falls back to a full parse for any problem."""
    try:
        return reload(base, new)
    except TrackerError as error:
        raise TrackerError([_blame(p, start_line) for p in error.problems]) from None


def _blame(problem: Problem, start_line: int) -> Problem:
    unchanged = "; the file was not changed"
    if problem.line is None or problem.line < start_line:
        # An old line that only the new update makes wrong (a total that now goes down).
        return Problem(problem.file, problem.line, problem.column, problem.key,
                       f"{problem.message} (because of {_NEW}){unchanged}")
    field = problem.key.partition(".")[2] if problem.key.startswith("updates[") else ""
    where = f" ({field})" if field else ""
    message = problem.message
    if message.startswith("not valid TOML"):
        message += ". Is `updates` written as an inline array? New updates are appended as [[updates]] tables"
    # The line would be past the end of the file on disk, so it is left out.
    return Problem(problem.file, None, None, "", f"{_NEW}{where}: {message}{unchanged}")


def _field_problem(file: str, item: Any) -> Problem:
    field = ".".join(str(p) for p in item["loc"])
    text = str(item["msg"]).removeprefix("Value error, ").removeprefix("Input should be ")
    found = item.get("input")
    shown = found.isoformat() if isinstance(found, date) else printable(repr(found))
    if not item["loc"]:
        message = text
    elif text.startswith(("a ", "an ", "'", "greater", "less", "a valid")):
        message = f"expected {text}, found {shown}"
    else:
        message = f"{text}: {shown}"
    if field == "status" and isinstance(found, str):
        hint = difflib.get_close_matches(found, [s.value for s in Reported], n=1)
        message += f"; did you mean {hint[0]!r}?" if hint else ""
    return Problem(file, None, None, field, f"{message}; nothing was written")
