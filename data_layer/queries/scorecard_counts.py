"""The scorecard's counts per (period, responsible OPD): from the OPD rollups where they
answer (whole months, then the edge days from the reports), else from the reports;
plus the deadlines passed "now", which no rollup can hold. queries.scorecard adds the
medians, ratings, shares, names and ranks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Literal

import pandas as pd
from sqlalchemy import ColumnElement, Integer, String, and_, case, cast, func, or_, select
from sqlalchemy.sql import Select

from data_layer.models import SLA_EVENTS, Report, ReportTallyOpd, ReportTallyOpdPlace
from data_layer.queries.indexes import through
from data_layer.queries.public import (
    ReportFilter,
    public_tally_where,
    public_where,
    tally_answers,
)
from data_layer.queries.rollup import split_period
from data_layer.queries.status import is_fixed
from data_layer.queries.time import period_bucket, quarter_of_month
from data_layer.rows import ColumnLike
from data_layer.states import CLOSED_OTHERWISE_STATUSES, FIXED_STATUSES

Granularity = Literal["month", "quarter", "all"]
ALL_PERIODS = "all"  # the period label when granularity is "all"

# The durations whose medians the scorecard shows (and whose known values it counts).
DURATIONS = {
    "response": Report.first_response_working_days,
    "resolve": Report.resolve_working_days,
}


def _sla(done_at, due_at, now: dt.datetime) -> tuple[ColumnElement, ColumnElement]:
    met = dict(_sla_parts(done_at, due_at))["met"]
    decided = and_(due_at.is_not(None), or_(done_at.is_not(None), due_at < now))
    return (
        func.sum(case((met, 1), else_=0)),
        func.sum(case((decided, 1), else_=0)),
    )


def report_keys(granularity: Granularity) -> list[ColumnElement]:
    keys: list[ColumnElement] = [Report.responsible_opd_id.label("opd_id")]
    if granularity != ALL_PERIODS:
        keys.insert(0, period_bucket(Report.received_at, granularity).label("period"))
    return keys


def key_frame(rows, columns: list[str], period: str = ALL_PERIODS) -> pd.DataFrame:
    """Rows keyed by (period, opd_id); a constant period when the query had none."""
    frame = pd.DataFrame(rows, columns=columns)
    if "period" not in frame.columns:
        frame.insert(0, "period", period)
    return frame


def single_period(report_filter: ReportFilter, granularity: Granularity) -> str | None:
    """The one month or quarter the filter's days lie in, if they lie in one."""
    start, end = report_filter.start, report_filter.end
    if granularity == ALL_PERIODS or start is None or end is None:
        return None
    first, last = start.strftime("%Y-%m"), end.strftime("%Y-%m")
    if granularity == "quarter":
        first, last = quarter_of_month(first), quarter_of_month(last)
    return first if first == last else None


def public_reports(columns: list, report_filter: ReportFilter, opd_id: int | None = None) -> Select:
    """Public reports in the filter; one responsible OPD's only when `opd_id` is given."""
    query = public_where(select(*columns).select_from(Report), report_filter)
    return query if opd_id is None else query.where(Report.responsible_opd_id == opd_id)


def counts_from_reports(session, report_filter, keys, now, opd_id: int | None) -> pd.DataFrame:
    """The counts from the reports themselves (filters the rollup cannot answer)."""
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
            for name, (done, due) in SLA_EVENTS.items()
            for part, aggregate in zip(
                ("met", "decided"),
                _sla(getattr(Report, done), getattr(Report, due), now),
                strict=True,
            )
        ),
        func.sum(case((Report.resolved_at.is_not(None), 1), else_=0)).label("ever_resolved"),
        func.sum(
            case((and_(Report.resolved_at.is_not(None), Report.reopen_count > 0), 1), else_=0)
        ).label("reopened"),
        func.sum(case((and_(is_fixed(), after_photo), 1), else_=0)).label("fixed_with_photo"),
    ]
    query = public_reports(columns, report_filter, opd_id).group_by(*keys)
    frame = key_frame(session.execute(query).all(), [c.name for c in columns])
    return _typed_counts(frame)


def _typed_counts(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["opd_id"].notna() & (frame["opd_id"] != 0)].copy()
    integer_columns = [c for c in frame.columns if c not in ("period", "opd_id")]
    frame[integer_columns] = frame[integer_columns].fillna(0).astype("int64")
    frame["opd_id"] = frame["opd_id"].astype("int64")
    frame["open"] = frame["received"] - frame["fixed"] - frame["closed_otherwise"]
    return frame


def rollup_for(report_filter: ReportFilter):
    """The OPD rollup with a column for every filtered field, or None (the days of a
    partial month are counted from the reports: `counts_from_rollup`)."""
    fields_only = replace(report_filter, start=None, end=None)
    for rollup in (ReportTallyOpd, ReportTallyOpdPlace):
        if tally_answers(fields_only, rollup):
            return rollup
    return None


