"""The words of a deal file's schema: its scalar types (ids, counts, figures), the base of
every record, and the enumerations (kinds, reported statuses, bounds, measures) with the
rules that tie them (which statuses a kind takes, what a status implies). The tables that
use them are in `tracker.model`.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, Strict
from pydantic_core import PydanticCustomError

from tracker.safe import shortened

Id = Annotated[str, Strict(), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
"""A stable identifier: letters, digits, `-`, `_` and `.`, at most 64 characters."""

FIGURE_MAX = 10**12
"""The largest count or figure a deal holds: a trillion; anything above is a slip."""

Count = Annotated[int, Strict(), Field(ge=0, le=FIGURE_MAX)]
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
    if value > FIGURE_MAX:
        raise PydanticCustomError("less_than_equal", f"Input should be less than or equal to {FIGURE_MAX}",
                                  {"le": FIGURE_MAX})
    return value


Figure = Annotated[int | float, PlainValidator(_figure)]
"""A reported or promised figure: a whole number or a decimal (2.5 %, 12.4 t), never absurd."""

# Digits, grouped in threes by commas or by underscores (one or the other), then a decimal
# point and digits. ASCII digits only: `\d` would take Arabic-Indic or full-width ones.
_TYPED = re.compile(r"(-?)((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:_[0-9]{3})+|[0-9]*))((?:\.[0-9]+)?)")
_EXPECTED = "expected a figure such as 12, 1,500 or 2.5"


def typed_figure(text: str) -> int | float:
    """A figure as a person types it (`tracker record --total`, the app's form), within the
    model's bounds: "3" is 3, "2.5" and "3.0" are decimals (3.0 is kept as typed), "1,500"
    and "1_500" are 1500; spaces around it are trimmed. ValueError says why anything else
    is refused: nothing, words, "2,5" (a decimal comma), "1e3", "nan", below 0, above
    FIGURE_MAX, or a decimal of more than 15 significant digits."""
    typed = text.strip()
    found = _TYPED.fullmatch(typed)
    if not found or not any(c.isdigit() for c in typed):
        raise ValueError(f"{_EXPECTED}, found {_shown(typed)}{_hint(typed)}")
    sign, whole, point = found.groups()
    exact = Decimal(sign + whole.replace(",", "").replace("_", "") + point)
    if exact < 0:
        raise ValueError(f"expected a figure of 0 or more, found {_shown(typed)}")
    if exact > FIGURE_MAX:
        raise ValueError(f"expected a figure no more than {FIGURE_MAX:,}, found {_shown(typed)}")
    if not point:
        return int(exact)
    # 15 significant digits are what a float always keeps exactly: more would be written
    # to the file rounded, not as typed.
    if len(exact.normalize().as_tuple().digits) > 15:
        raise ValueError(f"expected a decimal of at most 15 significant digits, found {_shown(typed)}")
    return float(abs(exact))  # abs: "-0.0" is 0.0, never a negative zero in the file


def _shown(typed: str) -> str:
    return shortened(repr(typed)) if typed else "nothing"


def _hint(typed: str) -> str:
    """Why a near-number is refused: the mistakes a person makes typing one."""
    if "," in typed:
        return " (a comma groups thousands, as in 1,500: write a decimal with a point, 2.5)"
    try:
        number = float(typed)
    except ValueError:
        return ""
    if not math.isfinite(number):
        return " (a figure is a finite number)"
    return " (write it out in digits, without an exponent)" if "e" in typed.lower() else ""


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
