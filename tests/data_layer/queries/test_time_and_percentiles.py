"""WIB calendar buckets and SQL medians/percentiles: same answers on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import make_report
from sqlalchemy import select, update

from data_layer.models import Report
from data_layer.queries.percentiles import (
    median_by_offset,
    median_of,
    median_query,
    percentile_of,
    ranked_values,
)
from data_layer.queries.time import local_day, local_month, local_quarter


@pytest.mark.parametrize(
    ("utc", "month", "quarter", "day"),
    [
        (dt.datetime(2025, 3, 31, 16, 59), "2025-03", "2025-Q1", "2025-03-31"),  # 23:59 WIB
        (dt.datetime(2025, 3, 31, 17, 0), "2025-04", "2025-Q2", "2025-04-01"),  # 00:00 WIB
        (dt.datetime(2024, 12, 31, 17, 30), "2025-01", "2025-Q1", "2025-01-01"),
        (dt.datetime(2025, 9, 30, 12, 0), "2025-09", "2025-Q3", "2025-09-30"),
        (dt.datetime(2025, 12, 1, 0, 0), "2025-12", "2025-Q4", "2025-12-01"),
    ],
)
def test_wib_buckets(db, utc, month, quarter, day):
    with db.write().begin() as session:
        report_id = make_report(session, settings=db.settings, now=utc).report_id
        row = session.execute(
            select(
                local_month(Report.received_at),
                local_quarter(Report.received_at),
                local_day(Report.received_at),
            ).where(Report.id == report_id)
        ).one()
    assert tuple(row) == (month, quarter, day)


def _reports_with_days(db, values: list[float]) -> None:
    with db.write().begin() as session:
        for value in values:
            report_id = make_report(session, settings=db.settings).report_id
            session.execute(
                update(Report).where(Report.id == report_id).values(resolve_working_days=value)
            )


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([7.0], 7.0, 7.0),
        ([4.0, 1.0], 2.5, 4.0),
        ([3.0, 1.0, 2.0], 2.0, 3.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 5.5, 9.0),  # rank ceil(9.0) = 9
        ([float(v) for v in range(1, 12)], 6.0, 10.0),  # 11 values: rank ceil(9.9) = 10
    ],
)
def test_median_and_nearest_rank_percentile(db, values, median, p90):
    _reports_with_days(db, values)
    base = select()
    with db.read() as session:
        ranked = ranked_values(select(Report.kind), Report.resolve_working_days, (Report.kind,))
        sub = ranked.subquery()
        grouped = session.execute(
            select(median_of(sub), percentile_of(sub, 90)).group_by(sub.c.kind)
        ).one()
        whole = session.scalar(median_query(base.select_from(Report), Report.resolve_working_days))
        walked = median_by_offset(session, base.select_from(Report), Report.resolve_working_days)
    assert float(grouped[0]) == pytest.approx(median)
    assert float(grouped[1]) == pytest.approx(p90)
    assert float(whole) == pytest.approx(median)
    assert walked == pytest.approx(median)


def test_median_of_nothing_is_none(db):
    with db.read() as session:
        assert (
            median_by_offset(session, select().select_from(Report), Report.resolve_working_days)
            is None
        )
        assert (
            session.scalar(median_query(select().select_from(Report), Report.resolve_working_days))
            is None
        )
