"""Privacy and inert text on the status, scorecard and open-data pages and every download.

Seeds reports with distinctive reporter names, phones, emails and NIKs, a
confidential report, an unverified one and an anonymous one, plus HTML,
script and Markdown payloads in titles and descriptions; renders each page
(every byte Streamlit sends: markdown, tables, chart specs, labels) and builds
every download, and looks for what must not be there.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from public_support import (  # noqa: F401 - app_db_fixture provides app_db
    APP,
    PAGES,
    SECRETS,
    XSS_PAYLOADS,
    app_db_fixture,
    assert_no_exception,
    markdown_bodies,
    open_page,
    rendered_bytes,
    seed_public_data,
)

from data_layer.queries.public import ReportFilter
from ui.cache import engine
from ui.open_data_view import (
    cached_kelurahan_table,
    cached_opd_table,
    make_export,
    table_csv,
)

NEVER_PUBLIC = dict(SECRETS)
# (The anonymous reporter's address is among them: files leave it out.)
NEVER_IN_FILES = NEVER_PUBLIC


@pytest.fixture
def seeded(app_db):
    seed_public_data(app_db)
    return app_db


VIEWS = [
    (PAGES["beranda"], {}),
    (PAGES["beranda"], {"lang": "en", "kanal": "website"}),
    (PAGES["kinerja"], {}),
    (PAGES["kinerja"], {"periode": "quarter", "lang": "en"}),
    (PAGES["data_terbuka"], {}),
    (PAGES["data_terbuka"], {"kecamatan": "337401", "lang": "en"}),
    (APP, {}),
]


@pytest.mark.parametrize(("page", "query"), VIEWS)
def test_pages_show_nothing_private(seeded, page, query):
    at = open_page(page, **query)
    assert_no_exception(at)
    sent = rendered_bytes(at)
    # Positive control: table contents are in what is searched.
    if page == PAGES["data_terbuka"]:
        assert b"Miroto" in sent
    for what, secret in NEVER_PUBLIC.items():
        assert secret.encode() not in sent, f"{what} appears on {page} {query}"


@pytest.mark.parametrize(("page", "query"), VIEWS)
def test_no_user_text_reaches_markdown(seeded, page, query):
    at = open_page(page, **query)
    for body in markdown_bodies(at):
        for payload in XSS_PAYLOADS:
            assert payload not in body
        assert "<img" not in body and "<script" not in body and "javascript:" not in body


def _downloads() -> dict[str, str]:
    everything = ReportFilter()
    files = {
        fmt: make_export(fmt, everything, engine())().decode("utf-8-sig")
        for fmt in ("csv", "json", "geojson")
    }
    files["kelurahan.csv"] = table_csv(cached_kelurahan_table(report_filter=everything))().decode(
        "utf-8-sig"
    )
    files["opd.csv"] = table_csv(cached_opd_table(report_filter=everything))().decode("utf-8-sig")
    return files


def test_downloads_hold_nothing_private(seeded):
    for name, content in _downloads().items():
        for what, secret in NEVER_IN_FILES.items():
            assert secret not in content, f"{what} in {name}"
        if name.endswith("csv"):
            header = content.splitlines()[0].lower()
            for column in ("reporter", "phone", "email", "nik", "followup", "internal_note"):
                assert column not in header, (name, column)


def test_user_text_in_files_is_data_not_markup(seeded):
    files = _downloads()
    records = json.loads(files["json"])
    titles = {record["title"] for record in records}
    # Exactly what the reporters typed, as plain strings (a viewer must escape them).
    assert {f"Judul {payload}" for payload in XSS_PAYLOADS} <= titles
    rows = list(csv.DictReader(io.StringIO(files["csv"])))
    assert {f"Isi laporan {p} selesai." for p in XSS_PAYLOADS} <= {r["description"] for r in rows}
    geo = json.loads(files["geojson"])
    assert all(set(f) == {"type", "geometry", "properties"} for f in geo["features"])
