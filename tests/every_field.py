"""A deal whose every string field, found by walking the schema, holds terminal escapes.

The walk goes through `DealFile`'s pydantic fields, so a field added to the model is
covered without anyone listing it. Fields whose schema refuses control characters
(ids, dates) are returned apart, so a test can prove they are refused.
"""

from __future__ import annotations

import types
import typing
import unicodedata
from typing import Any

import tomli_w
from pydantic import BaseModel, ValidationError

from tracker.model import DealFile

ATTACK = "\x1b]52;c;aGk=\x07\x1b]0;t\x07\x1b]8;;h\x1b\\L\x1b[2J\x1bc\x9b1m\x85\u202e\u2066\x08\r"
"""OSC 52 clipboard, a window title, an OSC 8 link, clear-screen, reset, C1, bidi."""

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")

BASE: dict[str, Any] = {
    "deal": {"title": "T"},
    "parties": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    "sources": [{"id": "s", "title": "S", "published": "2020-03-01"}],
    "milestones": [
        {"id": "sign", "title": "Sign", "kind": "signing", "party": "a"},
        {"id": "q", "title": "Q", "kind": "quantity", "party": "a", "to": ["b"], "sources": ["s"],
         "target": 100, "due": "2020-06", "plan": {"start": "2020-03-01", "batch": 10},
         "conditions": [{"milestone": "sign"}]},
        {"id": "whole", "title": "W", "kind": "quantity", "party": "b", "target": 1000},
        {"id": "ctx", "title": "C", "kind": "context"},
        # The timing terms (issue 14): a relative deadline, a trigger, an any-of group, a claim.
        {"id": "later", "title": "L", "kind": "quantity", "party": "a", "target": 50, "sources": ["s"],
         "due_after": {"milestone": "sign", "days": 30, "text": "t"},
         "trigger": {"milestone": "q", "reached": "started", "text": "t"},
         "any_of": [{"any_of": [{"milestone": "sign"}, {"milestone": "q"}], "text": "t"}],
         "claims": [{"source": "s", "target": 60, "text": "t"}, {"source": "s", "due": "2020-09"}]},
    ],
    "updates": [
        {"milestone": "sign", "date": "2020-02-29", "status": "done", "source": "s"},
        {"milestone": "q", "date": "2020-03-05", "total": 10, "source": "s", "certainty": "inferred"},
        {"milestone": "q", "date": "2020-03-06", "total": 12, "source": "s"},
        {"milestone": "q", "date": "2020-03-06", "total": 14},
        {"milestone": "q", "date": "2020-03-20", "due": "2020-07"},
    ],
}
"""One of every record, valid, with a plan, a condition, a dispute and a due revision, and
the timing terms."""


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _is_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (typing.Union, typing.Annotated):
        return any(_is_text(arg) for arg in typing.get_args(annotation))
    return False


def string_fields(model: type[BaseModel] = DealFile) -> list[tuple[type[BaseModel], str]]:
    """Every (model, field) of the schema that holds a string, found by walking it."""
    found: list[tuple[type[BaseModel], str]] = []
    for name, info in model.model_fields.items():
        if _is_text(info.annotation):
            found.append((model, name))
        for inner in _models(info.annotation):
            found += [f for f in string_fields(inner) if f not in found]
    return found


def _fill(model: type[BaseModel], data: Any, fields: set[tuple[type[BaseModel], str]],
          seen: set[tuple[type[BaseModel], str]]) -> None:
    """Put the attack in every string field of `data` (an instance of `model`) in `fields`."""
    for item in data if isinstance(data, list) else [data]:
        for name, info in model.model_fields.items():
            if (model, name) in fields:
                item[name] = ATTACK
                seen.add((model, name))
            for inner in _models(info.annotation):
                if name in item:
                    _fill(inner, item[name], fields, seen)


def _accepts(field: tuple[type[BaseModel], str]) -> bool:
    data = typing.cast(dict[str, Any], tomli_w_roundtrip(BASE))
    _fill(DealFile, data, {field}, set())
    try:
        DealFile.model_validate(data)
    except ValidationError:
        return False
    return True


def tomli_w_roundtrip(data: dict[str, Any]) -> dict[str, Any]:
    import tomli

    return tomli.loads(toml(data))


def toml(data: dict[str, Any]) -> str:
    """`data` as TOML, with "YYYY-MM-DD" strings under date keys written as TOML dates."""
    from datetime import date

    def dated(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {k: dated(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [dated(v) for v in node]
        if key in ("date", "published", "start") and isinstance(node, str) and len(node) == 10:
            try:
                return date.fromisoformat(node)
            except ValueError:
                return node
        return node

    return tomli_w.dumps(dated(data))


def hostile() -> tuple[str, list[tuple[type[BaseModel], str]], list[tuple[type[BaseModel], str]]]:
    """The TOML of a valid deal with the attack in every string field the schema lets hold
    it; those fields, and the fields that refuse it."""
    fields = string_fields()
    taken = [f for f in fields if _accepts(f)]
    refused = [f for f in fields if f not in taken]
    data = tomli_w_roundtrip(BASE)
    seen: set[tuple[type[BaseModel], str]] = set()
    _fill(DealFile, data, set(taken), seen)
    assert seen == set(taken), f"the base deal lacks a record for {set(taken) - seen}"
    return toml(data), taken, refused


def raw_controls(text: str) -> list[str]:
    """Control, format and bidi characters that would reach a terminal raw (newlines aside)."""
    return sorted({repr(c) for c in text if c not in "\n" and (
        unicodedata.category(c) in ("Cc", "Cf") or c in BIDI)})
