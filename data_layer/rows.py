"""Result rows into dataclasses by column name, never by position.

`Summary(*row)` silently mislabels data when a column moves in the SELECT;
`from_row(Summary, row)` matches each labelled column to the field of that name
and fails loudly (TypeError) on a column or field the other side lacks.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row
from sqlalchemy.orm import QueryableAttribute

T = TypeVar("T")


def from_row(cls: type[T], row: Row[Any], *, without: tuple[str, ...] = (), **extra: Any) -> T:
    """`cls(**row, **extra)`: each column label names the field it fills.

    `without` names columns the query needs (a key to group by) but `cls` has no field for.
    """
    values = {name: value for name, value in row._mapping.items() if name not in without}
    return cls(**values, **extra)


# What the query helpers take as a column: a mapped attribute (`Report.received_at`)
# or any SQL expression (a label, a CASE, a function).
ColumnLike = ColumnElement[Any] | QueryableAttribute[Any]
