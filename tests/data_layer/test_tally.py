"""The rollups (data_layer/tally.py) stay exact through every kind of write, and every
summary read from them agrees with a full recount of the reports, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import (
    category_id,
    kelurahan_code,
    make_report,
    move,
    opd_id,
    reach,
)
from pandas.testing import assert_frame_equal
from sqlalchemy import delete, func, select, text, update

from data_layer.commands import default_opd_id
from data_layer.models import Category, Kelurahan, Photo, Report
from data_layer.queries import gallery, geo, opd_profile, open_data, scorecard, status
from data_layer.queries.public import ReportFilter
from data_layer.queries.rollup import public_counts
from data_layer.states import Channel, Kind, PhotoKind, Status
from data_layer.tally import TALLIES, rebuild_report_tally, tally_ready, tally_suspended

NOW = dt.datetime(2025, 6, 20, 3)
DAY = dt.timedelta(days=1)


def _other_kelurahan(session) -> str:
    """A kelurahan in another kecamatan than the factories' default (Miroto)."""
    home = session.get(Kelurahan, kelurahan_code(session))
    return session.scalar(
        select(Kelurahan.code)
        .where(Kelurahan.kecamatan_code != home.kecamatan_code)
        .order_by(Kelurahan.code)
        .limit(1)
    )


def seed(session, settings) -> dict[str, int]:
    """Reports over five months, two kecamatan, two categories, kinds and channels."""
    other = _other_kelurahan(session)
    pothole, lamp = category_id(session), category_id(session, "lampu_pju")
    plan = [
        ("closed", dt.datetime(2025, 1, 10, 2), Status.DITUTUP, {"anonymous": True}),
        ("resolved", dt.datetime(2025, 1, 31, 18), Status.SELESAI, {"kelurahan_code": other}),
        ("processing", dt.datetime(2025, 2, 14, 2), Status.DIPROSES, {"category_id": lamp}),
        ("rejected", dt.datetime(2025, 3, 3, 2), Status.DITOLAK, {"channel": Channel.WHATSAPP}),
        ("forwarded", dt.datetime(2025, 3, 28, 2), Status.DITERUSKAN, {"kind": Kind.ASPIRASI}),
        ("reopened", dt.datetime(2025, 4, 2, 2), Status.DIBUKA_KEMBALI, {"kelurahan_code": other}),
        ("archived", dt.datetime(2025, 4, 9, 2), Status.ARSIP, {}),
        ("verified", dt.datetime(2025, 5, 5, 2), Status.DIVERIFIKASI, {"category_id": pothole}),
        ("secret", dt.datetime(2025, 2, 2, 2), Status.SELESAI, {"confidential": True}),
        ("unverified", dt.datetime(2025, 5, 20, 2), Status.DITERIMA, {}),
        ("late", dt.datetime(2025, 4, 30, 20), Status.SELESAI, {"channel": Channel.WHATSAPP}),
    ]
    ids = {}
    for name, received, target, overrides in plan:
        report_id = make_report(session, settings=settings, now=received, **overrides).report_id
        reach(session, report_id=report_id, status=target, settings=settings)
        ids[name] = report_id
    return ids


