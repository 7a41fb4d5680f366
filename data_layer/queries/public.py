"""The one definition of "public", and the filters every public view shares.

Two levels, both defined here and nowhere else:

- **counted** (`public_reports_condition`, `public_where`, `public_tally_where`):
  not confidential and in `PUBLIC_STATUSES`. Aggregates (counts, shares,
  medians, choropleths) use it, so a report rejected before verification still
  counts as "closed otherwise".
- **listed** (`listed_reports_condition`, `listed_where`): counted AND its
  content passed verification (`LISTED_STATUSES`). Everything that shows what a
  report says or where it is (lists, map points and heat, popups, gallery,
  photos, open-data rows, the tracking page's content, duplicate hints) uses it.

Anonymous reporters' points leave the database only through `public_point`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from sqlalchemy import ColumnElement, Float, Numeric, and_, case, cast, func, select
from sqlalchemy.sql import Select

from data_layer.models import (
    Category,
    Kecamatan,
    Kelurahan,
    Opd,
    Report,
    ReportTally,
    ReportTallyTotal,
)
from data_layer.queries.time import local_day_start_utc
from data_layer.rows import ColumnLike
from data_layer.states import LISTED_STATUSES, PUBLIC_STATUSES

# Anonymous reports are shown and exported with coordinates rounded to this many
# decimals (about 110 m), so a point never marks the reporter's doorstep.
ANONYMOUS_COORDINATE_DECIMALS = 3

_PUBLIC_STATUS_VALUES = sorted(status.value for status in PUBLIC_STATUSES)
_LISTED_STATUS_VALUES = sorted(status.value for status in LISTED_STATUSES)


def public_reports_condition() -> ColumnElement[bool]:
    """Counted publicly: not confidential (rahasia) and a public status. For aggregates only."""
    return and_(Report.confidential.is_(False), Report.status.in_(_PUBLIC_STATUS_VALUES))


def listed_reports_condition() -> ColumnElement[bool]:
    """Shown publicly (content, place, photos): not confidential and verified (LISTED_STATUSES)."""
    return and_(Report.confidential.is_(False), Report.status.in_(_LISTED_STATUS_VALUES))


def public_point() -> tuple[ColumnElement[float], ColumnElement[float]]:
    """(latitude, longitude) as the public may see them.

    An anonymous reporter's point is rounded to ANONYMOUS_COORDINATE_DECIMALS
    (about 110 m): the exact spot may be their doorstep. Every public use of a
    location (map points, heat cells, open data, API, feeds, snapshot, duplicate
    hints) reads these.
    """
    anonymous = Report.anonymous.is_(True)

    def blurred(column) -> ColumnElement[float]:
        rounded = func.round(cast(column, Numeric), ANONYMOUS_COORDINATE_DECIMALS)
        # Cast back so both databases hand out floats, never Decimals.
        return case((anonymous, cast(rounded, column.type)), else_=column)

    return blurred(Report.latitude), blurred(Report.longitude)


# The heat map's grid: cells of this many degrees (~220 m), counted by the heat rollup
# (data_layer/tally.py) for the unfiltered map.
HEAT_CELL_DEG = 0.002


def public_cell(cell_deg: float = HEAT_CELL_DEG) -> tuple[ColumnElement, ColumnElement]:
    """(row, column) of a report's public point on a grid of `cell_deg` degrees."""
    latitude, longitude = public_point()
    return (
        func.round(cast(latitude, Float) / cell_deg),
        func.round(cast(longitude, Float) / cell_deg),
    )


@dataclass(frozen=True)
class ReportFilter:
    """What a visitor narrowed the view to. Empty fields mean "all"."""

    start: dt.date | None = None  # first day, local time, inclusive
    end: dt.date | None = None  # last day, local time, inclusive
    kecamatan_code: str | None = None
    kelurahan_code: str | None = None
    kind: str | None = None
    category_id: int | None = None
    opd_id: int | None = None
    channel: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def without(self, *names: str) -> ReportFilter:
        return replace(self, **dict.fromkeys(names))


def filter_conditions(report_filter: ReportFilter) -> list[ColumnElement[bool]]:
    f = report_filter
    conditions: list[ColumnElement[bool]] = []
    if f.start is not None:
        conditions.append(Report.received_at >= local_day_start_utc(f.start))
    if f.end is not None:
        conditions.append(Report.received_at < local_day_start_utc(f.end + dt.timedelta(days=1)))
    if f.kelurahan_code is not None:
        conditions.append(Report.kelurahan_code == f.kelurahan_code)
    if f.kecamatan_code is not None:
        conditions.append(
            Report.kelurahan_code.in_(
                select(Kelurahan.code).where(Kelurahan.kecamatan_code == f.kecamatan_code)
            )
        )
    if f.kind is not None:
        conditions.append(Report.kind == f.kind)
    if f.category_id is not None:
        conditions.append(Report.category_id == f.category_id)
    if f.opd_id is not None:
        conditions.append(Report.opd_id == f.opd_id)
    if f.channel is not None:
        conditions.append(Report.channel == f.channel)
    return conditions


