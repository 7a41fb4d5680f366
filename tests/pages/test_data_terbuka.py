"""The open data page (Data terbuka) under AppTest, and the files its buttons produce."""

from __future__ import annotations

import pytest
from public_support import (
    LISTED_REPORTS,
    PUBLIC_REPORTS,
    assert_no_exception,
    open_page,
    seed_public_data,
)

from data_layer.queries.open_data import REPORT_COLUMN_NAMES, REPORT_COLUMNS
from data_layer.states import Status


def _links(at):
    """Link buttons by label, without the size shown after it: (url, disabled)."""
    return {
        b.proto.label.split(" (±")[0]: (b.proto.url, b.proto.disabled)
        for b in at.get("link_button")
    }


def test_empty_database(app_db):
    at = open_page("data_terbuka")
    assert_no_exception(at)
    assert any(m.value == "0 laporan cocok dengan filter ini." for m in at.markdown)
    links = _links(at)
    for fmt in ("CSV", "JSON", "GeoJSON"):
        url, disabled = links[f"Unduh {fmt}"]
        assert url == f"/data/laporan.{fmt.lower()}" and disabled
    assert any("CC BY 4.0" in caption.value for caption in at.caption)


@pytest.fixture
def seeded(app_db):
    seed_public_data(app_db)
    return app_db


def test_page_with_data_and_dictionary(seeded):
    at = open_page("data_terbuka")
    assert_no_exception(at)
    # The count is of the rows the download holds: listed reports only.
    assert any(m.value == f"{LISTED_REPORTS} laporan cocok dengan filter ini." for m in at.markdown)
    assert _links(at)["Unduh CSV"] == ("/data/laporan.csv", False)
    # The summary tables link to their URLs too (no file is built on page load).
    assert _links(at)["Unduh tabel (CSV)"][0] in {"/data/kelurahan.csv", "/data/opd.csv"}
    assert not at.get("download_button")
    # The per-OPD table (the heaviest figure) is not computed until asked for.
    kelurahan, dictionary, statuses, kelurahan_doc, opd_doc = (f.value for f in at.dataframe)
    assert len(kelurahan) == 177 and kelurahan["reports"].sum() == PUBLIC_REPORTS
    assert list(dictionary.iloc[:, 0]) == REPORT_COLUMN_NAMES
    assert len(statuses) == len(Status)
    # The summary tables are documented column by column, as shown and as downloaded.
    assert list(kelurahan_doc.iloc[:, 0]) == list(kelurahan.columns)
    assert len(opd_doc) == 31
    # Every file says what it leaves out; the GeoJSON says how many reports lack a point.
    expanders = [e.label for e in at.expander]
    assert {f"Berkas {name}" for name in ("laporan.geojson", "kelurahan.csv", "opd.csv")} <= set(
        expanders
    )
    assert any("tanpa koordinat tidak ikut" in c.value for c in at.caption)
    # Values carry no float noise.
    shares = kelurahan["share_resolved"].dropna()
    assert (shares == shares.round(3)).all()


def test_opd_table_is_computed_on_request(seeded):
    at = open_page("data_terbuka")
    assert_no_exception(at)
    assert not [frame for frame in at.dataframe if "received" in frame.value.columns]
    assert "/data/opd.csv" in {url for url, _disabled in _links(at).values()}
    at.toggle(key="open_data.show_opd_table").set_value(True).run()
    assert_no_exception(at)
    (opd,) = (frame.value for frame in at.dataframe if "received" in frame.value.columns)
    assert opd["received"].sum() == PUBLIC_REPORTS and set(opd["period"]) == {"all"}


def test_filters_and_english(seeded):
    at = open_page("data_terbuka", jenis="aspirasi", lang="en")
    assert_no_exception(at)
    assert any(m.value == "1 reports match these filters." for m in at.markdown)
    assert at.title[0].value == "Open data"
    # The links carry the page's filter, as codes, so they reopen the same selection.
    assert _links(at)["Download CSV"][0] == "/data/laporan.csv?jenis=aspirasi"
    assert _links(at)["Download GeoJSON"][0] == "/data/laporan.geojson?jenis=aspirasi"


def test_dictionary_documents_every_column_in_both_languages():
    assert len({c.name for c in REPORT_COLUMNS}) == len(REPORT_COLUMNS)
    assert all(c.id and c.en and c.type for c in REPORT_COLUMNS)
    assert not any("reporter" in c.name for c in REPORT_COLUMNS)


def test_each_file_shows_its_size_before_the_download(seeded):
    import io
    import re

    from data_layer.queries import open_data
    from data_layer.queries.public import ReportFilter

    at = open_page("data_terbuka")
    labels = {b.proto.label.split(" (±")[0]: b.proto.label for b in at.get("link_button")}
    for fmt, name in (("csv", "CSV"), ("json", "JSON"), ("geojson", "GeoJSON")):
        shown = re.search(r"\(±([\d,.]+) (kB|MB)\)$", labels[f"Unduh {name}"])
        assert shown, labels[f"Unduh {name}"]
        value = float(shown.group(1).replace(".", "").replace(",", "."))
        estimate = value * (1000 if shown.group(2) == "kB" else 1_000_000)
        out = io.BytesIO()
        with seeded.read() as session:
            open_data.write_export(fmt, session, report_filter=ReportFilter(), out=out)
        actual = len(out.getvalue())
        assert 0.5 * actual <= estimate <= 1.5 * actual + 1000, (fmt, estimate, actual)
