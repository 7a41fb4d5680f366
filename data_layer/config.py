"""One typed settings object, read from the environment (and an optional `.env`).

Every key is documented in `.env.example`. Secrets never live in the repo.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from data_layer.cities import CityProfile, Zone, city_profile, default_city_code

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "pantau_lapor.db"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_SQLITE_PATH}"


def default_database_url(city: str) -> str:
    """The embedded SQLite file of a city: the default city's keeps the historical name,
    every other city gets its own file, so switching PANTAU_CITY never mixes two cities."""
    if city == default_city_code():
        return DEFAULT_DATABASE_URL
    return f"sqlite:///{REPO_ROOT / 'data' / f'pantau_lapor_{city}.db'}"


# Settings the city profile replaced: refused with a pointer, never silently ignored
# (an old .env naming another time zone would otherwise be obeyed nowhere).
RETIRED_SETTINGS = {
    "timezone": "the time zone comes from the city (PANTAU_CITY) and its zone",
    "city_name": "the name comes from the city (PANTAU_CITY) and its profile",
}


SESSION_SECRET_MIN_LENGTH = 32
# Values people copy from examples: refused, whatever their length.
KNOWN_PLACEHOLDER_SECRETS = frozenset(
    {"changeme", "change-me", "secret", "please-change-me-to-48-random-characters-xxxxxxxx"}
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PANTAU_", env_file=".env", extra="ignore", frozen=True, populate_by_name=True
    )

    # The kota/kabupaten, by Kemendagri code: it selects the city profile
    # (data_layer/cities/), which gives the name, time zone, map, OPDs and the rest.
    # Declared first: the defaults below depend on it.
    city: str = Field(
        default_factory=default_city_code,
        validation_alias=AliasChoices("PANTAU_CITY", "PANTAU_CITY_CODE"),
    )

    # `DATABASE_URL` is the conventional name, so it is read without the prefix.
    # Empty means the city's embedded SQLite file.
    database_url: str = Field(
        default="",
        validate_default=True,
        validation_alias=AliasChoices("DATABASE_URL", "PANTAU_DATABASE_URL"),
    )

    # Branding: the profile names the channel; channels get renamed, so it can be
    # overridden here. Empty: the profile's.
    channel_name: str = Field(default="", validate_default=True)

    # Photos.
    photo_max_bytes: int = 10 * 1024 * 1024
    photo_max_side: int = 1600
    photo_thumb_side: int = 320
    photo_max_pixels: int = 40_000_000
    photo_max_per_report: int = 3
    photo_format: str = "JPEG"

    # Working-day calendar: national holidays come from the `holidays` package;
    # the city adds cuti bersama and local days off here (ISO dates, comma-separated).
    holiday_country: str = "ID"
    # NoDecode: pydantic-settings would otherwise demand JSON for a list.
    extra_holidays: Annotated[list[dt.date], NoDecode] = Field(default_factory=list)

    # SLA in working days (the complaint SOP Pantau Lapor started with).
    sla_verify_days: int = 3
    sla_first_response_days: int = 5

    # Base-map tiles for folium: "OpenStreetMap" or "none" (plain background).
    tile_server: str = "OpenStreetMap"

    # Client addresses: how many reverse proxies of our own stand in front of the
    # app (nginx: 1). Their X-Forwarded-For entries are trusted, nothing further
    # left; 0 ignores the header (anyone could write it).
    trusted_proxy_hops: int = 0

    # Submission abuse control (counted in the database, so they hold across
    # browser sessions and replicas): reports per client address per hour, and
    # for the whole city per hour.
    submissions_per_address_per_hour: int = 5
    submissions_per_hour: int = 300
    # Tickets looked up per client address per 10 minutes (tracking page, Open311),
    # and expensive requests (downloads, new filtered views) per address per 5 minutes.
    ticket_lookups_per_address: int = 30
    expensive_requests_per_address: int = 20

    # Operator login: failed attempts per (username, client address) and per
    # client address within the window; past either, attempts are refused
    # without checking the password until the failures decay. Accounts are never
    # locked, so nobody can keep an operator out from another address.
    login_failures_per_account_address: int = 5
    login_failures_per_address: int = 20
    login_failure_window_seconds: int = 900

    # Open311 API: reports one API key may file per hour (POST /api/v2/requests).
    api_posts_per_key_per_hour: int = 60
    # Open311 API: largest request body accepted, in bytes (JSON, XML or form).
    api_max_body_bytes: int = 64 * 1024
    # Public base URL, for absolute links in feeds and the API (e.g.
    # https://pantau.semarangkota.go.id). Empty: taken from each request's Host.
    public_base_url: str = ""

    # Operator sessions (data_layer/operator_sessions.py): the key that signs the
    # session cookie (HMAC-SHA256), shared by every replica. Empty: a random key
    # kept in the database itself (app_meta), generated on first use; never a
    # default. A known placeholder or fewer than 32 characters is refused.
    session_secret: SecretStr = SecretStr("")
    # A session ends after this long without a page run, and this long after
    # sign-in whatever happens (hours).
    session_idle_hours: float = Field(default=8, gt=0)
    session_absolute_hours: float = Field(default=24, gt=0)
    # Send the cookie over https only. Set it behind TLS (nginx terminating https);
    # requests that came over https (directly, or per a trusted proxy's
    # X-Forwarded-Proto) get Secure cookies anyway.
    session_cookie_secure: bool = False
    # Outgoing e-mail (receipts after a submission, status-change notifications).
    # Empty host or sender: no e-mail is sent and the pages do not offer it.
    # security: "starttls" (port 587), "ssl" (port 465) or "none" (a local relay).
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_from: str = ""
    smtp_timeout_seconds: float = 10.0
    # Queued status-change e-mails: every this many seconds each app process sends
    # what is due (in a background thread). 0: the app sends none; run
    # `python -m data_layer send-notifications` from cron instead.
    notification_send_interval_seconds: float = 0

    @model_validator(mode="before")
    @classmethod
    def _no_retired_settings(cls, data):
        given = set(data) if isinstance(data, dict) else set()
        retired = sorted(
            key for key in RETIRED_SETTINGS if key in given or f"PANTAU_{key.upper()}" in os.environ
        )
        if retired:
            raise ValueError(
                "; ".join(
                    f"PANTAU_{key.upper()} is no longer a setting: {RETIRED_SETTINGS[key]}"
                    for key in retired
                )
            )
        return data

    @field_validator("city", mode="before")
    @classmethod
    def _known_city(cls, value: str | None) -> str:
        # `PANTAU_CITY=` (as in .env.example) means "the default city".
        code = str(value or "").strip() or default_city_code()
        city_profile(code)  # UnknownCityError (a ValueError) names the problem
        return code

    @field_validator("database_url", mode="before")
    @classmethod
    def _empty_means_default(cls, value: str | None, info: ValidationInfo) -> str:
        # `DATABASE_URL=` (as in .env.example) means "the city's embedded default".
        if value:
            return value
        return default_database_url(info.data.get("city") or default_city_code())

    @field_validator("channel_name", mode="before")
    @classmethod
    def _profile_channel(cls, value: str | None, info: ValidationInfo) -> str:
        if value:
            return value
        return city_profile(info.data.get("city") or default_city_code()).channel_name

    @field_validator("session_secret")
    @classmethod
    def _strong_session_secret(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value().strip()
        if not secret:
            return SecretStr("")
        if secret.lower() in KNOWN_PLACEHOLDER_SECRETS or len(secret) < SESSION_SECRET_MIN_LENGTH:
            raise ValueError(
                f"PANTAU_SESSION_SECRET must be at least {SESSION_SECRET_MIN_LENGTH} random "
                "characters (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`),"
                " never an example value; leave it empty to keep a random key in the database"
            )
        return SecretStr(secret)

    @field_validator("extra_holidays", mode="before")
    @classmethod
    def _split_dates(cls, value):
        # From the environment: "2025-04-02,2025-04-03" (or a JSON list, accepted too).
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @property
    def profile(self) -> CityProfile:
        return city_profile(self.city)

    @property
    def city_code(self) -> str:
        return self.city

    @property
    def city_name(self) -> str:
        return self.profile.name

    @property
    def zone(self) -> Zone:
        return self.profile.zone

    @property
    def timezone(self) -> str:
        return self.zone.iana

    @property
    def tz(self) -> ZoneInfo:
        return self.zone.tzinfo

    @property
    def days_off(self) -> tuple[dt.date, ...]:
        """Working-day exceptions beyond national holidays: the profile's and this setting's."""
        return tuple(sorted({*self.profile.local_holidays, *self.extra_holidays}))

    @property
    def is_default_database(self) -> bool:
        """True when running on the embedded SQLite file (the only one demo data may fill)."""
        return self.database_url == default_database_url(self.city)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
