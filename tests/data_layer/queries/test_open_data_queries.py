"""Open-data exports on SQLite and PostgreSQL: only public reports, nothing private, paginated."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from factories import advance, make_report

from data_layer.queries.open_data import (
    REPORT_COLUMN_NAMES,
    opd_table,
    public_report_count,
    public_report_pages,
    write_export,
)
from data_layer.queries.public import ReportFilter
from data_layer.states import Status

PRIVATE = ("Siti Rahasia", "+628111222333", "siti.rahasia@contoh.test", "3374015505900002")


@pytest.fixture
def seeded(db):
    with db.write().begin() as session:
        for day in range(1, 6):
            report = make_report(
                session,
                settings=db.settings,
                now=dt.datetime(2025, 4, day, 2),
                reporter_name=PRIVATE[0],
                reporter_phone=PRIVATE[1],
                reporter_email=PRIVATE[2],
                reporter_nik=PRIVATE[3],
                title=f"Laporan {day}",
                latitude=-6.9834567,
                longitude=110.4187654,
            )
            advance(session, report_id=report.report_id, to=Status.DIPROSES, settings=db.settings)
        anonymous = make_report(
            session,
            settings=db.settings,
            now=dt.datetime(2025, 4, 7, 2),
            anonymous=True,
            address="Depan rumah saya",
            latitude=-6.9834567,
            longitude=110.4187654,
        )
        advance(session, report_id=anonymous.report_id, to=Status.SELESAI, settings=db.settings)
        secret = make_report(session, settings=db.settings, confidential=True, title="Rahasia")
        advance(session, report_id=secret.report_id, to=Status.SELESAI, settings=db.settings)
        make_report(session, settings=db.settings, title="Belum diverifikasi")
    return db


def _write(fmt, db, **limits) -> tuple[int, str]:
    """Rows written and the text of one export format."""
    out = io.BytesIO()
    with db.read() as session:
        write_export(fmt, session, report_filter=ReportFilter(), out=out, **limits)
    content = out.getvalue().decode("utf-8-sig")
    if fmt == "csv":
        return len(list(csv.DictReader(io.StringIO(content)))), content
    parsed = json.loads(content)
    return len(parsed["features"] if fmt == "geojson" else parsed), content


def test_only_public_reports_and_no_private_field(seeded):
    with seeded.read() as session:
        assert public_report_count(session, report_filter=ReportFilter()) == 6
    for fmt in ("csv", "json", "geojson"):
        written, content = _write(fmt, seeded)
        assert written == 6
        assert "Rahasia" not in content and "Belum diverifikasi" not in content
        for secret in PRIVATE:
            assert secret not in content


def test_anonymous_location_is_coarse_and_address_dropped(seeded):
    _, content = _write("json", seeded)
    records = {r["title"]: r for r in json.loads(content)}
    anonymous = next(r for r in records.values() if r["anonymous"])
    assert anonymous["address"] is None
    assert (anonymous["latitude"], anonymous["longitude"]) == (-6.983, 110.419)
    assert records["Laporan 1"]["latitude"] == pytest.approx(-6.9834567)


def test_pages_are_newest_first_and_capped(seeded):
    with seeded.read() as session:
        pages = list(
            public_report_pages(session, report_filter=ReportFilter(), page_size=4, max_rows=5)
        )
    assert [len(page) for page in pages] == [4, 1]
    received = [row["received_at"] for page in pages for row in page]
    assert received == sorted(received, reverse=True)
    written, content = _write("csv", seeded, page_size=2, max_rows=3)
    rows = list(csv.DictReader(io.StringIO(content)))
    assert written == len(rows) == 3
    assert list(rows[0]) == REPORT_COLUMN_NAMES


def test_opd_table_covers_the_whole_period(seeded):
    with seeded.read() as session:
        table = opd_table(session, report_filter=ReportFilter())
    assert list(table["period"]) == ["all"]
    assert int(table.iloc[0]["received"]) == 6 and int(table.iloc[0]["fixed"]) == 1


def test_csv_cells_cannot_run_as_spreadsheet_formulas(db):
    formula = '=HYPERLINK("http://contoh.test","klik")'
    with db.write().begin() as session:
        report = make_report(session, settings=db.settings, title=formula + " jalan rusak")
        advance(session, report_id=report.report_id, to=Status.DIPROSES, settings=db.settings)
    _, csv_text = _write("csv", db)
    (row,) = csv.DictReader(io.StringIO(csv_text))
    assert row["title"] == "'" + formula + " jalan rusak"
    # JSON is not opened by spreadsheets: it keeps the citizen's text exactly.
    _, json_text = _write("json", db)
    assert json.loads(json_text)[0]["title"] == formula + " jalan rusak"
