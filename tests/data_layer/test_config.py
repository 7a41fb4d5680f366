"""Settings come from the environment (and an optional .env), with safe defaults."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from data_layer.config import (
    DEFAULT_DATABASE_URL,
    REPO_ROOT,
    Settings,
    get_settings,
)

ENV_KEYS = ("DATABASE_URL", "PANTAU_DATABASE_URL", "PANTAU_CHANNEL_NAME", "PANTAU_EXTRA_HOLIDAYS")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No stray variables or .env file from the developer's shell."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # `.env` is looked up in the working directory
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_default_database_is_the_sqlite_file_under_data():
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'data' / 'pantau_lapor.db'}"
    assert (REPO_ROOT / "data").is_dir()
    assert (REPO_ROOT / "data_layer").is_dir()  # REPO_ROOT really is the repository
    assert settings.is_default_database


def test_database_url_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://lapor:rahasia@db.example:5432/pantau")
    settings = Settings()
    assert settings.database_url == "postgresql://lapor:rahasia@db.example:5432/pantau"
    assert not settings.is_default_database
    assert get_settings().database_url == settings.database_url


def test_the_prefixed_name_works_too(monkeypatch):
    monkeypatch.setenv("PANTAU_DATABASE_URL", "sqlite:////srv/pantau/lapor.db")
    assert Settings().database_url == "sqlite:////srv/pantau/lapor.db"


def test_an_empty_database_url_means_the_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "")
    assert Settings().is_default_database


def test_channel_name_is_one_setting(monkeypatch):
    assert Settings().channel_name == "Lapor Hendi"
    monkeypatch.setenv("PANTAU_CHANNEL_NAME", "Lapor Semar")
    assert Settings().channel_name == "Lapor Semar"
    assert get_settings().channel_name == "Lapor Semar"
    assert Settings(channel_name="Lapor Semar").channel_name == "Lapor Semar"


def test_a_dotenv_file_is_read_and_the_environment_wins(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text(
        "PANTAU_CHANNEL_NAME=Lapor Semar\nDATABASE_URL=sqlite:///dari-dotenv.db\n"
    )
    settings = Settings()
    assert settings.channel_name == "Lapor Semar"
    assert settings.database_url == "sqlite:///dari-dotenv.db"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///dari-lingkungan.db")
    assert Settings().database_url == "sqlite:///dari-lingkungan.db"


def test_city_defaults():
    settings = Settings()
    assert settings.city_code == "3374"
    assert settings.city_name == "Kota Semarang"
    assert settings.timezone == "Asia/Jakarta"
    assert settings.tz == ZoneInfo("Asia/Jakarta")
    assert settings.photo_max_bytes == 10 * 1024 * 1024
    assert settings.photo_max_side == 1600
    assert (settings.sla_verify_days, settings.sla_first_response_days) == (3, 5)
    assert settings.extra_holidays == []


@pytest.mark.parametrize(
    "value",
    ["2025-04-02,2025-04-03", " 2025-04-02 , 2025-04-03 ", '["2025-04-02", "2025-04-03"]'],
)
def test_extra_holidays_from_the_environment(monkeypatch, value):
    monkeypatch.setenv("PANTAU_EXTRA_HOLIDAYS", value)
    assert Settings().extra_holidays == [dt.date(2025, 4, 2), dt.date(2025, 4, 3)]


def test_a_bad_value_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PANTAU_EXTRA_HOLIDAYS", "2 April 2025")
    with pytest.raises(ValidationError, match="extra_holidays"):
        Settings()
    monkeypatch.delenv("PANTAU_EXTRA_HOLIDAYS")
    monkeypatch.setenv("PANTAU_PHOTO_MAX_BYTES", "sepuluh mega")
    with pytest.raises(ValidationError, match="photo_max_bytes"):
        Settings()


def test_the_documented_example_file_is_valid():
    example = Path(REPO_ROOT / ".env.example")
    settings = Settings(_env_file=example)
    assert settings.is_default_database  # `DATABASE_URL=` in the example
    assert settings.channel_name == "Lapor Hendi"
    assert settings.city_code == "3374"
    assert all(isinstance(day, dt.date) for day in settings.extra_holidays)


def test_settings_are_frozen():
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.channel_name = "Lapor Semar"


def test_get_settings_is_shared():
    assert get_settings() is get_settings()
