"""Medians and percentiles in SQL, identical on SQLite and PostgreSQL.

SQLite has no percentile function and PostgreSQL's `percentile_cont` would give
slightly different (interpolated) figures, so both databases use the same
window-function recipe: number the values in order within each group
(`row_number`), count them (`count(*) OVER`), and pick ranks.

- Median: the middle value, or the mean of the two middle values when the
  count is even (ranks (n+1) div 2 and (n+2) div 2).
- p-th percentile (p = 90 for the 90th): the nearest-rank method, the value at
  rank ceil(p·n/100), i.e. the smallest value with at least p% of values at or
  below it. Integer arithmetic: (p·n + 99) div 100.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from data_layer.queries.indexes import through
from data_layer.rows import ColumnLike


def ranked_values(
    base: Select, value: ColumnLike, group_by: Sequence[ColumnElement] = ()
) -> Select:
    """`base` (a filtered select over the value's table) plus `v`, `rn` and `n` per group.

    Rows with a NULL value are left out, so they count neither way.
    """
    partition = list(group_by) or None
    return base.add_columns(
        value.label("v"),
        func.row_number().over(partition_by=partition, order_by=value).label("rn"),
        func.count().over(partition_by=partition).label("n"),
    ).where(value.is_not(None))


def median_of(ranked) -> ColumnElement:
    """Aggregate over a `ranked_values(...).subquery()`: the median of `v`."""
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    return func.avg(case((middle, ranked.c.v)))


def percentile_of(ranked, percent: int) -> ColumnElement:
    """Aggregate over a `ranked_values(...).subquery()`: the nearest-rank percentile of `v`."""
    rank = (ranked.c.n * percent + 99) // 100
    return func.max(case((ranked.c.rn == rank, ranked.c.v)))


def median_query(base: Select, value: ColumnLike) -> Select:
    """A one-row select of the median of `value` over the rows of `base`."""
    ranked = ranked_values(base, value).subquery()
    return select(median_of(ranked)).where(
        and_(ranked.c.rn >= (ranked.c.n + 1) // 2, ranked.c.rn <= (ranked.c.n + 2) // 2)
    )


def median_by_offset(
    session: Session,
    base: Select,
    value: ColumnLike,
    *,
    count: int | None = None,
    walk_value_index: bool = True,
    index: str | None = None,
) -> float | None:
    """The same median as `median_query`, read as the middle one or two values in order.

    With an index leading on `value` (after equality columns) the database walks
    the index to the middle instead of numbering every row: the live status
    page's median over a million reports costs tens of milliseconds this way.
    `count` (rows of `base` with a value) saves the counting when known.
    With a selective filter (one kelurahan) walking that index would visit every
    row to find the few that match: `walk_value_index=False` orders by an
    expression instead, so the database uses the filter's index and sorts the few.
    `index` names that value index for SQLite's planner (data_layer.queries.indexes).
    """
    present = base.where(value.is_not(None))
    if walk_value_index and index is not None:
        present = through(present, index)
    if count is None:
        count = session.scalar(present.with_only_columns(func.count()).order_by(None)) or 0
    if count == 0:
        return None
    order = value if walk_value_index else value + 0
    middle = session.scalars(
        present.with_only_columns(value)
        .order_by(order)
        .limit(2 - count % 2)
        .offset((count - 1) // 2)
    ).all()
    return sum(float(v) for v in middle) / len(middle) if middle else None


def percentile_by_offset(
    session: Session,
    base: Select,
    value: ColumnLike,
    percent: int,
    *,
    count: int | None = None,
    index: str | None = None,
) -> float | None:
    """The same nearest-rank percentile as `percentile_of`, read as one value in order.

    Counted from the top (rank ceil(p·n/100) from below is rank n - that + 1 from
    above), so for p = 90 the database keeps only the largest tenth while it sorts,
    or walks `index` (leading on `value` after equality columns) backwards.
    """
    present = base.where(value.is_not(None))
    if index is not None:
        present = through(present, index)
    if count is None:
        count = session.scalar(present.with_only_columns(func.count()).order_by(None)) or 0
    if count == 0:
        return None
    rank = (count * percent + 99) // 100
    found = session.scalar(
        present.with_only_columns(value).order_by(value.desc()).limit(1).offset(count - rank)
    )
    return float(found) if found is not None else None
