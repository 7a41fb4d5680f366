"""Questions the kelurahan map asks: figures per kelurahan, boundaries, one
kelurahan's panel, and where public reports are.

Everything is aggregated in SQL over the reports counted publicly (`public_where`),
counts from the rollups where they answer (`queries.rollup`); what shows a
report's title or point uses the stricter `listed_where`, and points always
come from `public_point` (anonymous reporters blurred). "Resolved" and
"overdue" mean what they mean on the status page (`queries.status`), and each
kelurahan's median is the status page's median (`percentiles.median_by_offset`:
an index walked to the middle), so the map's figures add up to the status page's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import Float, case, cast, func, null, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from data_layer import geography
from data_layer.models import Category, Kecamatan, Kelurahan, Report
from data_layer.queries import indexes
from data_layer.queries.indexes import through
from data_layer.queries.percentiles import median_by_offset
from data_layer.queries.public import ReportFilter, listed_where, public_point, public_where
from data_layer.queries.rollup import public_counts
from data_layer.queries.status import is_fixed, is_overdue
from data_layer.states import FIXED_STATUSES

# Columns of `kelurahan_figures`, in order (the page, the map and the open-data
# table rely on these names).
FIGURE_COLUMNS = [
    "code",
    "name",
    "kecamatan_code",
    "kecamatan",
    "area_km2",
    "approximate",
    "reports",
    "resolved",
    "share_resolved",
    "median_days",
    "overdue_now",
    "reports_per_km2",
]


_FIXED_VALUES = sorted(status.value for status in FIXED_STATUSES)


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _counts_by_kelurahan(session: Session, report_filter: ReportFilter):
    """Public reports and fixed ones per kelurahan: from the place rollups when they answer."""
    counted = public_counts(session, report_filter=report_filter, keys=["kelurahan_code", "status"])
    if counted is None:
        query = select(
            Report.kelurahan_code.label("code"),
            func.count().label("reports"),
            _count_if(is_fixed()).label("resolved"),
        ).group_by(Report.kelurahan_code)
        return public_where(query, report_filter).subquery("counts")
    rows = counted.subquery("counted")
    fixed = rows.c.status.in_(_FIXED_VALUES)
    return (
        select(
            rows.c.kelurahan_code.label("code"),
            func.sum(rows.c.reports).label("reports"),
            func.sum(case((fixed, rows.c.reports), else_=0)).label("resolved"),
        )
        .group_by(rows.c.kelurahan_code)
        .subquery("counts")
    )


def _overdue_by_kelurahan(report_filter: ReportFilter, now: dt.datetime):
    """Reports past their due moment per kelurahan (a covering index: only open reports)."""
    query = (
        select(Report.kelurahan_code.label("code"), func.count().label("overdue_now"))
        .where(is_overdue(now))
        .group_by(Report.kelurahan_code)
    )
    return public_where(through(query, indexes.OVERDUE), report_filter).subquery("overdue")


def _located(query: Select, report_filter: ReportFilter) -> Select:
    """Located listed reports: through the covering location index unless a place leads."""
    if report_filter.kelurahan_code is None and report_filter.kecamatan_code is None:
        query = through(query, indexes.LOCATION)
    return listed_where(
        query.where(Report.latitude.is_not(None), Report.longitude.is_not(None)), report_filter
    )


def _resolve_days_known(session: Session, report_filter: ReportFilter) -> dict[str, int]:
    """Fixed reports with a time to resolution, per kelurahan (from the rollups when they answer)."""
    counted = public_counts(session, report_filter=report_filter, keys=["kelurahan_code", "status"])
    if counted is None:
        query = public_where(
            select(Report.kelurahan_code, func.count(Report.resolve_working_days))
            .where(is_fixed())
            .group_by(Report.kelurahan_code),
            report_filter,
        )
        return {code: int(count) for code, count in session.execute(query)}
    known: dict[str, int] = {}
    for code, status, _reports, days_known, _proofed in session.execute(counted):
        if status in _FIXED_VALUES and days_known:
            known[code] = known.get(code, 0) + int(days_known)
    return known


def _walked_median(
    session: Session, report_filter: ReportFilter, code: str, count: int
) -> float | None:
    """One kelurahan's median days, the index (kelurahan, days) walked to the middle."""
    if count == 0:
        return None
    one_place = replace(report_filter, kelurahan_code=code, kecamatan_code=None)
    return median_by_offset(
        session,
        public_where(select(), one_place).where(is_fixed()),
        Report.resolve_working_days,
        count=count,
        index=indexes.KELURAHAN_DAYS,
    )


def _kelurahan_scope(query: Select, report_filter: ReportFilter) -> Select:
    """Only the kelurahan the filter's place (kecamatan / kelurahan) covers."""
    if report_filter.kecamatan_code is not None:
        query = query.where(Kelurahan.kecamatan_code == report_filter.kecamatan_code)
    if report_filter.kelurahan_code is not None:
        query = query.where(Kelurahan.code == report_filter.kelurahan_code)
    return query


