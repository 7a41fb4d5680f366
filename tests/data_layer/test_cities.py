"""City profiles, the zone table and the reference data of every kota and kabupaten."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from city_support import city_settings
from pydantic import ValidationError
from shapely.geometry import mapping
from sqlalchemy import func, select

from data_layer.boundary_import import import_boundaries
from data_layer.cities import ZONES, city_profile, default_city_code, regencies, wilayah_of
from data_layer.cities.profile import PROFILES_DIR, TEMPLATE_DIR
from data_layer.cities.wilayah import REFERENCE_DIR, read_csv_lines
from data_layer.cli import migrate_and_load_reference
from data_layer.config import REPO_ROOT, Settings, default_database_url
from data_layer.demo import demo_report_count, seed_demo
from data_layer.geography import approximate_cells
from data_layer.models import Category, Kecamatan, Kelurahan, Opd, Report, StatusHistory
from data_layer.reference_data import OtherCityError, read_reference_csv, village_points
from data_layer.sla import calendar_from_settings

NOW = dt.datetime(2025, 7, 15, 3, 0)


def test_every_kota_and_kabupaten_has_a_zone_kecamatan_and_villages():
    table = regencies()
    assert len(table) == 514
    zones = Counter(city_profile(code).zone.abbreviation for code in table)
    assert set(zones) == {zone.abbreviation for zone in ZONES}
    counts: Counter[tuple[str, int]] = Counter()
    for path in sorted(REFERENCE_DIR.glob("wilayah_*.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for row in read_csv_lines(handle):
                counts[(row["code"][:4], len(row["code"]))] += 1
    for code in table:
        assert counts[(code, 6)] > 0 and counts[(code, 10)] > 0, code
    assert {regency for regency, _length in counts} == set(table)  # no orphan rows


def test_a_profile_starts_from_the_regency_table_and_the_city_folder_overrides():
    makassar = city_profile("7371")
    assert (makassar.name, makassar.province, makassar.zone.iana) == (
        "Kota Makassar",
        "Sulawesi Selatan",
        "Asia/Makassar",
    )
    assert makassar.opd_file.parent == TEMPLATE_DIR  # no folder of its own: the template
    assert makassar.higher_authority == "Pemerintah Provinsi Sulawesi Selatan"
    assert city_profile("9171").zone.abbreviation == "WIT"
    default = city_profile(default_city_code())
    assert default.opd_file.parent == PROFILES_DIR / default.code
    assert default.demo_streets


def test_village_labels_follow_the_data():
    assert city_profile("7371").village_label == "Kelurahan"
    assert city_profile("3322").village_label == "Desa/Kelurahan"
    desa = [v for v in wilayah_of("3322").villages if v.is_desa]
    assert len(desa) > 150  # Kabupaten Semarang is mostly desa


@pytest.mark.parametrize("folder", [TEMPLATE_DIR, *sorted(PROFILES_DIR.iterdir())])
def test_every_category_routes_to_an_opd_of_its_list(folder):
    profile_opds = folder / "opd.csv"
    opds = {
        row["code"]
        for row in read_reference_csv(
            profile_opds if profile_opds.exists() else TEMPLATE_DIR / "opd.csv"
        )
    }
    categories = folder / "categories.csv"
    rows = read_reference_csv(
        categories if categories.exists() else TEMPLATE_DIR / "categories.csv"
    )
    assert rows
    for row in rows:
        assert row["default_opd"] in opds | {"kecamatan"}, row


def test_the_city_setting_chooses_the_profile_and_the_embedded_database(monkeypatch):
    monkeypatch.setenv("PANTAU_CITY", "3578")
    settings = Settings()
    assert (settings.city_name, settings.channel_name) == ("Kota Surabaya", "SP4N-LAPOR!")
    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'data' / 'pantau_lapor_3578.db'}"
    assert settings.is_default_database
    monkeypatch.setenv("PANTAU_CITY", "")
    assert Settings().city == default_city_code()
    assert Settings().database_url == default_database_url(default_city_code())
    monkeypatch.setenv("PANTAU_CITY", "9999")
    with pytest.raises(ValidationError, match="not the Kemendagri code of a kota or kabupaten"):
        Settings()


def test_a_database_of_one_city_refuses_another_and_keeps_its_data(city_db):
    database = city_db("9171", "sqlite")
    with city_settings("7371"), pytest.raises(OtherCityError, match="holds kota/kabupaten 9171"):
        migrate_and_load_reference(database.engine)
    with database.read() as session:
        kecamatan = session.scalars(select(Kecamatan.code)).all()
    assert kecamatan and all(code.startswith("9171") for code in kecamatan)


def test_migrate_on_the_command_line_loads_the_chosen_city(tmp_path):
    url = f"sqlite:///{tmp_path / 'jayapura.db'}"
    env = {**os.environ, "DATABASE_URL": url, "PANTAU_CITY": "9171"}
    result = subprocess.run(
        [sys.executable, "-m", "data_layer", "migrate"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Kota Jayapura (9171)" in result.stdout
    other = subprocess.run(
        [sys.executable, "-m", "data_layer", "migrate"],
        cwd=REPO_ROOT,
        env={**env, "PANTAU_CITY": "7371"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert other.returncode == 2
    assert "holds kota/kabupaten 9171" in other.stderr and "Traceback" not in other.stderr


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_demo_data_for_another_city_is_its_own(city_db, dialect):
    database = city_db("9171", dialect)
    profile = database.settings.profile
    assert demo_report_count(profile) == 2100  # 404,799 residents
    seed_demo(
        database.engine, reports=300, seed=5, photo_sample=2, now=NOW, settings=database.settings
    )
    with database.read() as session:
        villages = session.scalars(select(Report.kelurahan_code).distinct()).all()
        niks = session.scalars(
            select(Report.reporter_nik).where(Report.reporter_nik.is_not(None))
        ).all()
        notes = session.scalars(
            select(StatusHistory.public_note).where(StatusHistory.to_status == "bukan_wewenang")
        ).all()
        offices = session.scalar(
            select(func.count()).select_from(Opd).where(Opd.kecamatan_code.is_not(None))
        )
        categories = session.scalars(select(Category.code)).all()
    assert villages and all(code.startswith("9171") for code in villages)
    assert niks and all(nik.startswith("9171") and len(nik) == 16 for nik in niks)
    assert any("Pemerintah Kota Jayapura" in note and "Provinsi Papua" in note for note in notes)
    assert offices == len(wilayah_of("9171").kecamatan)  # one office per kecamatan
    assert "angkutan_umum" in categories


def test_import_boundaries_takes_any_citys_file(city_db, tmp_path):
    database = city_db("7371", "sqlite")
    with database.read() as session:
        rows = session.execute(
            select(Kelurahan.code, Kelurahan.centroid_lon, Kelurahan.centroid_lat)
        ).all()
    cells = approximate_cells({code: (lon, lat) for code, lon, lat in rows})
    # Dotted codes as Kemendagri writes them (73.71.01.1001), as an official export would.
    features = [
        {
            "type": "Feature",
            "properties": {"kode": f"{c[:2]}.{c[2:4]}.{c[4:6]}.{c[6:]}", "nama": "x"},
            "geometry": mapping(cell),
        }
        for c, cell in cells.items()
    ]
    path = tmp_path / "makassar.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with database.write().begin() as session:
        report = import_boundaries(session, path=path, allow_partial=False, source="uji")
    assert len(report.matched) == len(rows) and not report.unmatched
    with database.read() as session:
        approximate = session.scalar(
            select(func.count()).select_from(Kelurahan).where(Kelurahan.boundary_approximate)
        )
    assert approximate == 0


def test_villages_without_an_official_centroid_still_get_their_own_cell():
    # Kabupaten Pasaman Barat: 71 of its villages have no centroid in the source data.
    profile, wilayah = city_profile("1312"), wilayah_of("1312")
    assert sum(v.lat is None for v in wilayah.villages) > 50
    points = village_points(wilayah, profile)
    assert len(set(points.values())) == len(points) == len(wilayah.villages)
    cells = approximate_cells({code: (lon, lat) for code, (lat, lon) in points.items()})
    assert set(cells) == set(points) and not any(cell.is_empty for cell in cells.values())


@pytest.mark.parametrize(
    ("code", "due_local"),
    [
        # Received Monday 7 July 2025 at 00:30 local time: in Jayapura (WIT) that is
        # still Sunday in Jakarta, yet the clock starts on Monday, in the city's zone.
        ("9171", dt.datetime(2025, 7, 10, 0, 30)),
        ("7371", dt.datetime(2025, 7, 10, 0, 30)),
        ("3374", dt.datetime(2025, 7, 10, 0, 30)),
    ],
)
def test_working_days_count_in_the_citys_zone(code, due_local):
    settings = Settings(city=code)
    calendar = calendar_from_settings(settings)
    hours = settings.zone.utc_offset_hours
    received = dt.datetime(2025, 7, 7, 0, 30) - dt.timedelta(hours=hours)
    due = calendar.add_working_days(received, 3)
    assert due + dt.timedelta(hours=hours) == due_local
    # Friday 23:30 local to Monday 00:30 local is a weekend apart: almost no working time.
    friday_late = dt.datetime(2025, 7, 4, 23, 30) - dt.timedelta(hours=hours)
    assert calendar.working_days_between(friday_late, received) < 0.05


def test_a_retired_setting_is_refused_with_a_pointer(monkeypatch, tmp_path):
    monkeypatch.setenv("PANTAU_TIMEZONE", "Asia/Makassar")
    with pytest.raises(ValidationError, match="PANTAU_TIMEZONE is no longer a setting"):
        Settings()
    monkeypatch.delenv("PANTAU_TIMEZONE")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PANTAU_CITY_NAME=Kota Makassar\n")
    with pytest.raises(ValidationError, match="PANTAU_CITY_NAME is no longer a setting"):
        Settings()
