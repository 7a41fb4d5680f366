"""The before-and-after gallery under AppTest."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from factories import advance, make_report, prepared_photo
from public_app import assert_nothing_private, assert_payloads_inert, populate, run_page

from data_layer.demo import seed_demo
from data_layer.states import Kind, Status


def images(at):
    return [img for element in at.get("image") for img in element.proto.imgs]


def resolved_reports(database, count: int, prefix: str = "Perbaikan", **overrides) -> list[str]:
    tickets = []
    with database.write().begin() as session:
        for i in range(count):
            submitted = make_report(
                session,
                settings=database.settings,
                now=dt.datetime(2025, 4, 1, 2) + dt.timedelta(hours=i),
                title=f"{prefix} nomor {i:02d}",
                photos=(prepared_photo(database.settings),),
                **overrides,
            )
            advance(
                session,
                report_id=submitted.report_id,
                to=Status.SELESAI,
                settings=database.settings,
            )
            tickets.append(submitted.ticket)
    return tickets


def test_empty_database_says_so(app_db):
    at = run_page("galeri")
    assert not at.exception
    assert any("Belum ada laporan selesai" in info.value for info in at.info)


def test_demo_data_in_both_languages(app_db):
    seed_demo(app_db.engine, reports=300, seed=5, photo_sample=40)
    for lang in ("id", "en"):
        at = run_page("galeri", lang=lang)
        assert not at.exception
        assert images(at), "no photos in the gallery"
        assert all(img.alt.strip() for img in images(at))
    assert at.title[0].value == "Before & after"


def test_cards_show_before_and_after_thumbnails_with_alt_text_and_facts(app_db):
    populate(app_db)
    at = run_page("galeri")
    assert not at.exception
    shown = images(at)
    assert [img.caption for img in shown] == ["Sebelum", "Sesudah"]
    assert shown[0].alt.startswith("Foto sebelum: Jalan rusak") and "Miroto" in shown[0].alt
    assert shown[1].alt.startswith("Foto sesudah (bukti penyelesaian)")
    facts = " ".join(m.value for m in at.markdown)
    assert "Dinas Pekerjaan Umum" in facts and "Semarang Tengah" in facts
    assert any(c.value.startswith("1 laporan selesai") for c in at.caption)


def test_a_tap_on_a_thumbnail_opens_the_full_photo(app_db):
    populate(app_db)
    at = run_page("galeri")
    assert not at.toggle, "no switch to find: the photo itself is the way in"
    elements = at.get("image")
    thumbnails = [img.url for img in images(at)]
    links = [element.proto.link for element in elements]
    assert len(thumbnails) == 2 and all(links)
    assert set(links).isdisjoint(thumbnails)
    # Photos are stable URLs served by any replica (api/photos.py), never bytes in the page.
    assert all(url.startswith("http://localhost:8501/foto/") for url in thumbnails + links)


def pager_links(at) -> list[tuple[str, str]]:
    """(label, URL) of each markdown link to another gallery page."""
    found = []
    for element in at.markdown:
        if "](galeri?" in element.value:
            label, url = element.value[1:-1].split("](")
            found.append((label.replace("\\", ""), url))
    return found


def test_pager_links_under_the_cards_keep_the_filters(app_db):
    resolved_reports(app_db, 20)
    first = run_page("galeri", jenis="aduan", lang="en")
    [(label, url)] = pager_links(first)
    assert label == "Next page ›"
    assert parse_qs(urlsplit(url).query) == {"jenis": ["aduan"], "lang": ["en"], "halaman": ["2"]}
    middle = run_page("galeri", jenis="aduan", halaman="2")
    labels = [label for label, _ in pager_links(middle)]
    assert labels == ["‹ Halaman sebelumnya", "Halaman berikutnya ›"]
    last = run_page("galeri", jenis="aduan", halaman="3")
    assert [label for label, _ in pager_links(last)] == ["‹ Halaman sebelumnya"]


def test_pages_and_filters_come_from_the_url(app_db):
    resolved_reports(app_db, 10)
    aspirasi = resolved_reports(app_db, 1, prefix="Usulan", kind=Kind.ASPIRASI)
    first = run_page("galeri")
    second = run_page("galeri", halaman="2")
    assert not second.exception
    assert second.get("pagination")[0].value == 2
    titles_first = {
        m.value for m in first.markdown if m.value.startswith(("**Perbaikan", "**Usulan"))
    }
    titles_second = {
        m.value for m in second.markdown if m.value.startswith(("**Perbaikan", "**Usulan"))
    }
    assert len(titles_first) == 8 and len(titles_second) == 3
    assert titles_first.isdisjoint(titles_second)
    beyond = run_page("galeri", halaman="99")
    assert not beyond.exception and beyond.get("pagination")[0].value == 1
    only = run_page("galeri", jenis="aspirasi")
    links = [m.value for m in only.markdown if "lacak?tiket=" in m.value]
    assert len(links) == 1 and f"{aspirasi[0][:5]}-{aspirasi[0][5:]}" in links[0]


def test_no_private_data_and_payloads_stay_inert_in_the_gallery(app_db):
    populate(app_db)
    at = run_page("galeri")
    assert not at.exception
    assert_nothing_private(at)
    assert_payloads_inert(at)
    assert any(
        "Jalan \\<img src\\=x onerror\\=alert\\(1\\)\\> rusak"
        in m.value.replace("&lt;", "\\<").replace("&gt;", "\\>")
        for m in at.markdown
    )
