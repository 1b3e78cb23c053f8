"""One way to write a deal for a test: a file from a few milestones and updates under a
standard head (parties, sources), parsed or as text, and a folder of deal files.

A table is TOML text, so a test whose point is the bytes themselves (a malformed tail,
a value written a particular way) passes them as written among the built ones."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tracker.errors import TrackerError
from tracker.evaluate import evaluate
from tracker.load import parse
from tracker.model import DealFile
from tracker.report import render
from tracker.status import State

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "milestones.toml"
EXAMPLES = ("fictional-arms-treaty.toml", "fictional-withdrawal.toml")
"""Two of the shipped examples, named: the tests count deals, and examples/ grows."""
BROKEN = '[deal]\ntitle = "Broken"\n\n[[milestones]]\nid = "x"\ntitel = "typo"\nkind = "signing"\n'
"""A deal file with one schema error, on line 6 (`titel`)."""

PARTIES: Mapping[str, str | Mapping[str, str]] = {
    "a": "Acme", "b": "Widgetco", "court": "The Federal Court"}
"""Who owes and decides in a test deal: an id and its name, or its keys (name, role)."""
SOURCES: Mapping[str, date] = {
    "s1": date(2024, 1, 1), "s2": date(2024, 1, 1), "text": date(2024, 1, 1), "press": date(2024, 1, 2)}
"""The sources a test deal's updates and claims may cite, with the day each was published."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _value(value: object) -> str:
    """`value` as TOML on one line: tables inline, arrays of anything."""
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value})[len("v = "):].rstrip("\n")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _value(key)


def table(name: str, keys: Mapping[str, object]) -> str:
    """One `[[name]]` table, its keys in the order given (None leaves a key out)."""
    lines = [f"{_key(k)} = {_value(v)}" for k, v in keys.items() if v is not None]
    return f"\n[[{name}]]\n" + "".join(line + "\n" for line in lines)


def milestone(ident: str, title: str, kind: str = "quantity", **keys: object) -> str:
    """A `[[milestones]]` table: its id, title and kind, then any other keys."""
    return table("milestones", {"id": ident, "title": title, "kind": kind, **keys})


def update(milestone: str, when: date | str, **keys: object) -> str:
    """An `[[updates]]` table for `milestone` on `when`, then its other keys."""
    return table("updates", {"milestone": milestone, "date": date.fromisoformat(str(when)), **keys})


def deal_text(*tables: str, title: str = "A deal", extra: Mapping[str, object] | None = None,
              parties: Mapping[str, str | Mapping[str, str]] = PARTIES,
              sources: Mapping[str, date] = SOURCES) -> str:
    """A whole deal file: `[deal]` (its title and the `extra` keys), the parties, the
    sources, then `tables` (milestones and updates) in the order given."""
    head = "[deal]\n" + "".join(f"{_key(k)} = {_value(v)}\n" for k, v in {"title": title, **(extra or {})}.items())
    for ident, party in parties.items():
        head += table("parties", {"id": ident, **({"name": party} if isinstance(party, str) else party)})
    for ident, published in sources.items():
        head += table("sources", {"id": ident, "title": f"Source {ident}", "published": published})
    return head + "".join(tables)


def deal(*tables: str, extra: Mapping[str, object] | None = None,
         parties: Mapping[str, str | Mapping[str, str]] = PARTIES, sources: Mapping[str, date] = SOURCES) -> DealFile:
    """`deal_text(...)`, loaded: what every command would read from that file."""
    return parse(deal_text(*tables, extra=extra, parties=parties, sources=sources).encode(), "deal.toml")[0]


def problems(text: str) -> list[str]:
    """What loading `text` (which must be broken) says, each problem as printed."""
    with pytest.raises(TrackerError) as caught:
        parse(text.encode(), "deal.toml")
    return [str(p) for p in caught.value.problems]


def state(d: DealFile, ident: str, as_of: date) -> State:
    """Where milestone `ident` stands on `as_of`, as the table and every report show it."""
    return next(r.state for r in evaluate(d, as_of).rows if r.milestone.id == ident)


def sentence(d: DealFile, ident: str, as_of: date) -> str:
    """The sentence that explains milestone `ident`'s status on `as_of`."""
    return next(r.sentence for r in evaluate(d, as_of).rows if r.milestone.id == ident)


def row_json(d: DealFile, ident: str, as_of: date) -> dict[str, object]:
    """Milestone `ident` as `report --format json` gives it on `as_of`."""
    data = json.loads(render(evaluate(d, as_of), "json", color=False))
    return next(m for m in data["milestones"] if m["id"] == ident)


def deal_folder(folder: Path, files: Mapping[str, str | Path]) -> Path:
    """`folder` holding each named file: text written as it is, a path copied."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, Path):
            shutil.copy(content, folder / name)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


def shipped_folder(folder: Path, shipped_as: str, broken_as: str,
                   more: Mapping[str, str | Path] | None = None) -> Path:
    """The shipped deal (named `shipped_as`), the two examples, a broken file and `more`."""
    examples: dict[str, str | Path] = {name: ROOT / "examples" / name for name in EXAMPLES}
    return deal_folder(folder, {shipped_as: SHIPPED, **examples, broken_as: BROKEN, **(more or {})})


def git_runs(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every command `tracker.blame` runs from now on (they still run): a test counts them."""
    from tracker import blame

    runs: list[object] = []
    real = subprocess.run

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(blame.subprocess, "run", counted)
    return runs