def kelurahan_figures(
    session: Session, *, report_filter: ReportFilter, now: dt.datetime
) -> pd.DataFrame:
    """One row per kelurahan in the filter's place (all 177 by default), zero when quiet.

    Columns: FIGURE_COLUMNS. `share_resolved` is fixed (selesai/ditutup) over all
    public reports; `median_days` is the median working days to resolution of
    the fixed ones; `overdue_now` counts reports with an OPD past their due moment.
    """
    counts = _counts_by_kelurahan(session, report_filter)
    overdue = _overdue_by_kelurahan(report_filter, now)
    reports = func.coalesce(counts.c.reports, 0)
    query = (
        select(
            Kelurahan.code,
            Kelurahan.name,
            Kelurahan.kecamatan_code,
            Kecamatan.name.label("kecamatan"),
            Kelurahan.area_km2,
            Kelurahan.boundary_approximate.label("approximate"),
            reports.label("reports"),
            func.coalesce(counts.c.resolved, 0).label("resolved"),
            (cast(counts.c.resolved, Float) / func.nullif(counts.c.reports, 0)).label(
                "share_resolved"
            ),
            null().label("median_days"),  # filled in below
            func.coalesce(overdue.c.overdue_now, 0).label("overdue_now"),
            (cast(reports, Float) / func.nullif(Kelurahan.area_km2, 0)).label("reports_per_km2"),
        )
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .outerjoin(counts, counts.c.code == Kelurahan.code)
        .outerjoin(overdue, overdue.c.code == Kelurahan.code)
        .order_by(Kecamatan.name, Kelurahan.name)
    )
    rows = session.execute(_kelurahan_scope(query, report_filter)).all()
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    # Each median is read by walking an index to its middle: no window function
    # numbering every resolved report (seconds at a million reports).
    known = _resolve_days_known(session, report_filter)
    frame["median_days"] = [
        _walked_median(session, report_filter, code, known.get(code, 0)) for code in frame["code"]
    ]
    for column in ("reports", "resolved", "overdue_now"):
        frame[column] = frame[column].astype("int64")
    for column in ("area_km2", "share_resolved", "median_days", "reports_per_km2"):
        frame[column] = frame[column].astype("float64")
    frame["approximate"] = frame["approximate"].astype(bool)
    return frame


# --- boundaries -----------------------------------------------------------------


@dataclass(frozen=True)
class KelurahanBoundary:
    code: str
    name: str
    kecamatan_code: str
    kecamatan: str
    geojson: str | None  # GeoJSON geometry (WGS84), as stored
    approximate: bool
    source: str | None
    area_km2: float | None


def kelurahan_boundaries(session: Session) -> list[KelurahanBoundary]:
    query = (
        select(
            Kelurahan.code,
            Kelurahan.name,
            Kelurahan.kecamatan_code,
            Kecamatan.name,
            Kelurahan.boundary_geojson,
            Kelurahan.boundary_approximate,
            Kelurahan.boundary_source,
            Kelurahan.area_km2,
        )
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .order_by(Kelurahan.code)
    )
    return [KelurahanBoundary(*row) for row in session.execute(query)]


def boundaries_cache_key(session: Session) -> str:
    """A cheap fingerprint of the stored boundaries, for cache keys.

    The boundaries version token (renewed by every boundary write) plus a summary
    of the polygons (count, total text length, approximate flags, sources, total
    area), so even a write that forgot to renew the token changes the key. The
    polygons themselves are not read.
    """
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(func.length(Kelurahan.boundary_geojson)), 0),
            _count_if(Kelurahan.boundary_approximate.is_(True)),
            func.max(Kelurahan.boundary_source),
            func.min(Kelurahan.boundary_source),
            func.coalesce(func.sum(Kelurahan.area_km2), 0.0),
        )
    ).one()
    count, length, approximate, max_source, min_source, area = row
    token = geography.boundaries_version(session)
    return f"{token}:{count}:{length}:{approximate}:{max_source}:{min_source}:{float(area):.4f}"


# --- one kelurahan's panel -----------------------------------------------------------


@dataclass(frozen=True)
class KelurahanFigures:
    reports: int
    resolved: int
    share_resolved: float | None
    median_days: float | None
    overdue_now: int
    reports_per_km2: float | None


@dataclass(frozen=True)
class CategoryCount:
    code: str
    name_id: str
    name_en: str
    reports: int


@dataclass(frozen=True)
class ReportSummary:
    """What anyone may see of a public report in a list."""

    ticket: str
    title: str
    kind: str
    status: str
    category_name_id: str
    category_name_en: str
    received_at: dt.datetime


@dataclass(frozen=True)
class KelurahanPanel:
    code: str
    name: str
    kecamatan: str
    approximate: bool
    area_km2: float | None
    figures: KelurahanFigures
    top_categories: list[CategoryCount]
    latest_reports: list[ReportSummary]


