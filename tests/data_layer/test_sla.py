"""Working-day arithmetic in WIB: weekends, national holidays, configured days off."""

from __future__ import annotations

import datetime as dt

import pytest

from data_layer.config import Settings
from data_layer.sla import SlaPolicy, calendar_from_settings
from data_layer.states import ResolutionClass

WIB = dt.timezone(dt.timedelta(hours=7))


def utc(year, month, day, hour=0, minute=0) -> dt.datetime:
    """A WIB wall-clock moment as the naive UTC the database stores."""
    local = dt.datetime(year, month, day, hour, minute, tzinfo=WIB)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


@pytest.fixture(scope="module")
def calendar():
    return calendar_from_settings(Settings(_env_file=None))


# --- add_working_days -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due", "why"),
    [
        (utc(2025, 3, 7, 10), 3, utc(2025, 3, 12, 10), "Friday + 3 = Wednesday"),
        (utc(2025, 3, 3, 9), 3, utc(2025, 3, 6, 9), "Monday + 3 = Thursday"),
        (utc(2025, 3, 5, 15), 5, utc(2025, 3, 12, 15), "Wednesday + 5 = next Wednesday"),
        (utc(2025, 3, 7, 10), 0, utc(2025, 3, 7, 10), "no days: no change"),
        # Received on Saturday: the clock starts Monday 00:00 WIB, three full
        # working days (Mon, Tue, Wed) end at Thursday 00:00 WIB.
        (utc(2025, 3, 8, 14), 3, utc(2025, 3, 13, 0), "Saturday + 3"),
        (utc(2025, 3, 9, 23, 59), 1, utc(2025, 3, 11, 0), "Sunday night + 1"),
        # Idul Fitri 2025: Monday 31 March and Tuesday 1 April.
        (utc(2025, 3, 27, 10), 3, utc(2025, 4, 3, 10), "Thursday + 3 across Idul Fitri"),
        (utc(2025, 3, 28, 10), 1, utc(2025, 4, 2, 10), "Friday + 1 across Idul Fitri"),
        (utc(2025, 3, 31, 8), 1, utc(2025, 4, 3, 0), "received on the holiday itself"),
        # Nyepi fell on Saturday 29 March 2025: no extra effect.
        (utc(2025, 3, 26, 10), 2, utc(2025, 3, 28, 10), "Wednesday + 2"),
        # Christmas (Thursday), then the weekend.
        (utc(2025, 12, 24, 12), 2, utc(2025, 12, 29, 12), "across Christmas"),
        (utc(2025, 4, 2, 14), 14, utc(2025, 4, 23, 14), "14 days skipping Good Friday"),
        # 60 (kompleks): Jan 17 (minus Isra Mikraj, Imlek), Feb 20, Mar 20, Apr 2-4.
        (utc(2025, 1, 6, 9), 60, utc(2025, 4, 4, 9), "60 days (kompleks)"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_add_working_days(calendar, start, days, due, why):
    assert calendar.add_working_days(start, days) == due, why


def test_a_configured_extra_holiday_moves_due_dates():
    # Cuti bersama after Idul Fitri 2025 is not a national holiday; cities add it.
    with_cuti = calendar_from_settings(
        Settings(_env_file=None, extra_holidays=[dt.date(2025, 4, 2), dt.date(2025, 4, 3)])
    )
    plain = calendar_from_settings(Settings(_env_file=None))
    start = utc(2025, 3, 27, 10)
    assert plain.add_working_days(start, 3) == utc(2025, 4, 3, 10)
    # Fri 28, (31, 1 national, 2, 3 configured), Fri 4, Mon 7.
    assert with_cuti.add_working_days(start, 3) == utc(2025, 4, 7, 10)
    assert not with_cuti.is_working_day(dt.date(2025, 4, 2))
    assert plain.is_working_day(dt.date(2025, 4, 2))


def test_working_days_are_weekdays_minus_holidays(calendar):
    assert calendar.is_working_day(dt.date(2025, 3, 7))  # Friday
    assert not calendar.is_working_day(dt.date(2025, 3, 8))  # Saturday
    assert not calendar.is_working_day(dt.date(2025, 3, 9))  # Sunday
    assert not calendar.is_working_day(dt.date(2025, 3, 31))  # Idul Fitri
    assert not calendar.is_working_day(dt.date(2025, 8, 17))  # Independence Day (Sunday)
    assert not calendar.is_working_day(dt.date(2025, 12, 25))  # Christmas
    assert not calendar.is_working_day(dt.date(2026, 1, 1))  # New Year


# --- WIB, not UTC, decides the day ------------------------------------------------


def test_friday_2330_wib_is_still_friday(calendar):
    friday_night = utc(2025, 3, 7, 23, 30)
    assert friday_night == dt.datetime(2025, 3, 7, 16, 30)  # UTC
    assert calendar.add_working_days(friday_night, 3) == utc(2025, 3, 12, 23, 30)
    # Half an hour of Friday and half an hour of Monday have elapsed by 00:30 Monday.
    monday = utc(2025, 3, 10, 0, 30)
    assert calendar.working_days_between(friday_night, monday) == pytest.approx(1 / 24, abs=1e-4)


def test_saturday_0100_wib_is_weekend_though_still_friday_in_utc(calendar):
    start = utc(2025, 3, 8, 1)
    assert start == dt.datetime(2025, 3, 7, 18, 0)  # Friday in UTC
    assert calendar.add_working_days(start, 3) == utc(2025, 3, 13, 0)
    assert calendar.working_days_between(start, utc(2025, 3, 10, 0)) == 0.0


def test_monday_0600_wib_is_a_working_morning_though_sunday_in_utc(calendar):
    start = utc(2025, 3, 10, 6)
    assert start.weekday() == 6  # Sunday in UTC
    assert calendar.add_working_days(start, 3) == utc(2025, 3, 13, 6)
    assert calendar.working_days_between(start, utc(2025, 3, 10, 18)) == pytest.approx(0.5)


# --- working_days_between -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (utc(2025, 3, 3, 9), utc(2025, 3, 3, 15), 0.25),  # six hours of a Monday
        (utc(2025, 3, 3, 0), utc(2025, 3, 4, 0), 1.0),
        (utc(2025, 3, 7, 12), utc(2025, 3, 10, 18), 1.25),  # Fri noon → Mon 18:00
        (utc(2025, 3, 7, 10), utc(2025, 3, 12, 10), 3.0),  # the SLA example
        (utc(2025, 3, 8, 10), utc(2025, 3, 9, 20), 0.0),  # all weekend
        (utc(2025, 3, 8, 10), utc(2025, 3, 10, 12), 0.5),  # weekend → Monday noon
        (utc(2025, 3, 28, 12), utc(2025, 4, 2, 12), 1.0),  # across Idul Fitri
        (utc(2025, 3, 3, 9), utc(2025, 3, 3, 9), 0.0),
        (utc(2025, 3, 4, 9), utc(2025, 3, 3, 9), 0.0),  # never negative
    ],
)
def test_working_days_between(calendar, start, end, expected):
    assert calendar.working_days_between(start, end) == pytest.approx(expected, abs=1e-4)


