"""Whether a merged deal file loads, checked on what the merge changed rather than on all of it.

A merge result is one side (the reference: ours, or theirs when only they edited above the
updates) with the other side's changes put in. The reference was committed, and loads: the
bet `load.reload` makes too. So only what differs from it is read again: the hand-written
head in full when it changed (every party, source and milestone, and the checks among them),
and the update tables of the milestones the changes are about, with those of every milestone
they lean on. A problem found there is a problem of the whole file; anything this cannot be
sure of (a head that does not parse alone, an odd layout) goes to the full `parse`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from tracker.errors import TrackerError

_MILESTONE = re.compile(r"^milestone[ \t]*=[ \t]*\"([^\"\n\\]*)\"", re.MULTILINE)
_RECORDS = ("\n[[milestones]]", "\n[[sources]]", "\n[[parties]]", "\n[deal]")
"""Lines that open a record of the head (a sub-table such as [milestones.plan] does not)."""
_AS_RECORDED = '[[updates]]\nmilestone = "'
_HEAD_TABLES = {"deal", "parties", "sources", "milestones"}


def loads(text: str, head: str, blocks: Sequence[str], reference: tuple[str, Sequence[str]],
          same: int, name: str) -> bool:
    """Whether `text` (`head` and `blocks`) loads, given that `reference` (a side's head and
    blocks, whose first `same` blocks open `blocks` too) does."""
    from pydantic import ValidationError

    try:
        verdict = _quick(head, blocks, reference, same, name)
    except ValidationError:  # a record of the result that is wrong in the whole file too
        verdict = False
    except (ValueError, RecursionError, TypeError, AttributeError, KeyError):
        verdict = None  # an odd shape (tomli's errors are ValueErrors): the full parse says
    return parses(text, name) if verdict is None else verdict


def parses(text: str, name: str) -> bool:
    """Whether `text` loads, as `tracker check` would say."""
    from tracker.load import parse

    try:
        parse(text.encode("utf-8", "surrogateescape"), name)
    except TrackerError:
        return False
    return True


def _quick(head: str, blocks: Sequence[str], reference: tuple[str, Sequence[str]], same: int,
           name: str) -> bool | None:
    """The verdict from what changed; None when only the full parse can tell."""
    import tomli

    from tracker.checks import cross_check
    from tracker.model import DealFile

    text = head + "".join(blocks[same:])
    if "<<<<<<<" in text or ">>>>>>>" in text or "\x00" in text:
        return None  # what `parse` refuses before reading any TOML
    text.encode("utf-8")  # not UTF-8 (bytes git merged that are not text): a ValueError
    about = _tables_changed(reference[1][same:], blocks[same:])
    if about is None:
        return None
    data = tomli.loads(head)
    if "updates" in data or not isinstance(data.get("milestones", []), list):
        return None
    edited = head != reference[0]
    sources_changed = False
    if edited:
        changed = _changed(reference[0], head, data)
        if changed is None:
            return None
        about |= changed[0]
        sources_changed = changed[1]
    milestones: list[dict[str, Any]] = data.get("milestones", [])
    kept = _leaned_on(milestones, about, sources_changed)
    if not edited:  # the head as it was: only what the new tables touch is checked again
        data["milestones"] = [m for m in milestones if m.get("id") in kept]
    data["updates"] = _tables_about(blocks, kept)
    deal = DealFile.model_validate(data)
    return not cross_check(deal, name, {})


def _tables_changed(before: Sequence[str], after: Sequence[str]) -> set[str] | None:
    """The milestones of the update tables `after` gained or lost; None if one cannot be told."""
    import tomli

    added, removed = _difference(before, after)
    about: set[str] = set()
    for block in added:  # each alone, so it cannot break the TOML around it
        table = tomli.loads(block)
        if list(table) != ["updates"] or len(table["updates"]) != 1:
            return None
        about.add(table["updates"][0]["milestone"])
    for block in removed:
        about.add(_milestone(block) or "")
    return None if "" in about else about


def _tables_about(blocks: Sequence[str], kept: set[str]) -> list[Any]:
    """The update tables of `blocks` about the milestones `kept`, parsed, in file order.

    A table as `record` writes it (the milestone's id right under the header, with no
    backslash in the table) is told by one `startswith` in C; any other is read alone.
    """
    import tomli

    ids = [k for k in kept if isinstance(k, str)]
    plain = not any("\\" in k or '"' in k for k in ids)
    wanted = tuple(f'{_AS_RECORDED}{k}"' for k in ids) if plain else ()
    touched = []
    for block in blocks:
        if wanted and block.startswith(wanted):
            touched.append(block)
        elif plain and block.startswith(_AS_RECORDED) and "\\" not in block:
            continue  # its id runs to the next quote, and it is none of `kept`
        elif _about(block) in kept:
            touched.append(block)
    tables: list[Any] = tomli.loads("".join(touched)).get("updates", []) if touched else []
    return tables


def _about(block: str) -> object:
    """The milestone an update table names; one that does not parse alone sends it to `parse`."""
    import tomli

    ident = _milestone(block)
    if ident is None:
        table = tomli.loads(block)["updates"]
        if len(table) != 1:
            raise ValueError("not one update table")
        return table[0].get("milestone")
    return ident


def _difference(before: Sequence[str], after: Sequence[str]) -> tuple[list[str], list[str]]:
    """The tables `after` has that `before` has not, and those it lost (blank lines aside)."""
    old, new = Counter(b.strip() for b in before), Counter(b.strip() for b in after)
    return list((new - old).elements()), list((old - new).elements())


def _leaned_on(milestones: list[dict[str, Any]], about: set[str], signings: bool) -> set[str]:
    """The ids `about` names and every milestone their checks can reach: conditions,
    alternatives, anchors and triggers, `part_of`, the parts of any of those, and every
    signing if one is among them or `signings` (the signings date the deal for its sources)."""
    by_id = {m.get("id"): m for m in milestones}
    all_signings = {m.get("id") for m in milestones if m.get("kind") == "signing"}
    parts: dict[object, list[object]] = {}
    for m in milestones:
        parts.setdefault(m.get("part_of"), []).append(m.get("id"))
    keep: set[Any] = set()
    todo: list[Any] = list(about) + (list(all_signings) if signings else [])
    while todo:
        ident = todo.pop()
        if ident in keep or ident is None:
            continue
        keep.add(ident)  # kept even if no milestone has it: its tables must be checked
        if ident not in by_id:
            continue
        if ident in all_signings and not signings:
            signings = True
            todo += all_signings
        todo += [*_references(by_id[ident]), *parts.get(ident, [])]
    return keep


def _references(m: dict[str, Any]) -> list[object]:
    """The milestones a milestone's table names."""
    found: list[object] = [m.get("part_of")]
    for key in ("due_after", "trigger"):
        if isinstance(m.get(key), dict):
            found.append(m[key].get("milestone"))
    conditions = [c for c in _list(m.get("conditions"))]
    for group in _list(m.get("any_of")):
        conditions += _list(group.get("any_of")) if isinstance(group, dict) else []
    return found + [c.get("milestone") for c in conditions if isinstance(c, dict)]


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _milestone(block: str) -> str | None:
    """The milestone an update table names, read without parsing; None if in any doubt."""
    if block.startswith(_AS_RECORDED):  # as `record` writes it: the key right under the header
        end = block.find('"', len(_AS_RECORDED))
        ident = block[len(_AS_RECORDED):end]
        if end > 0 and "\\" not in ident and "\n" not in ident:
            return ident
    found = _MILESTONE.findall(block)
    return found[0] if len(found) == 1 and "'''" not in block and '"""' not in block else None


