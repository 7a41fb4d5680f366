"""The markup audit on the operator pages: a reporter's words (and an operator's) render
as plain text there too, with the same one escaper (ui.widgets.inert) as public pages."""

from __future__ import annotations

from factories import OPERATOR_PASSWORD, make_operator, make_report
from operator_app import go, open_app, sign_in
from test_public_privacy import (
    BOLD,
    IMG,
    MD_LINK,
    SCRIPT,
    Shown,
    assert_user_text_inert,
    shown_on,
)

from data_layer.commands import Actor, add_progress_update, transition
from data_layer.states import Role, Status
from data_layer.tickets import format_ticket_code

PAYLOAD = f"Jalan {IMG} {SCRIPT} {MD_LINK} {BOLD}"
# Option labels of a selectbox are drawn as plain text (the queue's report picker shows
# titles there); everything else goes through the public pages' audit unchanged.
PLAIN_TEXT_HERE = {"selectbox"}


def audit(at, view: str) -> Shown:
    shown = shown_on(at)
    kept = [(kind, text) for kind, text in shown.parts if kind not in PLAIN_TEXT_HERE]
    assert_user_text_inert(Shown(kept, shown.tables, shown.maps), view)
    return shown


def test_operator_pages_render_user_text_inert(app_db):
    with app_db.write().begin() as session:
        operator = make_operator(session, role=Role.ADMIN, username="admin1")
        report = make_report(
            session,
            settings=app_db.settings,
            title=PAYLOAD,
            description=f"{PAYLOAD}\nbaris kedua {BOLD}",
            address=PAYLOAD,
            reporter_name=f"Budi {BOLD}",
        )
        actor = Actor.operator(operator_id=operator.id, role=Role.ADMIN)
        transition(
            session,
            report_id=report.report_id,
            to=Status.DIVERIFIKASI,
            actor=actor,
            settings=app_db.settings,
            public_note=PAYLOAD,
            internal_note=PAYLOAD,
        )
        add_progress_update(
            session, report_id=report.report_id, actor=actor, public_note=f"Catatan {MD_LINK}"
        )
    at = open_app("pages/operator_antrian.py")
    sign_in(at, "admin1", OPERATOR_PASSWORD)
    assert not at.exception
    audit(at, "operator queue")
    at.query_params["tiket"] = format_ticket_code(report.ticket)
    go(at, "pages/operator_laporan.py")
    assert not at.exception
    shown = audit(at, "operator report page")
    assert "baris kedua" in shown.everything(), "the report page did not open the report"
