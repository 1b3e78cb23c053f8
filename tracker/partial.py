"""The records of an invalid file that do validate, so cross-checks can run on them too.

The README promises every problem at once: a file with a schema error in one milestone
and an unknown party id in another must list both, not the second only once the first
is fixed. Plain Python; used only on a file that already failed validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from tracker.model import Deal, DealFile, Milestone, Party, Source, Update

_TABLES: tuple[tuple[str, type[BaseModel]], ...] = (
    ("parties", Party), ("sources", Source), ("milestones", Milestone), ("updates", Update))


def valid_parts(data: Mapping[str, Any]) -> tuple[DealFile, dict[str, list[int]], dict[str, set[str]]]:
    """A deal of the records that validate, each record's index in the file, and the ids
    of the records that do not (a reference to one of those is not a dangling one)."""
    tables: dict[str, tuple[BaseModel, ...]] = {}
    origin: dict[str, list[int]] = {}
    also_known: dict[str, set[str]] = {}
    for table, model in _TABLES:
        items = data.get(table)
        kept: list[BaseModel] = []
        origin[table], also_known[table] = [], set()
        for index, item in enumerate(items if isinstance(items, list) else []):
            try:
                kept.append(model.model_validate(item))
                origin[table].append(index)
            except ValidationError:
                ident = item.get("id") if isinstance(item, dict) else None
                if isinstance(ident, str):
                    also_known[table].add(ident)
        tables[table] = tuple(kept)
    # Already validated record by record; the whole is put together without checking again.
    deal = DealFile.model_construct(deal=Deal.model_construct(title="", summary="", stale_after_days=30),
                                    parties=tables["parties"], sources=tables["sources"],
                                    milestones=tables["milestones"], updates=tables["updates"])
    return deal, origin, also_known
