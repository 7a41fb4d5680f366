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
    tz: ZoneInfo
    holidays: tuple[dt.date, ...]

    @property
    def busdaycal(self) -> np.busdaycalendar:
        return _busdaycalendar(self.holidays)

    def is_working_day(self, day: dt.date) -> bool:
        return bool(np.is_busday(np.datetime64(day, "D"), busdaycal=self.busdaycal))

    def to_local(self, utc_naive: dt.datetime) -> dt.datetime:
        return utc_naive.replace(tzinfo=dt.UTC).astimezone(self.tz)

    def to_utc_naive(self, local: dt.datetime) -> dt.datetime:
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    def add_working_days(self, start_utc: dt.datetime, days: int) -> dt.datetime:
        """The moment `days` full working days after `start_utc`.

        A clock started on a weekend or holiday starts at 00:00 local time of the next
        working day; otherwise the due moment keeps the time of day.
        """
        local = self.to_local(start_utc)
        if not self.is_working_day(local.date()):
            next_day = self._offset(local.date(), 0)
            local = dt.datetime.combine(next_day, dt.time(0, 0), tzinfo=self.tz)
        due_day = self._offset(local.date(), days)
        due = dt.datetime.combine(due_day, local.timetz())
        return self.to_utc_naive(due)

    def working_days_between(self, start_utc: dt.datetime, end_utc: dt.datetime) -> float:
        """Working days elapsed between two moments (fractions of a working day count)."""
        if end_utc <= start_utc:
            return 0.0
        start, end = self.to_local(start_utc), self.to_local(end_utc)
        whole = int(
            np.busday_count(
                np.datetime64(start.date(), "D"),
                np.datetime64(end.date(), "D"),
                busdaycal=self.busdaycal,
            )
        )
        # busday_count counts start.date() but not end.date(): correct both ends
        # for the part of the day actually elapsed.
        elapsed = float(whole)
        if self.is_working_day(start.date()):
            elapsed -= _fraction_of_day(start)
        if self.is_working_day(end.date()):
            elapsed += _fraction_of_day(end)
        return round(elapsed, 4)

    def _offset(self, day: dt.date, days: int) -> dt.date:
        result = np.busday_offset(
            np.datetime64(day, "D"), days, roll="forward", busdaycal=self.busdaycal
        )
        return result.astype(dt.date)


def _fraction_of_day(moment: dt.datetime) -> float:
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return (moment - midnight).total_seconds() / SECONDS_PER_DAY


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
