"""Numbers, dates and times for people: Babel locales, the city's clock and zone name."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from data_layer.config import get_settings

LOCALES = {"id": "id_ID", "en": "en_GB"}


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(value: float | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=LOCALES[lang])


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
