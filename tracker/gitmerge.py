"""A git merge driver for deal files: both sides' new updates kept, the rest merged as git would.

Every `record` appends an `[[updates]]` table at the end of the file, so two clones that each
record always touch the same lines and git's line merge conflicts. Here the file is split into
its hand-written head and its tail of updates: the heads go through `git merge-file`, and the
tails are merged as sets of update tables (those either side added since the base are kept,
an identical one once; one either side deleted is gone). The result is written only if it
loads; otherwise git's conflict markers are left and the driver exits 1, so git reports it.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import TrackerError

_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]\n]*?)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_DATE = re.compile(r"^date[ \t]*=[ \t]*(\d{4}-\d\d-\d\d)", re.MULTILINE)
_MILESTONE = re.compile(r"^milestone[ \t]*=[ \t]*\"([^\"\n]*)\"", re.MULTILINE)


@dataclass(frozen=True)
class Split:
    """A deal file's text cut where its closing run of `[[updates]]` tables begins."""

    head: str
    """Everything above the first update of the closing run: what people edit by hand."""
    blocks: tuple[str, ...]
    """Each update table's text, from its header to the next one (blank lines included)."""


def split(text: str) -> Split:
    """`text` as its head and the update tables that end it."""
    start = len(text)
    for match in reversed(list(_HEADER.finditer(text))):
        if match.group(1) != "updates" or not match.group(0).lstrip().startswith("[["):
            break
        start = match.start()
    if start == len(text):
        return Split(text, ())
    cuts = [m.start() for m in _HEADER.finditer(text, start)] + [len(text)]
    return Split(text[:start], tuple(text[a:b] for a, b in zip(cuts, cuts[1:])))


def _key(block: str) -> str:
    """What makes two update tables the same update: their lines, spacing at the ends aside."""
    return "\n".join(line.rstrip() for line in block.strip().splitlines())


def _date(block: str) -> str:
    found = _DATE.search(block)
    return found.group(1) if found else "9999-99-99"  # undated: kept after the rest


@dataclass(frozen=True)
class Tails:
    """The merged update tables and what the merge did to them."""

    blocks: list[str]
    added: list[str]
    """Theirs that ours did not have: the only tables a check of the result has to look at."""
    removed: bool
    """Whether a table ours had was dropped (deleted on their side)."""