def _rollup_period(granularity: Granularity, tally) -> ColumnLike | None:
    """The month or quarter of a rollup row ('YYYY-MM' → 'YYYY-Qn' on both databases)."""
    month = tally.month
    if granularity == "month":
        return month
    if granularity == "quarter":
        number = cast(func.substr(month, 6, 2), Integer)
        return func.substr(month, 1, 4) + "-Q" + cast((number + 2) // 3, String)
    return None


def counts_from_rollup(
    session, report_filter, granularity, tally, opd_id: int | None
) -> pd.DataFrame:
    """Counts of the period's whole months summed from the OPD rollup, plus the days of a
    partial month at either end counted from the reports (`rollup.split_period`).
    Each SLA's `done` still lacks the deadlines passed without the event (`pending_deadlines`
    adds them: they depend on the clock)."""
    split = split_period(report_filter.start, report_filter.end)
    frames = []
    if split.whole is not None:
        months = replace(report_filter, start=split.whole[0], end=split.whole[1])
        frames.append(_whole_months(session, months, granularity, tally, opd_id))
    for edge_start, edge_end in split.edges:
        days = replace(report_filter, start=edge_start, end=edge_end)
        frames.append(_edge_days(session, days, granularity, opd_id))
    frame = pd.concat([f for f in frames if not f.empty] or frames[:1], ignore_index=True)
    if len(frames) > 1 and not frame.empty:
        frame = frame.groupby(["period", "opd_id"], as_index=False, sort=False).sum()
    return _typed_counts(frame)


def _whole_months(session, report_filter, granularity, tally, opd_id) -> pd.DataFrame:
    fixed = tally.status.in_(sorted(s.value for s in FIXED_STATUSES))
    closed_otherwise = tally.status.in_(sorted(s.value for s in CLOSED_OTHERWISE_STATUSES))
    period = _rollup_period(granularity, tally)
    keys: list[ColumnElement[Any]] = [tally.opd_key.label("opd_id")]
    if period is not None:
        keys.insert(0, period.label("period"))
    columns = [
        *keys,
        func.sum(tally.reports).label("received"),
        func.sum(case((fixed, tally.reports), else_=0)).label("fixed"),
        func.sum(case((closed_otherwise, tally.reports), else_=0)).label("closed_otherwise"),
        *(
            func.sum(getattr(tally, f"{name}_{part}")).label(f"{name}_sla_{part}")
            for name in SLA_EVENTS
            for part in ("met", "done")
        ),
        func.sum(tally.ever_resolved).label("ever_resolved"),
        func.sum(tally.reopened).label("reopened"),
        func.sum(case((fixed, tally.proofed), else_=0)).label("fixed_with_photo"),
        func.sum(tally.response_days_known).label("response_days_known"),
        func.sum(tally.resolve_days_known).label("resolve_days_known"),
    ]
    mine = tally.opd_key != 0 if opd_id is None else tally.opd_key == opd_id
    query = public_tally_where(select(*columns).where(mine), report_filter, tally).group_by(*keys)
    return key_frame(session.execute(query).all(), [c.name for c in columns])


def _flagged(condition: ColumnElement[bool]) -> ColumnElement:
    return func.sum(case((condition, 1), else_=0))


def _edge_days(session, report_filter, granularity, opd_id) -> pd.DataFrame:
    """The columns of `_whole_months`, counted from the reports as the triggers count
    them into the rollup (a few days: the reports' rows are read)."""
    keys = report_keys(granularity)
    columns = [
        *keys,
        func.count().label("received"),
        _flagged(is_fixed()).label("fixed"),
        _flagged(Report.status.in_(sorted(s.value for s in CLOSED_OTHERWISE_STATUSES))).label(
            "closed_otherwise"
        ),
        *(
            _flagged(condition).label(f"{name}_sla_{part}")
            for name, (done, due) in SLA_EVENTS.items()
            for part, condition in _sla_parts(getattr(Report, done), getattr(Report, due))
        ),
        _flagged(Report.resolved_at.is_not(None)).label("ever_resolved"),
        _flagged(and_(Report.resolved_at.is_not(None), Report.reopen_count > 0)).label("reopened"),
        _flagged(and_(is_fixed(), Report.after_photos > 0)).label("fixed_with_photo"),
        *(
            _flagged(column.is_not(None)).label(f"{name}_days_known")
            for name, column in DURATIONS.items()
        ),
    ]
    query = public_reports(columns, report_filter, opd_id).where(
        Report.responsible_opd_id.is_not(None)
    )
    frame = key_frame(session.execute(query.group_by(*keys)).all(), [c.name for c in columns])
    return frame


def _sla_parts(done_at, due_at) -> tuple[tuple[str, ColumnElement[bool]], ...]:
    """A deadline met, and done (the event happened, deadline known): as the rollup counts."""
    done = and_(done_at.is_not(None), due_at.is_not(None))
    return (("met", and_(done, done_at <= due_at)), ("done", done))


def pending_deadlines(session, report_filter, keys, opds: list[int], now) -> pd.DataFrame:
    """Per SLA, reports whose deadline passed before `now` without the event (each read
    from its partial index, which holds only reports still waiting for that event)."""
    frames = []
    for name, (done, due) in SLA_EVENTS.items():
        query = (
            through(
                public_reports([*keys, func.count().label(f"{name}_sla_pending")], report_filter),
                f"ix_report_{name}_pending",
            )
            .where(
                getattr(Report, done).is_(None),
                getattr(Report, due) < now,
                Report.responsible_opd_id.in_(opds),
            )
            .group_by(*keys)
        )
        frame = key_frame(
            session.execute(query).all(), [key.name for key in keys] + [f"{name}_sla_pending"]
        )
        frames.append(frame.set_index(["period", "opd_id"]))
    joined = pd.concat(frames, axis=1).fillna(0).astype("int64").reset_index()
    if joined.empty:
        return pd.DataFrame(
            columns=["period", "opd_id", *(f"{n}_sla_pending" for n in SLA_EVENTS)]
        ).astype({"opd_id": "int64"})
    joined["opd_id"] = joined["opd_id"].astype("int64")
    return joined
