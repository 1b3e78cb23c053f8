"""The words of a deal file's schema: its scalar types (ids, counts, figures), the base of
every record, and the enumerations (kinds, reported statuses, bounds, measures) with the
rules that tie them (which statuses a kind takes, what a status implies). The tables that
use them are in `tracker.model`.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, Strict
from pydantic_core import PydanticCustomError

Id = Annotated[str, Strict(), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
"""A stable identifier: letters, digits, `-`, `_` and `.`, at most 64 characters."""

Count = Annotated[int, Strict(), Field(ge=0, le=10**12)]
"""A whole number of things (prisoners, troops, dollars), never absurdly large."""

def _figure(value: object) -> int | float:
    """A figure as the file writes it: a whole number stays whole, a decimal stays decimal."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("number_type", "Input should be a whole number or a decimal")
    if not math.isfinite(value):
        raise PydanticCustomError("finite_number", "Input should be a finite number")
    # The same bounds as `Count`, with the same error types, so messages read alike.
    if value < 0:
        raise PydanticCustomError("greater_than_equal", "Input should be greater than or equal to 0", {"ge": 0})
    if value > 10**12:
        raise PydanticCustomError("less_than_equal", "Input should be less than or equal to 1000000000000",
                                  {"le": 10**12})
    return value


Figure = Annotated[int | float, PlainValidator(_figure)]
"""A reported or promised figure: a whole number or a decimal (2.5 %, 12.4 t), never absurd."""


class Record(BaseModel):
    """Base for every record: unknown keys are errors and records never change."""

    # defer_build: the validators are built on the first validation, not on import, so a
    # deal read from the cache (`tracker.cache`, built without validation) never pays for them.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True)


class Certainty(str, Enum):
    """How sure a date is."""

    stated = "stated"
    inferred = "inferred"
    approximate = "approximate"


class Kind(str, Enum):
    """What sort of milestone this is; it decides which statuses it may take."""

    signing = "signing"
    decree = "decree"
    quantity = "quantity"
    deadline = "deadline"
    offer = "offer"
    talks = "talks"
    commitment = "commitment"
    event = "event"
    context = "context"


class Qualifier(str, Enum):
    """How a target is meant: exactly, as a ceiling, as a floor, or roughly."""

    exact = "exact"
    up_to = "up_to"
    at_least = "at_least"
    about = "about"


class Measure(str, Enum):
    """What a quantity's figures are: a running total of deliveries, or a level that moves."""

    total = "total"
    level = "level"


class Bound(str, Enum):
    """How a reported figure was given: exactly, as a floor, as a ceiling, or roughly."""

    exact = "exact"
    at_least = "at_least"
    at_most = "at_most"
    about = "about"


class Reported(str, Enum):
    """A status that an update can report for a milestone."""

    offered = "offered"
    accepted = "accepted"
    rejected = "rejected"
    started = "started"
    suspended = "suspended"
    done = "done"
    breached = "breached"
    cancelled = "cancelled"
    blocked = "blocked"


KIND_STATUSES: dict[Kind, frozenset[Reported]] = {
    Kind.signing: frozenset({Reported.done, Reported.cancelled}),
    Kind.decree: frozenset({Reported.done, Reported.cancelled, Reported.suspended}),
    Kind.quantity: frozenset(
        {Reported.started, Reported.suspended, Reported.done, Reported.cancelled}
    ),
    Kind.deadline: frozenset(
        {Reported.started, Reported.done, Reported.suspended, Reported.cancelled}
    ),
    Kind.offer: frozenset(
        {Reported.offered, Reported.accepted, Reported.rejected, Reported.cancelled}
    ),
    Kind.talks: frozenset(
        {Reported.started, Reported.suspended, Reported.done, Reported.cancelled}
    ),
    Kind.commitment: frozenset(
        {Reported.started, Reported.done, Reported.breached, Reported.cancelled}
    ),
    Kind.event: frozenset({Reported.started, Reported.done, Reported.cancelled}),
    Kind.context: frozenset(),
}
"""The statuses an update may report for each kind of milestone."""

BLOCKABLE = (Kind.decree, Kind.quantity, Kind.deadline, Kind.talks, Kind.commitment, Kind.event)
"""Kinds a decision can stop (a regulator's block, an injunction, a veto): they may be
reported `blocked`, and a later reported status (approved: `done`) reverses it."""
for _kind in BLOCKABLE:
    KIND_STATUSES[_kind] = KIND_STATUSES[_kind] | {Reported.blocked}

IMPLIES = {
    Reported.done: {Reported.started},
    Reported.accepted: {Reported.offered},
    Reported.rejected: {Reported.offered},
    Reported.breached: {Reported.started},
    Reported.suspended: {Reported.started},
}
"""A status reached implies the earlier ones: what is done has also started."""