def kelurahan_panel(
    session: Session,
    *,
    kelurahan_code: str,
    report_filter: ReportFilter,
    now: dt.datetime,
    top: int = 5,
    latest: int = 10,
) -> KelurahanPanel | None:
    """Figures, top categories and latest public reports of one kelurahan (None if unknown)."""
    scoped = replace(report_filter, kelurahan_code=kelurahan_code, kecamatan_code=None)
    frame = kelurahan_figures(session, report_filter=scoped, now=now)
    if frame.empty:
        return None
    row = frame.iloc[0]
    figures = KelurahanFigures(
        reports=int(row.reports),
        resolved=int(row.resolved),
        share_resolved=_float_or_none(row.share_resolved),
        median_days=_float_or_none(row.median_days),
        overdue_now=int(row.overdue_now),
        reports_per_km2=_float_or_none(row.reports_per_km2),
    )
    return KelurahanPanel(
        code=str(row["code"]),
        name=str(row["name"]),  # not `row.name`: that is the Series' index label
        kecamatan=str(row["kecamatan"]),
        approximate=bool(row.approximate),
        area_km2=_float_or_none(row.area_km2),
        figures=figures,
        top_categories=top_categories(session, report_filter=scoped, limit=top),
        latest_reports=latest_public_reports(session, report_filter=scoped, limit=latest),
    )


def top_categories(
    session: Session, *, report_filter: ReportFilter, limit: int = 5
) -> list[CategoryCount]:
    reports = func.count().label("reports")
    query = (
        select(Category.code, Category.name_id, Category.name_en, reports)
        .select_from(Report)
        .join(Category, Category.id == Report.category_id)
        .group_by(Category.code, Category.name_id, Category.name_en)
        .order_by(reports.desc(), Category.code)
        .limit(limit)
    )
    return [CategoryCount(*row) for row in session.execute(public_where(query, report_filter))]


def latest_public_reports(
    session: Session, *, report_filter: ReportFilter, limit: int = 10
) -> list[ReportSummary]:
    query = (
        select(
            Report.ticket,
            Report.title,
            Report.kind,
            Report.status,
            Category.name_id,
            Category.name_en,
            Report.received_at,
        )
        .join(Category, Category.id == Report.category_id)
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(limit)
    )
    return [ReportSummary(*row) for row in session.execute(listed_where(query, report_filter))]


def _float_or_none(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# --- report locations ------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPoint:
    latitude: float
    longitude: float
    ticket: str
    title: str
    status: str
    category_name_id: str
    category_name_en: str


def public_report_points(
    session: Session, *, report_filter: ReportFilter, limit: int
) -> list[ReportPoint]:
    """Locations of the `limit` most recent located public reports (a sample taken in SQL).

    Newest first, read backwards along the index on `received_at`, so the cost
    depends on `limit`, not on how many reports there are.
    """
    query = (
        select(
            *public_point(),
            Report.ticket,
            Report.title,
            Report.status,
            Category.name_id,
            Category.name_en,
        )
        .join(Category, Category.id == Report.category_id)
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(limit)
    )
    return [
        ReportPoint(float(lat), float(lon), *rest)
        # Newest first along the index on `received_at`: no location index hint here.
        for lat, lon, *rest in session.execute(
            listed_where(
                query.where(Report.latitude.is_not(None), Report.longitude.is_not(None)),
                report_filter,
            )
        )
    ]


@dataclass(frozen=True)
class DensityCell:
    latitude: float  # centre of the grid cell
    longitude: float
    reports: int


def public_report_density(
    session: Session, *, report_filter: ReportFilter, cell_deg: float = 0.002
) -> list[DensityCell]:
    """Located public reports counted on a grid of `cell_deg` degrees (~220 m), in SQL.

    The result's size depends on the city's area, not on the number of reports,
    so a heat map of a million reports stays as small as one of a thousand.
    """
    # Grid indexes in an inner query, grouped outside: PostgreSQL cannot match
    # GROUP BY expressions that carry bound parameters to the selected ones.
    # Binned from the public (blurred) points, so a cell never reveals more of
    # an anonymous reporter's spot than the map's points do.
    latitude, longitude = public_point()
    located = _located(
        select(
            func.round(cast(latitude, Float) / cell_deg).label("row"),
            func.round(cast(longitude, Float) / cell_deg).label("col"),
        ),
        report_filter,
    ).subquery("located")
    query = (
        select(located.c.row, located.c.col, func.count().label("reports"))
        .group_by(located.c.row, located.c.col)
        .order_by(located.c.row, located.c.col)
    )
    return [
        DensityCell(
            latitude=round(float(row) * cell_deg, 6),
            longitude=round(float(col) * cell_deg, 6),
            reports=int(count),
        )
        for row, col, count in session.execute(query)
    ]
