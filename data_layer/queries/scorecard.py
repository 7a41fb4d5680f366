"""The OPD scorecard: per department and per month or quarter, how reports were handled.

How each figure is computed (the scorecard page repeats this in plain words):

- A report belongs to the period (local month or quarter) in which it was
  received, and to its responsible OPD (`report.responsible_opd_id`, kept by
  triggers): the OPD it was forwarded to, or, when it was closed before
  forwarding (rejected, not city authority), the category's default OPD (a
  kecamatan office for kecamatan-level categories) as of the report's last
  change. Only public reports count (`public_where`).
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

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from data_layer.models import (
    SLA_EVENTS,
    Feedback,
    Opd,
    Report,
    ReportTally,
    ReportTallyOpd,
)
from data_layer.queries import indexes
from data_layer.queries.indexes import through
from data_layer.queries.percentiles import (
    median_by_offset,
    median_of,
    percentile_by_offset,
    percentile_of,
    ranked_values,
)
from data_layer.queries.public import (
    ReportFilter,
    public_tally_where,
    public_where,
    tally_answers,
)
from data_layer.queries.scorecard_counts import (
    ALL_PERIODS,
    DURATIONS,
    Granularity,
    counts_from_reports,
    counts_from_rollup,
    key_frame,
    pending_deadlines,
    public_reports,
    report_keys,
    rollup_for,
    single_period,
)
from data_layer.queries.status import is_fixed
from data_layer.queries.time import local_month, period_bucket, quarter_of_month
from data_layer.states import FIXED_STATUSES
from data_layer.tally import tally_ready

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
# Columns of `opd_summary` (one OPD's page): the scorecard's, without the ranking.
OPD_SUMMARY_COLUMNS = [c for c in SCORECARD_COLUMNS if c not in ("ranked", "rank")]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def opd_scorecard(
    session: Session,
    *,
    report_filter: ReportFilter,
    granularity: Granularity = "month",
    min_reports: int = DEFAULT_MIN_REPORTS,
    now: dt.datetime | None = None,
) -> pd.DataFrame:
    """One row per (period, responsible OPD) with the figures described above.

    The counts come from an OPD rollup when one can answer the filter (whole
    months; `report_tally_opd` for kind, channel, category, `report_tally_opd_place`
    for a kecamatan or kelurahan), else from the reports;
    medians, percentiles and deadlines passed "now" are read from the reports
    through covering indexes, one responsible OPD's period at a time.
    """
    table = _figures(session, report_filter, granularity, now or _utcnow())
    if table.empty:
        return pd.DataFrame(columns=SCORECARD_COLUMNS)
    table = _ranked(_with_names(session, table), min_reports)
    return (
        table[SCORECARD_COLUMNS]
        .sort_values(
            ["period", "ranked", "rank", "received", "opd_code"],
            ascending=[True, False, True, False, True],
            kind="stable",
        )
        .reset_index(drop=True)
    )


def opd_summary(
    session: Session, *, opd_id: int, report_filter: ReportFilter, now: dt.datetime | None = None
) -> pd.DataFrame:
    """One OPD's figures over the whole filter (its page's headline): the same figures
    as its `opd_scorecard(granularity="all")` row, computed for that OPD alone.
    One row (columns OPD_SUMMARY_COLUMNS), or none when it has no public reports."""
    table = _figures(session, report_filter, "all", now or _utcnow(), opd_id=opd_id)
    if table.empty:
        return pd.DataFrame(columns=OPD_SUMMARY_COLUMNS)
    return _with_names(session, table)[OPD_SUMMARY_COLUMNS].reset_index(drop=True)


def opd_monthly_counts(
    session: Session, *, opd_id: int, report_filter: ReportFilter
) -> pd.DataFrame:
    """One OPD's reports received and fixed per local month ('YYYY-MM'), oldest first:
    its page's trend, equal to `received` and `fixed` of its monthly scorecard rows."""
    rollup = rollup_for(report_filter) if tally_ready(session) else None
    if rollup is not None and tally_answers(report_filter, rollup):  # whole months
        fixed = rollup.status.in_(sorted(s.value for s in FIXED_STATUSES))
        columns = [
            rollup.month.label("period"),
            func.sum(rollup.reports).label("received"),
            func.sum(case((fixed, rollup.reports), else_=0)).label("fixed"),
        ]
        query = public_tally_where(
            select(*columns).where(rollup.opd_key == opd_id), report_filter, rollup
        ).group_by(rollup.month)
    else:
        # Read from the OPD's index range alone (status is in it): no table rows.
        period = period_bucket(Report.received_at, "month").label("period")
        columns = [
            period,
            func.count().label("received"),
            func.sum(case((is_fixed(), 1), else_=0)).label("fixed"),
        ]
        mine = public_reports(columns, report_filter, opd_id)
        query = through(mine, indexes.RESPONSIBLE).group_by(period)
    frame = pd.DataFrame(session.execute(query).all(), columns=["period", "received", "fixed"])
    frame[["received", "fixed"]] = frame[["received", "fixed"]].fillna(0).astype("int64")
    return frame.sort_values("period").reset_index(drop=True)


