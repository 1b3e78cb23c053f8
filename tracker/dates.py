"""Dates as a deal file writes them: days within a sane range, and due dates as
precise as the source gives them (a day, a month or a year)."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Strict, StrictStr

MIN_DATE = date(1800, 1, 1)
MAX_DATE = date(2200, 12, 31)


def _check_year(value: date) -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"a date between {MIN_DATE.year} and {MAX_DATE.year}")
    return value


Day = Annotated[date, Strict(), AfterValidator(_check_year)]
"""A calendar day within a sane range (a year 1 or 9999 is a typo)."""


_DUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _due_before(value: object) -> object:
    # TOML gives a full date as a `date`; months and years can only be strings.
    return value.isoformat() if isinstance(value, date) else value


def _due_after(text: str) -> str:
    match = _DUE.match(text)
    if not match:
        raise ValueError("a date as YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise ValueError(f"a year between {MIN_DATE.year} and {MAX_DATE.year}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError("a month from 01 to 12")
    if month is not None and day is not None:
        date(year, month, day)
    return text


Due = Annotated[StrictStr, BeforeValidator(_due_before), AfterValidator(_due_after)]
"""A due date as precise as the source: `2021-07-15`, `2021-07` or `2021`."""


def due_precision(due: str) -> Literal["day", "month", "year"]:
    """How much of the date the source gave."""
    return ("year", "month", "day")[due.count("-")]


def due_last_day(due: str) -> date:
    """The last day that still meets the deadline ("by July" means by 31 July)."""
    parts = [int(p) for p in due.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)
