"""Calendar buckets in WIB, written once for both databases.

Timestamps are stored as naive UTC; a report received at 23:30 WIB on
31 January belongs to January even though it is 16:30 UTC. Jakarta has no
daylight saving time, so WIB is always UTC+7 and a fixed offset is exact.

`wib_month(Report.received_at)` renders as
- SQLite:      strftime('%Y-%m', received_at, '+7 hours')
- PostgreSQL:  to_char(received_at + interval '7 hours', 'YYYY-MM')
and `wib_quarter` as "2025-Q1" on both.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

WIB_HOURS = 7


class _WibBucket(FunctionElement):
    type = String()
    inherit_cache = True


class wib_month(_WibBucket):
    """'YYYY-MM' of a naive-UTC timestamp, in WIB."""

    name = "wib_month"
    inherit_cache = True


class wib_quarter(_WibBucket):
    """'YYYY-Qn' of a naive-UTC timestamp, in WIB."""

    name = "wib_quarter"
    inherit_cache = True


class wib_day(_WibBucket):
    """'YYYY-MM-DD' of a naive-UTC timestamp, in WIB."""

    name = "wib_day"
    inherit_cache = True


def _argument(element: FunctionElement, compiler, **kw) -> str:
    (column,) = element.clauses
    return compiler.process(column, **kw)


@compiles(wib_month, "sqlite")
def _month_sqlite(element, compiler, **kw) -> str:
    return f"strftime('%Y-%m', {_argument(element, compiler, **kw)}, '+{WIB_HOURS} hours')"


@compiles(wib_month, "postgresql")
def _month_postgresql(element, compiler, **kw) -> str:
    shifted = f"({_argument(element, compiler, **kw)} + interval '{WIB_HOURS} hours')"
    return f"to_char({shifted}, 'YYYY-MM')"


@compiles(wib_quarter, "sqlite")
def _quarter_sqlite(element, compiler, **kw) -> str:
    column = _argument(element, compiler, **kw)
    year = f"strftime('%Y', {column}, '+{WIB_HOURS} hours')"
    month = f"CAST(strftime('%m', {column}, '+{WIB_HOURS} hours') AS INTEGER)"
    return f"({year} || '-Q' || (({month} + 2) / 3))"


@compiles(wib_quarter, "postgresql")
def _quarter_postgresql(element, compiler, **kw) -> str:
    shifted = f"({_argument(element, compiler, **kw)} + interval '{WIB_HOURS} hours')"
    return f"to_char({shifted}, 'YYYY-\"Q\"Q')"


@compiles(wib_day, "sqlite")
def _day_sqlite(element, compiler, **kw) -> str:
    return f"strftime('%Y-%m-%d', {_argument(element, compiler, **kw)}, '+{WIB_HOURS} hours')"


@compiles(wib_day, "postgresql")
def _day_postgresql(element, compiler, **kw) -> str:
    shifted = f"({_argument(element, compiler, **kw)} + interval '{WIB_HOURS} hours')"
    return f"to_char({shifted}, 'YYYY-MM-DD')"


def period_bucket(column: ColumnElement, granularity: str) -> FunctionElement:
    """The WIB month ("month") or quarter ("quarter") of `column`."""
    if granularity == "month":
        return wib_month(column)
    if granularity == "quarter":
        return wib_quarter(column)
    raise ValueError(f"unknown granularity {granularity!r}")


def period_range(period: str) -> tuple[dt.date, dt.date]:
    """First and last WIB day of a 'YYYY-MM' month or a 'YYYY-Qn' quarter (ValueError if neither)."""
    year_text, _, rest = period.partition("-")
    year = int(year_text)
    if rest.startswith("Q") and rest[1:] in ("1", "2", "3", "4"):
        first_month = 3 * (int(rest[1:]) - 1) + 1
        last_month = first_month + 2
    elif len(rest) == 2 and rest.isdigit() and 1 <= int(rest) <= 12:
        first_month = last_month = int(rest)
    else:
        raise ValueError(f"not a month or quarter: {period!r}")
    start = dt.date(year, first_month, 1)
    next_month = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start, next_month - dt.timedelta(days=1)


def quarter_of_month(month: str) -> str:
    """'2025-05' → '2025-Q2'."""
    year, number = month.split("-")
    return f"{year}-Q{(int(number) + 2) // 3}"
