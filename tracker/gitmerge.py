"""A git merge driver for deal files: both sides' new updates kept, the rest merged as git would.

Every `record` appends an `[[updates]]` table at the end of the file, so two clones that each
record always touch the same lines and git's line merge conflicts. Here the file is split into
its hand-written head and its tail of updates: the heads go through `git merge-file`, and the
tails are merged as sets of update tables (those either side added since the base are kept,
an identical one once; one either side deleted is gone). The result is written only if it
loads (`mergecheck` says so from what the merge changed); otherwise git's conflict markers
are left and the driver exits 1, so git reports it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from tracker.collector import paused
from tracker.gitrun import env
from tracker.mergecheck import loads, parses

_UPDATES = re.compile(r"\[\[updates\]\][ \t]*(?:#[^\n]*)?\r?$")
_DATE = re.compile(r"^date[ \t]*=[ \t]*(\d{4}-\d\d-\d\d)", re.MULTILINE)


@dataclass(frozen=True)
class Split:
    """A deal file's text cut where its closing run of `[[updates]]` tables begins."""

    head: str
    """Everything above the first update of the closing run: what people edit by hand."""
    blocks: tuple[str, ...]
    """Each update table's text, from its header to the next one (blank lines included)."""


def split(text: str) -> Split:
    """`text` as its head and the update tables that end it.

    The text is cut at every update header (in C), then the pieces are looked at from the
    end: each belongs to the closing run while no other table's header line is in it.
    """
    sep = "\n[[updates]]"
    pieces = text.split(sep)
    first = len(pieces)
    while first > 1 and "\n[" not in pieces[first - 1] and (
            pieces[first - 1][:1] == "\n" or _alone(pieces[first - 1])):
        first -= 1
    run = pieces[first:]
    if first == 1 and pieces[0].startswith("[[updates]]") and "\n[" not in pieces[0] \
            and _alone(pieces[0][len("[[updates]]"):]):
        head, run = "", [pieces[0][len("[[updates]]"):], *run]
    elif not run:
        return Split(text, ())
    else:
        head = text[:len(text) - len(sep) * len(run) - sum(map(len, run)) + 1]
    return Split(head, tuple("[[updates]]" + p + "\n" for p in run[:-1]) + ("[[updates]]" + run[-1],))


def _alone(piece: str) -> bool:
    """Whether the `[[updates]]` header `piece` follows is alone on its line (or commented)."""
    if piece[:1] == "\n":
        return True
    end = piece.find("\n")
    rest = piece if end < 0 else piece[:end]
    return not rest.strip() or bool(_UPDATES.match("[[updates]]" + rest))


def _key(block: str) -> str:
    """What makes two update tables the same update: their text, blank lines aside."""
    return block.strip()


def _date(block: str) -> str:
    found = _DATE.search(block)
    return found.group(1) if found else "9999-99-99"  # undated: kept after the rest


@dataclass(frozen=True)
class Tails:
    """The merged update tables and what the merge did to them."""

    blocks: list[str]
    """The result's tables, in order."""
    same: int
    """How many tables open base, ours and theirs alike (and so the result)."""


def merge_tails(base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...],
                newline: str) -> Tails:
    """Ours in their order, less what theirs deleted, with theirs' new tables placed by date.

    A new table goes after the last one dated on or before it, so a file in date order
    stays in date order and the updates already there do not move.
    """
    same = _common(base, ours, theirs)  # usually all but the last few: only the rest is compared
    base_keys = {_key(b) for b in base[same:]}
    their_keys = {_key(b) for b in theirs[same:]}
    our_keys = {_key(b) for b in ours[same:]}
    gone = base_keys - their_keys
    blocks = list(ours[:same]) + [b for b in ours[same:] if _key(b) not in gone]
    dates: list[str | None] = [None] * len(blocks)
    untouched = same
    for block in theirs[same:]:
        key = _key(block)
        if key in base_keys or key in our_keys:
            continue
        our_keys.add(key)
        when, at = _date(block), len(blocks)
        while at:
            dates[at - 1] = dates[at - 1] or _date(blocks[at - 1])
            if str(dates[at - 1]) <= when:
                break
            at -= 1
        body = block.rstrip("\r\n") + newline
        untouched = min(untouched, at)
        blocks.insert(at, body)
        dates.insert(at, when)
    # The tables all three open with stay as they are (each ends its line: another follows
    # it), unless one of theirs went in among them.
    return Tails(blocks[:untouched] + _separated(blocks[untouched:], newline), same)


def _common(base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...]) -> int:
    """How many tables open all three sequences alike (one pass, stopping at the first
    difference: the tables are different strings, so each comparison reads them)."""
    for index, (o, a, b) in enumerate(zip(base, ours, theirs)):
        if o != a or o != b:
            return index
    return min(len(base), len(ours), len(theirs))


