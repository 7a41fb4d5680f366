"""Live status of public reports: headline figures, status breakdown, monthly trend, breakdowns.

Every query starts from `public_where`, so unverified, archived and
confidential reports never count. Figures are computed in SQL; what comes back
is small (one row, or one row per status/month/category).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from data_layer.models import Kelurahan, Report
from data_layer.queries.percentiles import median_query
from data_layer.queries.public import ReportFilter, public_where
from data_layer.queries.time import wib_month
from data_layer.states import (
    CLOSED_OTHERWISE_STATUSES,
    FIXED_STATUSES,
    IN_PROGRESS_STATUSES,
)

Dimension = Literal["category", "channel", "kind", "opd", "kecamatan"]
DIMENSIONS: tuple[Dimension, ...] = ("category", "channel", "kind", "opd", "kecamatan")


def _values(statuses) -> list[str]:
    return sorted(status.value for status in statuses)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def is_fixed() -> ColumnElement[bool]:
    return Report.status.in_(_values(FIXED_STATUSES))


def is_in_progress() -> ColumnElement[bool]:
    return Report.status.in_(_values(IN_PROGRESS_STATUSES))


def is_overdue(now: dt.datetime) -> ColumnElement[bool]:
    """Still with the city and past its resolution due date."""
    return is_in_progress() & (Report.resolve_due_at < now)


@dataclass(frozen=True)
class HeadlineFigures:
    received: int  # public reports in the filter
    in_progress: int  # verified, forwarded, being handled or reopened
    resolved: int  # fixed: selesai or ditutup
    closed_otherwise: int  # ditolak or bukan_wewenang
    share_resolved: float | None  # resolved / received
    median_resolve_working_days: float | None  # over resolved reports
    overdue_now: int  # in progress and past the resolution due date
    status_counts: tuple[tuple[str, int], ...]  # (status, reports), largest first
    as_of: dt.datetime  # naive UTC: when these figures were computed


def status_counts(session: Session, *, report_filter: ReportFilter) -> dict[str, int]:
    """Public reports per status."""
    query = public_where(
        select(Report.status, func.count()).group_by(Report.status), report_filter
    )
    return {status: count for status, count in session.execute(query)}


def headline_figures(
    session: Session, *, report_filter: ReportFilter, now: dt.datetime | None = None
) -> HeadlineFigures:
    """The figures at the top of the status page (two queries: counts, then the median)."""
    now = now or _utcnow()
    rows = session.execute(
        public_where(
            select(
                Report.status,
                func.count().label("reports"),
                func.sum(case((is_overdue(now), 1), else_=0)).label("overdue"),
            ).group_by(Report.status),
            report_filter,
        )
    ).all()
    counts = {row.status: int(row.reports) for row in rows}
    received = sum(counts.values())
    resolved = sum(counts.get(s, 0) for s in _values(FIXED_STATUSES))
    median = session.scalar(
        median_query(
            public_where(select(), report_filter).where(is_fixed()), Report.resolve_working_days
        )
    )
    return HeadlineFigures(
        received=received,
        in_progress=sum(counts.get(s, 0) for s in _values(IN_PROGRESS_STATUSES)),
        resolved=resolved,
        closed_otherwise=sum(counts.get(s, 0) for s in _values(CLOSED_OTHERWISE_STATUSES)),
        share_resolved=resolved / received if received else None,
        median_resolve_working_days=float(median) if median is not None else None,
        overdue_now=sum(int(row.overdue or 0) for row in rows),
        status_counts=tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
        as_of=now,
    )


def monthly_trend(session: Session, *, report_filter: ReportFilter) -> pd.DataFrame:
    """Reports received per WIB month and current status: columns month ('YYYY-MM'), status, reports."""
    month = wib_month(Report.received_at).label("month")
    query = public_where(
        select(month, Report.status, func.count().label("reports")).group_by(month, Report.status),
        report_filter,
    ).order_by(month, Report.status)
    rows = session.execute(query).all()
    return pd.DataFrame(
        [(row.month, row.status, int(row.reports)) for row in rows],
        columns=["month", "status", "reports"],
    )


def _dimension_column(dimension: Dimension) -> ColumnElement:
    if dimension == "category":
        return Report.category_id
    if dimension == "channel":
        return Report.channel
    if dimension == "kind":
        return Report.kind
    if dimension == "opd":
        return Report.opd_id
    if dimension == "kecamatan":
        return Kelurahan.kecamatan_code
    raise ValueError(f"unknown dimension {dimension!r}")


def breakdown_by(
    session: Session, *, report_filter: ReportFilter, dimension: Dimension
) -> pd.DataFrame:
    """Reports per value of one dimension: columns key, reports, resolved; largest first.

    `key` is the category id, channel, kind, OPD id or kecamatan code (the UI
    names them in the visitor's language). Reports without an OPD yet have key None.
    """
    return breakdowns(session, report_filter=report_filter, dimensions=(dimension,))[dimension]


def breakdowns(
    session: Session, *, report_filter: ReportFilter, dimensions: tuple[Dimension, ...]
) -> dict[Dimension, pd.DataFrame]:
    """`breakdown_by` for several dimensions from one scan (a small cube summed in pandas)."""
    keys = [_dimension_column(d).label(d) for d in dimensions]
    query = select(
        *keys,
        func.count().label("reports"),
        func.sum(case((is_fixed(), 1), else_=0)).label("resolved"),
    ).group_by(*keys)
    if "kecamatan" in dimensions:
        query = query.join(Kelurahan, Kelurahan.code == Report.kelurahan_code)
    cube = pd.DataFrame(
        session.execute(public_where(query, report_filter)).all(),
        columns=[*dimensions, "reports", "resolved"],
    )
    result: dict[Dimension, pd.DataFrame] = {}
    for dimension in dimensions:
        table = (
            cube.groupby(dimension, dropna=False)[["reports", "resolved"]]
            .sum()
            .reset_index()
            .rename(columns={dimension: "key"})
        )
        table[["reports", "resolved"]] = table[["reports", "resolved"]].astype("int64")
        # Ties in a stable order; keys may mix None with ids, so compare them as text.
        order = table.assign(_tie=table["key"].astype(str)).sort_values(
            ["reports", "_tie"], ascending=[False, True], kind="stable"
        )
        result[dimension] = order.drop(columns="_tie").reset_index(drop=True)
    return result
