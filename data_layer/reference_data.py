"""Load the committed reference data (kecamatan, kelurahan, OPDs, categories).

The CSVs in `data_layer/reference/` carry their provenance in a leading
comment line. Loading is idempotent: rows are matched on their codes, so
running it again after a CSV edits a name updates it in place. What admins
manage in the operator area (an OPD switched off, a category's default OPD)
is set from the CSVs only when the row is first created, never overwritten.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.models import Category, Kecamatan, Kelurahan, Opd

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
KECAMATAN_OFFICE_PREFIX = "kec-"
ROUTES_TO_KECAMATAN = "kecamatan"


def read_reference_csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(lines))


@dataclass(frozen=True)
class ReferenceCounts:
    kecamatan: int
    kelurahan: int
    opd: int
    category: int


def sync_reference(session: Session) -> ReferenceCounts:
    _sync_kecamatan(session)
    _sync_kelurahan(session)
    _sync_opds(session)
    session.flush()
    _sync_categories(session)
    session.flush()
    return ReferenceCounts(
        kecamatan=len(session.scalars(select(Kecamatan.code)).all()),
        kelurahan=len(session.scalars(select(Kelurahan.code)).all()),
        opd=len(session.scalars(select(Opd.id)).all()),
        category=len(session.scalars(select(Category.id)).all()),
    )


def _sync_kecamatan(session: Session) -> None:
    for row in read_reference_csv("kecamatan.csv"):
        kecamatan = session.get(Kecamatan, row["code"]) or Kecamatan(code=row["code"])
        kecamatan.name = row["name"]
        session.add(kecamatan)


def _sync_kelurahan(session: Session) -> None:
    for row in read_reference_csv("kelurahan.csv"):
        kelurahan = session.get(Kelurahan, row["code"]) or Kelurahan(
            code=row["code"], boundary_approximate=True
        )
        kelurahan.kecamatan_code = row["kecamatan_code"]
        kelurahan.name = row["name"]
        kelurahan.postal_code = row["postal_code"] or None
        kelurahan.centroid_lat = float(row["lat"])
        kelurahan.centroid_lon = float(row["lon"])
        session.add(kelurahan)


def _sync_opds(session: Session) -> None:
    existing = {opd.code: opd for opd in session.scalars(select(Opd))}
    rows = read_reference_csv("opd.csv")
    for kecamatan in read_reference_csv("kecamatan.csv"):
        rows.append(
            {
                "code": f"{KECAMATAN_OFFICE_PREFIX}{kecamatan['code']}",
                "short_name": f"Kec. {kecamatan['name']}",
                "name_id": f"Kecamatan {kecamatan['name']}",
                "name_en": f"{kecamatan['name']} District Office",
                "kecamatan_code": kecamatan["code"],
            }
        )
    for row in rows:
        opd = existing.get(row["code"])
        if opd is None:
            opd = Opd(code=row["code"], active=True, kecamatan_code=row.get("kecamatan_code"))
            session.add(opd)
        opd.short_name = row["short_name"]
        opd.name_id = row["name_id"]
        opd.name_en = row["name_en"]


def _sync_categories(session: Session) -> None:
    opd_ids = {code: id_ for id_, code in session.execute(select(Opd.id, Opd.code))}
    existing = {category.code: category for category in session.scalars(select(Category))}
    for row in read_reference_csv("categories.csv"):
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