def public_where(query: Select, report_filter: ReportFilter | None = None) -> Select:
    """Restrict a select over Report to the reports counted publicly (aggregates only).

    Anything that shows a report's content or point uses `listed_where` instead.
    """
    conditions = [public_reports_condition(), *filter_conditions(report_filter or ReportFilter())]
    return query.where(*conditions)


def listed_where(query: Select, report_filter: ReportFilter | None = None) -> Select:
    """Restrict a select over Report to the reports whose content may be shown."""
    conditions = [listed_reports_condition(), *filter_conditions(report_filter or ReportFilter())]
    return query.where(*conditions)


# --- the report tally (data_layer/tally.py) -----------------------------------
# The tally holds non-confidential reports only; restricting it to public
# statuses here keeps the one definition of "public" in this module.


def _month_aligned(report_filter: ReportFilter) -> bool:
    start, end = report_filter.start, report_filter.end
    return (start is None or start.day == 1) and (
        end is None or (end + dt.timedelta(days=1)).day == 1
    )


def _filter_columns(report_filter: ReportFilter) -> set[str]:
    """The tally columns a filter narrows on (the period aside)."""
    f = report_filter
    wanted = {
        "kelurahan_code": f.kelurahan_code is not None or f.kecamatan_code is not None,
        "kind": f.kind is not None,
        "category_id": f.category_id is not None,
        "opd_key": f.opd_id is not None,
        "channel": f.channel is not None,
    }
    return {column for column, needed in wanted.items() if needed}


def tally_answers(report_filter: ReportFilter, tally=ReportTally) -> bool:
    """Whether `tally` can answer this filter: a period of whole months, and a column per field.

    (The default tallies have no place column: a place is answered by the place rollups.)
    """
    columns = set(tally.__table__.columns.keys())
    return _month_aligned(report_filter) and _filter_columns(report_filter) <= columns


def tally_for(report_filter: ReportFilter) -> type[ReportTally] | type[ReportTallyTotal]:
    """The smaller tally when no period is asked for, else the one by month."""
    if report_filter.start is None and report_filter.end is None:
        return ReportTallyTotal
    return ReportTally


def public_tally_where(query: Select, report_filter: ReportFilter | None = None, tally=ReportTally):
    """Restrict a select over a tally (any model of data_layer.tally.TALLIES) to public rows."""
    f = report_filter or ReportFilter()
    if not tally_answers(f, tally):
        raise ValueError(f"{tally.__tablename__} cannot answer this filter")
    conditions: list[ColumnElement[bool]] = [
        tally.status.in_(_PUBLIC_STATUS_VALUES),
        tally.reports > 0,
    ]
    if f.start is not None or f.end is not None:
        if "month" not in tally.__table__.columns:
            raise ValueError("only a tally by month can answer a period")
        if f.start is not None:
            conditions.append(tally.month >= f.start.strftime("%Y-%m"))
        if f.end is not None:
            conditions.append(tally.month <= f.end.strftime("%Y-%m"))
    if f.kelurahan_code is not None:
        conditions.append(tally.kelurahan_code == f.kelurahan_code)
    if f.kecamatan_code is not None:
        conditions.append(
            tally.kelurahan_code.in_(
                select(Kelurahan.code).where(Kelurahan.kecamatan_code == f.kecamatan_code)
            )
        )
    if f.kind is not None:
        conditions.append(tally.kind == f.kind)
    if f.category_id is not None:
        conditions.append(tally.category_id == f.category_id)
    if f.opd_id is not None:
        conditions.append(tally.opd_key == f.opd_id)
    if f.channel is not None:
        conditions.append(tally.channel == f.channel)
    return query.where(*conditions)


def listed_tally_condition(status: ColumnLike) -> ColumnElement[bool]:
    """The tally-side twin of `listed_reports_condition`, for a status column of a tally
    (tallies hold non-confidential reports only): counts of what is listed, e.g. rows of
    the open-data download."""
    return status.in_(_LISTED_STATUS_VALUES)


def join_report_labels(query: Select, *, opd=Opd) -> Select:
    """Join what a report's category, kelurahan, kecamatan and OPD are called.

    The OPD is an outer join: a report has none until it is verified. Pass an
    alias as `opd` when the query already uses the Opd table elsewhere.
    """
    return (
        query.join(Category, Category.id == Report.category_id)
        .join(Kelurahan, Kelurahan.code == Report.kelurahan_code)
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .outerjoin(opd, opd.id == Report.opd_id)
    )
