"""Working-day calendar and SLA due dates.

Working days are Monday to Friday in the city's zone, minus Indonesia's national holidays
(from the `holidays` package) and any extra days the city configures (cuti
bersama, local days off). numpy's business-day functions do the counting, so
the same calendar serves one report or a million demo reports.

All datetimes entering and leaving this module are naive UTC, as stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
import numpy as np

from data_layer.config import Settings
from data_layer.states import RESOLUTION_DAYS, ResolutionClass

CALENDAR_YEARS = range(2015, 2041)
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class WorkingCalendar:
    """The working-day rule, defined once over numpy arrays of moments (naive UTC).

    The one-moment methods (`add_working_days`, `working_days_between`) run the
    array methods on a single value, so a report written by `commands` and a
    million reports written by the demo seeder get the same figures bit for bit.
    """

    tz: ZoneInfo
    holidays: tuple[dt.date, ...]

    @property
    def busdaycal(self) -> np.busdaycalendar:
        return _busdaycalendar(self.holidays)

    @property
    def offset(self) -> np.timedelta64:
        """The zone's fixed offset from UTC (Indonesia has had no daylight saving since 1964)."""
        return _fixed_offset(self.tz)

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.working_days(np.array([day], dtype="datetime64[D]"))[0])

    def to_local(self, utc_naive: dt.datetime) -> dt.datetime:
        return utc_naive.replace(tzinfo=dt.UTC).astimezone(self.tz)

    def to_utc_naive(self, local: dt.datetime) -> dt.datetime:
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    def add_working_days(self, start_utc: dt.datetime, days: int) -> dt.datetime:
        """The moment `days` full working days after `start_utc` (see `add_working_days_at`)."""
        due = self.add_working_days_at(_moments(start_utc), days)[0]
        return due.astype(dt.datetime)

    def working_days_between(self, start_utc: dt.datetime, end_utc: dt.datetime) -> float:
        """Working days elapsed between two moments (see `working_days_between_at`)."""
        return float(self.working_days_between_at(_moments(start_utc), _moments(end_utc))[0])

    # --- the rule, over arrays of datetime64 moments (naive UTC) -------------------------

    def local_days(self, moments: np.ndarray) -> np.ndarray:
        """The local calendar day of each moment."""
        return (moments + self.offset).astype("datetime64[D]")

    def working_days(self, days: np.ndarray) -> np.ndarray:
        """Per day: Monday to Friday and not a holiday."""
        return np.is_busday(days, busdaycal=self.busdaycal)

    def add_working_days_at(self, starts: np.ndarray, days) -> np.ndarray:
        """The moments `days` full working days after each start.

        A clock started on a weekend or holiday starts at 00:00 local time of the next
        working day; otherwise the due moment keeps the time of day.
        """
        local = starts + self.offset
        day = local.astype("datetime64[D]")
        time_of_day = np.where(self.working_days(day), local - day, np.timedelta64(0, "s"))
        due_day = np.busday_offset(day, days, roll="forward", busdaycal=self.busdaycal)
        return due_day + time_of_day - self.offset

    def working_days_between_at(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Working days elapsed from each start to its end (fractions of a working day
        count), rounded to 4 decimals; 0 where the end is not after the start."""
        start_local, end_local = starts + self.offset, ends + self.offset
        start_day = start_local.astype("datetime64[D]")
        end_day = end_local.astype("datetime64[D]")
        # busday_count counts the start day but not the end day: correct both ends
        # for the part of the day actually elapsed.
        whole = np.busday_count(start_day, end_day, busdaycal=self.busdaycal).astype(np.float64)
        start_fraction = _seconds(start_local - start_day) / SECONDS_PER_DAY
        end_fraction = _seconds(end_local - end_day) / SECONDS_PER_DAY
        elapsed = whole - np.where(self.working_days(start_day), start_fraction, 0.0)
        elapsed = elapsed + np.where(self.working_days(end_day), end_fraction, 0.0)
        elapsed = np.where(ends > starts, elapsed, 0.0)
        return _round4(elapsed)


def _moments(moment: dt.datetime) -> np.ndarray:
    # Microseconds kept: `now` in the commands has them.
    return np.array([moment], dtype="datetime64[us]")


def _seconds(durations: np.ndarray) -> np.ndarray:
    return durations / np.timedelta64(1, "s")


def _round4(values: np.ndarray) -> np.ndarray:
    """`round(value, 4)` for every value, without a Python loop for most.

    numpy's rint(x * 1e4) / 1e4 agrees with Python's correctly rounded round()
    except when x * 1e4 lies within float error of a half; those few go through round().
    """
    scaled = values * 10_000
    rounded = np.rint(scaled) / 10_000
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    rounded[near_half] = [round(value, 4) for value in values[near_half].tolist()]
    return rounded


@lru_cache(maxsize=8)
def _fixed_offset(tz: ZoneInfo) -> np.timedelta64:
    offsets = {
        tz.utcoffset(dt.datetime(year, month, 1)) for year in CALENDAR_YEARS for month in (1, 7)
    }
    if len(offsets) != 1:
        # A zone with daylight saving time would need an offset per moment; Indonesia's
        # three zones (the only ones a city can have, data_layer.cities.zones) have none.
        raise ValueError(f"working days need a time zone without daylight saving time: {tz}")
    offset = offsets.pop()
    assert offset is not None  # a ZoneInfo always knows its offset
    return np.timedelta64(int(offset.total_seconds()), "s")


@lru_cache(maxsize=8)
def _busdaycalendar(holiday_days: tuple[dt.date, ...]) -> np.busdaycalendar:
    return np.busdaycalendar(
        weekmask="1111100", holidays=np.array(holiday_days, dtype="datetime64[D]")
    )


def calendar_from_settings(settings: Settings) -> WorkingCalendar:
    return _calendar(settings.holiday_country, settings.days_off, settings.timezone)


@lru_cache(maxsize=8)
def _calendar(country: str, extra: tuple[dt.date, ...], timezone: str) -> WorkingCalendar:
    national = holiday_calendars.country_holidays(country, years=CALENDAR_YEARS)
    days = tuple(sorted(set(national) | set(extra)))
    return WorkingCalendar(tz=ZoneInfo(timezone), holidays=days)


@dataclass(frozen=True)
class SlaPolicy:
    verify_days: int
    first_response_days: int

    @classmethod
    def from_settings(cls, settings: Settings) -> SlaPolicy:
        return cls(settings.sla_verify_days, settings.sla_first_response_days)

    def resolve_days(self, resolution_class: str) -> int:
        return RESOLUTION_DAYS[ResolutionClass(resolution_class)]
