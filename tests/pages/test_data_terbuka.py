"""The open data page (Data terbuka) under AppTest, and the files its buttons produce."""

from __future__ import annotations

import csv
import io
import json

import pytest
from public_support import (
    PUBLIC_REPORTS,
    assert_no_exception,
    open_page,
    seed_public_data,
)

from data_layer.queries.open_data import REPORT_COLUMN_NAMES, REPORT_COLUMNS
from data_layer.queries.public import ReportFilter
from ui.cache import engine
from ui.open_data_view import make_export


def _buttons(at):
    return {button.key: button for button in at.get("download_button")}


def test_empty_database(app_db):
    at = open_page("data_terbuka")
    assert_no_exception(at)
    assert any(m.value == "0 laporan cocok dengan filter ini." for m in at.markdown)
    buttons = _buttons(at)
    assert set(buttons) >= {"download_csv", "download_json", "download_geojson"}
    assert all(buttons[f"download_{fmt}"].proto.disabled for fmt in ("csv", "json", "geojson"))
    assert any("CC BY 4.0" in caption.value for caption in at.caption)


@pytest.fixture
def seeded(app_db):
    seed_public_data(app_db)
    return app_db


def test_page_with_data_and_dictionary(seeded):
    at = open_page("data_terbuka")
    assert_no_exception(at)
    assert any(m.value == f"{PUBLIC_REPORTS} laporan cocok dengan filter ini." for m in at.markdown)
    assert not _buttons(at)["download_csv"].proto.disabled
    kelurahan, opd, dictionary, statuses = (frame.value for frame in at.dataframe)
    assert len(kelurahan) == 177 and kelurahan["reports"].sum() == PUBLIC_REPORTS
    assert opd["received"].sum() == PUBLIC_REPORTS and set(opd["period"]) == {"all"}
    assert list(dictionary.iloc[:, 0]) == REPORT_COLUMN_NAMES
    assert len(statuses) == 11


def test_filters_and_english(seeded):
    at = open_page("data_terbuka", jenis="aspirasi", lang="en")
    assert_no_exception(at)
    assert any(m.value == "1 reports match these filters." for m in at.markdown)
    assert at.title[0].value == "Open data"
    assert _buttons(at)["download_csv"].label == "Download CSV"


def _export(fmt: str, report_filter: ReportFilter | None = None) -> bytes:
    return make_export(fmt, report_filter or ReportFilter(), engine())()


def test_csv_json_geojson_hold_the_same_public_reports(seeded):
    rows = list(csv.DictReader(io.StringIO(_export("csv").decode("utf-8-sig"))))
    records = json.loads(_export("json"))
    collection = json.loads(_export("geojson"))
    assert len(rows) == len(records) == len(collection["features"]) == PUBLIC_REPORTS
    assert list(rows[0]) == REPORT_COLUMN_NAMES == list(records[0])
    assert {r["ticket"] for r in rows} == {r["ticket"] for r in records}
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert feature["geometry"]["coordinates"] == [
        feature["properties"]["longitude"],
        feature["properties"]["latitude"],
    ]
    # Newest first; times in UTC with a Z.
    assert [r["received_at"] for r in records] == sorted(
        (r["received_at"] for r in records), reverse=True
    )
    assert records[0]["received_at"].endswith("Z")
    assert {r["status"] for r in records} <= {
        "diverifikasi",
        "diteruskan",
        "diproses",
        "selesai",
        "ditutup",
        "dibuka_kembali",
        "ditolak",
        "bukan_wewenang",
    }


def test_exports_follow_the_filters(seeded):
    only_aspirasi = json.loads(_export("json", ReportFilter(kind="aspirasi")))
    assert [r["kind"] for r in only_aspirasi] == ["aspirasi"]
    assert json.loads(_export("json", ReportFilter(channel="twitter"))) == []


def test_anonymous_reports_carry_nothing_that_points_at_the_reporter(seeded):
    records = json.loads(_export("json"))
    (anonymous,) = [r for r in records if r["anonymous"]]
    assert anonymous["address"] is None
    assert anonymous["latitude"] == round(anonymous["latitude"], 3)
    named = [r for r in records if not r["anonymous"]]
    assert any(r["latitude"] != round(r["latitude"], 3) for r in named)  # others keep precision


def test_dictionary_documents_every_column_in_both_languages():
    assert len({c.name for c in REPORT_COLUMNS}) == len(REPORT_COLUMNS)
    assert all(c.id and c.en and c.type for c in REPORT_COLUMNS)
    assert not any("reporter" in c.name for c in REPORT_COLUMNS)
