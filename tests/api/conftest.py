"""Fixtures for the HTTP routes: Starlette's TestClient over the app's own route list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from factories import advance, make_report, prepared_photo
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

import api
from data_layer.config import get_settings
from data_layer.db import dispose_process_engines
from data_layer.models import Photo, Report
from data_layer.states import Status


def build_client() -> TestClient:
    """The same routes and middleware `serve.py` mounts beside the pages."""
    return TestClient(Starlette(routes=api.routes(), middleware=api.middleware()))


@pytest.fixture
def api_db(request, monkeypatch):
    """Point the routes at a fresh test database (both engines when the test takes `db`)."""
    database = request.getfixturevalue("db" if "db" in request.fixturenames else "sqlite_db")
    monkeypatch.setenv("DATABASE_URL", database.url)
    get_settings.cache_clear()
    dispose_process_engines()
    yield database
    get_settings.cache_clear()
    dispose_process_engines()


@pytest.fixture
def client(api_db) -> TestClient:
    with build_client() as test_client:
        yield test_client


# Never to be seen on any public machine surface.
PRIVATE = ("Siti Privasiunik", "+6281299887766", "siti.privasi@contoh.test", "3374015505900002")
ANONYMOUS_ADDRESS = "Rumah Anonim Gang Sunyi 7"
SECRET_TITLE = "RAHASIA-JUDUL-XQ7 laporan"
UNVERIFIED_TITLE = "BELUM-DIVERIFIKASI-QZ9 laporan"
EXACT_POINT = (-6.9834567, 110.4187654)


@dataclass(frozen=True)
class MachineData:
    """Tickets (normalised) and photo keys of the seeded reports, by role."""

    tickets: dict[str, str]
    photos: dict[str, tuple[str, str]]  # role -> (image_key, thumb_key)


def seed_machine_data(database, *, now: dt.datetime | None = None) -> MachineData:
    """Public reports in several states (one anonymous, one old), plus never-public ones."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    settings = database.settings
    tickets: dict[str, str] = {}
    with database.write().begin() as session:

        def report(role, days_ago, to, color=None, **overrides):
            photos = (prepared_photo(settings, color=color),) if color else ()
            submitted = make_report(
                session,
                settings=settings,
                now=now - dt.timedelta(days=days_ago),
                reporter_name=PRIVATE[0],
                reporter_phone=PRIVATE[1],
                reporter_email=PRIVATE[2],
                reporter_nik=PRIVATE[3],
                latitude=EXACT_POINT[0],
                longitude=EXACT_POINT[1],
                photos=photos,
                **overrides,
            )
            if to is not Status.DITERIMA:
                advance(
                    session,
                    report_id=submitted.report_id,
                    to=to,
                    settings=settings,
                    step=dt.timedelta(hours=2),
                )
            tickets[role] = submitted.ticket

        report("named", 10, Status.DIPROSES, color=(10, 120, 200), title="Jalan berlubang Miroto")
        report("resolved", 20, Status.SELESAI, title="Lampu jalan mati total")
        report(
            "anonymous",
            5,
            Status.DITERUSKAN,
            anonymous=True,
            address=ANONYMOUS_ADDRESS,
            title="Saluran air tersumbat",
        )
        report("old", 200, Status.DIPROSES, title="Laporan lama sekali")
        report(
            "secret", 3, Status.SELESAI, color=(250, 10, 10), confidential=True, title=SECRET_TITLE
        )
        report("unverified", 2, Status.DITERIMA, color=(10, 250, 10), title=UNVERIFIED_TITLE)
        photos = {
            role: tuple(
                session.execute(
                    select(Photo.image_key, Photo.thumb_key)
                    .join(Report, Report.id == Photo.report_id)
                    .where(Report.ticket == ticket, Photo.kind == "before")
                ).one()
            )
            for role, ticket in tickets.items()
            if role in ("named", "secret", "unverified")
        }
    return MachineData(tickets, photos)


@pytest.fixture
def machine_data(api_db) -> MachineData:
    return seed_machine_data(api_db)