def write_every_way(session, settings, ids: dict[str, int]) -> None:
    """Inserts, transitions, a reopening, archiving, and raw-SQL edits nobody told the rollups of."""
    # An insert and a whole workflow.
    fresh = make_report(session, settings=settings, now=dt.datetime(2025, 5, 12, 2)).report_id
    reach(session, report_id=fresh, status=Status.SELESAI, settings=settings)
    # A reopening of a resolved report, and the OPD back at work on it.
    moment = session.get(Report, ids["resolved"]).updated_at
    move(
        session,
        report_id=ids["resolved"],
        to=Status.DIBUKA_KEMBALI,
        settings=settings,
        now=moment + DAY,
    )
    move(
        session,
        report_id=ids["resolved"],
        to=Status.DIPROSES,
        settings=settings,
        now=moment + 2 * DAY,
    )
    # Archiving a closed report.
    moment = session.get(Report, ids["closed"]).updated_at
    move(session, report_id=ids["closed"], to=Status.ARSIP, settings=settings, now=moment + DAY)
    # Raw SQL: a place, a receipt moment, a category, confidentiality, an OPD.
    session.execute(
        update(Report)
        .where(Report.id == ids["processing"])
        .values(kelurahan_code=_other_kelurahan(session), received_at=dt.datetime(2025, 1, 30, 20))
    )
    session.execute(
        update(Report)
        .where(Report.id == ids["forwarded"])
        .values(category_id=category_id(session, "lampu_pju"))
    )
    session.execute(update(Report).where(Report.id == ids["secret"]).values(confidential=False))
    session.execute(update(Report).where(Report.id == ids["verified"]).values(confidential=True))
    session.execute(
        update(Report).where(Report.id == ids["rejected"]).values(opd_id=opd_id(session))
    )
    # Raw SQL on photos: a proof deleted, one moved to another report, one turned "before".
    late_proof = session.scalar(
        select(Photo.id).where(Photo.report_id == ids["late"], Photo.kind == PhotoKind.AFTER.value)
    )
    session.execute(delete(Photo).where(Photo.id == late_proof))
    fresh_proof = session.scalar(select(Photo.id).where(Photo.report_id == fresh))
    session.execute(update(Photo).where(Photo.id == fresh_proof).values(report_id=ids["reopened"]))
    session.execute(
        text("UPDATE photo SET kind = 'before' WHERE report_id = :id AND kind = 'after'"),
        {"id": ids["closed"]},
    )
    # Raw SQL on a report not yet forwarded: its category now routes to a kecamatan
    # office, then its place moves (the responsible OPD follows both).
    waiting = make_report(session, settings=settings, now=dt.datetime(2025, 3, 9, 2)).report_id
    routed = session.scalar(
        select(Category.id).where(Category.routes_to_kecamatan.is_(True)).order_by(Category.id)
    )
    session.execute(update(Report).where(Report.id == waiting).values(category_id=routed))
    session.execute(
        update(Report).where(Report.id == waiting).values(kelurahan_code=_other_kelurahan(session))
    )
    # Raw SQL on a point: moved, and one report's point taken away.
    session.execute(
        update(Report)
        .where(Report.id == ids["late"])
        .values(latitude=Report.latitude + 0.01, longitude=Report.longitude - 0.01)
    )
    session.execute(update(Report).where(Report.id == ids["reopened"]).values(latitude=None))
    # And a responsible OPD written directly is put back.
    session.execute(update(Report).where(Report.id == fresh).values(responsible_opd_id=None))
    # A deleted report (history first: foreign keys).
    session.execute(
        text("DELETE FROM status_history WHERE report_id = :id"), {"id": ids["unverified"]}
    )
    session.execute(delete(Photo).where(Photo.report_id == ids["unverified"]))
    session.execute(delete(Report).where(Report.id == ids["unverified"]))


@pytest.fixture
def written(db):
    with db.write().begin() as session:
        ids = seed(session, db.settings)
    with db.write().begin() as session:
        write_every_way(session, db.settings, ids)
    return db, ids


def _rollup_rows(session) -> dict[str, set[tuple]]:
    return {
        tally.table: {
            tuple(row)
            for row in session.execute(text(f"SELECT * FROM {tally.table} WHERE reports <> 0"))
        }
        for tally in TALLIES
    }


def test_rollups_and_photo_counts_match_a_full_recount_after_every_kind_of_write(written):
    db, ids = written
    with db.write().begin() as session:
        assert tally_ready(session)
        maintained = _rollup_rows(session)
        wrong_counts = session.scalar(
            select(func.count())
            .select_from(Report)
            .where(
                Report.after_photos
                != select(func.count())
                .where(Photo.report_id == Report.id, Photo.kind == PhotoKind.AFTER.value)
                .scalar_subquery()
            )
        )
        responsible = {
            report.id: (
                report.responsible_opd_id,
                report.opd_id
                or default_opd_id(
                    session, category_id=report.category_id, kelurahan_code=report.kelurahan_code
                ),
            )
            for report in session.scalars(select(Report))
        }
        rebuild_report_tally(session.connection())
        rebuilt = _rollup_rows(session)
        proofs = dict(session.execute(select(Report.id, Report.after_photos)).tuples().all())
    assert wrong_counts == 0
    # Every report's responsible OPD is the one its OPD, category and place give.
    assert {i: kept for i, (kept, expected) in responsible.items() if kept != expected} == {}
    assert all(kept is not None for kept, _ in responsible.values())
    assert maintained == rebuilt
    assert all(rows for rows in rebuilt.values())
    # The moved proof counts for its new report; the turned and deleted ones for nobody.
    assert (proofs[ids["reopened"]], proofs[ids["late"]], proofs[ids["closed"]]) == (2, 0, 0)


