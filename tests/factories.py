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
from data_layer.states import Channel, Destination, Kind, PhotoKind, RejectReason, Role, Status

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
            session,
            report_id=report_id,
            to=to,
            actor=VERIFIER,
            settings=settings,
            public_note="Catatan verifikator",
            now=moment + step,
            reject_reason=RejectReason.DUPLIKAT if to is Status.DITOLAK else None,
            destination=Destination.PROVINCE if to is Status.BUKAN_WEWENANG else None,
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
            session,
            report_id=report_id,
            to=target,
            actor=actor,
            settings=settings,
            public_note=f"Status {target.value}",
            now=moment,
            photos=photos,
        )
        if target is to:
            return


# A realistic route from `diterima` to every status (`reach` walks it).
ROUTE_TO: dict[Status, tuple[Status, ...]] = {
    Status.DITERIMA: (),
    Status.PERLU_INFO: (Status.PERLU_INFO,),
    Status.DIVERIFIKASI: (Status.DIVERIFIKASI,),
    Status.DITOLAK: (Status.DITOLAK,),
    Status.BUKAN_WEWENANG: (Status.BUKAN_WEWENANG,),
    Status.DITERUSKAN: HAPPY_PATH[:2],
    Status.DIPROSES: HAPPY_PATH[:3],
    Status.SELESAI: HAPPY_PATH[:4],
    Status.DITUTUP: HAPPY_PATH,
    Status.DIBUKA_KEMBALI: (*HAPPY_PATH[:4], Status.DIBUKA_KEMBALI),
    Status.ARSIP: (Status.DITOLAK, Status.ARSIP),
    Status.DITARIK: (Status.DIVERIFIKASI, Status.DITARIK),
}


def natural_actor(session: Session, *, report_id: int, target: Status) -> Actor:
    """Who would normally make this move: the report's OPD, the reporter, or Diskominfo."""
    if target in (Status.DIPROSES, Status.SELESAI):
        report = session.get(Report, report_id)
        return Actor.operator(operator_id=None, role=Role.OPD, opd_id=report.opd_id)  # type: ignore[arg-type]
    if target is Status.DIBUKA_KEMBALI:
        return Actor.citizen()
    return VERIFIER


def move(session: Session, *, report_id: int, to: Status, settings: Settings, now: dt.datetime):
    """One move by its natural actor, bringing what it needs (a reason, an after photo)."""
    photos = (
        ((PhotoKind.AFTER, prepared_photo(settings, color=(40, 160, 60))),)
        if to is Status.SELESAI
        else ()
    )
    return transition(
        session,
        report_id=report_id,
        to=to,
        settings=settings,
        now=now,
        photos=photos,
        actor=natural_actor(session, report_id=report_id, target=to),
        reject_reason=RejectReason.SPAM if to is Status.DITOLAK else None,
        destination=Destination.PROVINCE if to is Status.BUKAN_WEWENANG else None,
        public_note=f"Status {to.value}",
        # A take-down must say why (for the audit).
        internal_note="Berisi data pribadi" if to is Status.DITARIK else None,
    )


def reach(
    session: Session,
    *,
    report_id: int,
    status: Status,
    settings: Settings,
    step_by: dt.timedelta = dt.timedelta(hours=6),
) -> dt.datetime:
    """Walk a fresh report along `ROUTE_TO[status]`; returns the time of the last move."""
    moment = session.get(Report, report_id).received_at
    for target in ROUTE_TO[status]:
        moment += step_by
        move(session, report_id=report_id, to=target, settings=settings, now=moment)
    return moment


OPERATOR_PASSWORD = "kata-sandi-rahasia-1"  # a test fixture, not a secret


def make_operator(
    session: Session,
    *,
    role: Role = Role.VERIFIKATOR,
    opd_code: str | None = None,
    username: str | None = None,
    password: str = OPERATOR_PASSWORD,
    oidc_subject: str | None = None,
):
    """A real operator account (argon2-hashed password); returns its OperatorIdentity."""
    from data_layer.operators import create_operator

    role = Role(role)
    username = username or f"{role.value}-{opd_code or 'kota'}"
    return create_operator(
        session,
        username=username,
        password=password,
        role=role,
        display_name=f"Petugas {username}",
        opd_code=opd_code,
        oidc_subject=oidc_subject,
    )
