"""Schema errors in words a person can act on: where, what was expected, what was found."""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from datetime import date, time
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from tracker.errors import Problem
from tracker.locate import KeyPath, LazyPositions, key_name, nearest
from tracker.model import DealFile
from tracker.safe import SHOWN, printable, shortened


def schema_problems(name: str, positions: LazyPositions, error: ValidationError,
                    data: dict[str, Any]) -> list[Problem]:
    """One problem per pydantic error, placed at the key or value the user wrote."""
    items = [dict(item, loc=_user_path(item["loc"], data)) for item in error.errors()]
    # A misspelt required key is both unknown ('titel') and missing ('title'): say it once.
    meant = {_loc(i)[:-1] + (h,) for i in items if i["type"] == "extra_forbidden"
             for h in [_key_hint(_loc(i))] if h}
    return [_schema_problem(name, positions, item, _record_id(data, _loc(item))) for item in items
            if not (item["type"] == "missing" and _loc(item) in meant)]


def _record_id(data: Any, loc: KeyPath) -> str:
    """The id of the record `loc` is in (`milestones[3]` -> "talks"), if it has a valid one."""
    if len(loc) < 2 or not isinstance(loc[1], int) or loc[0] not in ("parties", "sources", "milestones"):
        return ""
    table = data.get(loc[0]) if isinstance(data, dict) else None
    item = table[loc[1]] if isinstance(table, list) and loc[1] < len(table) else None
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) and _ID.match(ident) else ""


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # as model.Id: only a valid id is echoed


def _loc(item: Any) -> KeyPath:
    return tuple(item["loc"])


_INTERNAL = re.compile(r"^[a-z-]+\[.*\]$")


def _user_path(loc: tuple[Any, ...], data: Any) -> KeyPath:
    """The part of a pydantic location the user wrote, without names like `function-after[...]`."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(part, str) and _INTERNAL.match(part):
            continue
        else:
            node = None
        path.append(part)
    return tuple(path)


def look_alikes(text: str) -> str:
    """` (it holds 'і' (U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I), a look-alike
    of a Latin letter: retype it)`: keys and ids are plain ASCII, so any other letter in
    one is a look-alike no reader can see."""
    odd = list(dict.fromkeys(c for c in text[:SHOWN] if not c.isascii() and c.isprintable()))
    if not odd:
        return ""
    named = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in odd[:3])
    more = f" and {len(odd) - 3} more" if len(odd) > 3 else ""
    what = "a look-alike of a Latin letter" if len(odd) == 1 else "look-alikes of Latin letters"
    return f" (it holds {named}{more}, {what}: retype it)"


def _skeleton(text: str) -> str:
    """`text` with each look-alike letter replaced by the ASCII letter it looks like."""
    return "".join(_CONFUSABLE.get(c, c) for c in unicodedata.normalize("NFKD", text) if c.isascii()
                   or c in _CONFUSABLE)


_CONFUSABLE = dict(zip("аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅαβεικνορτυχΑΒΕΗΙΚΜΝΟΡΤΥΧ",
                       "aeopcyxijsdhlqwABEKMHOPCTXIJSabeiknoptuxABEHIKMNOPTYX"))


def _key_hint(loc: KeyPath) -> str | None:
    if len(str(loc[-1])) > SHOWN:  # no key is this long; difflib would index all of it
        return None
    hint = difflib.get_close_matches(_skeleton(str(loc[-1])), _field_names(loc[:-1]), n=1)
    return hint[0] if hint else None


def _schema_problem(name: str, positions: LazyPositions, item: Any, record: str) -> Problem:
    loc = _loc(item)
    line, column = nearest(positions, loc) or (1, 1)
    found, kind = item.get("input"), item["type"]
    if kind == "extra_forbidden":
        message = f"unknown key '{shortened(str(loc[-1]))}'{look_alikes(str(loc[-1]))}"
        hint = _key_hint(loc)
        allowed = ", ".join(sorted(_field_names(loc[:-1])))
        message += f"; did you mean {hint!r}?" if hint else f" (allowed here: {allowed})"
    elif kind == "missing":
        message = _missing(loc)
    elif kind == "value_error" and isinstance(found, dict):
        message = _expected(item)  # a rule about the whole table, such as "a quantity needs a target"
    else:
        line, column = positions.value(loc) or (line, column)
        message = f"expected {_expected(item)}, found {_shown(found)}"
        message += look_alikes(found) if isinstance(found, str) and kind == "string_pattern_mismatch" else ""
        hint = _enum_hint(loc, found)
        message += f"; did you mean {hint!r}?" if hint else ""
    return Problem(name, line, column, key_name(loc), message, record)


def _missing(loc: KeyPath) -> str:
    inner = _field_type(loc)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return f"missing the [{key_name(loc)}] table"
    if isinstance(inner, type) and issubclass(inner, Enum):
        return f"missing required key {str(loc[-1])!r} (one of {', '.join(m.value for m in inner)})"
    return f"missing required key {str(loc[-1])!r}"


_EXPECTED = {
    "string_type": "a string in quotes",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "date_type": "a date written as YYYY-MM-DD, without quotes",
    "tuple_type": "an array [...]",
    "model_type": "a table",
    "string_pattern_mismatch": "an id of letters, digits, '-', '_' and '.' (at most 64)",
    "string_too_short": "a non-empty string",
}
_BOUNDS = {"le": "a number no more than {:,}", "ge": "a number of at least {:,}",
           "gt": "a number above {:,}", "lt": "a number below {:,}"}


def _expected(item: Any) -> str:
    kind, ctx = item["type"], item.get("ctx", {})
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if kind in ("string_too_long", "too_long"):
        what = "characters" if kind == "string_too_long" else "entries"
        return f"at most {ctx['max_length']:,} {what}"
    for bound, words in _BOUNDS.items():
        if isinstance(ctx.get(bound), int):
            return words.format(ctx[bound])
    text = str(item["msg"])
    for prefix in ("Input should be ", "Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    return text


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, str) and len(value) > SHOWN:  # cut first: escaping 10 MB took seconds
        return f"{printable(repr(value[:SHOWN]))[:-1]}... ({len(value):,} characters)"
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


def _field_type(loc: KeyPath) -> Any:
    """The record or enum type the schema gives the key at `loc`, if any."""
    model = _model_at(loc[:-1])
    info = model.model_fields.get(str(loc[-1])) if model else None
    return _inner(info.annotation) if info else None


def _field_names(loc: KeyPath) -> list[str]:
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _enum_hint(loc: KeyPath, found: object) -> str | None:
    if not isinstance(found, str) or len(found) > SHOWN or not loc or isinstance(loc[-1], int):
        return None
    enum = _field_type(loc)
    if not (isinstance(enum, type) and issubclass(enum, Enum)):
        return None
    hint = difflib.get_close_matches(found, [m.value for m in enum], n=1)
    return hint[0] if hint else None