def merge_tails(base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...],
                newline: str) -> Tails:
    """Ours in their order, less what theirs deleted, with theirs' new tables placed by date.

    A new table goes after the last one dated on or before it, so a file in date order
    stays in date order and the updates already there do not move.
    """
    base_keys = {_key(b) for b in base}
    their_keys = {_key(b) for b in theirs}
    our_keys = {_key(b) for b in ours}
    gone = base_keys - their_keys
    blocks = [b for b in ours if _key(b) not in gone]
    dates = [_date(b) for b in blocks]
    added: list[str] = []
    for block in theirs:
        key = _key(block)
        if key in base_keys or key in our_keys:
            continue
        our_keys.add(key)
        when = _date(block)
        at = len(blocks)
        while at and dates[at - 1] > when:
            at -= 1
        body = block.rstrip("\r\n") + newline
        blocks.insert(at, body)
        dates.insert(at, when)
        added.append(body)
    return Tails(_separated(blocks, newline), added, len(blocks) - len(added) < len(ours))


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
    if ours == theirs or base == theirs:
        return ours, 0
    if base == ours:
        return theirs, 0
    with tempfile.TemporaryDirectory(prefix="tracker-merge-") as folder:
        paths = []
        for name, text in zip(("ours", "base", "theirs"), (ours, base, theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
            paths.append(str(path))
        done = subprocess.run(["git", "merge-file", "-p", "-L", labels[0], "-L", labels[1],
                               "-L", labels[2], *paths], capture_output=True, check=False)
    if done.returncode < 0 or done.returncode > 127:
        raise OSError(f"git merge-file failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout.decode("utf-8", "surrogateescape"), done.returncode


def _newline(text: str) -> str:
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def merge(base: str, ours: str, theirs: str, name: str) -> tuple[str, bool]:
    """The merged text of a deal file and whether it is clean (False: conflict markers left)."""
    labels = (f"ours:{name}", f"base:{name}", f"theirs:{name}")
    o, a, b = split(base), split(ours), split(theirs)
    head, conflicts = merge_file(a.head, o.head, b.head, labels)
    tails = merge_tails(o.blocks, a.blocks, b.blocks, _newline(ours))
    if head and tails.blocks and not head.endswith("\n\n") and not head.endswith("\r\n\r\n"):
        head += _newline(ours)  # the blank line above the first table, when theirs were the first
    merged = head + "".join(tails.blocks)
    if conflicts:
        return merged, False
    if _loads(merged, name, fast=tails if head == a.head and not tails.removed else None):
        return merged, True
    return _fallback(base, ours, theirs, name, labels, head, a, b)


def _fallback(base: str, ours: str, theirs: str, name: str, labels: tuple[str, str, str],
              head: str, a: Split, b: Split) -> tuple[str, bool]:
    """What git itself makes of the file when the union of updates does not load."""
    whole, conflicts = merge_file(ours, base, theirs, labels)
    if conflicts:
        return whole, False
    if _loads(whole, name, fast=None):
        return whole, True
    # Git found nothing to mark, yet the result is not a deal: mark the two tails as a conflict.
    nl = _newline(ours)
    return (f"{head}<<<<<<< {labels[0]}{nl}{''.join(a.blocks)}======={nl}"
            f"{''.join(b.blocks)}>>>>>>> {labels[2]}{nl}"), False


def _loads(text: str, name: str, fast: Tails | None) -> bool:
    """Whether `text` loads; `fast`: only theirs' new tables are new to a file that loaded."""
    from tracker.load import parse

    try:
        if fast is None:
            parse(text.encode("utf-8", "surrogateescape"), name)
            return True
        return _loads_appended(text, name, fast)
    except TrackerError:
        return False


def _loads_appended(text: str, name: str, tails: Tails) -> bool:
    """As `parse`, for ours with theirs' new tables placed in it, checking only what they touch.

    Each new table is read alone (so it cannot break the TOML around it), then the head and
    the updates of the milestones they are about (and of the signings, which date the deal)
    are checked together: the same subset `load.reload` checks, for the same reason.
    """
    import tomli
    from pydantic import ValidationError

    from tracker.checks import cross_check
    from tracker.model import DealFile

    try:
        about = set()
        for block in tails.added:
            table = tomli.loads(block)
            if list(table) != ["updates"] or len(table["updates"]) != 1:
                return False
            about.add(table["updates"][0].get("milestone"))
        split_at = split(text)
        data = tomli.loads(split_at.head)
        if "updates" in data:
            return False
        about |= {m.get("id") for m in data.get("milestones", []) if m.get("kind") == "signing"}
        touched = [b for b in split_at.blocks if _milestone(b) in about or _milestone(b) is None]
        data["updates"] = tomli.loads("".join(touched)).get("updates", []) if touched else []
        deal = DealFile.model_validate(data)
    except (tomli.TOMLDecodeError, ValidationError, RecursionError, TypeError, AttributeError):
        return False
    return not cross_check(deal, name, {})


def _milestone(block: str) -> str | None:
    found = _MILESTONE.search(block)
    return found.group(1) if found else None


def run_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Git's merge-driver protocol: the result replaces `ours`; exit 0 if clean, 1 if not."""
    texts = [p.read_bytes().decode("utf-8", "surrogateescape") for p in (base, ours, theirs)]
    merged, clean = merge(*texts, name=name)
    ours.write_bytes(merged.encode("utf-8", "surrogateescape"))
    return 0 if clean else 1
