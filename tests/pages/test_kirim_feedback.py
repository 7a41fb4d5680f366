"""Feedback after pressing send: the first problem in view, and the duplicates decision."""

from __future__ import annotations

import datetime as dt

from factories import advance, make_report
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest
from test_kirim import MIROTO, click_submit, fill_valid, open_page, report_count

from data_layer.citizen_models import ReportSupporter
from data_layer.commands import utcnow
from data_layer.models import Kelurahan
from data_layer.states import Status
from data_layer.tickets import format_ticket_code
from ui import submission as form
from ui.submission_duplicates import SUPPORT_PREFIX

TRACKING_PAGE = form.__file__.replace("ui/submission.py", "pages/lacak.py")


def focus_scripts(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "scrollIntoView" in h.proto.body]


def test_a_failed_send_scrolls_to_and_focuses_the_first_problem(app_db):
    at = click_submit(open_page())
    [script] = focus_scripts(at)
    assert '".st-key-kirim-category"' in script  # the first field with a problem
    assert "focus(" in script

    at = fill_valid(at, app_db, **{form.TITLE: "ab"})  # only the title is wrong now
    at = click_submit(at)
    [script] = focus_scripts(at)
    assert '".st-key-kirim-title"' in script
    # Typing on afterwards does not pull the page back to the field.
    at = at.run()
    assert focus_scripts(at) == []


def nearby_report(database):
    with database.write().begin() as session:
        miroto = session.get(Kelurahan, MIROTO)
        existing = make_report(
            session,
            settings=database.settings,
            now=utcnow() - dt.timedelta(days=2),
            title="Jalan rusak parah dekat pasar",
        )
        advance(
            session,
            report_id=existing.report_id,
            to=Status.DITERUSKAN,
            settings=database.settings,
            step=dt.timedelta(hours=2),
        )
    return existing, f"{miroto.centroid_lat:.6f}, {miroto.centroid_lon:.6f}"


def supporters(database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(ReportSupporter))


def test_the_duplicates_panel_is_the_only_choice_and_me_too_follows_the_report(app_db):
    existing, point = nearby_report(app_db)
    at = click_submit(fill_valid(open_page(), app_db, **{form.LOCATION: point}))
    assert "Mungkin sudah ada yang melaporkan hal ini" in [s.value for s in at.subheader]
    keys = {b.key for b in at.button}
    assert form.SUBMIT not in keys  # one decision: no second send button
    assert form.SUBMIT_ANYWAY in keys
    me_too = at.button(key=f"{SUPPORT_PREFIX}{existing.ticket}")
    assert me_too.label == "Saya juga mengalami ini"

    at = me_too.click().run()
    assert not at.exception
    code = format_ticket_code(existing.ticket)
    assert at.success[0].value == f"Anda tercatat mengalami masalah yang sama dengan laporan {code}"
    assert report_count(app_db) == 1 and supporters(app_db) == 1

    # Counted publicly, as a number, on the report's tracking page.
    track = AppTest.from_file(TRACKING_PAGE, default_timeout=60)
    track.query_params["tiket"] = code
    track.run()
    assert "1 warga juga mengalami ini" in [c.value for c in track.caption]

    # A second citizen (another session, another form) adds one more.
    again = click_submit(fill_valid(open_page(), app_db, **{form.LOCATION: point}))
    again.button(key=f"{SUPPORT_PREFIX}{existing.ticket}").click().run()
    assert supporters(app_db) == 2