def _changed(before: str, after: str, data: dict[str, Any]) -> tuple[set[str], bool] | None:
    """The ids of the milestones whose tables differ between two heads, and whether every
    signing must be checked (a source changed, or a changed milestone was one); None if a
    party or source went (an update may name it) or the heads are laid out so that the
    records around the edits cannot be told apart without a full parse.

    Only the records around the differing stretch are parsed: from the last record header
    before it to the first one after it (the text around is the same in both heads). The
    stretch of `after` is checked against its full parse `data`, so a header-like line in a
    string cannot mislead; that of `before` then starts at a real header too.
    """
    import tomli

    start = _prefix(before, after)
    end = _prefix(before[start:][::-1], after[start:][::-1])
    low = max(after.rfind(header, 0, start) for header in _RECORDS) + 1
    tail = len(after) - end
    found = [at for at in (after.find(header, tail) for header in _RECORDS) if at >= 0]
    high = min(found) + 1 if found else len(after)
    shift = len(after) - len(before)
    old, new = tomli.loads(before[low:high - shift]), tomli.loads(after[low:high])
    if not set(old) <= _HEAD_TABLES or not _verified(after, low, high, new, data):
        return None
    for table in ("parties", "sources"):
        went = {r.get("id") for r in old.get(table, [])} - {r.get("id") for r in data.get(table, [])}
        if went:
            return None
    by_id_old, by_id_new = _by_id(old.get("milestones", [])), _by_id(new.get("milestones", []))
    changed = {i for i in by_id_old.keys() | by_id_new.keys() if by_id_old.get(i) != by_id_new.get(i)}
    # A signing that is one no more moves the date the deal was signed: all signings count.
    was_signing = any(m.get("kind") == "signing" for i in changed for m in by_id_old.get(i, [])
                      if isinstance(m, dict))
    return {str(i) for i in changed}, was_signing or old.get("sources") != new.get("sources")


def _verified(text: str, low: int, high: int, part: dict[str, Any], data: dict[str, Any]) -> bool:
    """Whether `part`, parsed from text[low:high], holds exactly the records `data` has there."""
    if not set(part) <= _HEAD_TABLES:
        return False
    if "deal" in part and part["deal"] != data.get("deal"):
        return False
    for table in ("parties", "sources", "milestones"):
        records, header = part.get(table, []), f"\n[[{table}]]"
        every = data.get(table, [])
        if not isinstance(records, list) or not isinstance(every, list):
            return False
        before = text.count(header, 0, low) + (low > 0 and text.startswith(header[1:]))
        after = text.count(header, high - 1)
        if every[before:before + len(records)] != records or \
                before + len(records) + after != len(every):
            return False
    return True


def _by_id(records: list[Any]) -> dict[object, list[Any]]:
    out: dict[object, list[Any]] = {}
    for record in records:
        ident = record.get("id") if isinstance(record, dict) else None
        out.setdefault(ident if isinstance(ident, str) else repr(ident), []).append(record)
    return out


def _prefix(a: str, b: str) -> int:
    """How many characters open both `a` and `b`: compared a stretch at a time, in C."""
    n, at, step = min(len(a), len(b)), 0, 1 << 16
    while at < n and a[at:at + step] == b[at:at + step]:
        at += step
    if at >= n:
        return n
    low, high = at, min(at + step, n)  # the first difference lies in here
    while low < high:
        mid = (low + high) // 2
        if a[at:mid + 1] == b[at:mid + 1]:
            low = mid + 1
        else:
            high = mid
    return low
