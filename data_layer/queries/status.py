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
from data_layer.queries import indexes
from data_layer.queries.percentiles import median_by_offset
from data_layer.queries.public import ReportFilter, public_where
from data_layer.queries.rollup import public_counts
from data_layer.queries.time import local_month
from data_layer.rows import ColumnLike
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
    return {
        status: reports
        for status, (reports, _known) in _status_rows(session, report_filter).items()
    }


def _status_rows(
    session: Session, report_filter: ReportFilter
) -> dict[str, tuple[int, int | None]]:
    """status → (reports, reports with resolve_working_days); the second only from the rollups."""
    counted = public_counts(session, report_filter=report_filter, keys=["status"])
    if counted is not None:
        rows = session.execute(counted).all()
        return {status: (int(count), int(known)) for status, count, known, _ in rows if count}
    # Grouping on an expression, not the bare column, stops SQLite from choosing an
    # index only because it yields rows in status order; it then picks the index
    # that serves the filter (a kecamatan: 4 s → 50 ms at 1M reports).
    status = func.coalesce(Report.status, "").label("status")
    query = public_where(select(status, func.count()).group_by(status), report_filter)
    return {status: (int(count), None) for status, count in session.execute(query) if count}


def headline_figures(
    session: Session, *, report_filter: ReportFilter, now: dt.datetime | None = None
) -> HeadlineFigures:
    """The figures at the top of the status page.

    Counts come from the tally when it can answer the filter (else one GROUP BY
    over reports); "overdue now" and the median walk covering indexes.
    """
    now = now or _utcnow()
    rows = _status_rows(session, report_filter)
    counts = {status: reports for status, (reports, _known) in rows.items()}
    fixed_values = _values(FIXED_STATUSES)
    known = [rows[s][1] for s in fixed_values if s in rows]
    overdue = session.scalar(
        public_where(select(func.count()).select_from(Report), report_filter).where(is_overdue(now))
    )
    median = median_by_offset(
        session,
        public_where(select(), report_filter).where(is_fixed()),
        Report.resolve_working_days,
        # From the tally when it answered; else median_by_offset counts for itself.
        count=None if None in known else sum(k or 0 for k in known),
        # Walk the value index (it carries every filtered column) unless a place or a
        # short period is selective enough for its own index to lead.
        walk_value_index=not _selective(report_filter),
        index=indexes.RESOLVE_DAYS,
    )
    received = sum(counts.values())
    resolved = sum(counts.get(s, 0) for s in fixed_values)
    return HeadlineFigures(
        received=received,
        in_progress=sum(counts.get(s, 0) for s in _values(IN_PROGRESS_STATUSES)),
        resolved=resolved,
        closed_otherwise=sum(counts.get(s, 0) for s in _values(CLOSED_OTHERWISE_STATUSES)),
        share_resolved=resolved / received if received else None,
        median_resolve_working_days=median,
        overdue_now=int(overdue or 0),
        status_counts=tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
        as_of=now,
    )


def monthly_trend(session: Session, *, report_filter: ReportFilter) -> pd.DataFrame:
    """Reports received per local month and current status: columns month ('YYYY-MM'), status, reports."""
    counted = public_counts(session, report_filter=report_filter, keys=["month", "status"])
    if counted is not None:
        query = counted.order_by("month", "status")
    else:
        month = local_month(Report.received_at).label("month")
        query = public_where(
            select(month, Report.status, func.count().label("reports")).group_by(
                month, Report.status
            ),
            report_filter,
        ).order_by(month, Report.status)
    rows = session.execute(query).all()
    return pd.DataFrame(
        [(row.month, row.status, int(row.reports)) for row in rows if row.reports],
        columns=["month", "status", "reports"],
    )


@dataclass(frozen=True)
class MonthlySeries:
    """The monthly trend with every month of the period present, in calendar order."""

    counts: pd.DataFrame  # index: first local day of each month; one column per status
    partial_month: dt.date | None  # the month still under way (first day), if shown


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def every_month(
    trend: pd.DataFrame, *, report_filter: ReportFilter, today: dt.date
) -> MonthlySeries:
    """`monthly_trend`'s rows reindexed to every month from the filter's (or the first
    report's) month to the filter's end (or this month), zero where nothing came in.

    `today` is the city's local date: a period that reaches it ends with a partial month.
    """
    months = [dt.date.fromisoformat(f"{month}-01") for month in trend["month"]]
    first = _month_start(report_filter.start) if report_filter.start else min(months, default=None)
    if first is None:
        return MonthlySeries(pd.DataFrame(index=pd.Index([], name="month")), None)
    this_month = _month_start(today)
    last = min(_month_start(report_filter.end), this_month) if report_filter.end else this_month
    # Never drop a month that has reports, whatever the filter or clock says.
    first, last = min([first, *months]), max([last, *months])
    calendar = [first]
    while calendar[-1] < last:
        calendar.append(_next_month(calendar[-1]))
    index = pd.Index(calendar, name="month")
    if trend.empty:
        return MonthlySeries(pd.DataFrame(index=index), _partial(index, report_filter, today))
    wide = (
        trend.assign(month=months)
        .pivot_table(index="month", columns="status", values="reports", aggfunc="sum")
        .reindex(index, fill_value=0)
        .fillna(0)
        .astype(int)
    )
    wide.columns.name = None
    return MonthlySeries(wide, _partial(index, report_filter, today))


