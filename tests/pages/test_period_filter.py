"""The period filter: one range control with presets, applied as soon as it changes."""

from __future__ import annotations

import datetime as dt

import pytest
from public_support import assert_no_exception, open_page

from ui.filters import PRESETS, preset_range


def test_presets_cover_the_periods_journalists_ask_for():
    today = dt.date(2026, 12, 5)
    assert preset_range("this_month", today) == (dt.date(2026, 12, 1), today)
    assert preset_range("last_month", today) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert preset_range("three_months", today) == (dt.date(2026, 10, 1), today)
    assert preset_range("this_year", today) == (dt.date(2026, 1, 1), today)
    january = dt.date(2027, 1, 10)
    assert preset_range("last_month", january) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert preset_range("three_months", january) == (dt.date(2026, 11, 1), january)


def _local_today() -> dt.date:
    from ui.formatting import local_today

    return local_today()


def test_a_preset_sets_the_period_in_the_url_and_the_range_control(app_db):
    at = open_page("beranda")
    assert_no_exception(at)
    (presets,) = at.get("button_group")
    assert [o.content for o in presets.proto.options] == [
        "Bulan ini",
        "Bulan lalu",
        "3 bulan",
        "Tahun ini",
    ]
    presets.set_value("last_month").run()
    assert_no_exception(at)
    start, end = preset_range("last_month", _local_today())
    assert (at.query_params["dari"], at.query_params["sampai"]) == (
        start.isoformat(),
        end.isoformat(),
    )
    assert at.date_input(key="filter.period").value == (start, end)


@pytest.mark.parametrize("days", [1, 2])
def test_a_typed_range_applies_once_both_days_are_there(app_db, days):
    at = open_page("beranda")
    chosen = (dt.date(2025, 2, 1), dt.date(2025, 2, 28))[:days]
    at.date_input(key="filter.period").set_value(chosen).run()
    assert_no_exception(at)
    if days == 1:
        assert "dari" not in at.query_params  # waiting for the last day
    else:
        assert (at.query_params["dari"], at.query_params["sampai"]) == ("2025-02-01", "2025-02-28")


def test_a_shared_link_with_a_period_opens_with_it_in_the_control(app_db):
    at = open_page("beranda", dari="2025-01-01", sampai="2025-03-31")
    assert at.date_input(key="filter.period").value == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert PRESETS  # the presets stay offered whatever the period
