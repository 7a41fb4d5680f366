"""Lists for operator forms and the admin page: OPDs, category routing, operator accounts,
kelurahan choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.models import (
    Category,
    Kecamatan,
    Kelurahan,
    Opd,
    Operator,
)
from data_layer.operators import OperatorIdentity
from data_layer.states import (
    Role,
)

# --- choices for forms -----------------------------------------------------------


@dataclass(frozen=True)
class OpdChoice:
    id: int
    code: str
    short_name: str
    name_id: str
    name_en: str
    active: bool

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


def opd_choices(session: Session, *, include_inactive: bool = False) -> tuple[OpdChoice, ...]:
    """OPDs to forward to (active ones) or to manage (all), by short name."""
    query = select(Opd.id, Opd.code, Opd.short_name, Opd.name_id, Opd.name_en, Opd.active)
    if not include_inactive:
        query = query.where(Opd.active.is_(True))
    return tuple(OpdChoice(*row) for row in session.execute(query.order_by(Opd.short_name)))


@dataclass(frozen=True)
class CategoryRouting:
    id: int
    code: str
    name_id: str
    name_en: str
    default_opd_id: int | None
    default_opd_name: str | None
    routes_to_kecamatan: bool
    resolution_class: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


def category_routing(session: Session) -> tuple[CategoryRouting, ...]:
    """Every active category with where its reports go by default."""
    query = (
        select(
            Category.id,
            Category.code,
            Category.name_id,
            Category.name_en,
            Category.default_opd_id,
            Opd.short_name,
            Category.routes_to_kecamatan,
            Category.resolution_class,
        )
        .outerjoin(Opd, Opd.id == Category.default_opd_id)
        .where(Category.active.is_(True))
        .order_by(Category.name_id)
    )
    return tuple(CategoryRouting(*row) for row in session.execute(query))


@dataclass(frozen=True)
class OperatorRow:
    id: int
    username: str
    display_name: str
    role: Role
    opd_name: str | None
    active: bool
    uses_password: bool
    oidc_subject: str | None
    failed_logins: int  # since the last successful sign-in
    last_login_at: dt.datetime | None
    last_failed_login_at: dt.datetime | None = None


def operator_accounts(session: Session, *, viewer: OperatorIdentity) -> tuple[OperatorRow, ...]:
    """All operator accounts, for the admin page (nobody else may list them)."""
    if viewer.role is not Role.ADMIN:
        return ()
    query = (
        select(
            Operator.id,
            Operator.username,
            Operator.display_name,
            Operator.role,
            Opd.short_name,
            Operator.active,
            Operator.password_hash.is_not(None),
            Operator.oidc_subject,
            Operator.failed_logins,
            Operator.last_login_at,
            Operator.last_failed_login_at,
        )
        .outerjoin(Opd, Opd.id == Operator.opd_id)
        .order_by(Operator.active.desc(), Operator.username)
    )
    return tuple(
        OperatorRow(
            id=row[0],
            username=row[1],
            display_name=row[2],
            role=Role(row[3]),
            opd_name=row[4],
            active=bool(row[5]),
            uses_password=bool(row[6]),
            oidc_subject=row[7],
            failed_logins=row[8] or 0,
            last_login_at=row[9],
            last_failed_login_at=row[10],
        )
        for row in session.execute(query)
    )


def kelurahan_choices(session: Session) -> tuple[tuple[str, str], ...]:
    """(code, "Kelurahan, Kecamatan") for the intake form, by kecamatan then name."""
    query = (
        select(Kelurahan.code, Kelurahan.name, Kecamatan.name)
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .order_by(Kecamatan.name, Kelurahan.name)
    )
    return tuple((code, f"{name}, {kecamatan}") for code, name, kecamatan in session.execute(query))
