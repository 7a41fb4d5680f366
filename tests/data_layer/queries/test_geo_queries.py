"""Map queries on both databases, checked against hand-computed figures."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from factories import advance, category_id, make_report
from shapely.geometry import shape
from sqlalchemy import update

from data_layer.models import Kelurahan, Report
from data_layer.queries.geo import (
    FIGURE_COLUMNS,
    boundaries_cache_key,
    kelurahan_boundaries,
    kelurahan_figures,
    kelurahan_panel,
    public_report_density,
    public_report_points,
)
from data_layer.queries.public import ReportFilter
from data_layer.states import Kind, Status

NOW = dt.datetime(2025, 6, 2, 3, 0)  # Monday 10:00 WIB
MIROTO = "3374011001"
BRUMBUNGAN = "3374011002"
SEMARANG_TENGAH = "337401"


def _report(session, settings, *, received, status=None, days=None, **overrides):
    submitted = make_report(session, settings=settings, now=received, **overrides)
    if status is not None and status is not Status.DITERIMA:
        advance(session, report_id=submitted.report_id, to=status, settings=settings)
    if days is not None:
        session.execute(
            update(Report).where(Report.id == submitted.report_id).values(resolve_working_days=days)
        )
    return submitted


@pytest.fixture
def scenario(db):
    """Miroto: 6 public reports (3 fixed: 2, 4, 9 days; 1 overdue; 1 on time; 1 rejected),
    plus an unverified and a confidential one that must never count.
    Brumbungan: 2 fixed (1 and 3 days) and one awaiting information."""
    early, late = dt.datetime(2025, 3, 3, 2), dt.datetime(2025, 5, 28, 2)
    with db.write().begin() as s:
        settings = db.settings
        _report(s, settings, received=early, status=Status.SELESAI, days=2.0, title="Satu fixed")
        _report(s, settings, received=early, status=Status.DITUTUP, days=4.0)
        _report(s, settings, received=early, status=Status.SELESAI, days=9.0)
        _report(s, settings, received=early, status=Status.DIPROSES)  # due in March: overdue
        _report(s, settings, received=late, status=Status.DITERUSKAN)  # due mid-June
        _report(s, settings, received=late, status=Status.DITOLAK, title="Laporan ditolak xyz")
        _report(s, settings, received=late, title="Belum diverifikasi")
        _report(
            s,
            settings,
            received=late,
            status=Status.SELESAI,
            days=50.0,
            confidential=True,
            title="Rahasia sekali",
        )
        _report(
            s, settings, received=early, status=Status.SELESAI, days=1.0, kelurahan_code=BRUMBUNGAN
        )
        _report(
            s,
            settings,
            received=late,
            status=Status.SELESAI,
            days=3.0,
            kelurahan_code=BRUMBUNGAN,
            kind=Kind.ASPIRASI,
            category_id=category_id(s, "drainase"),
        )
        _report(s, settings, received=late, status=Status.PERLU_INFO, kelurahan_code=BRUMBUNGAN)
    return db


def _row(frame, code):
    return frame.set_index("code").loc[code]


def test_figures_per_kelurahan_match_hand_computed_values(scenario):
    with scenario.read() as session:
        frame = kelurahan_figures(session, report_filter=ReportFilter(), now=NOW)
        area = session.get(Kelurahan, MIROTO).area_km2
    assert list(frame.columns) == FIGURE_COLUMNS
    assert len(frame) == 177
    miroto = _row(frame, MIROTO)
    assert miroto["name"] == "Miroto" and miroto["kecamatan"] == "Semarang Tengah"
    assert miroto.reports == 6
    assert miroto.resolved == 3
    assert miroto.share_resolved == pytest.approx(0.5)
    assert miroto.median_days == pytest.approx(4.0)  # odd count: the middle one
    assert miroto.overdue_now == 1
    assert miroto.reports_per_km2 == pytest.approx(6 / area)
    assert bool(miroto.approximate) is True
    brumbungan = _row(frame, BRUMBUNGAN)
    assert (brumbungan.reports, brumbungan.resolved) == (2, 2)
    assert brumbungan.median_days == pytest.approx(2.0)  # even count: mean of 1 and 3
    assert brumbungan.overdue_now == 0
    quiet = frame[~frame.code.isin([MIROTO, BRUMBUNGAN])]
    assert (quiet.reports == 0).all() and quiet.share_resolved.isna().all()
    assert quiet.median_days.isna().all() and (quiet.reports_per_km2 == 0).all()
    assert frame.reports.sum() == 8  # unverified, perlu_info and confidential never count


def test_overdue_depends_on_the_moment_passed_in(scenario):
    with scenario.read() as session:
        before_any_due = kelurahan_figures(
            session, report_filter=ReportFilter(), now=dt.datetime(2025, 3, 4)
        )
        much_later = kelurahan_figures(
            session, report_filter=ReportFilter(), now=dt.datetime(2026, 1, 1)
        )
    assert _row(before_any_due, MIROTO).overdue_now == 0
    assert _row(much_later, MIROTO).overdue_now == 2  # the forwarded one is late too by then


def test_figures_follow_the_filter(scenario):
    with scenario.read() as session:
        aspirasi = kelurahan_figures(session, report_filter=ReportFilter(kind="aspirasi"), now=NOW)
        may = kelurahan_figures(
            session,
            report_filter=ReportFilter(start=dt.date(2025, 5, 1), end=dt.date(2025, 5, 31)),
            now=NOW,
        )
        district = kelurahan_figures(
            session, report_filter=ReportFilter(kecamatan_code=SEMARANG_TENGAH), now=NOW
        )
        one = kelurahan_figures(
            session, report_filter=ReportFilter(kelurahan_code=BRUMBUNGAN), now=NOW
        )
    assert _row(aspirasi, BRUMBUNGAN).reports == 1 and _row(aspirasi, MIROTO).reports == 0
    assert _row(may, MIROTO).reports == 2  # forwarded + rejected, received 28 May
    assert set(district.kecamatan_code) == {SEMARANG_TENGAH}
    assert 0 < len(district) < 177 and MIROTO in set(district.code)
    assert list(one.code) == [BRUMBUNGAN] and one.reports.iloc[0] == 2


def test_empty_database_gives_every_kelurahan_with_zero(db):
    with db.read() as session:
        frame = kelurahan_figures(session, report_filter=ReportFilter(), now=NOW)
    assert len(frame) == 177
    assert frame.reports.sum() == 0 and frame.share_resolved.isna().all()


def test_boundaries_are_valid_polygons_flagged_approximate(db):
    with db.read() as session:
        boundaries = kelurahan_boundaries(session)
    assert len(boundaries) == 177
    miroto = next(b for b in boundaries if b.code == MIROTO)
    assert (miroto.name, miroto.kecamatan) == ("Miroto", "Semarang Tengah")
    assert miroto.approximate and miroto.area_km2 > 0
    geometry = shape(json.loads(miroto.geojson))
    assert geometry.is_valid and geometry.geom_type in ("Polygon", "MultiPolygon")


def test_boundaries_cache_key_changes_when_a_boundary_changes(db):
    with db.read() as session:
        before = boundaries_cache_key(session)
        assert boundaries_cache_key(session) == before
    with db.write().begin() as session:
        kelurahan = session.get(Kelurahan, MIROTO)
        kelurahan.boundary_approximate = False
        kelurahan.boundary_source = "OpenStreetMap"
    with db.read() as session:
        assert boundaries_cache_key(session) != before


def test_panel_shows_figures_top_categories_and_latest_public_reports(scenario):
    with scenario.read() as session:
        panel = kelurahan_panel(
            session, kelurahan_code=MIROTO, report_filter=ReportFilter(), now=NOW, latest=3
        )
        brumbungan = kelurahan_panel(
            session, kelurahan_code=BRUMBUNGAN, report_filter=ReportFilter(), now=NOW
        )
        unknown = kelurahan_panel(
            session, kelurahan_code="9999999999", report_filter=ReportFilter(), now=NOW
        )
    assert unknown is None
    assert (panel.name, panel.kecamatan, panel.approximate) == ("Miroto", "Semarang Tengah", True)
    assert panel.figures.reports == 6 and panel.figures.overdue_now == 1
    assert panel.figures.median_days == pytest.approx(4.0)
    assert [(c.code, c.reports) for c in panel.top_categories] == [("jalan_rusak", 6)]
    titles = [r.title for r in panel.latest_reports]
    assert len(titles) == 3
    # Counted above, but a report rejected before verification is never listed.
    assert "Laporan ditolak xyz" not in titles
    assert "Belum diverifikasi" not in titles and "Rahasia sekali" not in titles
    received = [r.received_at for r in panel.latest_reports]
    assert received == sorted(received, reverse=True)
    # a tie is broken by category code
    assert [(c.code, c.reports) for c in brumbungan.top_categories] == [
        ("drainase", 1),
        ("jalan_rusak", 1),
    ]


def test_panel_ignores_a_kecamatan_filter_for_the_chosen_kelurahan(scenario):
    with scenario.read() as session:
        panel = kelurahan_panel(
            session,
            kelurahan_code=MIROTO,
            report_filter=ReportFilter(kecamatan_code="337402"),
            now=NOW,
        )
    assert panel.figures.reports == 6


def test_points_are_public_newest_first_and_limited(scenario):
    with scenario.read() as session:
        all_points = public_report_points(session, report_filter=ReportFilter(), limit=100)
        few = public_report_points(session, report_filter=ReportFilter(), limit=2)
        brumbungan = public_report_points(
            session, report_filter=ReportFilter(kelurahan_code=BRUMBUNGAN), limit=100
        )
    assert len(all_points) == 7
    titles = {p.title for p in all_points}
    assert "Rahasia sekali" not in titles and "Belum diverifikasi" not in titles
    # Rejected before verification: counted in the figures, never mapped.
    assert "Laporan ditolak xyz" not in titles
    assert len(few) == 2 and {p.title for p in few} <= titles
    # the two newest listed (received 28 May) come first
    assert sorted(p.status for p in few) == ["diteruskan", "selesai"]
    assert len(brumbungan) == 2
    assert all(-7.2 < p.latitude < -6.8 and 110.2 < p.longitude < 110.6 for p in all_points)


def test_density_grid_counts_every_located_public_report_once(scenario):
    with scenario.read() as session:
        cells = public_report_density(session, report_filter=ReportFilter(), cell_deg=0.002)
        filtered = public_report_density(
            session, report_filter=ReportFilter(kelurahan_code=BRUMBUNGAN)
        )
    # The rejected-before-verification report is not binned (its point is content).
    assert sum(c.reports for c in cells) == 7
    # every report sits on its kelurahan's centroid: two cells, 5 and 2
    assert sorted(c.reports for c in cells) == [2, 5]
    assert sum(c.reports for c in filtered) == 2
    miroto = next(c for c in cells if c.reports == 5)
    with scenario.read() as session:
        centre = session.get(Kelurahan, MIROTO)
        assert abs(miroto.latitude - centre.centroid_lat) <= 0.001
        assert abs(miroto.longitude - centre.centroid_lon) <= 0.001


def test_anonymous_reporters_points_are_blurred_like_the_open_data(db):
    exact = (-6.987654321, 110.412345678)
    with db.write().begin() as s:
        for anonymous in (False, True):
            submitted = make_report(
                s,
                settings=db.settings,
                now=dt.datetime(2025, 5, 5, 2),
                anonymous=anonymous,
                latitude=exact[0],
                longitude=exact[1],
                title=f"anonim={anonymous}",
            )
            advance(s, report_id=submitted.report_id, to=Status.DIVERIFIKASI, settings=db.settings)
    with db.read() as s:
        points = {
            p.title: p for p in public_report_points(s, report_filter=ReportFilter(), limit=10)
        }
    named, anonymous = points["anonim=False"], points["anonim=True"]
    assert (named.latitude, named.longitude) == pytest.approx(exact, abs=1e-9)
    assert (anonymous.latitude, anonymous.longitude) == pytest.approx((-6.988, 110.412), abs=1e-9)
    assert isinstance(anonymous.latitude, float)


def test_heat_cells_are_binned_from_public_points(db):
    """Two anonymous reports whose exact points straddle a heat-cell edge fall in one cell.

    Their public points are the same (rounded to ~110 m), so the heat layer must
    not tell them apart: binning the exact points would split them.
    """
    with db.write().begin() as s:
        # -6.983 is the edge between two 0.002° cells; both round to it publicly.
        for latitude in (-6.9829, -6.9831):
            _report(
                s,
                db.settings,
                received=dt.datetime(2025, 5, 5, 2),
                status=Status.DIVERIFIKASI,
                anonymous=True,
                latitude=latitude,
                longitude=110.412,
            )
    with db.read() as s:
        cells = public_report_density(s, report_filter=ReportFilter(), cell_deg=0.002)
    assert [c.reports for c in cells] == [2]


def test_every_kelurahan_median_is_the_window_function_median(db):
    """The per-kelurahan walks (one statement run per kelurahan on SQLite, one LATERAL
    statement on PostgreSQL) give exactly the median a window function numbers out."""
    from dataclasses import replace

    from sqlalchemy import select

    from data_layer.demo import seed_demo
    from data_layer.queries.percentiles import median_query
    from data_layer.queries.public import public_where
    from data_layer.queries.status import is_fixed

    seed_demo(db.engine, reports=400, seed=5, photo_sample=5)
    with db.read() as session:
        for report_filter in (ReportFilter(), ReportFilter(kind=Kind.ADUAN.value)):
            frame = kelurahan_figures(session, report_filter=report_filter, now=NOW)
            assert frame.median_days.notna().sum() > 50  # the demo resolves reports all over
            for code, median in zip(frame.code, frame.median_days, strict=True):
                one_place = replace(report_filter, kelurahan_code=code)
                base = public_where(select(), one_place).where(is_fixed())
                expected = session.scalar(median_query(base, Report.resolve_working_days))
                if expected is None:
                    assert median != median  # NaN: nothing resolved there
                else:
                    assert median == pytest.approx(float(expected), abs=1e-9), code
