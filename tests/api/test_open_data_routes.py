"""Stable download URLs: /data/laporan.csv|json|geojson, the summary tables, the dictionary."""

from __future__ import annotations

import csv
import io

from factories import advance, make_report

from data_layer.queries.open_data import REPORT_COLUMN_NAMES
from data_layer.states import Status
from data_layer.tickets import format_ticket_code
from tests.api.conftest import ANONYMOUS_ADDRESS, PRIVATE, SECRET_TITLE

PUBLIC_ROLES = ("named", "resolved", "anonymous", "old")


def _get(client, path: str, **params):
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    for secret in (*PRIVATE, ANONYMOUS_ADDRESS, SECRET_TITLE, "BELUM-DIVERIFIKASI"):
        assert secret not in response.text
    return response


def test_the_three_formats_hold_the_same_public_reports(db, client, machine_data):
    # Tickets as citizens read and type them on Lacak: 7QM2R-T9KXH, with the dash.
    public = {format_ticket_code(machine_data.tickets[role]) for role in PUBLIC_ROLES}
    response = _get(client, "/data/laporan.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="pantau-lapor-laporan-'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == REPORT_COLUMN_NAMES
    records = _get(client, "/data/laporan.json").json()
    features = _get(client, "/data/laporan.geojson").json()["features"]
    assert {r["ticket"] for r in rows} == {r["ticket"] for r in records} == public
    assert {f["properties"]["ticket"] for f in features} == public
    anonymous_ticket = format_ticket_code(machine_data.tickets["anonymous"])
    anonymous = next(r for r in records if r["ticket"] == anonymous_ticket)
    assert (anonymous["latitude"], anonymous["longitude"], anonymous["address"]) == (
        -6.983,
        110.419,
        None,
    )


def test_the_pages_filter_parameters_narrow_every_download(client, machine_data):
    only = _get(client, "/data/laporan.json", kategori="lampu_pju").json()
    assert [r["ticket"] for r in only] <= [format_ticket_code(machine_data.tickets["resolved"])]
    assert _get(client, "/data/laporan.json", kanal="twitter").json() == []
    kelurahan = list(
        csv.DictReader(io.StringIO(_get(client, "/data/kelurahan.csv").text.lstrip("\ufeff")))
    )
    assert len(kelurahan) == 177 and sum(int(r["reports"]) for r in kelurahan) == 4
    opd = list(
        csv.DictReader(
            io.StringIO(_get(client, "/data/opd.csv", jenis="aduan").text.lstrip("\ufeff"))
        )
    )
    assert sum(int(r["received"]) for r in opd) == 4
    # A machine's typo is an error, never a silently wider download.
    bad = client.get("/data/laporan.csv", params={"kategori": "jalan_rusakk", "dari": "kemarin"})
    assert bad.status_code == 400
    assert set(bad.json()["params"]) == {"kategori", "dari"}
    assert client.get("/data/laporan.xlsx").status_code == 404


def test_csv_cells_cannot_run_as_formulas_but_json_keeps_the_text(client, api_db):
    formula = '=HYPERLINK("http://contoh.test","klik") jalan rusak'
    with api_db.write().begin() as session:
        report = make_report(session, settings=api_db.settings, title=formula)
        advance(session, report_id=report.report_id, to=Status.DIPROSES, settings=api_db.settings)
    (row,) = csv.DictReader(
        io.StringIO(_get(client, "/data/laporan.csv").content.decode("utf-8-sig"))
    )
    assert row["title"] == "'" + formula
    assert _get(client, "/data/laporan.json").json()[0]["title"] == formula


def test_the_data_dictionary_has_a_url(client):
    dictionary = _get(client, "/data/kamus.json").json()
    assert [c["name"] for c in dictionary["columns"]] == REPORT_COLUMN_NAMES
    assert all(c["description"]["id"] and c["description"]["en"] for c in dictionary["columns"])
    assert len(dictionary["status_values"]) == len(Status)
    assert set(dictionary["formats"].values()) == {
        f"/data/laporan.{f}" for f in ("csv", "json", "geojson")
    }


def test_every_file_is_documented_with_what_it_leaves_out(client):
    files = {f["path"]: f for f in _get(client, "/data/kamus.json").json()["files"]}
    assert set(files) == {
        "/data/laporan.csv",
        "/data/laporan.json",
        "/data/laporan.geojson",
        "/data/kelurahan.csv",
        "/data/opd.csv",
    }
    assert "koordinat" in files["/data/laporan.geojson"]["leaves_out"]["id"]
    for path in ("/data/kelurahan.csv", "/data/opd.csv"):
        header = next(csv.reader(io.StringIO(_get(client, path).text.lstrip("\ufeff"))))
        assert [c["name"] for c in files[path]["columns"]] == header, path
        assert all(
            c["description"]["id"] and c["description"]["en"] for c in files[path]["columns"]
        )
    assert len(files["/data/opd.csv"]["columns"]) == 31


def test_tables_are_rounded_and_booleans_read_true_or_false(client, machine_data):
    rows = list(
        csv.DictReader(io.StringIO(_get(client, "/data/kelurahan.csv").text.lstrip("\ufeff")))
    )
    assert {row["approximate"] for row in rows} <= {"true", "false"}
    for row in rows:
        for column, places in (("area_km2", 2), ("reports_per_km2", 2), ("share_resolved", 3)):
            if row[column]:
                assert len(row[column].partition(".")[2]) <= places, (column, row[column])
    opd = list(csv.DictReader(io.StringIO(_get(client, "/data/opd.csv").text.lstrip("\ufeff"))))
    assert {row["ranked"] for row in opd} <= {"true", "false"}
    reports = list(
        csv.DictReader(io.StringIO(_get(client, "/data/laporan.csv").text.lstrip("\ufeff")))
    )
    assert {row["anonymous"] for row in reports} == {"true", "false"}
    assert {row["has_after_photo"] for row in reports} <= {"true", "false"}