def _figures(
    session: Session,
    report_filter: ReportFilter,
    granularity: Granularity,
    now: dt.datetime,
    opd_id: int | None = None,
) -> pd.DataFrame:
    """Every figure but names and ranks, per (period, opd_id); one OPD's when `opd_id`."""
    rollup = rollup_for(report_filter) if tally_ready(session) else None
    keys = report_keys(granularity)
    if rollup is not None:
        counts = counts_from_rollup(session, report_filter, granularity, rollup, opd_id)
    else:
        counts = counts_from_reports(session, report_filter, keys, now, opd_id)
    if counts.empty:
        return counts
    opds = sorted(int(o) for o in counts["opd_id"].unique())
    if "verify_sla_done" in counts.columns:  # from the rollup: add the deadlines passed now
        pending = pending_deadlines(session, report_filter, keys, opds, now)
        counts = counts.merge(pending, on=["period", "opd_id"], how="left")
        for name in SLA_EVENTS:
            passed = counts.pop(f"{name}_sla_pending").fillna(0).astype("int64")
            counts[f"{name}_sla_decided"] = counts.pop(f"{name}_sla_done") + passed
    # One period asked for (the page's case): the durations need no period key, which
    # spares computing a local month for every report read.
    single = (
        ALL_PERIODS if granularity == ALL_PERIODS else single_period(report_filter, granularity)
    )
    history = _history_known(session, counts, rollup) if single is not None else {}
    table = counts
    for extra in (
        _durations(session, report_filter, keys, counts, single, "response", history),
        _durations(session, report_filter, keys, counts, single, "resolve", history),
        _ratings(session, report_filter, keys, opd_id),
    ):
        table = table.merge(extra, on=["period", "opd_id"], how="left")
    return _with_shares(table)


# Each responsible OPD's durations in order (migration 0012): its median is a walk.
_DURATION_INDEXES = {
    "response": indexes.RESPONSIBLE_RESPONSE_DAYS,
    "resolve": indexes.RESPONSIBLE_RESOLVE_DAYS,
}
# A walk along an OPD's durations in order visits about half of its history to reach
# the period's median; reading the period's values and sorting them costs about the
# period. Past this ratio the sort is cheaper (measured at 1M, `make bench-pages`).
_WALK_LIMIT = 8


def _history_known(session, counts: pd.DataFrame, rollup) -> dict[str, dict[int, int]]:
    """Per duration and OPD of `counts`, the known durations of all its public reports
    (from the OPD rollup, without a filter), to judge whether a walk pays."""
    if rollup is None:
        return {}
    opds = sorted(int(o) for o in counts["opd_id"].unique())
    columns = [
        ReportTallyOpd.opd_key,
        func.sum(ReportTallyOpd.response_days_known),
        func.sum(ReportTallyOpd.resolve_days_known),
    ]
    query = public_tally_where(
        select(*columns).where(ReportTallyOpd.opd_key.in_(opds)), ReportFilter(), ReportTallyOpd
    ).group_by(ReportTallyOpd.opd_key)
    rows = session.execute(query).all()
    return {
        "response": {int(row[0]): int(row[1] or 0) for row in rows},
        "resolve": {int(row[0]): int(row[2] or 0) for row in rows},
    }


def _walk_pays(period_known: int | None, history_known: int | None) -> bool:
    if period_known is None or history_known is None:
        return False
    return history_known <= _WALK_LIMIT * max(period_known, 1)


def _durations(session, report_filter, keys, counts, single: str | None, name: str, history):
    """Median and 90th percentile of a duration per (period, OPD).

    One period (the page's case, and "all"): per OPD, the one or two values at the
    right ranks. When the period holds enough of the OPD's history, they are read by
    walking the OPD's durations in order (`_DURATION_INDEXES`); else the period's
    values are read from its index range (`ix_report_responsible`) with a bounded sort.
    The rollup's count of known durations saves counting. Several periods: one window
    query over them all (`percentiles.ranked_values`).
    """
    value = DURATIONS[name]
    columns = ["period", "opd_id", f"median_{name}_days", f"p90_{name}_days"]
    opds = sorted(int(o) for o in counts["opd_id"].unique())
    if single is None:
        return _percentiles(session, report_filter, keys, opds, value, name)
    known = counts.get(f"{name}_days_known")
    rows = []
    for position, opd in enumerate(counts["opd_id"]):
        count = None if known is None else int(known.iloc[position])
        walk = _walk_pays(count, history.get(name, {}).get(int(opd)))
        base = public_reports([value], report_filter, int(opd))
        index = _DURATION_INDEXES[name] if walk else indexes.RESPONSIBLE
        if not walk:
            base = through(base, index)
        median = median_by_offset(session, base, value, count=count, index=index if walk else None)
        p90 = percentile_by_offset(
            session, base, value, 90, count=count, index=index if walk else None
        )
        rows.append((single, int(opd), median, p90))
    return _typed_keys(pd.DataFrame(rows, columns=columns))


def _percentiles(session, report_filter, keys, opds: list[int], value, name: str) -> pd.DataFrame:
    # One seek per responsible OPD into its own index range (the periods' reports,
    # durations included): never the whole table, nor table rows.
    base = through(
        public_reports(keys, report_filter).where(Report.responsible_opd_id.in_(opds)),
        indexes.RESPONSIBLE,
    )
    ranked = ranked_values(base, value, keys).subquery()
    ranked_keys = [ranked.c[key.name] for key in keys]
    query = select(
        *ranked_keys,
        median_of(ranked).label(f"median_{name}_days"),
        percentile_of(ranked, 90).label(f"p90_{name}_days"),
    ).group_by(*ranked_keys)
    frame = key_frame(
        session.execute(query).all(),
        [key.name for key in keys] + [f"median_{name}_days", f"p90_{name}_days"],
    )
    return _typed_keys(frame)


def _ratings(session, report_filter, keys, opd_id: int | None) -> pd.DataFrame:
    query = (
        public_reports(
            [
                *keys,
                func.count(Feedback.rating).label("ratings"),
                func.avg(Feedback.rating).label("avg_rating"),
            ],
            report_filter,
            opd_id,
        )
        .join(Feedback, Feedback.report_id == Report.id)
        .where(Feedback.rating.is_not(None))
        .group_by(*keys)
    )
    frame = key_frame(
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
