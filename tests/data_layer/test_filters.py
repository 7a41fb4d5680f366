"""The filter bar's URL contract: parsing, validation and round trips (no Streamlit needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from data_layer.filters import (
    FilterCodes,
    codes_from_params,
    params_for_filter,
    params_from_codes,
    report_filter_from_codes,
)
from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import reference_lists


@pytest.fixture
def reference(sqlite_db):
    with sqlite_db.read() as session:
        return reference_lists(session)


def test_a_full_link_parses_to_codes_and_ids(reference):
    params = {
        "dari": "2025-01-01",
        "sampai": "2025-03-31",
        "kecamatan": "337401",
        "kelurahan": "3374011001",
        "jenis": "aduan",
        "kategori": "jalan_rusak",
        "opd": "dpu",
        "kanal": "whatsapp",
        "lang": "en",
    }
    codes = codes_from_params(params, reference)
    assert codes == FilterCodes(
        dt.date(2025, 1, 1),
        dt.date(2025, 3, 31),
        "337401",
        "3374011001",
        "aduan",
        "jalan_rusak",
        "dpu",
        "whatsapp",
    )
    report_filter = report_filter_from_codes(codes, reference)
    assert report_filter.category_id == reference.category_by_code("jalan_rusak").id
    assert report_filter.opd_id == reference.opd_by_code("dpu").id
    # …and back: the same link (lang is not the filter's business).
    assert params_for_filter(report_filter, reference) == {
        k: v for k, v in params.items() if k != "lang"
    }


@pytest.mark.parametrize(
    "params",
    [
        {"dari": "2025-02-30"},
        {"dari": "kemarin"},
        {"sampai": "1900-01-01"},
        {"kecamatan": "999999"},
        {"kelurahan": "3374011001", "kecamatan": "337402"},  # not in that kecamatan
        {"jenis": "ADUAN"},
        {"kategori": "<script>"},
        {"opd": ""},
        {"kanal": "telegram"},
    ],
)
def test_invalid_values_mean_all(reference, params):
    codes = codes_from_params(params, reference)
    cleaned = {k: v for k, v in params_from_codes(codes).items() if v is not None}
    assert set(cleaned) <= {"kecamatan"}  # only a valid kecamatan survives
    assert report_filter_from_codes(codes, reference).kelurahan_code is None


def test_reversed_period_is_swapped_and_unshown_fields_ignored(reference):
    codes = codes_from_params(
        {"dari": "2025-03-31", "sampai": "2025-01-01", "opd": "dpu"}, reference, fields=("period",)
    )
    assert (codes.start, codes.end, codes.opd) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31), None)


def test_kelurahan_without_kecamatan_is_kept(reference):
    codes = codes_from_params({"kelurahan": "3374011001"}, reference)
    assert codes.kelurahan == "3374011001"
    assert report_filter_from_codes(codes, reference) == ReportFilter(kelurahan_code="3374011001")
