"""Open311 GeoReport v2 over HTTP (Starlette's TestClient): reads, posts, errors, privacy."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import func, select

from data_layer.api_keys import create_api_key, revoke_api_key
from data_layer.config import get_settings
from data_layer.models import ApiSubmission, Report, StatusHistory
from data_layer.throttle import ticket_lookups_per_address
from data_layer.tickets import format_ticket_code, new_ticket_code
from tests.api.conftest import ANONYMOUS_ADDRESS, EXACT_POINT, PRIVATE, SECRET_TITLE

# The element names of a request in the GeoReport v2 specification, in order.
SPEC_REQUEST_ELEMENTS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
SPEC_SERVICE_ELEMENTS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
MIROTO = (-6.9834567, 110.4187654)
OUTSIDE = (-6.2, 106.8)  # Jakarta


def _assert_no_private_value(text: str) -> None:
    for secret in (*PRIVATE, ANONYMOUS_ADDRESS, SECRET_TITLE, "BELUM-DIVERIFIKASI"):
        assert secret not in text


def test_services_list_our_categories_in_json_and_xml(client):
    services = client.get("/api/v2/services.json").json()
    by_code = {s["service_code"]: s for s in services}
    assert by_code["jalan_rusak"]["service_name"] and by_code["jalan_rusak"]["metadata"] is False
    assert by_code["jalan_rusak"]["group"] == "DPU"
    xml = ET.fromstring(client.get("/api/v2/services.xml").content)
    assert xml.tag == "services"
    assert {s.findtext("service_code") for s in xml.findall("service")} == set(by_code)
    assert [child.tag for child in xml.find("service")] == SPEC_SERVICE_ELEMENTS
    definition = client.get("/api/v2/services/jalan_rusak.xml")
    assert ET.fromstring(definition.content).findtext("service_code") == "jalan_rusak"
    assert client.get("/api/v2/services/jalan_rusak.json").json()["attributes"] == []
    missing = client.get("/api/v2/services/tidak_ada.json")
    assert missing.status_code == 404
    assert missing.json()[0]["code"] == 404 and "tidak_ada" in missing.json()[0]["description"]
    assert client.get("/api/v2/services.csv").status_code == 404
    discovery = client.get("/api/v2/discovery.json").json()
    assert discovery["endpoints"][0]["url"].endswith("/api/v2")


def test_requests_show_public_reports_only_with_the_spec_fields(db, client, machine_data):
    tickets = machine_data.tickets
    response = client.get("/api/v2/requests.json")
    assert response.status_code == 200
    _assert_no_private_value(response.text)
    found = {r["service_request_id"]: r for r in response.json()}
    # The default window is the last 90 days; never a confidential or unverified report.
    assert set(found) == {
        format_ticket_code(tickets[r]) for r in ("named", "resolved", "anonymous")
    }
    named = found[format_ticket_code(tickets["named"])]
    assert list(named) == SPEC_REQUEST_ELEMENTS
    assert named["status"] == "open" and named["status_notes"] == "Status diproses"
    assert named["requested_datetime"].endswith("+07:00")
    assert named["agency_responsible"] and named["service_code"] == "jalan_rusak"
    assert (named["lat"], named["long"]) == pytest.approx(EXACT_POINT)
    assert named["media_url"].startswith("http://testserver/foto/")
    assert client.get(named["media_url"]).headers["content-type"] == "image/jpeg"
    assert found[format_ticket_code(tickets["resolved"])]["status"] == "closed"
    anonymous = found[format_ticket_code(tickets["anonymous"])]
    assert (anonymous["lat"], anonymous["long"]) == (-6.983, 110.419)  # blurred to ~100 m
    assert anonymous["address"].startswith("Kel. ")  # the typed address is left out
    # The same answer in XML, with the spec's element names.
    root = ET.fromstring(client.get("/api/v2/requests.xml").content)
    assert root.tag == "service_requests"
    assert {r.findtext("service_request_id") for r in root.findall("request")} == set(found)
    assert all([c.tag for c in r] == SPEC_REQUEST_ELEMENTS for r in root.findall("request"))


def test_request_parameters_narrow_the_answer(client, machine_data):
    tickets = machine_data.tickets

    def ids(**params):
        response = client.get("/api/v2/requests.json", params=params)
        assert response.status_code == 200, response.text
        return {r["service_request_id"] for r in response.json()}

    resolved = format_ticket_code(tickets["resolved"])
    assert ids(status="closed") == {resolved}
    assert resolved not in ids(status="open")
    assert ids(service_code="lampu_pju,jalan_rusak") >= {resolved}
    assert ids(service_code="tidak_ada") == set()
    # Explicit ids override the window; private tickets stay invisible.
    asked = ",".join(format_ticket_code(tickets[r]) for r in ("old", "secret", "unverified"))
    assert ids(service_request_id=asked) == {format_ticket_code(tickets["old"])}
    assert len(ids(page_size="1")) == 1
    assert ids(page_size="2", page="2") | ids(page_size="2", page="1") == ids()
    for params, fragment in (
        ({"status": "lost"}, "status"),
        ({"start_date": "kemarin"}, "start_date"),
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-12-31T00:00:00Z"}, "90"),
        ({"page_size": "5000"}, "page_size"),
        ({"service_request_id": "NOT-A-TICKET"}, "service_request_id"),
    ):
        response = client.get("/api/v2/requests.xml", params={**params, "lang": "en"})
        assert response.status_code == 400
        error = ET.fromstring(response.content).find("error")
        assert error.findtext("code") == "400" and fragment in error.findtext("description")


def test_one_request_and_not_public_answers_alike(client, machine_data):
    named = format_ticket_code(machine_data.tickets["named"])
    (record,) = client.get(f"/api/v2/requests/{named}.json").json()
    assert record["service_request_id"] == named
    secret = client.get(
        f"/api/v2/requests/{format_ticket_code(machine_data.tickets['secret'])}.json"
    )
    unknown = client.get("/api/v2/requests/7QM2R-T9KXH.json")
    assert secret.status_code == unknown.status_code == 404
    assert SECRET_TITLE not in secret.text


# --- POST -----------------------------------------------------------------------------


@pytest.fixture
def api_key(api_db) -> str:
    with api_db.write().begin() as session:
        return create_api_key(session, name="bot-uji")


def _form(key: str, **overrides) -> dict[str, str]:
    fields = {
        "api_key": key,
        "service_code": "jalan_rusak",
        "lat": str(MIROTO[0]),
        "long": str(MIROTO[1]),
        "description": "Lubang besar di Jalan Pemuda depan sekolah, sudah dua minggu belum ditambal.",
        "first_name": "Siti",
        "last_name": "Privasiunik",
        "email": "siti.privasi@example.com",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def _counts(database) -> tuple[int, int, int]:
    with database.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Report)),
            session.scalar(select(func.count()).select_from(StatusHistory)),
            session.scalar(select(func.count()).select_from(ApiSubmission)),
        )


def test_a_posted_report_enters_as_a_web_submission_does(db, client, api_key):
    response = client.post("/api/v2/requests.json", data=_form(api_key))
    assert response.status_code == 200, response.text
    (answer,) = response.json()
    ticket = answer["service_request_id"]
    with db.read() as session:
        report = session.scalar(select(Report).where(Report.ticket == ticket.replace("-", "")))
        assert (report.channel, report.status, report.kind) == ("api", "diterima", "aduan")
        assert (
            report.reporter_name == "Siti Privasiunik" and report.verify_due_at > report.received_at
        )
        assert report.title.startswith("Lubang besar di Jalan Pemuda")
        assert report.kelurahan_code == "3374011001"
    assert _counts(db) == (1, 1, 1)
    # Not verified yet: not public, so the API does not show it.
    assert client.get(f"/api/v2/requests/{ticket}.json").status_code == 404


def test_a_posted_xml_or_json_body_is_accepted(client, api_key):
    xml = "<request>" + "".join(f"<{k}>{v}</{k}>" for k, v in _form(api_key).items()) + "</request>"
    response = client.post(
        "/api/v2/requests.xml", content=xml.encode(), headers={"content-type": "text/xml"}
    )
    assert response.status_code == 200, response.text
    ticket = ET.fromstring(response.content).find("request").findtext("service_request_id")
    assert len(ticket) == 11 and ticket[5] == "-"
    response = client.post("/api/v2/requests.json", json=_form(api_key))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("status", "overrides", "fragment"),
    [
        (403, {"api_key": "pl_salah"}, "api_key"),
        (403, {"api_key": None}, "api_key"),
        (400, {"service_code": "tidak_ada"}, "service_code"),
        (400, {"lat": str(OUTSIDE[0]), "long": str(OUTSIDE[1])}, "outside the city"),
        (400, {"lat": None, "long": None}, "lat/long"),
        (400, {"description": None}, "description"),
        (400, {"description": "pendek"}, "description"),
        (400, {"email": "bukan-email"}, "email"),
    ],
)
def test_a_refused_post_says_why_and_writes_nothing(
    client, api_key, api_db, status, overrides, fragment
):
    response = client.post("/api/v2/requests.json?lang=en", data=_form(api_key, **overrides))
    assert response.status_code == status
    assert any(fragment in error["description"] for error in response.json())
    assert all(error["code"] == status for error in response.json())
    assert _counts(api_db) == (0, 0, 0)


def test_malformed_oversized_and_revoked(client, api_key, api_db):
    for body, content_type in ((b"{not json", "application/json"), (b"<request><a>", "text/xml")):
        response = client.post(
            "/api/v2/requests.json", content=body, headers={"content-type": content_type}
        )
        assert (
            response.status_code == 400
            and "tidak dapat dibaca" in response.json()[0]["description"]
        )
    entity_bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]><request><a>&a;</a></request>'
    )
    response = client.post(
        "/api/v2/requests.json", content=entity_bomb, headers={"content-type": "text/xml"}
    )
    assert response.status_code == 400
    big = _form(api_key, description="x" * (get_settings().api_max_body_bytes + 10))
    response = client.post("/api/v2/requests.xml", data=big)
    assert response.status_code == 413
    assert ET.fromstring(response.content).find("error").findtext("code") == "413"
    with api_db.write().begin() as session:
        assert revoke_api_key(session, name="bot-uji")
    assert client.post("/api/v2/requests.json", data=_form(api_key)).status_code == 403
    assert _counts(api_db) == (0, 0, 0)


def test_posts_are_limited_per_key(db, client, api_key, monkeypatch):
    monkeypatch.setenv("PANTAU_API_POSTS_PER_KEY_PER_HOUR", "2")
    get_settings.cache_clear()
    with db.write().begin() as session:
        other_key = create_api_key(session, name="bot-lain")
    assert [
        client.post("/api/v2/requests.json", data=_form(api_key)).status_code for _ in range(3)
    ] == [200, 200, 429]
    refused = client.post("/api/v2/requests.json?lang=en", data=_form(api_key))
    assert refused.status_code == 429 and "2 reports" in refused.json()[0]["description"]
    assert refused.headers["retry-after"]
    # The limit is per key: another key still files.
    assert client.post("/api/v2/requests.json", data=_form(other_key)).status_code == 200
    assert _counts(db)[0] == 3


def test_json_and_xml_errors_have_the_spec_shape(client):
    response = client.get("/api/v2/requests/7QM2R-T9KXH.xml")
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and [c.tag for c in root.find("error")] == ["code", "description"]
    assert json.loads(client.get("/api/v2/requests/7QM2R-T9KXH.json").text)[0]["code"] == 404


def test_looking_up_tickets_one_by_one_is_limited_per_address(client):
    limit = ticket_lookups_per_address(get_settings()).limit
    for _ in range(limit):
        guess = format_ticket_code(new_ticket_code())
        assert client.get(f"/api/v2/requests/{guess}.json").status_code == 404
    refused = client.get(f"/api/v2/requests/{format_ticket_code(new_ticket_code())}.json")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
