"""Numbers, dates and times for people: Babel locales, the city's clock and zone name."""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, format_decimal, format_percent, parse_pattern

from data_layer.config import get_settings

LOCALES = {"id": "id_ID", "en": "en_GB"}


# Babel parses a pattern string and looks the locale up on every call: three quarters
# of its time, and the map page formats about 1,800 figures per view (tooltips, table).
@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


@functools.cache
def _pattern(digits: int, suffix: str = "") -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * digits if digits else "") + suffix)


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    return format_decimal(value, format=_pattern(digits), locale=_locale(lang))


def percent(value: float | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    return format_percent(value, format=_pattern(digits, "%"), locale=_locale(lang))


def local_today() -> dt.date:
    """Today's date on the city's clock."""
    return dt.datetime.now(get_settings().tz).date()


def to_local(utc_naive: dt.datetime) -> dt.datetime:
    return utc_naive.replace(tzinfo=dt.UTC).astimezone(get_settings().tz)


def local_datetime(utc_naive: dt.datetime | None, lang: str) -> str:
    if utc_naive is None:
        return "–"
    local = to_local(utc_naive)
    return (
        format_datetime(local, "d MMM y, HH:mm", locale=LOCALES[lang])
        + " "
        + get_settings().zone.abbreviation
    )


def local_date(utc_naive: dt.datetime | None, lang: str) -> str:
    if utc_naive is None:
        return "–"
    return format_date(to_local(utc_naive).date(), "d MMM y", locale=LOCALES[lang])


def local_time(utc_naive: dt.datetime, lang: str) -> str:
    return (
        format_datetime(to_local(utc_naive), "HH:mm", locale=LOCALES[lang])
        + " "
        + get_settings().zone.abbreviation
    )
