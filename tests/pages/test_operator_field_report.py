"""The report page as field staff use it (issue 12, item 15): a neutral action picker, one
clear confirmation per action, a tappable phone where the role may see it, a small map of the
point with maps links, photo previews before saving, and the verifier's duplicate hint."""

from __future__ import annotations

import base64
import io

import pytest
from factories import OPERATOR_PASSWORD, advance, make_operator, make_report, photo_bytes
from operator_app import as_seen, by_key_prefix, open_app, sign_in, submit
from PIL import Image
from public_app import map_component_args

from data_layer.models import Report
from data_layer.states import TRANSITIONS, Role, Status
from data_layer.tickets import format_ticket_code
from ui.i18n import catalog

REPORT_PAGE = "pages/operator_laporan.py"


@pytest.fixture
def team(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.VERIFIKATOR, username="verif")
        make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1")
        report = make_report(session, settings=app_db.settings)
    return report


def report_page(username: str, ticket: str, **query: str):
    at = open_app(REPORT_PAGE, tiket=ticket, **query)
    sign_in(at, username, OPERATOR_PASSWORD)
    assert not at.exception
    return at


def picker(at):
    return by_key_prefix(at.selectbox, "op_act_")


def status_of(db, report_id: int) -> Status:
    with db.read() as session:
        return Status(session.get(Report, report_id).status)


def test_nothing_is_preselected_and_saving_without_a_choice_says_what_to_do(team, app_db):
    at = report_page("verif", team.ticket)
    assert picker(at).value is None
    submit(at, "op_act_")
    assert [w.value for w in at.warning] == ["Pilih tindakan dulu di atas, lalu simpan."]
    assert not at.success
    assert status_of(app_db, team.report_id) is Status.DITERIMA


def test_each_action_confirms_what_happened_in_a_sentence(team, app_db):
    at = report_page("verif", team.ticket)
    picker(at).set_value(Status.DIVERIFIKASI).run()
    submit(at, "op_act_")
    assert [s.value for s in at.success] == ["Laporan diverifikasi."]
    assert status_of(app_db, team.report_id) is Status.DIVERIFIKASI
    assert picker(at).value is None  # the fresh form starts neutral again


