"""Before/after gallery queries on both databases."""

from __future__ import annotations

import datetime as dt
import io

from factories import advance, make_report, prepared_photo
from PIL import Image

from data_layer.commands import attach_photo
from data_layer.models import Photo, Report
from data_layer.photos import DatabasePhotoStore
from data_layer.queries.gallery import before_after_pairs, photo_bytes
from data_layer.queries.public import ReportFilter
from data_layer.states import Kind, PhotoKind, Status

START = dt.datetime(2025, 4, 1, 2)


def _resolved(session, settings, *, hours: int, with_before: bool = True, **overrides):
    photos = (prepared_photo(settings, color=(200, 30, 30)),) if with_before else ()
    submitted = make_report(
        session,
        settings=settings,
        now=START + dt.timedelta(hours=hours),
        photos=photos,
        **overrides,
    )
    advance(session, report_id=submitted.report_id, to=Status.SELESAI, settings=settings)
    return submitted


def _keys(session, ticket):
    report = session.query(Report).filter_by(ticket=ticket).one()
    return [
        (p.kind, p.image_key, p.thumb_key)
        for p in session.query(Photo).filter_by(report_id=report.id)
    ]


def test_pairs_show_resolved_public_reports_with_before_and_after(db):
    with db.write().begin() as s:
        shown = _resolved(s, db.settings, hours=0, title="Jalan sudah ditambal")
        no_before = _resolved(s, db.settings, hours=1, with_before=False)
        _resolved(s, db.settings, hours=2, confidential=True, title="Rahasia dengan foto")
        in_progress = make_report(
            s, settings=db.settings, now=START, photos=(prepared_photo(db.settings),)
        )
        advance(s, report_id=in_progress.report_id, to=Status.DIPROSES, settings=db.settings)
    with db.read() as s:
        page = before_after_pairs(s, report_filter=ReportFilter(), page=1, page_size=10)
        keys = _keys(s, shown.ticket)
    assert page.total == 2 and page.pages == 1
    tickets = [item.ticket for item in page.items]
    assert tickets == [no_before.ticket, shown.ticket]  # latest resolution first
    item = page.items[1]
    assert item.title == "Jalan sudah ditambal"
    assert (
        item.category_name_id and item.kelurahan == "Miroto" and item.kecamatan == "Semarang Tengah"
    )
    assert item.opd_short_name == "DPU"
    assert item.resolved_at > item.received_at and item.resolve_working_days is not None
    before = next(k for k in keys if k[0] == PhotoKind.BEFORE.value)
    after = next(k for k in keys if k[0] == PhotoKind.AFTER.value)
    assert (item.before.image_key, item.before.thumb_key) == before[1:]
    assert (item.after.image_key, item.after.thumb_key) == after[1:]
    assert page.items[0].before is None and page.items[0].after is not None


def test_latest_after_photo_and_first_before_photo_are_chosen(db):
    with db.write().begin() as s:
        submitted = _resolved(s, db.settings, hours=0)
        report = s.get(Report, submitted.report_id)
        store = DatabasePhotoStore(s)
        later = attach_photo(
            s,
            report=report,
            prepared=prepared_photo(db.settings, color=(0, 0, 255)),
            kind=PhotoKind.AFTER,
            history=None,
            store=store,
            now=START + dt.timedelta(days=30),
        )
        attach_photo(
            s,
            report=report,
            prepared=prepared_photo(db.settings, color=(0, 255, 0)),
            kind=PhotoKind.BEFORE,
            history=None,
            store=store,
            now=START + dt.timedelta(days=30),
        )
        s.flush()
        later_key = later.image_key
    with db.read() as s:
        item = before_after_pairs(s, report_filter=ReportFilter()).items[0]
        first_before = min(
            (p for p in s.query(Photo).filter_by(report_id=submitted.report_id, kind="before")),
            key=lambda p: p.id,
        )
    assert item.after.image_key == later_key
    assert item.before.image_key == first_before.image_key


def test_pagination_and_filters(db):
    with db.write().begin() as s:
        tickets = [_resolved(s, db.settings, hours=i, with_before=False).ticket for i in range(5)]
        aspirasi = _resolved(s, db.settings, hours=10, with_before=False, kind=Kind.ASPIRASI)
    with db.read() as s:
        first = before_after_pairs(s, report_filter=ReportFilter(), page=1, page_size=2)
        third = before_after_pairs(s, report_filter=ReportFilter(), page=3, page_size=2)
        beyond = before_after_pairs(s, report_filter=ReportFilter(), page=99, page_size=2)
        only_aspirasi = before_after_pairs(s, report_filter=ReportFilter(kind="aspirasi"))
        other_place = before_after_pairs(s, report_filter=ReportFilter(kelurahan_code="3374011002"))
    assert first.total == 6 and first.pages == 3
    assert [i.ticket for i in first.items] == [aspirasi.ticket, tickets[4]]
    assert [i.ticket for i in third.items] == [tickets[1], tickets[0]]
    assert beyond.page == 3 and [i.ticket for i in beyond.items] == [tickets[1], tickets[0]]
    assert [i.ticket for i in only_aspirasi.items] == [aspirasi.ticket]
    assert other_place.total == 0 and other_place.items == [] and other_place.pages == 1


def test_photo_bytes_only_for_public_reports(db):
    with db.write().begin() as s:
        public = _resolved(s, db.settings, hours=0)
        secret = _resolved(s, db.settings, hours=1, confidential=True)
        unverified = make_report(
            s, settings=db.settings, now=START, photos=(prepared_photo(db.settings),)
        )
    with db.read() as s:
        public_keys = _keys(s, public.ticket)
        secret_keys = _keys(s, secret.ticket)
        unverified_keys = _keys(s, unverified.ticket)
        for _, image_key, thumb_key in public_keys:
            for key in (image_key, thumb_key):
                content = photo_bytes(s, key=key)
                assert content is not None and content.content_type == "image/jpeg"
                with Image.open(io.BytesIO(content.data)) as image:
                    image.load()
        # Keys are content addresses: an identical image also in a public report
        # may be served (nothing private is learnt); every other key answers None.
        shown = {key for _, image_key, thumb_key in public_keys for key in (image_key, thumb_key)}
        private = {
            key
            for _, image_key, thumb_key in secret_keys + unverified_keys
            for key in (image_key, thumb_key)
        } - shown
        assert private
        for key in private:
            assert photo_bytes(s, key=key) is None
        assert photo_bytes(s, key="no-such-key") is None


def test_empty_database_gives_an_empty_first_page(db):
    with db.read() as s:
        page = before_after_pairs(s, report_filter=ReportFilter(), page=5)
    assert (page.total, page.page, page.pages, page.items) == (0, 1, 1, [])
