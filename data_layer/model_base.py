"""The declarative base every table module shares (models, citizen_models, tally_models).

Its own module so a table module can import it without importing the others:
`data_layer.models` gathers them all into one metadata, and none imports it back.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import (
    MetaData,
    Table,
)
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every model here is mapped to a plain table (SQLAlchemy's own stub says FromClause).
    __table__: ClassVar[Table]
