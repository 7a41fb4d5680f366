"""Plain factory functions with sensible defaults, over the real data layer."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.commands import (
    Actor,
    ReportDraft,
    SubmittedReport,
    submit_report,
    transition,
)
from data_layer.config import Settings
from data_layer.models import Category, Kelurahan, Opd, Report
from data_layer.photos import PreparedPhoto, prepare_photo
from data_layer.states import Channel, Kind, PhotoKind, RejectReason, Role, Status

DEFAULT_KELURAHAN = "3374011001"  # Miroto, Semarang Tengah


def photo_bytes(
    *, size: tuple[int, int] = (800, 600), color=(200, 80, 40), fmt: str = "JPEG", exif=None
) -> bytes:
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def prepared_photo(settings: Settings, **kwargs) -> PreparedPhoto:
    return prepare_photo(photo_bytes(**kwargs), "foto.jpg", settings=settings)


def category_id(session: Session, code: str = "jalan_rusak") -> int:
    return session.scalar(select(Category.id).where(Category.code == code))


def opd_id(session: Session, code: str = "dpu") -> int:
    return session.scalar(select(Opd.id).where(Opd.code == code))


def kelurahan_code(session: Session, name: str = "Miroto") -> str:
    return session.scalar(select(Kelurahan.code).where(Kelurahan.name == name))


def make_draft(session: Session, **overrides) -> ReportDraft:
    kelurahan = session.get(Kelurahan, overrides.get("kelurahan_code", DEFAULT_KELURAHAN))
    values = {
        "kind": Kind.ADUAN,
        "category_id": category_id(session),
        "title": "Jalan berlubang di depan sekolah",
        "description": "Lubang besar di jalan, berbahaya untuk pengendara motor saat malam.",
        "kelurahan_code": kelurahan.code,
        "channel": Channel.WEBSITE,
        "latitude": kelurahan.centroid_lat,
        "longitude": kelurahan.centroid_lon,
        "reporter_name": "Budi Santoso",
        "reporter_phone": "+6281234567890",
        "reporter_email": "budi@example.com",
    }
    values.update(overrides)
    return ReportDraft(**values)


def make_report(
    session: Session, *, settings: Settings, now: dt.datetime | None = None, **overrides
) -> SubmittedReport:
    return submit_report(
        session, draft=make_draft(session, **overrides), settings=settings, now=now
    )


VERIFIER = Actor.operator(operator_id=None, role=Role.VERIFIKATOR)  # type: ignore[arg-type]


def opd_actor(session: Session, code: str = "dpu") -> Actor:
    return Actor.operator(operator_id=None, role=Role.OPD, opd_id=opd_id(session, code))  # type: ignore[arg-type]


# The happy path of an aduan, in order; `advance` walks a report along it.
HAPPY_PATH = (
    Status.DIVERIFIKASI,
    Status.DITERUSKAN,
    Status.DIPROSES,
    Status.SELESAI,
    Status.DITUTUP,
)


def advance(
    session: Session,
    *,
    report_id: int,
    to: Status,
    settings: Settings,
    start: dt.datetime | None = None,
    step: dt.timedelta = dt.timedelta(days=1),
) -> None:
    """Walk a fresh report along the happy path until it reaches `to` (after photo included)."""
    report = session.get(Report, report_id)
    moment = start or report.received_at
    if to in (Status.DITOLAK, Status.BUKAN_WEWENANG, Status.PERLU_INFO):
        transition(
            session, report_id=report_id, to=to, actor=VERIFIER, settings=settings,
            public_note="Catatan verifikator", now=moment + step,
            reject_reason=RejectReason.DUPLIKAT if to is Status.DITOLAK else None,
        )
        return
    for target in HAPPY_PATH:
        moment += step
        actor = opd_actor(session) if target in (Status.DIPROSES, Status.SELESAI) else VERIFIER
        photos = (
            ((PhotoKind.AFTER, prepared_photo(settings, color=(40, 160, 60))),)
            if target is Status.SELESAI
            else ()
        )
        transition(
            session, report_id=report_id, to=target, actor=actor, settings=settings,
            public_note=f"Status {target.value}", now=moment, photos=photos,
        )
        if target is to:
            return
