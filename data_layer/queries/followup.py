"""Reads for the reporter's follow-up on the tracking page.

This looks up any report by its ticket, public or not: the reporter of a
confidential or not-yet-verified report must be able to answer a request for
information too. The page shows none of it until the private follow-up code has
been checked (`commands.check_followup_code`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.models import Category, Feedback, Kecamatan, Kelurahan, Photo, PhotoBlob, Report
from data_layer.queries.public import join_report_labels, listed_reports_condition
from data_layer.states import FeedbackKind, Kind, Status


@dataclass(frozen=True)
class FollowupState:
    report_id: int
    ticket: str
    status: Status
    kind: Kind
    rating: int | None  # the reporter's latest rating, if any


def followup_state(session: Session, *, ticket: str) -> FollowupState | None:
    """The report behind a normalised ticket code, or None when there is none."""
    row = session.execute(
        select(Report.id, Report.ticket, Report.status, Report.kind).where(Report.ticket == ticket)
    ).first()
    if row is None:
        return None
    rating = session.scalar(
        select(Feedback.rating)
        .where(
            Feedback.report_id == row.id,
            Feedback.kind == FeedbackKind.CONFIRM.value,
            Feedback.rating.is_not(None),
        )
        .order_by(Feedback.id.desc())
        .limit(1)
    )
    return FollowupState(row.id, row.ticket, Status(row.status), Kind(row.kind), rating)


@dataclass(frozen=True)
class OwnPhoto:
    kind: str
    thumbnail: bytes  # the stored JPEG thumbnail: not public, so not served by URL
    created_at: dt.datetime


@dataclass(frozen=True)
class OwnReport:
    """What the reporter sent, for the reporter alone (after the follow-up code)."""

    is_public: bool  # when True the tracking page already shows it to everyone
    title: str
    description: str
    address: str | None
    category_name_id: str
    category_name_en: str
    kelurahan: str
    kecamatan: str
    photos: list[OwnPhoto]


def reporter_copy(session: Session, *, report_id: int) -> OwnReport | None:
    """The report's own text, place and photos, whatever its status.

    Call only once the follow-up code was checked: it includes what the public
    never sees (an unverified or confidential report, an anonymous reporter's address).
    """
    row = session.execute(
        join_report_labels(
            select(
                listed_reports_condition().label("is_public"),
                Report.title,
                Report.description,
                Report.address,
                Category.name_id,
                Category.name_en,
                Kelurahan.name,
                Kecamatan.name,
            )
        ).where(Report.id == report_id)
    ).first()
    if row is None:
        return None
    photos = [
        OwnPhoto(kind, data, created_at)
        for kind, data, created_at in session.execute(
            select(Photo.kind, PhotoBlob.data, Photo.created_at)
            .join(PhotoBlob, PhotoBlob.key == Photo.thumb_key)
            .where(Photo.report_id == report_id)
            .order_by(Photo.created_at, Photo.id)
        )
    ]
    return OwnReport(
        is_public=bool(row.is_public),
        title=row.title,
        description=row.description,
        address=row.address,
        category_name_id=row[4],
        category_name_en=row[5],
        kelurahan=row[6],
        kecamatan=row[7],
        photos=photos,
    )