def test_the_reminder_speaks_english_with_lang_en(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1")
        report = make_report(session, settings=app_db.settings)
        advance(session, report_id=report.report_id, to=Status.DIPROSES, settings=app_db.settings)
    at = report_page("dpu1", report.ticket, lang="en")
    assert picker(at).value is None
    submit(at, "op_act_")
    assert [w.value for w in at.warning] == ["Choose an action above first, then save."]


def test_every_action_has_its_own_confirmation_in_both_languages():
    reachable = {target for targets in TRANSITIONS.values() for target in targets}
    for action in (*(status.value for status in reachable), "progress"):
        entry = catalog()[f"op.action.done.{action}"]
        assert entry["id"].strip() and entry["en"].strip(), action


def links(at) -> str:
    return "\n".join(str(block.value) for block in at.markdown)


def test_the_verifier_can_tap_the_reporters_phone_and_open_the_spot_in_a_maps_app(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.VERIFIKATOR, username="verif")
        report = make_report(
            session,
            settings=app_db.settings,
            reporter_phone="0812-3456-7890",
            latitude=-6.9876543,
            longitude=110.4123456,
        )
    shown = links(report_page("verif", report.ticket))
    assert "(tel:081234567890)" in shown
    assert "Telepon 0812-3456-7890" in as_seen(shown)
    assert "(geo:-6.987654,110.412346?q=-6.987654,110.412346)" in shown
    assert "https://www.openstreetmap.org/?mlat=-6.987654&mlon=110.412346" in shown


def test_no_phone_link_where_the_role_may_not_see_it_and_no_maps_link_without_a_point(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1")
        report = make_report(
            session, settings=app_db.settings, anonymous=True, latitude=None, longitude=None
        )
        advance(session, report_id=report.report_id, to=Status.DITERUSKAN, settings=app_db.settings)
    at = report_page("dpu1", report.ticket)
    assert "Pelapor memilih anonim" in "\n".join(str(i.value) for i in at.info)
    shown = links(at)
    assert "tel:" not in shown and "81234567890" not in shown
    assert "geo:" not in shown and "openstreetmap.org" not in shown


def test_the_point_shows_on_a_small_map_and_nothing_the_reporter_wrote_goes_into_it(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.VERIFIKATOR, username="verif")
        report = make_report(
            session,
            settings=app_db.settings,
            title="Lubang <b>besar</b> dekat Pak Budi",
            latitude=-6.9876543,
            longitude=110.4123456,
        )
    at = report_page("verif", report.ticket)
    script = map_component_args(at)["script"]
    assert "-6.9876543" in script and "110.4123456" in script
    assert "Budi" not in script and "besar" not in script

    with app_db.write().begin() as session:
        nowhere = make_report(session, settings=app_db.settings, latitude=None, longitude=None)
    assert map_component_args(report_page("verif", nowhere.ticket)) is None


def test_photos_are_previewed_before_saving_and_a_bad_one_is_named_at_once(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1")
        report = make_report(session, settings=app_db.settings)
        advance(session, report_id=report.report_id, to=Status.DIPROSES, settings=app_db.settings)
    at = report_page("dpu1", report.ticket)
    assert picker(at).placeholder == "Pilih tindakan…"
    picker(at).set_value(Status.SELESAI).run()
    uploader = by_key_prefix(at.file_uploader, "op_act_")
    uploader.set_value(
        [
            ("sesudah.jpg", photo_bytes(color=(40, 160, 60)), "image/jpeg"),
            ("catatan.jpg", b"ini bukan foto\n" * 20, "image/jpeg"),
        ]
    ).run()
    assert not at.exception
    assert "Pratinjau" in "\n".join(str(c.value) for c in at.caption)
    previews = [url for image in at.image for url in image.value]
    assert len(previews) == 1  # the good photo, as it will be kept: re-encoded on the server
    header, _, data = previews[0].partition(",")
    assert header.startswith("data:image/")
    with Image.open(io.BytesIO(base64.b64decode(data))) as preview:
        centre = preview.convert("RGB").getpixel((preview.width // 2, preview.height // 2))
    assert all(abs(got - sent) < 10 for got, sent in zip(centre, (40, 160, 60), strict=True))
    assert any("catatan.jpg" in as_seen(str(e.value)) for e in at.error)
    assert status_of(app_db, report.report_id) is Status.DIPROSES  # nothing saved yet


def make_nearby_pair(app_db):
    """A verified (public, open) report, and a new one of the same category at the same spot."""
    with app_db.write().begin() as session:
        make_operator(session, role=Role.VERIFIKATOR, username="verif")
        make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1")
        known = make_report(session, settings=app_db.settings, title="Jalan rusak parah")
        advance(session, report_id=known.report_id, to=Status.DITERUSKAN, settings=app_db.settings)
        new = make_report(session, settings=app_db.settings)
    return known, new


def test_the_verifier_sees_open_reports_of_the_same_kind_nearby(app_db):
    known, new = make_nearby_pair(app_db)
    at = report_page("verif", new.ticket)
    hint = "\n".join(str(w.value) for w in at.warning)
    assert "Mungkin sudah dilaporkan: 1 laporan terbuka" in hint
    assert "Jalan rusak parah" in [text.value for text in at.text]
    link = next(e for e in at.get("page_link") if format_ticket_code(known.ticket) in e.label)
    assert link.proto.query_string == f"tiket={known.ticket}"

    # Once verified, the question is answered: the hint is gone.
    picker(at).set_value(Status.DIVERIFIKASI).run()
    submit(at, "op_act_")
    assert "Mungkin sudah dilaporkan" not in "\n".join(str(w.value) for w in at.warning)


def test_no_duplicate_hint_for_whoever_cannot_verify(app_db):
    known, _ = make_nearby_pair(app_db)
    at = report_page("dpu1", known.ticket)
    assert "Mungkin sudah dilaporkan" not in "\n".join(str(w.value) for w in at.warning)
