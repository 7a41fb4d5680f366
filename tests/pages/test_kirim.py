"""The submission page, driven through Streamlit's AppTest over a real database."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from factories import advance, category_id, make_report, photo_bytes
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from data_layer.commands import check_followup_code, utcnow
from data_layer.config import get_settings
from data_layer.models import Kelurahan, Photo, Report, StatusHistory
from data_layer.states import Status
from data_layer.throttle import CITY_KEY, allow_rule, submissions_citywide
from data_layer.tickets import format_ticket_code
from ui import submission as form

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "kirim.py")
MIROTO = "3374011001"
BRUMBUNGAN = "3374011002"
TITLE = "Jalan berlubang di depan SD Miroto"
DESCRIPTION = "Lubang selebar satu meter di tengah jalan, sudah dua motor jatuh minggu ini."


def open_page(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def as_seen(markdown: str) -> str:
    """What a reader sees of Markdown source: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at: AppTest) -> list[str]:
    return [as_seen(e.value) for e in at.error]


def report_count(database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Report))


def fill_valid(at: AppTest, database, **overrides) -> AppTest:
    with database.read() as session:
        jalan = category_id(session)
    values = {
        form.CATEGORY: jalan,
        form.KELURAHAN: MIROTO,
        form.TITLE: TITLE,
        form.DESCRIPTION: DESCRIPTION,
        form.NAME: "Budi Santoso",
        form.PHONE: "0812-3456-7890",
        form.EMAIL: "budi@example.com",
    }
    values.update(overrides)
    for key, value in values.items():
        if key in (form.CATEGORY, form.KELURAHAN):
            at.selectbox(key=key).set_value(value)
        elif key == form.DESCRIPTION:
            at.text_area(key=key).input(value)
        elif key in (form.ANONYMOUS, form.CONFIDENTIAL):
            at.checkbox(key=key).set_value(value)
        elif key == form.KIND:
            at.radio(key=key).set_value(value)
        else:
            at.text_input(key=key).input(value)
    return at


def click_submit(at: AppTest) -> AppTest:
    return at.button(key=form.SUBMIT).click().run()


def test_the_form_renders_in_indonesian_and_in_english(app_db):
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Kirim laporan"
    assert at.text_input(key=form.TITLE).label == "Judul *"
    assert at.radio(key=form.KIND).options == ["Aduan", "Aspirasi", "Permintaan informasi"]
    assert at.checkbox(key=form.ANONYMOUS).label == "Anonim"
    captions = " ".join(c.value for c in at.caption)
    assert "termasuk dinas (OPD)" in captions  # anonim, in plain words
    assert "tidak pernah ditampilkan di halaman publik" in captions  # rahasia
    assert at.file_uploader(key=form.PHOTOS).accept_multiple_files
    assert set(at.file_uploader(key=form.PHOTOS).allowed_type) >= {".jpg", ".png", ".webp"}

    en = open_page("en")
    assert not en.exception
    assert en.title[0].value == "Submit a report"
    assert en.text_input(key=form.TITLE).label == "Title *"
    assert en.selectbox(key=form.KELURAHAN).label == "Kelurahan (urban village) *"
    assert en.button(key=form.SUBMIT).label == "Submit report"


def test_missing_fields_each_get_their_message_and_nothing_is_saved(app_db):
    at = click_submit(open_page())
    assert not at.exception
    shown = errors(at)
    for message in (
        "Pilih kategori.",
        "Pilih kelurahan, atau klik lokasinya di peta.",
        "Tulis judul laporan.",
        "Ceritakan masalahnya di uraian.",
    ):
        assert message in shown
    assert any("periksa 4 isian" in m for m in shown)
    assert report_count(app_db) == 0


def test_too_short_texts_name_the_limit_and_the_current_length(app_db):
    at = fill_valid(open_page(), app_db, **{form.TITLE: "Lubang", form.DESCRIPTION: "Ada lubang."})
    at = click_submit(at)
    shown = errors(at)
    assert "Terlalu pendek: minimal 10 karakter (sekarang 6)." in shown
    assert "Terlalu pendek: minimal 20 karakter (sekarang 11)." in shown
    assert report_count(app_db) == 0


