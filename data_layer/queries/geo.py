"""Questions the kelurahan map asks: figures per kelurahan, boundaries, one
kelurahan's panel, and where public reports are.

Everything is aggregated in SQL over the reports counted publicly (`public_where`),
counts from the rollups where they answer (`queries.rollup`); what shows a
report's title or point uses the stricter `listed_where`, and points always
come from `public_point` (anonymous reporters blurred). "Resolved" and
"overdue" mean what they mean on the status page (`queries.status`), and each
kelurahan's median is the status page's median (`percentiles.median_by_offset`'s walk:
an index walked to the middle), so the map's figures add up to the status page's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import (
    Float,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    null,
    select,
    true,
    values,
)
from sqlalchemy import column as sql_column
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from data_layer import geography
from data_layer.models import (
    UNLOCATED_CELL,
    Category,
    Kecamatan,
    Kelurahan,
    Report,
    ReportTallyHeat,
)
from data_layer.queries import indexes
from data_layer.queries.indexes import through
from data_layer.queries.public import (
    HEAT_CELL_DEG,
    ReportFilter,
    listed_tally_condition,
    listed_where,
    public_cell,
    public_point,
    public_where,
)
from data_layer.queries.rollup import public_counts
from data_layer.queries.status import is_fixed, is_overdue
from data_layer.rows import from_row
from data_layer.states import FIXED_STATUSES
from data_layer.tally import tally_ready

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
    """Public reports, fixed ones and fixed ones with a time to resolution (the count each
    median walk needs) per kelurahan: from the place rollups when they answer."""
    counted = public_counts(session, report_filter=report_filter, keys=["kelurahan_code", "status"])
    if counted is None:
        query = select(
            Report.kelurahan_code.label("code"),
            func.count().label("reports"),
            _count_if(is_fixed()).label("resolved"),
            _count_if(and_(is_fixed(), Report.resolve_working_days.is_not(None))).label(
                "days_known"
            ),
        ).group_by(Report.kelurahan_code)
        return public_where(query, report_filter).subquery("counts")
    rows = counted.subquery("counted")
    fixed = rows.c.status.in_(_FIXED_VALUES)
    return (
        select(
            rows.c.kelurahan_code.label("code"),
            func.sum(rows.c.reports).label("reports"),
            func.sum(case((fixed, rows.c.reports), else_=0)).label("resolved"),
            func.sum(case((fixed, rows.c.resolve_days_known), else_=0)).label("days_known"),
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


def _walked_medians_each(
    session: Session, report_filter: ReportFilter, known: dict[str, int]
) -> dict[str, float]:
    """Each kelurahan's median days, the index (kelurahan, days) walked to its middle.

    One statement, built once and run per kelurahan with its place and offsets as
    parameters: building and compiling a statement per kelurahan cost more than
    the 177 walks themselves (0.4 of 0.7 s on SQLite at 1M).
    """
    anywhere = replace(report_filter, kelurahan_code=None, kecamatan_code=None)
    days = Report.resolve_working_days
    query = (
        through(
            public_where(select(days), anywhere).where(
                is_fixed(), Report.kelurahan_code == bindparam("place"), days.is_not(None)
            ),
            indexes.KELURAHAN_DAYS,
        )
        .order_by(days)
        .limit(bindparam("take", type_=Integer))
        .offset(bindparam("skip", type_=Integer))
    )
    medians: dict[str, float] = {}
    for code, count in known.items():
        if count <= 0:
            continue
        middle = session.scalars(
            query, {"place": code, "take": 2 - count % 2, "skip": (count - 1) // 2}
        ).all()
        if middle:
            medians[code] = sum(float(v) for v in middle) / len(middle)
    return medians


def _walked_medians(
    session: Session, report_filter: ReportFilter, known: dict[str, int]
) -> dict[str, float]:
    """Every kelurahan's median days in one statement (PostgreSQL): the same walks as
    `_walked_medians_each`, as a LATERAL subquery per kelurahan. 177 statements cost more in
    round trips and planning than in walking (about 1 s at 1M under load)."""
    if not known:
        return {}
    places = values(sql_column("code", String), sql_column("n", Integer), name="places").data(
        sorted(known.items())
    )
    anywhere = replace(report_filter, kelurahan_code=None, kecamatan_code=None)
    days = Report.resolve_working_days
    middle = (
        public_where(select(days.label("v")), anywhere)
        .where(is_fixed(), Report.kelurahan_code == places.c.code, days.is_not(None))
        .order_by(days)
        .limit(2 - places.c.n % 2)
        .offset((places.c.n - 1) // 2)
        .lateral("middle")
    )
    query = (
        select(places.c.code, func.avg(middle.c.v))
        .select_from(places.join(middle, true()))
        .group_by(places.c.code)
    )
    return {code: float(median) for code, median in session.execute(query) if median is not None}


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
            func.coalesce(counts.c.days_known, 0).label("days_known"),
        )
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .outerjoin(counts, counts.c.code == Kelurahan.code)
        .outerjoin(overdue, overdue.c.code == Kelurahan.code)
        .order_by(Kecamatan.name, Kelurahan.name)
    )
    rows = session.execute(_kelurahan_scope(query, report_filter)).all()
    frame = pd.DataFrame(rows, columns=[*FIGURE_COLUMNS, "days_known"])
    # Each median is read by walking an index to its middle: no window function
    # numbering every resolved report (seconds at a million reports). The counts came
    # with the figures, so the rollups are read once.
    shown = {
        str(code): int(known)
        for code, known in zip(frame["code"], frame.pop("days_known"), strict=True)
        if known
    }
    if session.get_bind().dialect.name == "postgresql" and len(shown) > 1:
        medians = _walked_medians(session, report_filter, shown)
    else:
        medians = _walked_medians_each(session, report_filter, shown)
    frame["median_days"] = [medians.get(code) for code in frame["code"]]
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
            Kecamatan.name.label("kecamatan"),
            Kelurahan.boundary_geojson.label("geojson"),
            Kelurahan.boundary_approximate.label("approximate"),
            Kelurahan.boundary_source.label("source"),
            Kelurahan.area_km2,
        )
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .order_by(Kelurahan.code)
    )
    return [from_row(KelurahanBoundary, row) for row in session.execute(query)]


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
    return [
        from_row(CategoryCount, row) for row in session.execute(public_where(query, report_filter))
    ]


def latest_public_reports(
    session: Session, *, report_filter: ReportFilter, limit: int = 10
) -> list[ReportSummary]:
    query = (
        select(
            Report.ticket,
            Report.title,
            Report.kind,
            Report.status,
            Category.name_id.label("category_name_id"),
            Category.name_en.label("category_name_en"),
            Report.received_at,
        )
        .join(Category, Category.id == Report.category_id)
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(limit)
    )
    return [
        from_row(ReportSummary, row) for row in session.execute(listed_where(query, report_filter))
    ]


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
    if cell_deg == HEAT_CELL_DEG and report_filter.is_empty() and tally_ready(session):
        # The unfiltered map (its default view): from the heat rollup, no report read.
        heat = ReportTallyHeat
        query = (
            select(heat.cell_row, heat.cell_col, func.sum(heat.reports))
            .where(
                listed_tally_condition(heat.status),
                heat.reports > 0,
                heat.cell_row != UNLOCATED_CELL,
                heat.cell_col != UNLOCATED_CELL,
            )
            .group_by(heat.cell_row, heat.cell_col)
            .order_by(heat.cell_row, heat.cell_col)
        )
    else:
        # Grid indexes in an inner query, grouped outside: PostgreSQL cannot match
        # GROUP BY expressions that carry bound parameters to the selected ones.
        # Binned from the public (blurred) points, so a cell never reveals more of
        # an anonymous reporter's spot than the map's points do.
        row, col = public_cell(cell_deg)
        located = _located(select(row.label("row"), col.label("col")), report_filter).subquery(
            "located"
        )
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
