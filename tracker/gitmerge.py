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

_UPDATES = re.compile(r"\[\[updates\]\][ \t]*(?:#[^\n]*)?\r?$")
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
    """`text` as its head and the update tables that end it.

    Found from the end, one line that opens with `[` at a time, so a large file costs a
    few `rfind` calls per update rather than a pattern run over every line of the head.
    """
    start, pos = len(text), len(text)
    while pos > 0:
        at = text.rfind("\n[", 0, pos) + 1
        if at == 0 and not text.startswith("["):
            break
        end = text.find("\n", at)
        if not _UPDATES.match(text, at, len(text) if end < 0 else end):
            break
        start, pos = at, at - 1
    if start == len(text):
        return Split(text, ())
    pieces = text[start + len("[[updates]]"):].split("\n[[updates]]")
    return Split(text[:start], tuple("[[updates]]" + p + "\n" for p in pieces[:-1])
                 + ("[[updates]]" + pieces[-1],))


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
    added: list[str]
    """Theirs that ours did not have: the only tables a check of the result has to look at."""
    removed: bool
    """Whether a table ours had was dropped (deleted on their side)."""
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
    added: list[str] = []
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
        blocks.insert(at, body)
        dates.insert(at, when)
        added.append(body)
    return Tails(_separated(blocks, newline), added, len(blocks) - len(added) < len(ours), same)


def _common(*sequences: tuple[str, ...]) -> int:
    """How many tables open all three sequences alike."""
    shortest = min(len(s) for s in sequences)
    low, high = 0, shortest
    while low < high:  # a shared prefix is shared at every shorter length: halve to find its end
        mid = (low + high + 1) // 2
        if all(s[:mid] == sequences[0][:mid] for s in sequences[1:]):
            low = mid
        else:
            high = mid - 1
    return low


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
    if head and tails.blocks and not head.endswith("\n"):
        head += _newline(ours)  # a file that ended without one: the first table needs its own line
    merged = head + "".join(tails.blocks)
    if conflicts:
        return merged, False
    fast, added = _extended(head, a, b, tails)
    if _loads(merged, name, fast, added):
        return merged, True
    return _fallback(base, ours, theirs, name, labels, head, a, b)


def _extended(head: str, ours: Split, theirs: Split, tails: Tails) -> tuple[Split | None, list[str]]:
    """The result split, and the tables it adds to a side whose head and tables it keeps whole
    (ours, or theirs when only they edited above the updates); None if it extends neither."""
    if head == ours.head and not tails.removed:
        return Split(head, tuple(tails.blocks)), tails.added
    if head != theirs.head:
        return None, []
    kept = {_key(b) for b in theirs.blocks[tails.same:]}
    rest = tails.blocks[tails.same:]
    if len(kept & {_key(b) for b in rest}) < len(kept):
        return None, []  # ours deleted one of theirs: the result is not theirs plus tables
    return Split(head, tuple(tails.blocks)), [b for b in rest if _key(b) not in kept]


def _fallback(base: str, ours: str, theirs: str, name: str, labels: tuple[str, str, str],
              head: str, a: Split, b: Split) -> tuple[str, bool]:
    """What git itself makes of the file when the union of updates does not load."""
    whole, conflicts = merge_file(ours, base, theirs, labels)
    if conflicts:
        return whole, False
    if _loads(whole, name, None, []) or not _loads(ours, name, None, []):
        return whole, True  # it loads; or ours never did (not a deal file): git's merge stands
    # Git found nothing to mark, yet the result is not a deal: mark the two tails as a conflict.
    nl = _newline(ours)
    return (f"{head}<<<<<<< {labels[0]}{nl}{''.join(a.blocks)}======={nl}"
            f"{''.join(b.blocks)}>>>>>>> {labels[2]}{nl}"), False


def _loads(text: str, name: str, fast: Split | None, added: list[str]) -> bool:
    """Whether `text` loads; `fast`: `text` split, when only `added` is new to ours."""
    from tracker.load import parse

    try:
        if fast is None:
            parse(text.encode("utf-8", "surrogateescape"), name)
            return True
        return _loads_appended(fast, added, name)
    except TrackerError:
        return False


def _loads_appended(split_at: Split, added: list[str], name: str) -> bool:
    """As `parse`, for ours with theirs' new tables placed in it, checking only what they touch.

    Each new table is read alone (so it cannot break the TOML around it); then the head,
    reduced to the milestones those tables are about and the ones they lean on, is checked
    with every update of those milestones. The rest of ours is as it was: the same bet
    `load.reload` makes, which keeps a merge of a 10,000-milestone file under a second.
    """
    import tomli
    from pydantic import ValidationError

    from tracker.checks import cross_check
    from tracker.model import DealFile

    try:
        about = set()
        for block in added:
            table = tomli.loads(block)
            if list(table) != ["updates"] or len(table["updates"]) != 1:
                return False
            about.add(table["updates"][0].get("milestone"))
        data = tomli.loads(split_at.head)
        if "updates" in data:
            return False
        data["milestones"] = _leaned_on(data.get("milestones", []), about)
        kept = {m.get("id") for m in data["milestones"]}
        touched = [b for b in split_at.blocks if _milestone(b) in kept or _milestone(b) is None]
        data["updates"] = tomli.loads("".join(touched)).get("updates", []) if touched else []
        deal = DealFile.model_validate(data)
    except (ValueError, ValidationError, RecursionError, TypeError, AttributeError):  # tomli's errors are ValueErrors
        return False
    return not cross_check(deal, name, {})


def _leaned_on(milestones: list[dict[str, object]], about: set[object]) -> list[dict[str, object]]:
    """The milestones `about` names, what their conditions and `part_of` reach, the parts of
    any of those, and the signings if a signing is among them (they date the deal)."""
    if any(m.get("kind") == "signing" and m.get("id") in about for m in milestones):
        about = about | {m.get("id") for m in milestones if m.get("kind") == "signing"}
    by_id = {m.get("id"): m for m in milestones}
    parts: dict[object, list[object]] = {}
    for m in milestones:
        parts.setdefault(m.get("part_of"), []).append(m.get("id"))
    keep, todo = set(), list(about)
    while todo:
        ident = todo.pop()
        if ident in keep or ident not in by_id:
            continue
        keep.add(ident)
        m = by_id[ident]
        conditions = m.get("conditions")
        todo += [c.get("milestone") for c in (conditions if isinstance(conditions, list) else [])
                 if isinstance(c, dict)]
        todo += [m.get("part_of"), *parts.get(ident, [])]
    return [m for m in milestones if m.get("id") in keep]


def _milestone(block: str) -> str | None:
    found = _MILESTONE.search(block)
    return found.group(1) if found else None


def run_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Git's merge-driver protocol: the result replaces `ours`; exit 0 if clean, 1 if not."""
    texts = [p.read_bytes().decode("utf-8", "surrogateescape") for p in (base, ours, theirs)]
    merged, clean = merge(texts[0], texts[1], texts[2], name)
    ours.write_bytes(merged.encode("utf-8", "surrogateescape"))
    return 0 if clean else 1
