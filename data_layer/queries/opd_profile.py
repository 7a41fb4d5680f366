"""One OPD's own page: where its reports come from and which of them are overdue.

Reports belong to an OPD as on the scorecard (the column `report.responsible_opd_id`), so
the figures of an OPD's page add up to its row on Kinerja OPD.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from data_layer.models import Report, ReportTallyOpd, ReportTallyOpdPlace
from data_layer.queries import indexes
from data_layer.queries.indexes import through
from data_layer.queries.public import (
    ReportFilter,
    listed_where,
    public_tally_where,
    public_where,
    tally_answers,
)
from data_layer.queries.status import is_fixed, is_overdue
from data_layer.states import FIXED_STATUSES
from data_layer.tally import tally_ready

ProfileDimension = Literal["category", "kelurahan"]
OVERDUE_COLUMNS = ["ticket", "category_id", "kelurahan_code", "received_at", "resolve_due_at"]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _of_opd(columns: list, opd_id: int) -> Select:
    return select(*columns).select_from(Report).where(Report.responsible_opd_id == opd_id)


def opd_breakdown(
    session: Session, *, opd_id: int, report_filter: ReportFilter, dimension: ProfileDimension
) -> pd.DataFrame:
    """An OPD's public reports per category id or kelurahan code, most first:
    columns key, reports, resolved (fixed).

    Summed from the OPD rollup with that column (`report_tally_opd` by category,
    `report_tally_opd_place` by kelurahan) when it answers the filter, else counted
    from the reports."""
    rollup = ReportTallyOpd if dimension == "category" else ReportTallyOpdPlace
    if tally_ready(session) and tally_answers(report_filter, rollup):
        key = getattr(rollup, "category_id" if dimension == "category" else "kelurahan_code")
        fixed = rollup.status.in_(sorted(s.value for s in FIXED_STATUSES))
        reports = func.sum(rollup.reports).label("reports")
        resolved = func.sum(case((fixed, rollup.reports), else_=0)).label("resolved")
        query = public_tally_where(
            select(key.label("key"), reports, resolved).where(rollup.opd_key == opd_id),
            report_filter,
            rollup,
        ).group_by(key)
    else:
        key = Report.category_id if dimension == "category" else Report.kelurahan_code
        reports = func.count().label("reports")
        resolved = func.sum(case((is_fixed(), 1), else_=0)).label("resolved")
        query = public_where(
            _of_opd([key.label("key"), reports, resolved], opd_id), report_filter
        ).group_by(key)
    rows = session.execute(query.order_by(reports.desc(), key)).all()
    return pd.DataFrame(
        [(row.key, int(row.reports), int(row.resolved or 0)) for row in rows],
        columns=["key", "reports", "resolved"],
    )


def opd_overdue_reports(
    session: Session,
    *,
    opd_id: int,
    report_filter: ReportFilter,
    limit: int = 100,
    now: dt.datetime | None = None,
) -> tuple[int, pd.DataFrame]:
    """The OPD's listed reports past their resolution due date and still in progress:
    how many in all, and the `limit` most overdue (columns OVERDUE_COLUMNS, naive UTC)."""
    now = now or _utcnow()

    def overdue(columns: list) -> Select:
        # Read from the OPD's range of its own index (table rows untouched).
        query = listed_where(_of_opd(columns, opd_id), report_filter).where(is_overdue(now))
        return through(query, indexes.RESPONSIBLE_OVERDUE)

    total = session.scalar(overdue([func.count()]))
    columns = [getattr(Report, name) for name in OVERDUE_COLUMNS]
    query = overdue(columns).order_by(Report.resolve_due_at, Report.ticket).limit(limit)
    frame = pd.DataFrame([tuple(row) for row in session.execute(query)], columns=OVERDUE_COLUMNS)
    return int(total or 0), frame