def test_bad_phone_and_email_are_explained_in_the_current_language(app_db):
    at = fill_valid(open_page(), app_db, **{form.PHONE: "12345", form.EMAIL: "budi@"})
    at = click_submit(at)
    shown = errors(at)
    assert "Nomor HP tidak dikenali. Tulis nomor Indonesia, mis. 0812-3456-7890." in shown
    assert "Alamat email tidak valid, mis. nama@contoh.id." in shown
    assert report_count(app_db) == 0

    en = fill_valid(open_page("en"), app_db, **{form.PHONE: "+1 650 253 0000"})
    en = click_submit(en)
    assert "Phone number not recognised. Use an Indonesian number, e.g. 0812-3456-7890." in errors(
        en
    )


def test_coordinates_outside_the_city_or_unreadable_are_refused(app_db):
    at = fill_valid(open_page(), app_db, **{form.LOCATION: "-6.2088, 106.8456"}).run()  # Jakarta
    assert "berada di luar Kota Semarang" in " ".join(w.value for w in at.warning)
    at = click_submit(at)
    assert (
        "Titik ini berada di luar Kota Semarang. Pilih titik di dalam kota, atau kosongkan."
        in errors(at)
    )
    at.text_input(key=form.LOCATION).input("di depan pasar")
    at = click_submit(at)
    assert any(m.startswith("Koordinat tidak dikenali") for m in errors(at))
    assert report_count(app_db) == 0


def test_typed_coordinates_fill_the_kelurahan_which_the_citizen_can_correct(app_db):
    with app_db.read() as session:
        brumbungan = session.get(Kelurahan, BRUMBUNGAN)
        point = f"{brumbungan.centroid_lat:.6f}, {brumbungan.centroid_lon:.6f}"
    at = open_page()
    at.text_input(key=form.LOCATION).input(point).run()
    assert at.selectbox(key=form.KELURAHAN).value == BRUMBUNGAN
    assert any("Kelurahan Brumbungan" in c.value for c in at.caption)
    # Approximate boundaries: the citizen knows better and corrects it.
    at = fill_valid(at, app_db, **{form.KELURAHAN: MIROTO, form.LOCATION: point})
    at = click_submit(at)
    assert not errors(at)
    with app_db.read() as session:
        report = session.scalars(select(Report)).one()
    assert report.kelurahan_code == MIROTO
    assert (report.latitude, report.longitude) == pytest.approx(
        (brumbungan.centroid_lat, brumbungan.centroid_lon), abs=1e-6
    )


def test_a_valid_submission_creates_one_report_and_shows_the_ticket(app_db, db):
    with app_db.read() as session:
        miroto = session.get(Kelurahan, MIROTO)
        point = f"{miroto.centroid_lat:.6f}, {miroto.centroid_lon:.6f}"
        jalan = category_id(session)
    at = fill_valid(
        open_page(),
        app_db,
        **{
            form.KIND: "aspirasi",
            form.LOCATION: point,
            form.ADDRESS: "Jl. Pemuda 12",
            form.CONFIDENTIAL: True,
        },
    )
    at = click_submit(at)
    assert not at.exception and not errors(at)

    with app_db.read() as session:
        report = session.scalars(select(Report)).one()
        history = session.scalars(select(StatusHistory)).all()
        assert check_followup_code(session, report_id=report.id, code=at.code[1].value)
    assert report.status == Status.DITERIMA.value
    assert report.kind == "aspirasi" and report.channel == "website"
    assert report.category_id == jalan
    assert (report.title, report.description) == (TITLE, DESCRIPTION)
    assert report.kelurahan_code == MIROTO and report.address == "Jl. Pemuda 12"
    assert report.reporter_phone == "+6281234567890"
    assert report.reporter_email == "budi@example.com"
    assert report.reporter_name == "Budi Santoso"
    assert report.confidential is True and report.anonymous is False
    assert report.latitude == pytest.approx(miroto.centroid_lat, abs=1e-6)
    assert [h.to_status for h in history] == [Status.DITERIMA.value]

    shown_code = format_ticket_code(report.ticket)
    assert at.header[0].value == shown_code
    assert at.code[0].value == shown_code
    assert any(f"lacak?tiket={format_ticket_code(report.ticket)}" in m.value for m in at.markdown)
    assert len(at.code[1].value) == 14  # the follow-up code, shown once, in groups of four
    assert "hanya ditampilkan sekali" in at.warning[0].value


def test_a_repeated_submission_of_the_same_form_creates_no_second_report(app_db):
    at = click_submit(fill_valid(open_page(), app_db))
    first_ticket = at.header[0].value
    assert report_count(app_db) == 1
    # The browser sends the same form again (a double click, a retry after a
    # dropped connection): same session, same form instance.
    del at.session_state[form.RESULT]
    del at.query_params["tiket"]  # the form's page, as it was when the click was sent
    at = click_submit(fill_valid(at.run(), app_db))
    assert not at.exception
    assert report_count(app_db) == 1
    assert at.header[0].value == first_ticket
    assert any("tidak dibuat laporan ganda" in i.value for i in at.info)
    assert len(at.code) == 1  # the follow-up code is not shown again