def _partial(index: pd.Index, report_filter: ReportFilter, today: dt.date) -> dt.date | None:
    """This month, if the period shows it and has not ended before today."""
    this_month = _month_start(today)
    running = report_filter.end is None or report_filter.end >= today
    return this_month if running and this_month in index else None


def _selective(report_filter: ReportFilter) -> bool:
    """A place, or a period shorter than about two months: few enough reports to sort."""
    f = report_filter
    if f.kelurahan_code is not None or f.kecamatan_code is not None:
        return True
    return f.start is not None and f.end is not None and (f.end - f.start).days < 62


def _dimension_column(dimension: Dimension) -> ColumnLike:
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
    """`breakdown_by` for several dimensions: each from a rollup where one answers, the rest
    from one scan of the reports (a small cube summed in pandas)."""
    result: dict[Dimension, pd.DataFrame] = {}
    for dimension in dimensions:
        counted = public_counts(
            session, report_filter=report_filter, keys=[_ROLLUP_KEY[dimension], "status"]
        )
        if counted is not None:
            result[dimension] = _table(_rollup_cube(session, counted, dimension), dimension)
    scanned = tuple(d for d in dimensions if d not in result)
    if scanned:
        cube = pd.DataFrame(
            session.execute(_cube_query(report_filter, scanned)).all(),
            columns=[*scanned, "reports", "resolved"],
        )
        result.update({dimension: _table(cube, dimension) for dimension in scanned})
    return {dimension: result[dimension] for dimension in dimensions}


# The rollup column each dimension is read from (kecamatan through the kelurahan).
_ROLLUP_KEY: dict[Dimension, str] = {
    "category": "category_id",
    "channel": "channel",
    "kind": "kind",
    "opd": "opd_key",
    "kecamatan": "kelurahan_code",
}


def _rollup_cube(session: Session, counted, dimension: Dimension) -> pd.DataFrame:
    rows = session.execute(counted).all()
    cube = pd.DataFrame(
        [(key, status, int(reports)) for key, status, reports, _known, _proofed in rows],
        columns=[dimension, "status", "reports"],
    )
    cube["resolved"] = cube["reports"].where(cube["status"].isin(_values(FIXED_STATUSES)), 0)
    if dimension == "opd":
        # The rollups write 0 for "no OPD yet"; give callers None as the report does.
        cube["opd"] = [None if key == 0 else key for key in cube["opd"]]
    if dimension == "kecamatan":
        places = session.execute(select(Kelurahan.code, Kelurahan.kecamatan_code))
        kecamatan = {code: kecamatan_code for code, kecamatan_code in places}
        cube["kecamatan"] = cube["kecamatan"].map(kecamatan)
    return cube


def _table(cube: pd.DataFrame, dimension: Dimension) -> pd.DataFrame:
    table = (
        cube.groupby(dimension, dropna=False)[["reports", "resolved"]]
        .sum()
        .reset_index()
        .rename(columns={dimension: "key"})
    )
    table["key"] = pd.Series([_plain(key) for key in table["key"]], dtype=object)
    table[["reports", "resolved"]] = table[["reports", "resolved"]].astype("int64")
    table = table[table["reports"] > 0]
    # Ties in a stable order; keys may mix None with ids, so compare them as text.
    order = table.assign(_tie=table["key"].astype(str)).sort_values(
        ["reports", "_tie"], ascending=[False, True], kind="stable"
    )
    return order.drop(columns="_tie").reset_index(drop=True)


def _plain(key):
    """Group keys as plain Python values: ids as int, "none" as None (pandas gives NaN/floats)."""
    if key is None or pd.isna(key):
        return None
    if isinstance(key, float) and key.is_integer():
        return int(key)
    return key.item() if hasattr(key, "item") else key


def _cube_query(report_filter: ReportFilter, dimensions: tuple[Dimension, ...]):
    keys = [_dimension_column(d).label(d) for d in dimensions]
    query = select(
        *keys,
        func.count().label("reports"),
        func.sum(case((is_fixed(), 1), else_=0)).label("resolved"),
    ).group_by(*keys)
    if "kecamatan" in dimensions:
        query = query.join(Kelurahan, Kelurahan.code == Report.kelurahan_code)
    return public_where(query, report_filter)
