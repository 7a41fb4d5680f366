"""Reference lists for filter widgets: kecamatan, kelurahan, categories, OPDs.

Small, slowly changing tables; the UI caches them for an hour. Codes (not
database ids) are what goes into URLs, so a shared link means the same thing on
every database; ids are what queries filter on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_layer.models import AppMeta, Category, Kecamatan, Kelurahan, Opd


@dataclass(frozen=True)
class KecamatanOption:
    code: str
    name: str


@dataclass(frozen=True)
class KelurahanOption:
    code: str
    name: str
    kecamatan_code: str
    kecamatan_name: str


@dataclass(frozen=True)
class NamedOption:
    """A category or an OPD: a database id, a stable code and names in both languages."""

    id: int
    code: str
    name_id: str
    name_en: str
    short_name: str | None = None

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class ReferenceLists:
    kecamatan: tuple[KecamatanOption, ...]
    kelurahan: tuple[KelurahanOption, ...]
    categories: tuple[NamedOption, ...]
    opds: tuple[NamedOption, ...]

    def kelurahan_in(self, kecamatan_code: str | None) -> tuple[KelurahanOption, ...]:
        if kecamatan_code is None:
            return self.kelurahan
        return tuple(k for k in self.kelurahan if k.kecamatan_code == kecamatan_code)

    def category_by_code(self, code: str) -> NamedOption | None:
        return next((c for c in self.categories if c.code == code), None)

    def category_by_id(self, category_id: int) -> NamedOption | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def opd_by_code(self, code: str) -> NamedOption | None:
        return next((o for o in self.opds if o.code == code), None)

    def opd_by_id(self, opd_id: int) -> NamedOption | None:
        return next((o for o in self.opds if o.id == opd_id), None)


def reference_lists(session: Session) -> ReferenceLists:
    """Everything the filter bar offers, sorted by name (kelurahan by kecamatan, then name)."""
    kecamatan = tuple(
        KecamatanOption(row.code, row.name)
        for row in session.execute(select(Kecamatan.code, Kecamatan.name).order_by(Kecamatan.name))
    )
    kelurahan = tuple(
        KelurahanOption(row.code, row.name, row.kecamatan_code, row.kecamatan_name)
        for row in session.execute(
            select(
                Kelurahan.code,
                Kelurahan.name,
                Kelurahan.kecamatan_code,
                Kecamatan.name.label("kecamatan_name"),
            )
            .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
            .order_by(Kecamatan.name, Kelurahan.name)
        )
    )
    categories = tuple(
        NamedOption(row.id, row.code, row.name_id, row.name_en)
        for row in session.execute(
            select(Category.id, Category.code, Category.name_id, Category.name_en).order_by(
                Category.name_id
            )
        )
    )
    opds = tuple(
        NamedOption(row.id, row.code, row.name_id, row.name_en, row.short_name)
        for row in session.execute(
            select(Opd.id, Opd.code, Opd.name_id, Opd.name_en, Opd.short_name).order_by(
                Opd.short_name
            )
        )
    )
    return ReferenceLists(kecamatan, kelurahan, categories, opds)


DEMO_DATA_KEY = "demo_data"


def is_demo_data(session: Session) -> bool:
    """Whether the demo seeder filled this database (AppMeta "demo_data" is present).

    Same answer as `data_layer.demo.is_demo_database`, without importing the
    seeder (numpy, Pillow, Faker) into every page.
    """
    return session.get(AppMeta, DEMO_DATA_KEY) is not None


def boundary_sources(session: Session) -> tuple[str, ...]:
    """Where the kelurahan polygons came from (e.g. an OpenStreetMap import), for licence notes."""
    return tuple(
        session.scalars(
            select(Kelurahan.boundary_source)
            .where(Kelurahan.boundary_source.is_not(None))
            .distinct()
            .order_by(Kelurahan.boundary_source)
        )
    )


def has_real_boundaries(session: Session) -> bool:
    """Whether any kelurahan has imported (not approximate) boundaries."""
    return bool(
        session.scalar(
            select(func.count())
            .select_from(Kelurahan)
            .where(Kelurahan.boundary_approximate.is_(False))
        )
    )