def _filters(session) -> dict[str, ReportFilter]:
    home = session.get(Kelurahan, kelurahan_code(session))
    lamp = category_id(session, "lampu_pju")
    return {
        "none": ReportFilter(),
        "whole months": ReportFilter(start=dt.date(2025, 2, 1), end=dt.date(2025, 4, 30)),
        "odd days": ReportFilter(start=dt.date(2025, 1, 31), end=dt.date(2025, 4, 30)),
        "inside one month": ReportFilter(start=dt.date(2025, 4, 1), end=dt.date(2025, 4, 29)),
        "open start": ReportFilter(end=dt.date(2025, 3, 30)),
        "kecamatan": ReportFilter(kecamatan_code=home.kecamatan_code),
        "kelurahan, odd days": ReportFilter(
            kelurahan_code=home.code, start=dt.date(2025, 1, 5), end=dt.date(2025, 5, 15)
        ),
        "category": ReportFilter(category_id=lamp),
        "kind and channel": ReportFilter(kind="aduan", channel="whatsapp"),
        "opd": ReportFilter(opd_id=opd_id(session)),
        "days, kecamatan, category": ReportFilter(
            start=dt.date(2025, 1, 20),
            end=dt.date(2025, 5, 3),
            kecamatan_code=home.kecamatan_code,
            category_id=category_id(session),
        ),
        "kelurahan and channel": ReportFilter(kelurahan_code=home.code, channel="website"),
    }


# Filters no rollup can answer: they scan reports both ways (still compared).
UNANSWERED = {"kelurahan and channel"}


def _summaries(session, report_filter: ReportFilter) -> dict:
    dims = ("category", "channel", "kind", "opd", "kecamatan")
    page = gallery.before_after_pairs(session, report_filter=report_filter, page=1, page_size=60)
    return {
        "headline": status.headline_figures(session, report_filter=report_filter, now=NOW),
        "trend": status.monthly_trend(session, report_filter=report_filter),
        **{
            f"by {dim}": table
            for dim, table in status.breakdowns(
                session, report_filter=report_filter, dimensions=dims
            ).items()
        },
        "kelurahan": geo.kelurahan_figures(session, report_filter=report_filter, now=NOW),
        "count": open_data.public_report_count(session, report_filter=report_filter),
        "gallery total": gallery.gallery_total(session, report_filter=report_filter),
        "gallery page": [pair.ticket for pair in page.items],
        "heat": geo.public_report_density(session, report_filter=report_filter),
        **{
            f"scorecard by {granularity}": scorecard.opd_scorecard(
                session, report_filter=report_filter, granularity=granularity, now=NOW
            )
            for granularity in ("month", "quarter", "all")
        },
        **_one_opd(session, report_filter),
    }


def _one_opd(session, report_filter: ReportFilter) -> dict:
    """One OPD's page: its headline, trend and breakdowns (rollups where they answer)."""
    dpu = opd_id(session)
    return {
        "one OPD": scorecard.opd_summary(session, opd_id=dpu, report_filter=report_filter, now=NOW),
        "one OPD by month": scorecard.opd_monthly_counts(
            session, opd_id=dpu, report_filter=report_filter
        ),
        **{
            f"one OPD by {dimension}": opd_profile.opd_breakdown(
                session, opd_id=dpu, report_filter=report_filter, dimension=dimension
            )
            for dimension in ("category", "kelurahan")
        },
    }


def test_every_summary_agrees_with_a_full_recount(written):
    db, _ids = written
    with db.write().begin() as session:
        filters = _filters(session)
        from_rollups = {name: _summaries(session, f) for name, f in filters.items()}
        answered = {
            name: public_counts(session, report_filter=f, keys=["status"]) is not None
            for name, f in filters.items()
        }
        with tally_suspended(session.connection()):  # no rollup: every figure scans reports
            recounted = {name: _summaries(session, f) for name, f in filters.items()}
    assert answered == {name: name not in UNANSWERED for name in filters}
    for name in filters:
        for figure, value in from_rollups[name].items():
            expected = recounted[name][figure]
            if hasattr(value, "columns"):
                assert_frame_equal(value, expected, obj=f"{name}: {figure}")
            else:
                assert value == expected, f"{name}: {figure}"
    # The figures are not all empty: the filters select something.
    assert from_rollups["none"]["count"] == 7  # listed: the rejected one is counted, not listed
    assert from_rollups["odd days"]["gallery total"] >= 1
    assert from_rollups["whole months"]["scorecard by month"]["received"].sum() >= 3
    assert from_rollups["none"]["one OPD"]["received"].sum() >= 3
    assert from_rollups["odd days"]["one OPD by category"]["reports"].sum() >= 1
    assert sum(cell.reports for cell in from_rollups["none"]["heat"]) >= 5
