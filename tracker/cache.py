"""Deal files already found valid, kept in the user's cache folder so they are not parsed and
cross-checked again: a portfolio of 1,000 unchanged files opens without reading TOML.

An entry is keyed by a hash of the tracker's version and the file's exact bytes, so a changed
file or a new tracker never finds an old entry. It holds what the file set, in JSON (dates
as ISO text), under a header with its key and a hash of that JSON, and nothing in it is executed.
A hit is built into the model without validating it again (the validators are never even
built: the start-up cost of one file), so what it may hold is checked otherwise: the hash
catches any damage, and the build checks every key and the type of every value. Anything
unexpected (truncated, garbage, another key, a changed byte) makes it a miss, which is
rebuilt. A cache folder that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import types
import typing
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from tracker import __version__
from tracker.load import Loaded, decode, parse, read
from tracker.locate import LazyPositions
from tracker.model import DealFile

M = TypeVar("M", bound=BaseModel)
Convert = Callable[[Any], Any]
Field = tuple[str, str, Convert, Callable[[], Any] | None]


def folder() -> Path:
    """`$XDG_CACHE_HOME/tracker/deals` (or the platform's equivalent)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tracker", appauthor=False)) / "deals"


def version(*modules: str) -> str:
    """The tracker's version, and when each of `modules` (files beside this one) last
    changed: an editable install keeps its version while the schema is edited."""
    number = __version__
    here = Path(__file__).parent
    stamps = []
    for module in modules:
        try:
            stamps.append(str((here / module).stat().st_mtime_ns))
        except OSError:
            stamps.append("?")
    return ":".join([number, *stamps])


SCHEMA = ("model.py", "terms.py", "dates.py", "cache.py")
"""The modules that decide what a deal entry holds and how it is built."""


class Cache:
    """The entries in one folder, for this version of the tracker (read once: looking it up
    cost more than the rest of a hit)."""

    def __init__(self, where: Path | None = None, made_by: tuple[str, ...] = SCHEMA) -> None:
        self.where = where or folder()
        self.version = version(*made_by)
        self._made = False
        """Whether `where` is known to exist (made once, not once an entry)."""
        self._plans: dict[type[BaseModel], list[Field]] = {}
        """How each model is built from an entry (`_plan`)."""

    def key(self, raw: bytes) -> str:
        return hashlib.sha256(self.version.encode() + b"\x00" + raw).hexdigest()

    def get(self, raw: bytes) -> dict[str, Any] | None:
        """What a file with these bytes set when it was found valid, or None."""
        name = self.key(raw)
        try:
            head, _, body = (self.where / f"{name}.json").read_bytes().partition(b"\n")
            header = json.loads(head)
            if header != {"key": name, "sum": hashlib.sha256(body).hexdigest()}:
                return None  # a foreign, damaged or tampered entry
            data = json.loads(body)
        except (OSError, ValueError, TypeError, RecursionError):  # missing, unreadable, damaged
            return None
        return data if isinstance(data, dict) else None

    def deal(self, raw: bytes) -> DealFile | None:
        """The deal a file with these bytes holds, built from its entry, or None."""
        data = self.get(raw)
        if data is None:
            return None
        try:
            return self.build(DealFile, data)
        except (TypeError, ValueError, KeyError, AttributeError):  # not what it claims: a miss
            return None

    def put(self, raw: bytes, data: dict[str, Any]) -> None:
        """Keep `data` (anything JSON holds) for these bytes."""
        self._write(raw, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def put_deal(self, raw: bytes, deal: DealFile) -> None:
        """Keep the deal a valid file with these bytes holds, as the keys it set (dates as
        ISO text: the build knows which fields are dates). Pydantic writes the JSON itself,
        five times faster than a dict dumped by `json`."""
        self._write(raw, deal.model_dump_json(by_alias=True, exclude_unset=True).encode("utf-8"))

    def _write(self, raw: bytes, body: bytes) -> None:
        """`body` as the entry for these bytes; a cache that cannot be written is skipped,
        never an error. Written to a temporary file and renamed, so a reader sees a whole
        entry or none."""
        name = self.key(raw)
        try:
            head = json.dumps({"key": name, "sum": hashlib.sha256(body).hexdigest()}).encode()
            if not self._made:
                self.where.mkdir(parents=True, exist_ok=True)
                self._made = True
            tmp = self.where / f".{name}.{os.getpid()}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(head + b"\n" + body)
                os.replace(tmp, self.where / f"{name}.json")
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, TypeError, ValueError):
            return

    def build(self, model: type[M], data: dict[str, Any]) -> M:
        """`model` made from `data` as `model_dump_json(by_alias=True, exclude_unset=True)` wrote it,
        without validation: every key must be a field and every value of its field's type,
        else TypeError, ValueError or KeyError. (Not `model_construct`: it looks at each
        default factory's signature on every call, which cost more than all the rest.)"""
        values: dict[str, Any] = {}
        given = set()
        for name, key, convert, default in self._plan(model):
            if key in data:
                values[name] = convert(data[key])
                given.add(name)
            elif default is None:
                raise KeyError(f"a {model.__name__} without {key}")
            else:
                values[name] = default()
        if len(given) != len(data):
            raise KeyError(f"a {model.__name__} with a key it does not have")
        made = model.__new__(model)
        # What `model_construct` sets, and so what a validated model holds.
        object.__setattr__(made, "__dict__", values)
        object.__setattr__(made, "__pydantic_fields_set__", given)
        object.__setattr__(made, "__pydantic_extra__", None)
        object.__setattr__(made, "__pydantic_private__", None)
        return made

    def _plan(self, model: type[BaseModel]) -> list[Field]:
        """Each field of `model`: its name, its key in an entry, how its value is built, and
        its default (None: it has none, the entry must hold it)."""
        if model not in self._plans:
            self._plans[model] = [(name, info.alias or name, self._convert(info.annotation), _default(info))
                                  for name, info in model.model_fields.items()]
        return self._plans[model]

    def _convert(self, annotation: Any) -> Convert:
        """How a value of JSON becomes a value of `annotation` (raising if it is not one)."""
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            return self._convert(args[0])
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return lambda value: self.build(annotation, _exactly(dict, value))
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return annotation  # its value, or ValueError
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            each = self._convert(args[0])
            return lambda value: tuple(each(item) for item in _exactly(list, value))
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            inner = self._convert(options[0]) if len(options) == 1 else _types(*options)
            return inner if len(options) == len(args) else lambda value: None if value is None else inner(value)
        if annotation is date:
            return lambda value: date.fromisoformat(_exactly(str, value))
        if annotation in (str, bool, int, float):
            return _types(annotation)
        raise TypeError(f"no way to build a {annotation!r} from the cache")


def _default(info: FieldInfo) -> Callable[[], Any] | None:
    if info.is_required():
        return None
    if info.default_factory is not None:
        return info.default_factory  # type: ignore[return-value]  # none takes the validated data
    value = info.default
    return lambda: value  # every default in the model is immutable (a str, a number, an enum)


def _exactly(kind: type, value: Any) -> Any:
    if type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def _types(*kinds: type) -> Convert:
    """A check that a value is exactly one of `kinds` (a bool is not an int, a datetime not a date)."""
    def check(value: Any) -> Any:
        if type(value) not in kinds:
            raise TypeError(f"expected {' or '.join(k.__name__ for k in kinds)}, found {type(value).__name__}")
        return value
    return check


def remembered(name: str, inputs: object, work: Callable[[], dict[str, str]],
               made_by: tuple[str, ...], needs: frozenset[str]) -> dict[str, str]:
    """What `work` gives for `inputs` (anything JSON holds), kept in the cache folder `name`
    beside the deals': worked out once for each `inputs` and version of the `made_by`
    modules (paths from this folder). An entry that is not a table of strings holding at
    least the keys `needs` is a miss."""
    cache = Cache(folder().parent / name, made_by)
    raw = json.dumps(inputs, sort_keys=True).encode()
    kept = cache.get(raw)
    if kept is not None and needs <= kept.keys() and all(isinstance(v, str) for v in kept.values()):
        return kept
    worked = work()
    cache.put(raw, worked)
    return worked


def cached_load(path: Path, cache: Cache) -> Loaded:
    """As `load`, through `cache`: a file found valid before with the same bytes is neither
    parsed nor validated again. A file with errors is never kept, and raises as `load` does."""
    raw = read(path)
    deal = cache.deal(raw)
    if deal is not None:
        return Loaded(deal, path, raw, LazyPositions(decode(raw, str(path))))
    deal, positions = parse(raw, str(path))  # not `load`: the file is read once, held once
    cache.put_deal(raw, deal)
    return Loaded(deal, path, raw, positions)
