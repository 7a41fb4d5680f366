"""Questions the before-and-after gallery asks: resolved public reports with
their proof photos, a page at a time, and the bytes of one public photo.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_layer.models import Category, Kecamatan, Kelurahan, Opd, Photo, PhotoBlob, Report
from data_layer.queries import indexes
from data_layer.queries.indexes import through
from data_layer.queries.public import (
    ReportFilter,
    join_report_labels,
    listed_reports_condition,
    listed_tally_condition,
    listed_where,
)
from data_layer.queries.rollup import public_counts
from data_layer.rows import from_row
from data_layer.states import FIXED_STATUSES, PhotoKind

_FIXED = sorted(status.value for status in FIXED_STATUSES)
MAX_PAGE_SIZE = 60


@dataclass(frozen=True)
class PhotoRef:
    """Keys of one stored photo (full size and thumbnail); bytes come from `photo_bytes`."""

    image_key: str
    thumb_key: str
    width: int
    height: int


@dataclass(frozen=True)
class BeforeAfterPair:
    ticket: str
    title: str
    kind: str
    status: str
    category_name_id: str
    category_name_en: str
    kelurahan: str
    kecamatan: str
    opd_short_name: str | None
    opd_name_id: str | None
    opd_name_en: str | None
    received_at: dt.datetime
    resolved_at: dt.datetime | None
    resolve_working_days: float | None
    before: PhotoRef | None  # the citizen's photo, when one was sent
    after: PhotoRef  # the OPD's proof photo


@dataclass(frozen=True)
class GalleryPage:
    items: list[BeforeAfterPair]
    total: int  # resolved public reports with a proof photo, under the filter
    page: int  # 1-based, clamped to the pages that exist
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def _resolved_with_proof():
    # `after_photos` is kept by triggers on the photos' table (data_layer/tally.py),
    # so the gallery's index answers without visiting the photos.
    return (Report.status.in_(_FIXED), Report.after_photos > 0)


def gallery_total(session: Session, *, report_filter: ReportFilter) -> int:
    """How many resolved (selesai/ditutup) public reports have an after photo."""
    counted = public_counts(session, report_filter=report_filter, keys=["status"])
    if counted is not None:
        rows = counted.subquery()
        total = session.scalar(
            select(func.sum(rows.c.proofed)).where(
                rows.c.status.in_(_FIXED), listed_tally_condition(rows.c.status)
            )
        )
        return int(total or 0)
    total = session.scalar(
        listed_where(
            select(func.count()).select_from(Report).where(*_resolved_with_proof()),
            report_filter,
        )
    )
    return int(total or 0)


def before_after_pairs(
    session: Session, *, report_filter: ReportFilter, page: int = 1, page_size: int = 12
) -> GalleryPage:
    """Resolved (selesai/ditutup) public reports that have an after photo, newest first.

    Two narrow steps keep a page cheap at any volume: first the ids of the
    page's reports (one sort of bare ids), then names and photos for those few
    only: the citizen's first before photo and the OPD's latest after photo.
    """
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    total = gallery_total(session, report_filter=report_filter)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    ids = session.scalars(
        listed_where(
            through(select(Report.id), indexes.GALLERY)
            .where(*_resolved_with_proof())
            .order_by(Report.resolved_at.desc(), Report.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size),
            report_filter,
        )
    ).all()
    items = _pairs(session, list(ids))
    return GalleryPage(items=items, total=total, page=page, page_size=page_size)


def _pairs(session: Session, ids: list[int]) -> list[BeforeAfterPair]:
    if not ids:
        return []
    rows = {
        row.id: row
        for row in session.execute(
            join_report_labels(
                select(
                    Report.id,
                    Report.ticket,
                    Report.title,
                    Report.kind,
                    Report.status,
                    Category.name_id.label("category_name_id"),
                    Category.name_en.label("category_name_en"),
                    Kelurahan.name.label("kelurahan"),
                    Kecamatan.name.label("kecamatan"),
                    Opd.short_name.label("opd_short_name"),
                    Opd.name_id.label("opd_name_id"),
                    Opd.name_en.label("opd_name_en"),
                    Report.received_at,
                    Report.resolved_at,
                    Report.resolve_working_days,
                )
            ).where(Report.id.in_(ids))
        )
    }
    before, after = _chosen_photos(session, ids)
    return [
        from_row(BeforeAfterPair, rows[i], without=("id",), before=before.get(i), after=after[i])
        for i in ids
        if i in after
    ]


def _chosen_photos(
    session: Session, ids: list[int]
) -> tuple[dict[int, PhotoRef], dict[int, PhotoRef]]:
    """Per report: its first before photo and its latest after photo."""
    rows = session.execute(
        select(
            Photo.report_id, Photo.kind, Photo.image_key, Photo.thumb_key, Photo.width,
            Photo.height,
        )
        .where(
            Photo.report_id.in_(ids),
            Photo.kind.in_([PhotoKind.BEFORE.value, PhotoKind.AFTER.value]),
        )
        .order_by(Photo.id)
    )  # fmt: skip
    before: dict[int, PhotoRef] = {}
    after: dict[int, PhotoRef] = {}
    for row in rows:
        ref = PhotoRef(
            image_key=row.image_key, thumb_key=row.thumb_key, width=row.width, height=row.height
        )
        if row.kind == PhotoKind.BEFORE.value:
            before.setdefault(row.report_id, ref)
        else:
            after[row.report_id] = ref  # ordered by id: the last one wins
    return before, after


@dataclass(frozen=True)
class PhotoContent:
    data: bytes
    content_type: str


def photo_bytes(session: Session, *, key: str) -> PhotoContent | None:
    """The bytes of a stored photo or thumbnail, only if it belongs to a public report.

    Keys of photos of unverified or confidential reports give None, exactly as
    unknown keys do, so nothing can be learnt about private reports from keys.
    """
    query = (
        select(PhotoBlob.data, PhotoBlob.content_type)
        .select_from(PhotoBlob)
        .join(Photo, or_(Photo.image_key == PhotoBlob.key, Photo.thumb_key == PhotoBlob.key))
        .join(Report, Report.id == Photo.report_id)
        .where(PhotoBlob.key == key, listed_reports_condition())
        .limit(1)
    )
    row = session.execute(query).first()
    return PhotoContent(bytes(row.data), row.content_type) if row else None
