"""The kecamatan and desa/kelurahan of one kota or kabupaten, from the committed extract.

`reference/wilayah_<province>.csv.gz` (written by scripts/extract_reference.py)
holds every kecamatan (6-digit Kemendagri code) and desa/kelurahan (10-digit
code) of a province. In a village code the first digit after the kecamatan
says what it is: 1 for a kelurahan, 2 for a desa.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


@dataclass(frozen=True)
class KecamatanRow:
    code: str
    name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class VillageRow:
    code: str
    kecamatan_code: str
    name: str
    postal_code: str | None
    lat: float | None
    lon: float | None

    @property
    def is_desa(self) -> bool:
        return village_kind(self.code) == "Desa"


@dataclass(frozen=True)
class Wilayah:
    kecamatan: tuple[KecamatanRow, ...]
    villages: tuple[VillageRow, ...]

    @property
    def village_label(self) -> str:
        """ "Kelurahan", "Desa" or "Desa/Kelurahan", as the data has them."""
        kinds = {village.is_desa for village in self.villages}
        if kinds == {True}:
            return "Desa"
        if kinds == {True, False}:
            return "Desa/Kelurahan"
        return "Kelurahan"


def village_kind(code: str) -> str:
    """ "Desa" or "Kelurahan", from a 10-digit Kemendagri village code."""
    return "Desa" if code[6] == "2" else "Kelurahan"


def read_csv_lines(lines) -> list[dict[str, str]]:
    """Rows of a reference CSV whose leading `#` lines carry its provenance."""
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def _number(text: str) -> float | None:
    return float(text) if text else None


@lru_cache(maxsize=8)
def wilayah_of(city_code: str) -> Wilayah:
    path = REFERENCE_DIR / f"wilayah_{city_code[:2]}.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [row for row in read_csv_lines(handle) if row["code"][:4] == city_code]
    kecamatan = tuple(
        KecamatanRow(r["code"], r["name"], _number(r["lat"]), _number(r["lon"]))
        for r in rows
        if len(r["code"]) == 6
    )
    villages = tuple(
        VillageRow(
            code=r["code"],
            kecamatan_code=r["code"][:6],
            name=r["name"],
            postal_code=r["postal_code"] or None,
            lat=_number(r["lat"]),
            lon=_number(r["lon"]),
        )
        for r in rows
        if len(r["code"]) == 10
    )
    return Wilayah(kecamatan=kecamatan, villages=villages)
