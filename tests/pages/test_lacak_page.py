"""The ticket tracking page under AppTest."""

from __future__ import annotations

import pytest
from public_app import (
    CONFIDENTIAL_TITLE,
    SECRETS,
    UNVERIFIED_TITLE,
    XSS,
    assert_nothing_private,
    assert_payloads_inert,
    everything_shown,
    populate,
    run_page,
)
from sqlalchemy import select

from data_layer.config import get_settings
from data_layer.demo import seed_demo
from data_layer.models import ThrottleCounter
from data_layer.throttle import ticket_lookups_per_address
from data_layer.tickets import ALPHABET, format_ticket_code, new_ticket_code


def mistyped(ticket: str) -> str:
    """The code with one character changed: exactly what the check character catches."""
    replacement = next(ch for ch in ALPHABET if ch != ticket[3])
    return ticket[:3] + replacement + ticket[4:]


def test_without_a_code_the_page_explains_what_to_do(app_db):
    at = run_page("lacak")
    assert not at.exception
    assert at.text_input(key="lacak.tiket").value == ""
    assert any("kode tiket" in c.value.lower() for c in at.caption)


def test_public_ticket_shows_timeline_sla_content_and_photos(app_db):
    tickets = populate(app_db)
    code = format_ticket_code(tickets["resolved"])
    at = run_page("lacak", tiket=code.lower())  # typed in lower case, still found
    assert not at.exception
    assert at.subheader[0].value == f"Tiket {code}"
    assert ":green-badge[Selesai]" in [m.value for m in at.markdown]
    feeds = [b.proto.url for b in at.get("link_button") if b.proto.url.startswith("/feeds/")]
    assert feeds == [f"/feeds/tiket/{code}.atom"]
    sla = at.table[0].value
    assert list(sla.iloc[:, 0]) == [
        "Verifikasi oleh Diskominfo",
        "Tanggapan pertama OPD",
        "Penyelesaian",
    ]
    assert set(sla.iloc[:, 3]) == {"Tepat waktu"}
    assert "WIB" in sla.iloc[0, 1]
    notes = [t.value for t in at.text]
    assert f"Catatan {XSS} [klik hadiah](javascript:alert(1))" in notes  # as plain text
    assert any("Lama di status ini" in c.value for c in at.caption)
    photos = [img for element in at.get("image") for img in element.proto.imgs]
    assert [p.caption.split(" · ")[0] for p in photos] == ["Sebelum", "Sesudah"]
    assert all(p.alt.strip() for p in photos)
    shown = everything_shown(at)
    assert "Verifikator Diskominfo" in shown and "Petugas OPD" in shown


def test_english_deep_link(app_db):
    tickets = populate(app_db)
    at = run_page("lacak", tiket=format_ticket_code(tickets["in_progress"]), lang="en")
    assert not at.exception
    assert at.title[0].value == "Track a ticket"
    assert ":blue-badge[In progress]" in [m.value for m in at.markdown]
    assert list(at.table[0].value.columns) == ["Step", "Due", "Done", "Result"]


def test_typing_a_code_puts_it_in_the_url(app_db):
    tickets = populate(app_db)
    at = run_page("lacak")
    raw = tickets["resolved"].lower()
    at.text_input(key="lacak.tiket").input(f" {raw[:5]} {raw[5:]} ")
    at.button[0].click().run()
    assert at.query_params["tiket"] == format_ticket_code(tickets["resolved"])
    assert at.subheader[0].value == f"Tiket {format_ticket_code(tickets['resolved'])}"


def test_a_typo_an_unknown_code_and_a_short_code_get_different_clear_messages(app_db):
    tickets = populate(app_db)
    typo = run_page("lacak", tiket=mistyped(tickets["resolved"]))
    assert not typo.exception
    assert "Sepertinya ada salah ketik" in typo.error[0].value
    assert "karakter pemeriksa" not in typo.error[0].value  # no jargon for citizens
    short = run_page("lacak", tiket="7QM2R-T9K")
    assert "10 karakter" in short.error[0].value and "berisi 8" in short.error[0].value
    unknown = run_page("lacak", tiket=format_ticket_code(new_ticket_code()))  # never issued
    assert not unknown.error
    assert "tidak ada laporan dengan kode ini" in unknown.warning[0].value
    assert unknown.warning[0].value.startswith("Format kode")
    for at in (typo, short, unknown):
        assert at.subheader == [] or "Tiket" not in at.subheader[0].value


def test_confidential_and_unverified_tickets_show_progress_but_no_content(app_db):
    tickets = populate(app_db)
    hidden = run_page("lacak", tiket=format_ticket_code(tickets["confidential"]))
    waiting = run_page("lacak", tiket=format_ticket_code(tickets["unverified"]))
    for at in (hidden, waiting):
        assert not at.exception
        assert not list(at.get("image"))
        shown = everything_shown(at)
        assert CONFIDENTIAL_TITLE not in shown and UNVERIFIED_TITLE not in shown
        assert "Uraian" not in shown and "Lubang besar" not in shown
        assert len(at.table) == 1  # the SLA table is still there
    assert "rahasia" in hidden.info[0].value
    assert ":green-badge[Selesai]" in [m.value for m in hidden.markdown]
    assert "belum diverifikasi" in waiting.info[0].value
    assert ":violet-badge[Diterima]" in [m.value for m in waiting.markdown]


@pytest.mark.parametrize(
    "role", ["resolved", "in_progress", "confidential", "unverified", "anonymous"]
)
def test_no_private_data_and_payloads_stay_inert(app_db, role):
    tickets = populate(app_db)
    at = run_page("lacak", tiket=tickets[role])
    assert not at.exception
    assert_nothing_private(at)
    assert_payloads_inert(at)
    assert SECRETS[4] not in everything_shown(at)  # internal notes


def test_demo_tickets_of_every_status_render(app_db):
    seed_demo(app_db.engine, reports=200, seed=9, photo_sample=20)
    with app_db.read() as session:
        from sqlalchemy import func, select

        from data_layer.models import Report

        rows = session.execute(
            select(Report.status, func.min(Report.ticket)).group_by(Report.status)
        ).all()
    assert len(rows) >= 6
    for status, ticket in rows:
        at = run_page("lacak", tiket=ticket)
        assert not at.exception, status
        assert at.subheader[0].value == f"Tiket {format_ticket_code(ticket)}"


def test_walking_through_codes_is_throttled_per_address_across_sessions(app_db):
    # Issue 8, finding 14: ticket lookups were unlimited. Each fresh session
    # (a script's new connection) counts against the same address.
    limit = ticket_lookups_per_address(get_settings()).limit
    for _ in range(limit):
        at = run_page("lacak", tiket=format_ticket_code(new_ticket_code()))
        assert at.warning and not at.error
    at = run_page("lacak", tiket=format_ticket_code(new_ticket_code()))
    assert at.error[0].value.startswith("Terlalu banyak kode tiket dicari")


def test_reruns_of_one_ticket_count_once(app_db):
    tickets = populate(app_db)
    at = run_page("lacak", tiket=format_ticket_code(tickets["resolved"]))
    for _ in range(3):
        at = at.run()
    with app_db.read() as session:
        assert session.scalar(select(ThrottleCounter.hits)) == 1
