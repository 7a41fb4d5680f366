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
from data_layer.rows import from_row
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
    """Newest events of listed reports matching the filter, newest first.

    Two plans, picked by how narrow the filter is. A place, department or
    category narrows the reports to a few thousand: those are found first and
    their events read along `ix_status_history_report_at`. Otherwise the newest
    events are read first, walking `ix_status_history_at` backwards and
    checking each event's report (a correlated EXISTS), so the cost is that of
    the events read, not of the report table (as a plain join SQLite first
    builds a Bloom filter over every public report: over a second at 1M).
    """
    limit = min(limit, FEED_MAX_ENTRIES)
    f = report_filter
    narrow = any(
        value is not None for value in (f.kelurahan_code, f.kecamatan_code, f.opd_id, f.category_id)
    )
    query = _event_columns().order_by(StatusHistory.at.desc(), StatusHistory.id.desc())
    if narrow:
        # MATERIALIZED: PostgreSQL would otherwise still walk every event newest
        # first, expecting the narrow reports among them early (121k events read
        # for one kelurahan at 1M).
        matching = (
            listed_where(select(Report.id), report_filter)
            .cte("matching")
            .prefix_with("MATERIALIZED")
        )
        query = (
            query.join(matching, matching.c.id == StatusHistory.report_id)
            .where(_became_or_stayed_public())
            .limit(limit)
        )
    else:
        report_is_listed = listed_where(
            select(Report.id).where(Report.id == StatusHistory.report_id), report_filter
        ).exists()
        newest = (
            select(StatusHistory.id)
            .where(_became_or_stayed_public(), report_is_listed)
            .order_by(StatusHistory.at.desc(), StatusHistory.id.desc())
            .limit(limit)
            .subquery("newest")
        )
        query = query.join(newest, newest.c.id == StatusHistory.id)
    return [from_row(FeedEvent, row) for row in session.execute(query)]


def _became_or_stayed_public():
    # Events before verification (received, needs info) happened while the
    # report was not public yet.
    return StatusHistory.to_status.in_(_PUBLIC_STATUS_VALUES)


def _event_columns():
    return (
        select(
            StatusHistory.id.label("history_id"),
            Report.ticket,
            Report.title,
            Category.name_id.label("category_name_id"),
            Category.name_en.label("category_name_en"),
            Kelurahan.name.label("kelurahan"),
            Kecamatan.name.label("kecamatan"),
            StatusHistory.from_status,
            StatusHistory.to_status,
            StatusHistory.at,
            StatusHistory.public_note,
        )
        .select_from(StatusHistory)
        .join(Report, Report.id == StatusHistory.report_id)
        .join(Category, Category.id == Report.category_id)
        .join(Kelurahan, Kelurahan.code == Report.kelurahan_code)
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
    )
