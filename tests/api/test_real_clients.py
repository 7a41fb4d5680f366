"""Real Open311 clients from PyPI against the app itself: `streamlit run serve.py` on loopback.

`georeport` reads (JSON and XML); `civicbot` files a report with an API key made
by the real command line. The same port serves the pages, so this also proves
that serve.py mounts the API beside them.
"""

from __future__ import annotations

import urllib.request

import pytest
from civicbot.http import HttpError
from civicbot.open311 import Open311Client
from civicbot.registry import Endpoint
from georeport import GeoReport
from sqlalchemy import select

from data_layer.models import ApiSubmission, Report
from data_layer.tickets import format_ticket_code
from tests.api.conftest import seed_machine_data
from tests.e2e.harness import run_cli, start_server, stop_server

MIROTO = (-6.9834567, 110.4187654)


@pytest.fixture
def live(db, tmp_path):
    """The app on a free loopback port over a seeded database, and an API key for it."""
    machine = seed_machine_data(db)
    output = run_cli(db.url, "create-api-key", "civicbot-uji")
    key = output.strip().splitlines()[-1]  # printed once, alone on the last line
    process, url = start_server(db.url, tmp_path / "server.log")
    try:
        yield url, machine, key
    finally:
        stop_server(process)


def test_georeport_and_civicbot_talk_to_the_running_app(db, live):
    url, machine, key = live
    public = {format_ticket_code(machine.tickets[r]) for r in ("named", "resolved", "anonymous")}
    named = format_ticket_code(machine.tickets["named"])
    for output_format in ("json", "xml"):
        client = GeoReport(f"{url}/api/v2", output_format=output_format)
        services = client.get_service_list()
        assert "jalan_rusak" in {s["service_code"] for s in services}
        assert client.get_service_definition("jalan_rusak")["service_code"] == "jalan_rusak"
        requests_ = client.get_service_requests()
        assert {r["service_request_id"] for r in requests_} == public, output_format
        closed = client.get_service_requests(status="closed")
        closed = [closed] if isinstance(closed, dict) else closed  # xmltodict: one is a dict
        assert [r["service_request_id"] for r in closed] == [
            format_ticket_code(machine.tickets["resolved"])
        ]
        one = client.get_service_request(named)
        assert one["service_request_id"] == named and one["status"] == "open"
        assert one["requested_datetime"].endswith("+07:00")

    endpoint = Endpoint(
        id="pantau-lapor", name="Pantau Lapor", base_url=f"{url}/api/v2", write=True
    )
    bot = Open311Client(endpoint)
    prepared = bot.create_request(
        "jalan_rusak",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        validate_remote=True,  # civicbot checks the code against our live service list first
        lat=MIROTO[0],
        lng=MIROTO[1],
        description="Lubang dalam di Jalan Pemuda depan sekolah, motor sering terjatuh malam hari.",
        email="warga@example.com",
    )
    (answer,) = prepared.response
    ticket = answer["service_request_id"]
    with db.read() as session:
        report = session.scalar(select(Report).where(Report.ticket == ticket.replace("-", "")))
        assert (report.channel, report.status) == ("api", "diterima")
        assert session.scalar(select(ApiSubmission.report_id)) == report.id
    # A wrong key: the spec's 403, nothing written.
    with pytest.raises(HttpError) as refused:
        bot.create_request(
            "jalan_rusak",
            dry_run=False,
            confirm="SEND",
            api_key="pl_bukan",
            lat=MIROTO[0],
            lng=MIROTO[1],
            description="Lubang dalam di Jalan Pemuda depan sekolah, berbahaya.",
        )
    assert refused.value.status == 403 and "api_key" in refused.value.body
    # Pages and API on one port.
    with urllib.request.urlopen(f"{url}/healthz", timeout=10) as health:
        assert health.status == 200
    with urllib.request.urlopen(f"{url}/", timeout=10) as page:
        assert page.status == 200 and b"<html" in page.read(2000).lower()
