"""Counting public reports from the rollups, for any filter the pages allow.

The rollups (data_layer/tally.py) count reports per local month and a few columns
each; triggers keep them exact. `public_counts` answers "how many public
reports, grouped by these keys, under this filter" as:

- the whole months of the period, from the narrowest rollup that has a column
  for every key and every filtered field (by kind, channel, category and OPD;
  by place and kind; by place and category);
- the days of a partial month at either end (the "edges"), counted from the
  reports themselves through `ix_report_received_cover`, an index holding
  every filtered column, so an edge never reads the table;

summed together (UNION ALL, then one GROUP BY). A filter no rollup covers (say
a kelurahan and a channel) gets None, and the caller scans the reports, which
such a narrow filter keeps cheap.

Measures of every row: `reports`, `resolve_days_known` (reports with a time to
resolution) and `proofed` (reports with an after photo).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, case, func, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from data_layer.models import (
    Report,
    ReportTally,
    ReportTallyPlace,
    ReportTallyPlaceCategory,
    ReportTallyTotal,
)
from data_layer.queries import indexes
from data_layer.queries.indexes import through
from data_layer.queries.public import ReportFilter, public_tally_where, public_where, tally_answers
from data_layer.queries.time import local_month
from data_layer.tally import tally_ready

MEASURES = ("reports", "resolve_days_known", "proofed")
# Smallest first: the first that can answer a question answers it.
ROLLUPS = (ReportTallyTotal, ReportTally, ReportTallyPlace, ReportTallyPlaceCategory)


def _report_key(key: str) -> ColumnElement:
    """The report-side expression of a rollup key (what the triggers write)."""
    if key == "month":
        return local_month(Report.received_at)
    if key == "opd_key":
        return func.coalesce(Report.opd_id, 0)
    return getattr(Report, key)


def _report_measures() -> list[ColumnElement]:
    return [
        func.count().label("reports"),
        func.sum(case((Report.resolve_working_days.is_not(None), 1), else_=0)).label(
            "resolve_days_known"
        ),
        func.sum(case((Report.after_photos > 0, 1), else_=0)).label("proofed"),
    ]


@dataclass(frozen=True)
class PeriodSplit:
    """A period as whole months (from a rollup) plus partial-month edges (from reports)."""

    whole: tuple[dt.date | None, dt.date | None] | None  # None: no whole month inside
    edges: tuple[tuple[dt.date, dt.date], ...]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def split_period(start: dt.date | None, end: dt.date | None) -> PeriodSplit:
    """[start, end] (inclusive, local days; None = open) as whole months and edge days."""
    first = start if start is None or start.day == 1 else _next_month(start)
    last = end if end is None or _next_month(end) - dt.timedelta(days=1) == end else None
    if end is not None and last is None:
        last = _month_start(end) - dt.timedelta(days=1)
    if first is not None and last is not None and first > last:
        return PeriodSplit(whole=None, edges=((start, end),))  # type: ignore[arg-type]
    edges: list[tuple[dt.date, dt.date]] = []
    # `first` is None only with `start`, `last` only with `end`.
    if start is not None and first is not None and first != start:
        edges.append((start, first - dt.timedelta(days=1)))
    if end is not None and last is not None and last != end:
        edges.append((last + dt.timedelta(days=1), end))
    return PeriodSplit(whole=(first, last), edges=tuple(edges))


def rollup_for(report_filter: ReportFilter, keys: Sequence[str]):
    """The smallest rollup with every key and a column for every filtered field, or None."""
    by_month = "month" in keys or report_filter.start is not None or report_filter.end is not None
    fields_only = replace(report_filter, start=None, end=None)  # the edges come from reports
    for rollup in ROLLUPS:
        columns = set(rollup.__table__.columns.keys())
        if by_month and "month" not in columns:
            continue
        if set(keys) <= columns and tally_answers(fields_only, rollup):
            return rollup
    return None


def public_counts(
    session: Session, *, report_filter: ReportFilter, keys: Sequence[str]
) -> Select | None:
    """A select of `keys` + MEASURES over public reports in the filter, or None (scan instead).

    Keys are rollup column names: month, status, kind, channel, category_id,
    opd_key (0 for "no OPD yet"), kelurahan_code.
    """
    if not tally_ready(session):
        return None
    rollup = rollup_for(report_filter, keys)
    if rollup is None:
        return None
    split = split_period(report_filter.start, report_filter.end)
    parts = []
    if split.whole is not None:
        months = replace(report_filter, start=split.whole[0], end=split.whole[1])
        columns = [getattr(rollup, key) for key in keys]
        parts.append(
            public_tally_where(
                select(
                    *(column.label(key) for column, key in zip(columns, keys, strict=True)),
                    *(func.sum(getattr(rollup, m)).label(m) for m in MEASURES),
                ).group_by(*columns),
                months,
                rollup,
            )
        )
    for edge_start, edge_end in split.edges:
        expressions = [_report_key(key) for key in keys]
        edge = select(
            *(e.label(key) for e, key in zip(expressions, keys, strict=True)),
            *_report_measures(),
        ).group_by(*expressions)
        edge_filter = replace(report_filter, start=edge_start, end=edge_end)
        parts.append(public_where(through(edge, indexes.RECEIVED), edge_filter))
    counted = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("counted")
    grouped = [counted.c[key] for key in keys]
    return select(*grouped, *(func.sum(counted.c[m]).label(m) for m in MEASURES)).group_by(*grouped)