def test_working_days_between_inverts_add_working_days(calendar):
    start = utc(2025, 3, 27, 10)
    for days in (1, 3, 5, 14, 60):
        due = calendar.add_working_days(start, days)
        assert calendar.working_days_between(start, due) == pytest.approx(days, abs=1e-4)


def test_extra_holiday_is_not_counted_as_elapsed():
    with_day_off = calendar_from_settings(
        Settings(_env_file=None, extra_holidays=[dt.date(2025, 3, 4)])
    )
    start, end = utc(2025, 3, 3, 12), utc(2025, 3, 5, 12)
    assert with_day_off.working_days_between(start, end) == pytest.approx(1.0)
    assert calendar_from_settings(Settings(_env_file=None)).working_days_between(
        start, end
    ) == pytest.approx(2.0)


# --- policy ---------------------------------------------------------------------


def test_sla_policy_follows_the_complaint_sop():
    policy = SlaPolicy.from_settings(Settings(_env_file=None))
    assert (policy.verify_days, policy.first_response_days) == (3, 5)
    assert [policy.resolve_days(c) for c in ResolutionClass] == [5, 14, 60]
    assert policy.resolve_days("sedang") == 14
    custom = SlaPolicy.from_settings(Settings(_env_file=None, sla_verify_days=2))
    assert custom.verify_days == 2


# --- one rule for one report and for a million ---------------------------------------


def _walked_due(calendar, start: dt.datetime, days: int) -> dt.datetime:
    """The SOP read literally, one calendar day at a time (no numpy): a clock started on
    a day off starts at 00:00 of the next working day; the due moment keeps the time."""
    local = start.replace(tzinfo=dt.UTC).astimezone(calendar.tz)
    day = local.date()
    if day in calendar.holidays or day.weekday() >= 5:
        local = local.replace(hour=0, minute=0, second=0, microsecond=0)
    while day in calendar.holidays or day.weekday() >= 5:
        day += dt.timedelta(days=1)
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        counted += day not in calendar.holidays and day.weekday() < 5
    due = dt.datetime.combine(day, local.timetz())
    return due.astimezone(dt.UTC).replace(tzinfo=None)


def test_the_array_rule_the_demo_uses_agrees_with_one_report_for_a_year(calendar):
    """The seeder's vectorised calendar and the commands' per-report one are one rule:
    every 5 h 17 min through 2025 (Idul Fitri, Nyepi, Christmas, every weekend), a due
    date and an elapsed time agree with each other and with a day-by-day walk."""
    import numpy as np

    starts = [utc(2025, 1, 1) + dt.timedelta(minutes=317 * i) for i in range(1658)]
    assert starts[-1].year == 2025
    assert {dt.date(2025, 3, 31), dt.date(2025, 3, 29), dt.date(2025, 12, 25)} <= set(
        calendar.holidays
    )
    moments = np.array(starts, dtype="datetime64[s]")
    for days in (3, 5, 14):
        due = calendar.add_working_days_at(moments, days).astype(dt.datetime).tolist()
        ends = [start + dt.timedelta(hours=61 * days) for start in starts]
        elapsed = calendar.working_days_between_at(
            moments, np.array(ends, dtype="datetime64[s]")
        ).tolist()
        for i, start in enumerate(starts):
            assert (
                due[i]
                == calendar.add_working_days(start, days)
                == _walked_due(calendar, start, days)
            ), (start, days)
            assert elapsed[i] == calendar.working_days_between(start, ends[i]), (start, ends[i])
        # a due date is exactly the number of working days after its start, holidays or not
        back = calendar.working_days_between_at(moments, np.array(due, dtype="datetime64[s]"))
        on_working_day = calendar.working_days(calendar.local_days(moments))
        assert np.allclose(back[on_working_day], days, atol=1e-4)
