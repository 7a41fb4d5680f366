"""Any kota or kabupaten: the public pages, the submission and the workflow for a city in
each time zone and a kabupaten, on SQLite and PostgreSQL.

Kota Semarang (3374, WIB), Kota Makassar (7371, WITA), Kota Jayapura (9171, WIT) and
Kabupaten Semarang (3322, WIB, desa as well as kelurahan). A report received at 23:30
local time on the last day of a month (and of a quarter) must land in that month in
every view: the tally triggers, the scanned trend, the scorecard's months and
quarters, the day filters of the status page, the map and the downloads, and the
times people read.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from factories import advance, category_id, make_report
from public_app import everything_shown, run_page
from public_support import REPO, assert_no_exception, metrics, open_page
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from api.open311_format import w3c_local
from data_layer.config import get_settings
from data_layer.models import Kelurahan, Opd, Report, ReportTally
from data_layer.queries.geo import kelurahan_figures
from data_layer.queries.open_data import json_chunks
from data_layer.queries.public import ReportFilter
from data_layer.queries.scorecard import available_periods
from data_layer.queries.status import monthly_trend, status_counts
from data_layer.sla import calendar_from_settings
from data_layer.states import Status
from data_layer.tickets import format_ticket_code
from ui import submission as form
from ui.formatting import local_datetime

CITIES = {
    "3374": ("Kota Semarang", "WIB", 7),
    "7371": ("Kota Makassar", "WITA", 8),
    "9171": ("Kota Jayapura", "WIT", 9),
    "3322": ("Kabupaten Semarang", "WIB", 7),
}
CITY_PARAMS = [
    pytest.param(code, dialect, id=f"{code}-{dialect}")
    for code in CITIES
    for dialect in ("sqlite", "postgres")
]
# 23:30 local on Monday 30 June 2025: the last day of June and of the second quarter.
LATE_LOCAL = dt.datetime(2025, 6, 30, 23, 30)
NEXT_MORNING_UTC = dt.datetime(2025, 7, 1, 1, 0)
PAGES = REPO / "pages"


def utc_of(local: dt.datetime, hours: int) -> dt.datetime:
    return local - dt.timedelta(hours=hours)


def first_village(session, *, desa: bool | None = None) -> Kelurahan:
    query = select(Kelurahan).order_by(Kelurahan.code)
    if desa is not None:
        query = query.where(func.substr(Kelurahan.code, 7, 1) == ("2" if desa else "1"))
    return session.scalars(query.limit(1)).one()


def late_report(database, code: str, *, to: Status = Status.DIVERIFIKASI) -> tuple[str, str]:
    """A public report received at 23:30 local on 30 June; returns (ticket, kelurahan code)."""
    hours = CITIES[code][2]
    with database.write().begin() as session:
        village = first_village(session)
        submitted = make_report(
            session,
            settings=database.settings,
            now=utc_of(LATE_LOCAL, hours),
            kelurahan_code=village.code,
        )
        advance(
            session,
            report_id=submitted.report_id,
            to=to,
            settings=database.settings,
            start=NEXT_MORNING_UTC,
        )
        ticket = session.get(Report, submitted.report_id).ticket
    return ticket, village.code


@pytest.mark.parametrize(("code", "dialect"), CITY_PARAMS)
def test_the_reference_data_and_settings_are_the_citys(city_db, code, dialect):
    database = city_db(code, dialect)
    name, zone, _hours = CITIES[code]
    settings = get_settings()
    assert (settings.city_name, settings.zone.abbreviation) == (name, zone)
    assert calendar_from_settings(settings).tz.key == settings.zone.iana
    with database.read() as session:
        codes = session.scalars(select(Kelurahan.code)).all()
        offices = session.scalars(select(Opd.code).where(Opd.kecamatan_code.is_not(None))).all()
    assert codes and all(c.startswith(code) for c in codes)
    assert offices and all(c.startswith(f"kec-{code}") for c in offices)
    label = settings.profile.village_label
    assert label == ("Kelurahan" if code in ("3374", "7371") else "Desa/Kelurahan")


@pytest.mark.parametrize(("code", "dialect"), CITY_PARAMS)
def test_2330_local_on_the_last_day_of_a_month_stays_in_that_month_in_every_view(
    city_db, code, dialect
):
    database = city_db(code, dialect)
    _name, zone, hours = CITIES[code]
    _ticket, village = late_report(database, code)
    june = ReportFilter(start=dt.date(2025, 6, 30), end=dt.date(2025, 6, 30))
    july = ReportFilter(start=dt.date(2025, 7, 1), end=dt.date(2025, 7, 31))
    with database.read() as session:
        # The tally the triggers keep, and the status page's trend from it and from a scan.
        assert session.scalars(select(ReportTally.month).where(ReportTally.reports > 0)).all() == [
            "2025-06"
        ]
        for report_filter in (ReportFilter(), ReportFilter(kind="aduan")):
            trend = monthly_trend(session, report_filter=report_filter)
            assert trend["month"].tolist() == ["2025-06"]
        # The scorecard's periods.
        assert available_periods(session, granularity="month") == ["2025-06"]
        assert available_periods(session, granularity="quarter") == ["2025-Q2"]
        # Day filters of the status page, the map and the downloads.
        assert sum(status_counts(session, report_filter=june).values()) == 1
        assert sum(status_counts(session, report_filter=july).values()) == 0
        figures = kelurahan_figures(session, report_filter=june, now=NEXT_MORNING_UTC)
        assert int(figures.set_index("code").loc[village, "reports"]) == 1
        assert (
            kelurahan_figures(session, report_filter=july, now=NEXT_MORNING_UTC)["reports"]
            .fillna(0)
            .sum()
            == 0
        )
        (row,) = json.loads(b"".join(json_chunks(session, report_filter=june)))
        assert row["received_at"].startswith(
            utc_of(LATE_LOCAL, hours).isoformat(timespec="minutes")
        )
        received = session.scalar(select(Report.received_at))
    # The time people read: local, with the zone's name; the API's, with the zone's offset.
    assert local_datetime(received, "en") == f"30 Jun 2025, 23:30 {zone}"
    assert w3c_local(received) == f"2025-06-30T23:30:00+0{hours}:00"


@pytest.mark.parametrize(("code", "dialect"), CITY_PARAMS)
def test_the_workflow_runs_to_closed_with_the_citys_opds(city_db, code, dialect):
    database = city_db(code, dialect)
    ticket, _village = late_report(database, code, to=Status.DITUTUP)
    with database.read() as session:
        report = session.scalars(select(Report).where(Report.ticket == ticket)).one()
        opd = session.get(Opd, report.opd_id)
    assert report.status == Status.DITUTUP.value
    assert opd.code == "dpu"  # the category's default OPD, from the profile or the template
    assert report.resolved_at is not None


@pytest.mark.parametrize(("code", "dialect"), CITY_PARAMS)
def test_the_public_pages_show_the_city(city_db, code, dialect):
    database = city_db(code, dialect)
    name, zone, _hours = CITIES[code]
    ticket, village = late_report(database, code, to=Status.SELESAI)
    late_report(database, code)

    beranda = open_page("beranda")
    assert_no_exception(beranda)
    assert metrics(beranda)["Laporan diterima"] == "2"
    charts = [chart.proto.spec for chart in beranda.get("plotly_chart")]
    assert any(f"Laporan per bulan ({zone})" in spec for spec in charts)

    kirim = open_page(str(PAGES / "kirim.py"))
    assert_no_exception(kirim)
    assert any(name in str(m.value) for m in kirim.markdown)

    for page in ("galeri", "kinerja", "data_terbuka"):
        assert_no_exception(open_page(str(PAGES / f"{page}.py")))

    peta = run_page("peta")
    assert_no_exception(peta)
    latitude, longitude = get_settings().profile.map_centre
    assert f"[{latitude}, {longitude}]" in everything_shown(peta)  # the map opens on the city
    # A chosen place is named for what it is: "Desa …" or "Kelurahan …".
    with database.read() as session:
        place = first_village(session, desa=code == "3322" or None)
    chosen = run_page("peta", pilih=place.code)
    assert_no_exception(chosen)
    kind = "Desa" if code == "3322" else "Kelurahan"
    assert [h.value for h in chosen.subheader][:1] == [f"{kind} {place.name}"]

    lacak = run_page("lacak", tiket=format_ticket_code(ticket))
    assert_no_exception(lacak)
    shown = everything_shown(lacak).replace("\\", "")  # Markdown escapes aside
    # Received at 23:30 local time, read in the city's zone.
    assert f"Diterima: 30 Jun 2025, 23:30 {zone}" in shown
    with database.read() as session:
        assert session.get(Kelurahan, village).name in shown


@pytest.mark.parametrize(("code", "dialect"), CITY_PARAMS)
def test_a_citizen_submits_a_report_in_a_village_of_the_city(city_db, code, dialect):
    database = city_db(code, dialect)
    with database.read() as session:
        village = first_village(session, desa=code == "3322" or None)
        jalan = category_id(session)
    at = AppTest.from_file(str(PAGES / "kirim.py"), default_timeout=60).run()
    label = get_settings().profile.village_label
    assert at.selectbox(key=form.KELURAHAN).label.startswith(label)
    at.selectbox(key=form.CATEGORY).set_value(jalan)
    at.selectbox(key=form.KELURAHAN).set_value(village.code)
    at.text_input(key=form.TITLE).input("Jalan berlubang di depan balai desa")
    at.text_area(key=form.DESCRIPTION).input(
        "Lubang selebar satu meter di tengah jalan, sudah dua motor jatuh minggu ini."
    )
    at.text_input(key=form.NAME).input("Budi Santoso")
    at.text_input(key=form.PHONE).input("0812-3456-7890")
    at = at.button(key=form.SUBMIT).click().run()
    assert_no_exception(at)
    assert not at.error, [e.value for e in at.error]
    with database.read() as session:
        report = session.scalars(select(Report)).one()
    assert report.kelurahan_code == village.code
    assert at.header[0].value == format_ticket_code(report.ticket)
