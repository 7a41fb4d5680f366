"""The city's reference rows (categories, kelurahan, OPDs) as arrays the generator indexes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.cities import CityProfile, village_kind
from data_layer.demo import text
from data_layer.demo.errors import DemoDataError
from data_layer.geography import geometry_of
from data_layer.models import (
    Category,
    Kecamatan,
    Kelurahan,
    Opd,
)


@dataclass(frozen=True)
class Reference:
    category_ids: np.ndarray
    category_codes: list[str]
    category_opd: np.ndarray  # -1 where the category routes to the kecamatan office
    category_resolution: list[str]
    kelurahan_codes: list[str]
    kelurahan_names: list[str]
    kelurahan_office_opd: np.ndarray  # the OPD of each kelurahan's kecamatan office, or -1
    kelurahan_geometries: list
    opd_ids: np.ndarray
    opd_short_names: list[str]
    # The city: its code (NIK prefix), kecamatan count, streets and public notes.
    city_code: str
    kecamatan_count: int
    streets: tuple[str, ...]
    not_authority_notes: tuple[str, ...]


def load_reference(session: Session, city: CityProfile) -> Reference:
    # Ordered by code, not id, so the same seed gives the same data whatever ids
    # the reference rows got in this database.
    categories = session.scalars(
        select(Category).where(Category.active).order_by(Category.code)
    ).all()
    kelurahan = session.scalars(select(Kelurahan).order_by(Kelurahan.code)).all()
    opds = session.scalars(select(Opd).order_by(Opd.code)).all()
    if not categories or not kelurahan:
        raise DemoDataError("reference data is missing: run `python -m data_layer migrate` first")
    office_of_kecamatan = {opd.kecamatan_code: opd.id for opd in opds if opd.kecamatan_code}
    kecamatan_names = dict(session.execute(select(Kecamatan.code, Kecamatan.name)).tuples().all())
    return Reference(
        category_ids=np.array([c.id for c in categories]),
        # A city's own category borrows the weights and texts of a template one.
        category_codes=[city.demo_category_like.get(c.code, c.code) for c in categories],
        category_opd=np.array(
            [-1 if c.routes_to_kecamatan else (c.default_opd_id or -1) for c in categories]
        ),
        category_resolution=[c.resolution_class for c in categories],
        kelurahan_codes=[k.code for k in kelurahan],
        kelurahan_names=[
            f"{'Desa' if village_kind(k.code) == 'Desa' else 'Kel.'} {k.name}, "
            f"Kec. {kecamatan_names.get(k.kecamatan_code, '')}"
            for k in kelurahan
        ],
        kelurahan_office_opd=np.array(
            [office_of_kecamatan.get(k.kecamatan_code, -1) for k in kelurahan]
        ),
        kelurahan_geometries=[geometry_of(k) for k in kelurahan],
        opd_ids=np.array([o.id for o in opds]),
        opd_short_names=[o.short_name for o in opds],
        city_code=city.code,
        kecamatan_count=max(len(kecamatan_names), 1),
        streets=city.demo_streets,
        not_authority_notes=tuple(
            note.format(city=f"Pemerintah {city.name}", higher_authority=city.higher_authority)
            for note in text.NOTES_BUKAN_WEWENANG
        ),
    )
