"""The OPD scorecard: per department and per month or quarter, how reports were handled.

How each figure is computed (the scorecard page repeats this in plain words):

- A report belongs to the period (local month or quarter) in which it was
  received, and to its responsible OPD: the OPD it was forwarded to, or, when
  it was closed before forwarding (rejected, not city authority), the
  category's default OPD (a kecamatan office for kecamatan-level categories).
  Only public reports count (`public_where`).
- received: those reports. fixed: now selesai or ditutup. closed_otherwise:
  now ditolak or bukan_wewenang. open: the rest.
- SLA shares: met / decided. A deadline is *met* when the event happened at or
  before its due moment; *decided* when the event happened, or the deadline has
  passed without it. Reports whose clock is still running count neither way.
  Verification: verified_at vs verify_due_at. First response: first_response_at
  vs first_response_due_at. Resolution: resolved_at vs resolve_due_at.
- Median and 90th percentile working days to first response and to
  resolution, from the durations stored when each event happened
  (`queries.percentiles`: same figures on SQLite and PostgreSQL).
- reopen_rate: of reports ever resolved, the share reopened at least once.
- photo_share: of fixed reports, the share with at least one after photo.
- avg_rating: mean of the reporters' ratings (1–5) on these reports.
- Ranking: within each period, only OPDs with at least `min_reports` received
  are ranked, by resolution-SLA share (higher first), then by median working
  days to resolve (lower first), then by reports received (more first).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select

from data_layer.models import Category, Feedback, Kelurahan, Opd, Report, ReportTally
from data_layer.queries.percentiles import median_of, percentile_of, ranked_values
from data_layer.queries.public import ReportFilter, public_tally_where, public_where
from data_layer.queries.status import is_fixed
from data_layer.queries.time import local_month, period_bucket, quarter_of_month
from data_layer.states import CLOSED_OTHERWISE_STATUSES
from data_layer.tally import tally_ready

Granularity = Literal["month", "quarter", "all"]
ALL_PERIODS = "all"  # the period label when granularity is "all"
DEFAULT_MIN_REPORTS = 20

# Columns of `opd_scorecard`, in order: the page, the open-data download and
# their data dictionary rely on these names.
SCORECARD_COLUMNS = [
    "period",
    "opd_code",
    "opd_short_name",
    "opd_name_id",
    "opd_name_en",
    "received",
    "fixed",
    "closed_otherwise",
    "open",
    "verify_sla_met",
    "verify_sla_decided",
    "verify_sla_share",
    "response_sla_met",
    "response_sla_decided",
    "response_sla_share",
    "resolve_sla_met",
    "resolve_sla_decided",
    "resolve_sla_share",
    "median_response_days",
    "p90_response_days",
    "median_resolve_days",
    "p90_resolve_days",
    "ever_resolved",
    "reopened",
    "reopen_rate",
    "fixed_with_photo",
    "photo_share",
    "ratings",
    "avg_rating",
    "ranked",
    "rank",
]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def responsible_opd_id() -> ColumnElement[int]:
    """The report's OPD, or where its category would have sent it (needs the joins below)."""
    office = aliased(Opd, name="kecamatan_office")
    kecamatan_office = (
        select(office.id)
        .where(office.kecamatan_code == Kelurahan.kecamatan_code)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(
        Report.opd_id,
        Category.default_opd_id,
        case((Category.routes_to_kecamatan.is_(True), kecamatan_office)),
    )


def _scoped(columns: list, report_filter: ReportFilter) -> Select:
    """A select over public reports joined to what the responsible OPD needs."""
    query = (
        select(*columns)
        .select_from(Report)
        .join(Category, Category.id == Report.category_id)
        .join(Kelurahan, Kelurahan.code == Report.kelurahan_code)
    )
    return public_where(query, report_filter)


def _sla(done_at, due_at, now: dt.datetime) -> tuple[ColumnElement, ColumnElement]:
    met = and_(done_at.is_not(None), due_at.is_not(None), done_at <= due_at)
    decided = and_(due_at.is_not(None), or_(done_at.is_not(None), due_at < now))
    return (
        func.sum(case((met, 1), else_=0)),
        func.sum(case((decided, 1), else_=0)),
    )


def opd_scorecard(
    session: Session,
    *,
    report_filter: ReportFilter,
    granularity: Granularity = "month",
    min_reports: int = DEFAULT_MIN_REPORTS,
    now: dt.datetime | None = None,
) -> pd.DataFrame:
    """One row per (period, responsible OPD) with the figures described above."""
    now = now or _utcnow()
    opd = responsible_opd_id().label("opd_id")
    keys = [opd]
    if granularity != ALL_PERIODS:
        keys.insert(0, period_bucket(Report.received_at, granularity).label("period"))
    counts = _counts(session, report_filter, keys, now)
    if counts.empty:
        return pd.DataFrame(columns=SCORECARD_COLUMNS)
    durations = [
        _percentiles(session, report_filter, keys, Report.first_response_working_days, "response"),
        _percentiles(session, report_filter, keys, Report.resolve_working_days, "resolve"),
        _ratings(session, report_filter, keys),
    ]
    table = counts
    for extra in durations:
        table = table.merge(extra, on=["period", "opd_id"], how="left")
    table = _with_shares(table)
    table = _with_names(session, table)
    table = _ranked(table, min_reports)
    return (
        table[SCORECARD_COLUMNS]
        .sort_values(
            ["period", "ranked", "rank", "received", "opd_code"],
            ascending=[True, False, True, False, True],
            kind="stable",
        )
        .reset_index(drop=True)
    )


def _key_frame(rows, columns: list[str]) -> pd.DataFrame:
    """Rows keyed by (period, opd_id); a constant period when the query had none."""
    frame = pd.DataFrame(rows, columns=columns)
    if "period" not in frame.columns:
        frame.insert(0, "period", ALL_PERIODS)
    return frame


def _counts(session, report_filter, keys, now) -> pd.DataFrame:
    # Kept by triggers on the photos' table: no photo lookup per report.
    after_photo = Report.after_photos > 0
    closed_otherwise = Report.status.in_(sorted(s.value for s in CLOSED_OTHERWISE_STATUSES))
    columns = [
        *keys,
        func.count().label("received"),
        func.sum(case((is_fixed(), 1), else_=0)).label("fixed"),
        func.sum(case((closed_otherwise, 1), else_=0)).label("closed_otherwise"),
        *(
            aggregate.label(f"{name}_sla_{part}")
            for name, (done, due) in {
                "verify": (Report.verified_at, Report.verify_due_at),
                "response": (Report.first_response_at, Report.first_response_due_at),
                "resolve": (Report.resolved_at, Report.resolve_due_at),
            }.items()
            for part, aggregate in zip(("met", "decided"), _sla(done, due, now), strict=True)
        ),
        func.sum(case((Report.resolved_at.is_not(None), 1), else_=0)).label("ever_resolved"),
        func.sum(
            case((and_(Report.resolved_at.is_not(None), Report.reopen_count > 0), 1), else_=0)
        ).label("reopened"),
        func.sum(case((and_(is_fixed(), after_photo), 1), else_=0)).label("fixed_with_photo"),
    ]
    query = _scoped(columns, report_filter).group_by(*keys)
    frame = _key_frame(session.execute(query).all(), [c.name for c in columns])
    frame = frame[frame["opd_id"].notna()]
    integer_columns = [c for c in frame.columns if c not in ("period", "opd_id")]
    frame[integer_columns] = frame[integer_columns].fillna(0).astype("int64")
    frame["opd_id"] = frame["opd_id"].astype("int64")
    frame["open"] = frame["received"] - frame["fixed"] - frame["closed_otherwise"]
    return frame


def _percentiles(session, report_filter, keys, value, name: str) -> pd.DataFrame:
    ranked = ranked_values(_scoped(keys, report_filter), value, keys).subquery()
    ranked_keys = [ranked.c[key.name] for key in keys]
    query = select(
        *ranked_keys,
        median_of(ranked).label(f"median_{name}_days"),
        percentile_of(ranked, 90).label(f"p90_{name}_days"),
    ).group_by(*ranked_keys)
    frame = _key_frame(
        session.execute(query).all(),
        [key.name for key in keys] + [f"median_{name}_days", f"p90_{name}_days"],
    )
    return _typed_keys(frame)


def _ratings(session, report_filter, keys) -> pd.DataFrame:
    query = (
        _scoped(
            [
                *keys,
                func.count(Feedback.rating).label("ratings"),
                func.avg(Feedback.rating).label("avg_rating"),
            ],
            report_filter,
        )
        .join(Feedback, Feedback.report_id == Report.id)
        .where(Feedback.rating.is_not(None))
        .group_by(*keys)
    )
    frame = _key_frame(
        session.execute(query).all(), [key.name for key in keys] + ["ratings", "avg_rating"]
    )
    return _typed_keys(frame)


def _typed_keys(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["opd_id"].notna()].copy()
    frame["opd_id"] = frame["opd_id"].astype("int64")
    for column in frame.columns[2:]:
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype("float64")


def _with_shares(table: pd.DataFrame) -> pd.DataFrame:
    for name in ("verify", "response", "resolve"):
        table[f"{name}_sla_share"] = _share(table[f"{name}_sla_met"], table[f"{name}_sla_decided"])
    table["reopen_rate"] = _share(table["reopened"], table["ever_resolved"])
    table["photo_share"] = _share(table["fixed_with_photo"], table["fixed"])
    table["ratings"] = table["ratings"].fillna(0).astype("int64")
    return table


def _with_names(session: Session, table: pd.DataFrame) -> pd.DataFrame:
    names = pd.DataFrame(
        session.execute(select(Opd.id, Opd.code, Opd.short_name, Opd.name_id, Opd.name_en)).all(),
        columns=["opd_id", "opd_code", "opd_short_name", "opd_name_id", "opd_name_en"],
    )
    return table.merge(names, on="opd_id", how="left")


def _ranked(table: pd.DataFrame, min_reports: int) -> pd.DataFrame:
    table["ranked"] = table["received"] >= min_reports
    table["rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    for _period, group in table[table["ranked"]].groupby("period"):
        order = group.assign(
            _sla=group["resolve_sla_share"].fillna(-1.0),
            _median=group["median_resolve_days"].fillna(float("inf")),
        ).sort_values(
            ["_sla", "_median", "received", "opd_code"],
            ascending=[False, True, False, True],
            kind="stable",
        )
        table.loc[order.index, "rank"] = range(1, len(order) + 1)
    return table


def available_periods(session: Session, *, granularity: Granularity) -> list[str]:
    """Months ('YYYY-MM') or quarters ('YYYY-Qn') with public reports, newest first."""
    if tally_ready(session):
        months = session.scalars(
            public_tally_where(select(ReportTally.month).distinct(), ReportFilter())
        ).all()
    else:
        month = local_month(Report.received_at)
        months = session.scalars(public_where(select(month).distinct(), ReportFilter())).all()
    periods = {quarter_of_month(m) if granularity == "quarter" else m for m in months}
    return sorted(periods, reverse=True)
