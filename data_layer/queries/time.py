"""Calendar buckets in the city's local time, written once for both databases.

Timestamps are stored as naive UTC; a report received at 23:30 local time on
31 January belongs to January even though it is still 31 January only 7 to 9
hours earlier in UTC. Indonesia has no daylight saving time, so the city's zone
(its profile; the zone table is data_layer/cities/zones.py) is a fixed
whole-hour offset and SQL can add it.

`local_month(Report.received_at)` renders, for a city H hours ahead of UTC, as
- SQLite:      strftime('%Y-%m', received_at, '+H hours')
- PostgreSQL:  to_char(received_at + interval 'H hours', 'YYYY-MM')
and `local_quarter` as "2025-Q1" on both. The offset is part of the statement
(and of SQLAlchemy's cache key), so two cities never share a compiled query.
The tally triggers (data_layer/tally.py) use the same SQL through `bucket_sql`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from data_layer.config import get_settings
from data_layer.rows import ColumnLike

_SQL = {
    ("month", "sqlite"): "strftime('%Y-%m', {column}, '+{hours} hours')",
    ("month", "postgresql"): "to_char({column} + interval '{hours} hours', 'YYYY-MM')",
    ("quarter", "sqlite"): (
        "(strftime('%Y', {column}, '+{hours} hours') || '-Q' || "
        "((CAST(strftime('%m', {column}, '+{hours} hours') AS INTEGER) + 2) / 3))"
    ),
    ("quarter", "postgresql"): "to_char({column} + interval '{hours} hours', 'YYYY-\"Q\"Q')",
    ("day", "sqlite"): "strftime('%Y-%m-%d', {column}, '+{hours} hours')",
    ("day", "postgresql"): "to_char({column} + interval '{hours} hours', 'YYYY-MM-DD')",
}


def local_utc_offset_hours() -> int:
    """The configured city's offset from UTC in whole hours (from the zone table)."""
    return get_settings().zone.utc_offset_hours


def bucket_sql(bucket: str, dialect: str, *, column: str, hours: int) -> str:
    """SQL text for the local month/quarter/day of a naive-UTC `column` expression."""
    return _SQL[(bucket, dialect)].format(column=f"({column})", hours=int(hours))


class _LocalBucket(FunctionElement):
    type = String()
    inherit_cache = True
    bucket = ""


class _LocalMonth(_LocalBucket):
    name = "local_month"
    inherit_cache = True
    bucket = "month"


class _LocalQuarter(_LocalBucket):
    name = "local_quarter"
    inherit_cache = True
    bucket = "quarter"


class _LocalDay(_LocalBucket):
    name = "local_day"
    inherit_cache = True
    bucket = "day"


@compiles(_LocalBucket)
def _compile_bucket(element: _LocalBucket, compiler, **kw) -> str:
    column, offset = element.clauses
    return bucket_sql(
        element.bucket,
        compiler.dialect.name,
        column=compiler.process(column, **kw),
        hours=int(compiler.process(offset, **kw)),
    )


def _bucket(kind: type[_LocalBucket], column: ColumnLike) -> _LocalBucket:
    # The offset travels as a literal (never a bound parameter): PostgreSQL
    # must see the same expression in SELECT and GROUP BY.
    return kind(column, literal_column(str(local_utc_offset_hours())))


def local_month(column: ColumnLike) -> _LocalBucket:
    """'YYYY-MM' of a naive-UTC timestamp, in the city's time zone."""
    return _bucket(_LocalMonth, column)


def local_quarter(column: ColumnLike) -> _LocalBucket:
    """'YYYY-Qn' of a naive-UTC timestamp, in the city's time zone."""
    return _bucket(_LocalQuarter, column)


def local_day(column: ColumnLike) -> _LocalBucket:
    """'YYYY-MM-DD' of a naive-UTC timestamp, in the city's time zone."""
    return _bucket(_LocalDay, column)


def local_day_start_utc(day: dt.date) -> dt.datetime:
    """Naive-UTC moment at which `day` starts in the city's time zone."""
    return dt.datetime.combine(day, dt.time(0, 0)) - dt.timedelta(hours=local_utc_offset_hours())


def period_bucket(column: ColumnLike, granularity: str) -> FunctionElement:
    """The local month ("month") or quarter ("quarter") of `column`."""
    if granularity == "month":
        return local_month(column)
    if granularity == "quarter":
        return local_quarter(column)
    raise ValueError(f"unknown granularity {granularity!r}")


def period_range(period: str) -> tuple[dt.date, dt.date]:
    """First and last local day of a 'YYYY-MM' month or a 'YYYY-Qn' quarter (ValueError if neither)."""
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