def test_another_report_starts_a_fresh_form_instance(app_db):
    at = click_submit(fill_valid(open_page(), app_db))
    first_key = at.session_state[form.SUBMISSION_KEY]
    at = at.button(key=form.ANOTHER).click().run()
    assert at.text_input(key=form.TITLE).value == ""
    assert at.session_state[form.SUBMISSION_KEY] != first_key
    at = click_submit(fill_valid(at, app_db, **{form.TITLE: "Lampu jalan mati di Jl. Pemuda"}))
    assert report_count(app_db) == 2


def test_a_refused_photo_is_named_and_nothing_typed_is_lost(app_db):
    at = fill_valid(open_page(), app_db)
    at.file_uploader(key=form.PHOTOS).set_value(
        [
            ("jalan.jpg", photo_bytes(), "image/jpeg"),
            ("catatan.jpg", b"ini bukan foto, hanya teks biasa\n" * 20, "image/jpeg"),
        ]
    )
    at = click_submit(at)
    assert not at.exception
    assert "Berkas \u201ccatatan.jpg\u201d bukan foto." in errors(at)
    assert report_count(app_db) == 0
    assert at.text_input(key=form.TITLE).value == TITLE
    assert at.text_area(key=form.DESCRIPTION).value == DESCRIPTION
    assert at.text_input(key=form.PHONE).value == "0812-3456-7890"
    assert at.selectbox(key=form.KELURAHAN).value == MIROTO

    # Remove the refused file; the rest goes through with the good photo.
    at.file_uploader(key=form.PHOTOS).set_value([("jalan.jpg", photo_bytes(), "image/jpeg")])
    at = click_submit(at)
    assert not errors(at)
    with app_db.read() as session:
        report = session.scalars(select(Report)).one()
        photos = session.scalars(select(Photo).where(Photo.report_id == report.id)).all()
    assert report.title == TITLE
    assert [p.kind for p in photos] == ["before"]


def test_photo_refusals_are_explained_per_file(app_db):
    png_named_jpg = photo_bytes(fmt="PNG")
    truncated = photo_bytes(size=(1200, 900))[:2000]
    oversized = b"\xff\xd8\xff" + bytes(10 * 1024 * 1024)
    at = fill_valid(open_page("en"), app_db)
    at.file_uploader(key=form.PHOTOS).set_value(
        [
            ("a.jpg", png_named_jpg, "image/jpeg"),
            ("b.jpg", truncated, "image/jpeg"),
            ("c*[x](http://evil).jpg", b"text", "image/jpeg"),
        ]
    )
    at = click_submit(at)
    shown = errors(at)
    assert "The content of \u201ca.jpg\u201d does not match its file extension." in shown
    assert "Photo \u201cb.jpg\u201d is damaged or incomplete." in shown
    # The file name is shown as text, never as a link or formatting.
    assert "File \u201cc*[x](http://evil).jpg\u201d is not a photo." in shown
    raw = next(e.value for e in at.error if "is not a photo" in e.value)
    assert "\\[x\\]\\(http" in raw and "\\*" in raw

    at.file_uploader(key=form.PHOTOS).set_value([("big.jpg", oversized, "image/jpeg")])
    assert "Photo \u201cbig.jpg\u201d is too large (max 10 MB)." in errors(click_submit(at))

    four = [(f"{n}.jpg", photo_bytes(), "image/jpeg") for n in "abcd"]
    at.file_uploader(key=form.PHOTOS).set_value(four)
    at = click_submit(at)
    assert "At most 3 photos; remove 1." in errors(at)
    assert report_count(app_db) == 0


def test_the_honeypot_pretends_success_and_stores_nothing(app_db):
    at = fill_valid(open_page(), app_db, **{form.HONEYPOT: "http://spam.example"})
    at = click_submit(at)
    assert not at.exception
    assert at.success[0].value == "Laporan Anda sudah diterima"
    assert len(at.header[0].value) == 11  # looks like a real ticket code
    assert report_count(app_db) == 0


