"""The OPD scorecard page (Kinerja OPD) under AppTest, over a real SQLite database."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest
from factories import make_report
from public_support import (
    assert_no_exception,
    open_page,
    seed_public_data,
)


def test_empty_database(app_db):
    at = open_page("kinerja")
    assert_no_exception(at)
    assert any("Belum ada laporan publik" in info.value for info in at.info)
    # The method is explained even when there is nothing to show.
    assert at.expander[-1].label == "Cara angka dihitung"


@pytest.fixture
def seeded(app_db):
    seed_public_data(app_db)
    return app_db


def _tables(at):
    """The tables shown for every OPD (the full one in its expander left out)."""
    return [
        f.value
        for f in at.dataframe
        if "opd" in f.value.columns and "p90_resolve_days" not in f.value.columns
    ]


def _full_table(at):
    return next(f.value for f in at.dataframe if "p90_resolve_days" in f.value.columns)


def test_latest_month_by_default_with_minimum_sample_shown(seeded):
    at = open_page("kinerja")
    assert_no_exception(at)
    assert at.selectbox(key="filter.choice.pilih").value == "2025-03"
    assert any("sedikitnya 20 laporan" in caption.value for caption in at.caption)
    # Nobody reaches 20 reports in the fixture: one unranked table.
    (table,) = _tables(at)
    # Each OPD's name links to its own page (the link shows the text after '#').
    assert list(table["opd"]) == [
        "kinerja_opd?opd=dpu#DPU – Dinas Pekerjaan Umum",
        "kinerja_opd?opd=disperkim#Disperkim – Dinas Perumahan dan Kawasan Permukiman",
    ]
    assert list(table["received"]) == [4, 1]
    assert "rank" not in table.columns
    # A few key columns for every OPD; every figure in the full table below.
    assert list(table.columns) == [
        "opd",
        "received",
        "fixed",
        "open",
        "resolve_sla_share",
        "median_resolve_days",
        "feed",
    ]
    assert {"p90_resolve_days", "avg_rating", "reopen_rate"} <= set(_full_table(at).columns)
    # Each OPD row links to that OPD's feed.
    assert list(table["feed"]) == [
        "/feeds/laporan.atom?opd=dpu",
        "/feeds/laporan.atom?opd=disperkim",
    ]
    assert any("Peringkat hanya untuk OPD" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("query", "received"),
    [
        ({"pilih": "2025-01"}, [2]),
        ({"periode": "quarter"}, [8, 1]),
        ({"periode": "quarter", "pilih": "2025-Q1", "jenis": "aspirasi"}, [1]),
        ({"pilih": "2025-02", "kanal": "website"}, [2]),
    ],
)
def test_deep_links(seeded, query, received):
    at = open_page("kinerja", **query)
    assert_no_exception(at)
    (table,) = _tables(at)
    assert list(table["received"]) == received
    assert {k: at.query_params[k] for k in query} == query


def test_invalid_choices_fall_back(seeded):
    at = open_page("kinerja", periode="decade", pilih="2019-99")
    assert_no_exception(at)
    assert at.radio[0].value == "month"
    assert at.selectbox(key="filter.choice.pilih").value == "2025-03"
    # The stale values are replaced by the view shown, so a copied link opens it.
    assert at.query_params["periode"] == "month" and at.query_params["pilih"] == "2025-03"


def test_opens_on_the_last_complete_month_and_writes_it_to_the_url(seeded):
    # A report received today: the current month exists but has barely begun.
    with seeded.write().begin() as session:
        make_report(
            session, settings=seeded.settings, now=dt.datetime.now(dt.UTC).replace(tzinfo=None)
        )
    at = open_page("kinerja")
    assert_no_exception(at)
    assert at.selectbox(key="filter.choice.pilih").value == "2025-03"
    assert at.query_params["pilih"] == "2025-03" and at.query_params["periode"] == "month"
    at.radio[0].set_value("quarter").run()
    assert at.selectbox(key="filter.choice.pilih").value == "2025-Q1"
    assert at.query_params["pilih"] == "2025-Q1"


def test_switching_to_quarters_in_english(seeded):
    at = open_page("kinerja", lang="en")
    at.radio[0].set_value("quarter").run()
    assert_no_exception(at)
    assert at.query_params["periode"] == "quarter" and at.query_params["lang"] == "en"
    assert at.selectbox(key="filter.choice.pilih").value == "2025-Q1"
    (table,) = _tables(at)
    assert table["opd"].iloc[0] == "kinerja_opd?opd=dpu&lang=en#DPU – Public Works Office"
    assert at.title[0].value == "Department scorecard"
    assert at.expander[-1].label == "How the figures are computed"


def test_phones_get_one_card_per_opd_linking_to_its_page(seeded):
    at = open_page("kinerja")
    cards = [m.value for m in at.markdown if "kinerja_opd?opd=" in m.value]
    assert cards[0].startswith("[DPU – Dinas Pekerjaan Umum](kinerja_opd?opd=dpu)")
    assert "Diterima: **4**" in cards[0] and "SLA penyelesaian:" in cards[0]
    # The cards show on narrow screens only, the table on wide ones.
    style = next(h.proto.body for h in at.get("html") if "st-key-cards_" in h.proto.body)
    assert "max-width: 640px" in style


OPD_PAGE = "pages/kinerja_opd.py"


def _opd_page(**query):
    from public_support import REPO

    return open_page(str(REPO / OPD_PAGE), **query)


def test_an_opd_page_shows_its_figures_trend_places_overdue_list_and_feed(seeded):
    at = _opd_page(opd="dpu")
    assert_no_exception(at)
    assert at.title[0].value == "DPU – Dinas Pekerjaan Umum"
    figures = {m.label: m.value for m in at.metric}
    assert figures["Diterima"] == "8"  # as on Kinerja OPD over all periods
    assert len(at.get("plotly_chart")) == 3  # trend, categories, kelurahan
    overdue = next(f.value for f in at.dataframe if "days_late" in f.value.columns)
    assert overdue["ticket"].str.match(r"^lacak\?tiket=[0-9A-Z]{5}-[0-9A-Z]{5}$").all()
    assert (overdue["days_late"] > 0).all()
    assert any("/feeds/laporan.atom?opd=dpu" in b.proto.url for b in at.get("link_button"))


def test_an_unknown_opd_gets_a_message_and_a_way_back(seeded):
    at = _opd_page(opd="tidak-ada")
    assert_no_exception(at)
    assert any("OPD tidak ditemukan" in info.value for info in at.info)
    assert any("](kinerja)" in m.value for m in at.markdown)


def test_every_opd_page_opens_through_the_app_and_stays_out_of_the_menu(seeded):
    from public_support import APP, REPO

    at = open_page(APP)
    assert "Profil OPD" not in [link.proto.label for link in at.sidebar.get("page_link")]
    at.query_params["opd"] = "dpu"
    at.switch_page(str(REPO / OPD_PAGE)).run()
    assert_no_exception(at)
    assert at.title[0].value == "DPU – Dinas Pekerjaan Umum"


def test_the_download_is_exactly_the_table_shown(seeded):
    import csv
    import io

    from data_layer.queries.public import ReportFilter
    from data_layer.queries.scorecard import opd_scorecard
    from ui.scorecard_view import DOWNLOAD_COLUMNS, shown_table_csv

    at = open_page("kinerja")
    (table,) = _tables(at)
    (button,) = at.get("download_button")
    assert button.proto.label == "Unduh tabel ini (CSV)"
    march = ReportFilter(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))
    with seeded.read() as session:
        scorecard = opd_scorecard(session, report_filter=march, granularity="month")
    rows = list(csv.DictReader(io.StringIO(shown_table_csv(scorecard, "id").decode("utf-8-sig"))))
    assert list(rows[0]) == DOWNLOAD_COLUMNS
    # The same OPDs, in the same order, with the same figures as the table on the page.
    assert [r["opd"] for r in rows] == [link.split("#", 1)[1] for link in table["opd"]]
    assert [int(r["received"]) for r in rows] == list(table["received"])


def _shown_cells(element) -> pd.DataFrame:
    """The table's cells as the browser draws them (the Styler's display values)."""
    display = element.proto.arrow_data.styler.display_values
    return pa.ipc.open_stream(display).read_pandas()


def test_figures_read_as_the_page_writes_them_and_a_missing_one_as_a_dash(seeded):
    at = open_page("kinerja")
    assert_no_exception(at)
    element = next(f for f in at.dataframe if "received" in f.value.columns)
    cells = _shown_cells(element)
    text = " ".join(str(v) for v in cells.to_numpy().ravel())
    assert "None" not in text and "nan" not in text
    assert "–" in text  # an OPD with nothing resolved yet has no median
    assert any("%" in str(v) for v in cells.to_numpy().ravel())
    # Streamlit draws a null number cell as "None" whatever the display value says, so
    # no shown figure may be null underneath.
    for element in at.dataframe:
        numbers = element.value.select_dtypes("number")
        assert not numbers.isna().any().any(), list(element.value.columns)