def _separated(blocks: list[str], newline: str) -> list[str]:
    """Every table but the last followed by a blank line, as `record` writes them."""
    out = []
    for index, block in enumerate(blocks):
        if not block.endswith(newline):
            block += newline
        if index < len(blocks) - 1 and not block.endswith(newline * 2):
            block += newline
        out.append(block)
    return out


def merge_file(ours: str, base: str, theirs: str, labels: tuple[str, str, str]) -> tuple[str, int]:
    """`git merge-file` of three texts: the result (with conflict markers) and the conflicts."""
    return started_merge(ours, base, theirs, labels)()


def started_merge(ours: str, base: str, theirs: str,
                  labels: tuple[str, str, str]) -> Callable[[], tuple[str, int]]:
    """`merge_file`, started: git merges while the caller works on, and calling what this
    returns waits for it (and must be called: it removes the files git read)."""
    if ours == theirs or base == theirs:
        return lambda: (ours, 0)
    if base == ours:
        return lambda: (theirs, 0)
    folder = tempfile.mkdtemp(prefix="tracker-merge-")
    try:
        paths = []
        for name, text in zip(("ours", "base", "theirs"), (ours, base, theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
            paths.append(str(path))
        process = subprocess.Popen(["git", "merge-file", "-p", "-L", labels[0], "-L", labels[1],
                                    "-L", labels[2], *paths], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def result() -> tuple[str, int]:
        try:
            out, err = process.communicate()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if process.returncode < 0 or process.returncode > 127:
            raise OSError(f"git merge-file failed: {err.decode(errors='replace').strip()}")
        return out.decode("utf-8", "surrogateescape"), process.returncode

    return result


def _newline(text: str) -> str:
    """The file's line ending, judged on its opening stretch (a 7 MB file need not be read)."""
    opening = text[:1 << 16]
    return "\r\n" if opening.count("\r\n") * 2 > opening.count("\n") else "\n"


def merge(base: str, ours: str, theirs: str, name: str) -> tuple[str, bool]:
    """The merged text of a deal file and whether it is clean (False: conflict markers left)."""
    labels = (f"ours:{name}", f"base:{name}", f"theirs:{name}")
    o, a, b = split(base), split(ours), split(theirs)
    pending = started_merge(a.head, o.head, b.head, labels)
    try:  # the tables are merged while git merges the heads
        tails = merge_tails(o.blocks, a.blocks, b.blocks, _newline(ours))
    finally:
        head, conflicts = pending()
    if head and tails.blocks and not head.endswith("\n"):
        head += _newline(ours)  # a file that ended without one: the first table needs its own line
    merged = head + "".join(tails.blocks)
    if conflicts:
        return merged, False
    side = b if head == b.head and head != a.head else a  # the side the result extends
    if loads(merged, head, tails.blocks, (side.head, side.blocks), tails.same, name):
        return merged, True
    return _fallback(base, ours, theirs, name, labels, head, a, b)


def _fallback(base: str, ours: str, theirs: str, name: str, labels: tuple[str, str, str],
              head: str, a: Split, b: Split) -> tuple[str, bool]:
    """What git itself makes of the file when the union of updates does not load."""
    whole, conflicts = merge_file(ours, base, theirs, labels)
    if conflicts:
        return whole, False
    if parses(whole, name) or not parses(ours, name):
        return whole, True  # it loads; or ours never did (not a deal file): git's merge stands
    # Git found nothing to mark, yet the result is not a deal: mark the two tails as a conflict.
    nl = _newline(ours)
    return (f"{head}<<<<<<< {labels[0]}{nl}{''.join(a.blocks)}======={nl}"
            f"{''.join(b.blocks)}>>>>>>> {labels[2]}{nl}"), False


@paused()  # the tables parsed all live to the end: cycle-collector scans of them are wasted
def run_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Git's merge-driver protocol: the result replaces `ours`; exit 0 if clean, 1 if not."""
    texts = [p.read_bytes().decode("utf-8", "surrogateescape") for p in (base, ours, theirs)]
    merged, clean = merge(texts[0], texts[1], texts[2], name)
    ours.write_bytes(merged.encode("utf-8", "surrogateescape"))
    return 0 if clean else 1


def arguments(parser: argparse.ArgumentParser) -> None:
    """The driver's arguments, as git passes them (%O %A %B %P)."""
    for name in ("base", "ours", "theirs"):
        parser.add_argument(name, type=Path)
    parser.add_argument("name", nargs="?", default="", help="the file's path in the repository")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        from tracker.safe import printable  # what it echoes of the command line, escaped

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


def main(argv: list[str]) -> int:
    """`tracker merge-driver`, parsed alone: git starts it for every merged deal file, so
    nothing of the rest of the command line (settings, other commands) is imported."""
    parser = _Parser(prog="tracker merge-driver", description="git's merge driver for deal files")
    arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run_driver(args.base, args.ours, args.theirs, args.name or str(args.ours))
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 2
