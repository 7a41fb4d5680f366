"""Shared helpers for the AppTest suites of the public status, scorecard and open-data pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factories import advance, category_id, make_report
from streamlit.testing.v1 import AppTest

from data_layer.states import Channel, Kind, Status

REPO = Path(__file__).resolve().parents[2]
PAGES = {
    name: str(REPO / "pages" / f"{name}.py") for name in ("beranda", "kinerja", "data_terbuka")
}
APP = str(REPO / "app.py")

# Things that must never reach a public page or file.
SECRETS = {
    "name": "Zulkarnain Privasiunik",
    "phone": "+6289912345678",
    "email": "rahasia.pelapor@contoh.test",
    "nik": "3374019912340001",
    "confidential_title": "RAHASIA-JUDUL-XQ7",
    "confidential_text": "RAHASIA-ISI-XQ7",
    "unverified_title": "BELUM-DIVERIFIKASI-QZ9",
    "anonymous_address": "Rumah Anonim Gang Sunyi 7",
    "anonymous_name": "Anonim Bernama Asli",
}
XSS_PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "[klik di sini](javascript:alert(3))",
)


def seed_public_data(database) -> None:
    """A small, varied dataset: public reports in several states, plus things never to show."""
    settings = database.settings
    january = dt.datetime(2025, 1, 6, 2)
    with database.write().begin() as session:

        def report(received, to, **overrides):
            submitted = make_report(session, settings=settings, now=received, **overrides)
            if to is not Status.DITERIMA:
                advance(session, report_id=submitted.report_id, to=to, settings=settings)

        report(
            january,
            Status.DITUTUP,
            reporter_name=SECRETS["name"],
            reporter_phone=SECRETS["phone"],
            reporter_email=SECRETS["email"],
            reporter_nik=SECRETS["nik"],
        )
        report(january, Status.SELESAI, channel=Channel.WHATSAPP)
        report(dt.datetime(2025, 2, 3, 2), Status.DIPROSES)
        report(dt.datetime(2025, 2, 4, 2), Status.DITOLAK)
        report(
            dt.datetime(2025, 3, 3, 2),
            Status.DIVERIFIKASI,
            kind=Kind.ASPIRASI,
            category_id=category_id(session, "lampu_pju"),
        )
        report(
            dt.datetime(2025, 3, 4, 2),
            Status.DITERUSKAN,
            anonymous=True,
            address=SECRETS["anonymous_address"],
            reporter_name=SECRETS["anonymous_name"],
        )
        for index, payload in enumerate(XSS_PAYLOADS):
            report(
                dt.datetime(2025, 3, 5 + index, 2),
                Status.DIPROSES,
                title=f"Judul {payload}",
                description=f"Isi laporan {payload} selesai.",
            )
        report(
            january,
            Status.SELESAI,
            confidential=True,
            title=SECRETS["confidential_title"],
            description=SECRETS["confidential_text"],
            reporter_name=SECRETS["name"],
        )
        report(january, Status.DITERIMA, title=SECRETS["unverified_title"])


PUBLIC_REPORTS = 9  # of the eleven seeded: not the confidential one, not the unverified one
# Counted but never listed: the report rejected before it was ever verified.
LISTED_REPORTS = PUBLIC_REPORTS - 1


def open_page(name_or_path: str, **query) -> AppTest:
    path = PAGES.get(name_or_path, name_or_path)
    at = AppTest.from_file(path, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
