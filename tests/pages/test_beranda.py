"""The live status page (Beranda) under AppTest, over a real SQLite database."""

from __future__ import annotations

import pytest
from public_support import (
    PUBLIC_REPORTS,
    assert_no_exception,
    metrics,
    open_page,
    seed_public_data,
)

from data_layer.config import get_settings
from data_layer.throttle import expensive_requests_per_address

RECEIVED_ID, RECEIVED_EN = "Laporan diterima", "Reports received"


def test_empty_database(app_db):
    at = open_page("beranda")
    assert_no_exception(at)
    assert metrics(at)[RECEIVED_ID] == "0"
    assert any("Belum ada laporan publik" in info.value for info in at.info)
    assert not at.get("plotly_chart")


@pytest.fixture
def seeded(app_db):
    seed_public_data(app_db)
    return app_db


def test_figures_and_charts(seeded):
    at = open_page("beranda")
    assert_no_exception(at)
    figures = metrics(at)
    assert figures[RECEIVED_ID] == str(PUBLIC_REPORTS)
    assert figures["Selesai diperbaiki"] == "2"
    assert figures["Sedang ditangani"] == "6"
    assert figures["Persentase selesai"] == "22%"
    # status, trend, category, channel, kind
    assert len(at.get("plotly_chart")) == 5
    assert any(caption.value.startswith("Diperbarui pukul") for caption in at.caption)


@pytest.mark.parametrize(
    ("query", "received"),
    [
        ({"jenis": "aspirasi"}, "1"),
        ({"kanal": "whatsapp"}, "1"),
        ({"kategori": "lampu_pju"}, "1"),
        ({"opd": "dpu"}, "7"),
        ({"dari": "2025-03-01"}, "5"),
        ({"dari": "2025-01-01", "sampai": "2025-01-31"}, "2"),
        ({"kecamatan": "337401", "kelurahan": "3374011001"}, str(PUBLIC_REPORTS)),
        ({"kecamatan": "337402"}, "0"),
        ({"jenis": "aduan", "kanal": "website", "dari": "2025-02-01", "sampai": "2025-02-28"}, "2"),
    ],
)
def test_deep_links_restore_the_filtered_view(seeded, query, received):
    at = open_page("beranda", **query)
    assert_no_exception(at)
    assert metrics(at)[RECEIVED_ID] == received
    # The URL keeps exactly what was asked for (nothing dropped, nothing added).
    assert {k: at.query_params[k] for k in query} == query


def test_invalid_url_values_are_ignored(seeded):
    at = open_page(
        "beranda",
        kecamatan="999999",
        kelurahan="3374011001",
        jenis="<script>",
        dari="2025-13-45",
        kanal="",
        opd="no-such-opd",
        lang="xx",
    )
    assert_no_exception(at)
    # Everything unknown fell back to "all" (the kelurahan alone is still valid).
    assert metrics(at)[RECEIVED_ID] == str(PUBLIC_REPORTS)
    assert "kecamatan" not in at.query_params and "dari" not in at.query_params
    assert at.query_params["kelurahan"] == "3374011001"


def test_changing_a_filter_updates_the_url_and_keeps_the_language(seeded):
    at = open_page("beranda", lang="en")
    assert metrics(at)[RECEIVED_EN] == str(PUBLIC_REPORTS)
    at.selectbox(key="filter.kind").set_value("aspirasi").run()
    assert_no_exception(at)
    assert metrics(at)[RECEIVED_EN] == "1"
    assert at.query_params["jenis"] == "aspirasi" and at.query_params["lang"] == "en"
    at.button(key="filter.reset").click().run()
    assert metrics(at)[RECEIVED_EN] == str(PUBLIC_REPORTS)
    assert "jenis" not in at.query_params and at.query_params["lang"] == "en"


def test_english_labels(seeded):
    at = open_page("beranda", lang="en")
    assert_no_exception(at)
    assert at.title[0].value == "Status of citizen reports"
    assert RECEIVED_EN in metrics(at)
    assert any(caption.value.startswith("Updated at") for caption in at.caption)


def test_new_filtered_views_are_limited_per_address_across_sessions(seeded):
    # Issue 8, finding 13: every day-level period is new work the summaries
    # cannot answer. Each distinct filter counts once per session against the
    # address's budget; past it the page shows the unfiltered figures and says so.
    limit = expensive_requests_per_address(get_settings()).limit
    for day in range(1, limit + 1):
        at = open_page("beranda", dari=f"2025-01-{day:02d}")
        assert_no_exception(at)
        assert not at.warning
    at = open_page("beranda", lang="en", dari="2025-03-01")
    assert_no_exception(at)
    assert at.warning[0].value.startswith("Too many filtered views")
    assert metrics(at)[RECEIVED_EN] == str(PUBLIC_REPORTS)
    assert "dari" not in at.query_params
    # The unfiltered view never counts.
    assert not open_page("beranda").warning
