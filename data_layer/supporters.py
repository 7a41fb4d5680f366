""" "Saya juga mengalami ini": citizens who follow an existing report instead of filing another.

One filled-in form counts once per report (its submission key); each support
also counts against the address's hourly submission limit (the caller checks
it in the same transaction). Only the number is ever public.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_layer.citizen_models import ReportSupporter
from data_layer.models import Report
from data_layer.queries.public import listed_reports_condition


def support_report(session: Session, *, ticket: str, supporter_key: str, now: dt.datetime) -> bool:
    """Count this form as a supporter of the public report `ticket` (caller's transaction).

    False when there is no such public report. Supporting twice from one form is
    harmless: it stays one supporter.
    """
    report_id = session.scalar(
        select(Report.id).where(Report.ticket == ticket, listed_reports_condition())
    )
    if report_id is None:
        return False
    try:
        with session.begin_nested():
            session.add(
                ReportSupporter(report_id=report_id, supporter_key=supporter_key, created_at=now)
            )
    except IntegrityError:
        pass  # this form already counted
    return True


def supporter_counts(session: Session, *, tickets: list[str]) -> dict[str, int]:
    """How many citizens said they have the same problem, per public ticket (0 if none)."""
    if not tickets:
        return {}
    rows = session.execute(
        select(Report.ticket, func.count(ReportSupporter.id))
        .join(ReportSupporter, ReportSupporter.report_id == Report.id)
        .where(Report.ticket.in_(tickets), listed_reports_condition())
        .group_by(Report.ticket)
    )
    counts = dict.fromkeys(tickets, 0)
    counts.update({ticket: count for ticket, count in rows})
    return counts
