"""The questions the Atom feeds ask (api/feeds.py): what happened lately to public reports?

A city feed lists events of public reports matching a filter: a report becoming
public (verified) and every later status change or public progress note,
newest first and bounded. Only public columns are read: never internal notes,
operator names or reporter fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.models import Category, Kecamatan, Kelurahan, Report, StatusHistory
from data_layer.queries.public import ReportFilter, listed_where
from data_layer.states import PUBLIC_STATUSES

FEED_MAX_ENTRIES = 50
_PUBLIC_STATUS_VALUES = sorted(status.value for status in PUBLIC_STATUSES)


@dataclass(frozen=True)
class FeedEvent:
    history_id: int
    ticket: str
    title: str
    category_name_id: str
    category_name_en: str
    kelurahan: str
    kecamatan: str
    from_status: str | None
    to_status: str
    at: dt.datetime  # naive UTC
    public_note: str | None


def public_events(
    session: Session, *, report_filter: ReportFilter, limit: int = FEED_MAX_ENTRIES
) -> list[FeedEvent]:
    """Newest events of listed reports matching the filter (read along `ix_status_history_at`)."""
    query = (
        select(
            StatusHistory.id,
            Report.ticket,
            Report.title,
            Category.name_id,
            Category.name_en,
            Kelurahan.name.label("kelurahan"),
            Kecamatan.name.label("kecamatan"),
            StatusHistory.from_status,
            StatusHistory.to_status,
            StatusHistory.at,
            StatusHistory.public_note,
        )
        .join(Report, Report.id == StatusHistory.report_id)
        .join(Category, Category.id == Report.category_id)
        .join(Kelurahan, Kelurahan.code == Report.kelurahan_code)
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        # Events before verification (received, needs info) happened while the
        # report was not public yet.
        .where(StatusHistory.to_status.in_(_PUBLIC_STATUS_VALUES))
        .order_by(StatusHistory.at.desc(), StatusHistory.id.desc())
        .limit(min(limit, FEED_MAX_ENTRIES))
    )
    return [FeedEvent(*row) for row in session.execute(listed_where(query, report_filter))]