def test_the_rate_limit_holds_across_sessions_and_keeps_what_it_typed(app_db, monkeypatch):
    # A new tab (a new browser session) used to start from zero (issue 8, finding 6):
    # the limit now lives in the database, per client address.
    monkeypatch.setenv("PANTAU_SUBMISSIONS_PER_ADDRESS_PER_HOUR", "2")
    get_settings.cache_clear()
    for n in range(2):
        at = click_submit(fill_valid(open_page(), app_db, **{form.TITLE: f"{TITLE} nomor {n}"}))
        assert not errors(at)
    at = click_submit(fill_valid(open_page(), app_db, **{form.TITLE: f"{TITLE} nomor 3"}))
    assert report_count(app_db) == 2
    assert any(m.startswith("Sudah banyak laporan dikirim dari jaringan Anda") for m in errors(at))
    assert at.text_input(key=form.TITLE).value == f"{TITLE} nomor 3"


def test_the_city_wide_ceiling_stops_a_flood_from_many_addresses(app_db, monkeypatch):
    monkeypatch.setenv("PANTAU_SUBMISSIONS_PER_HOUR", "1")
    get_settings.cache_clear()
    with app_db.write().begin() as session:  # one report from another address this hour
        assert allow_rule(session, submissions_citywide(get_settings()), key=CITY_KEY)
    at = click_submit(fill_valid(open_page("en"), app_db))
    assert report_count(app_db) == 0
    assert any(m.startswith("An unusually large number of reports") for m in errors(at))
    assert at.text_area(key=form.DESCRIPTION).value == DESCRIPTION


def test_hammering_the_send_button_is_limited_before_any_photo_is_decoded(app_db, monkeypatch):
    monkeypatch.setenv("PANTAU_SUBMISSIONS_PER_ADDRESS_PER_HOUR", "1")  # 6 checks / 10 min
    get_settings.cache_clear()
    at = fill_valid(open_page(), app_db, **{form.TITLE: "pendek"})  # invalid: never saved
    for _ in range(6):
        at = click_submit(at)
        assert any("Minimal" in m or "minimal" in m for m in errors(at))
    at = click_submit(at)
    assert any(m.startswith("Sudah banyak laporan dikirim") for m in errors(at))


def test_possible_duplicates_are_shown_before_saving(app_db):
    with app_db.write().begin() as session:
        miroto = session.get(Kelurahan, MIROTO)
        point = f"{miroto.centroid_lat:.6f}, {miroto.centroid_lon:.6f}"
        existing = make_report(
            session,
            settings=app_db.settings,
            now=utcnow() - dt.timedelta(days=2),
            title="Jalan rusak parah dekat pasar",
        )
        advance(
            session,
            report_id=existing.report_id,
            to=Status.DITERUSKAN,
            settings=app_db.settings,
            step=dt.timedelta(hours=2),
        )
        # A confidential one at the same spot must never be offered.
        hidden = make_report(
            session, settings=app_db.settings, confidential=True, title="Rahasia: jalan rusak"
        )
        advance(
            session, report_id=hidden.report_id, to=Status.DIVERIFIKASI, settings=app_db.settings
        )
    at = click_submit(fill_valid(open_page(), app_db, **{form.LOCATION: point}))
    assert not at.exception
    assert report_count(app_db) == 2  # nothing new yet
    assert "Mungkin sudah ada yang melaporkan hal ini" in [s.value for s in at.subheader]
    texts = [x.value for x in at.text]
    assert "Jalan rusak parah dekat pasar" in texts
    assert "Rahasia: jalan rusak" not in texts
    assert any(f"lacak?tiket={format_ticket_code(existing.ticket)}" in m.value for m in at.markdown)
    assert not any(
        f"lacak?tiket={format_ticket_code(hidden.ticket)}" in m.value for m in at.markdown
    )

    at = at.button(key=form.SUBMIT_ANYWAY).click().run()
    assert not errors(at)
    assert report_count(app_db) == 3
    assert at.success[0].value == "Laporan Anda sudah diterima"


def test_a_failed_write_shows_a_plain_message_and_keeps_the_form(app_db):
    # A real database refusal (as from a full disk), not a mock.
    with app_db.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_reports BEFORE INSERT ON report "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    at = fill_valid(open_page(), app_db)
    at.file_uploader(key=form.PHOTOS).set_value([("jalan.jpg", photo_bytes(), "image/jpeg")])
    at = click_submit(at)
    assert not at.exception
    assert errors(at) == [
        "Maaf, laporan belum tersimpan karena gangguan sistem. Isian Anda tetap di "
        "formulir; silakan coba kirim lagi."
    ]
    assert at.text_area(key=form.DESCRIPTION).value == DESCRIPTION
    with app_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Photo)) == 0
    assert report_count(app_db) == 0
