"""The OPD scorecard page (Kinerja OPD) under AppTest, over a real SQLite database."""

from __future__ import annotations

import pytest
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
    return [frame.value for frame in at.dataframe]


def test_latest_month_by_default_with_minimum_sample_shown(seeded):
    at = open_page("kinerja")
    assert_no_exception(at)
    assert at.selectbox(key="filter.choice.pilih").value == "2025-03"
    assert any("sedikitnya 20 laporan" in caption.value for caption in at.caption)
    # Nobody reaches 20 reports in the fixture: one unranked table.
    (table,) = _tables(at)
    assert list(table["opd"]) == [
        "DPU – Dinas Pekerjaan Umum",
        "Disperkim – Dinas Perumahan dan Kawasan Permukiman",
    ]
    assert list(table["received"]) == [4, 1]
    assert "rank" not in table.columns
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
    assert "periode" not in at.query_params and "pilih" not in at.query_params


def test_switching_to_quarters_in_english(seeded):
    at = open_page("kinerja", lang="en")
    at.radio[0].set_value("quarter").run()
    assert_no_exception(at)
    assert at.query_params["periode"] == "quarter" and at.query_params["lang"] == "en"
    assert at.selectbox(key="filter.choice.pilih").value == "2025-Q1"
    (table,) = _tables(at)
    assert table["opd"].iloc[0] == "DPU – Public Works Office"
    assert at.title[0].value == "Department scorecard"
    assert at.expander[-1].label == "How the figures are computed"
