"""Live status queries and the report tally, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import advance, category_id, make_report, opd_actor, opd_id, prepared_photo
from sqlalchemy import delete, select, update

from data_layer.commands import transition
from data_layer.models import Report, ReportTally, ReportTallyTotal, StatusHistory
from data_layer.queries import status
from data_layer.queries.public import ReportFilter, tally_answers
from data_layer.states import Channel, Kind, PhotoKind, Status
from data_layer.tally import rebuild_report_tally, tally_ready, tally_suspended

NOW = dt.datetime(2025, 6, 2, 3, 0)
JAN_31_LATE = dt.datetime(2025, 1, 31, 18, 0)  # 01:00 WIB on 1 February
# Not whole months: forces the scan of reports instead of the tallies (same figures expected).
WHOLE_RANGE = ReportFilter(start=dt.date(2020, 1, 2), end=dt.date(2030, 12, 30))


def seed(session, settings) -> dict[str, int]:
    """Nine reports; seven public. Each advanced one day per step from its receipt."""
    ids = {}

    def report(name, received, to, **overrides):
        submitted = make_report(session, settings=settings, now=received, **overrides)
        if to is not Status.DITERIMA:
            advance(session, report_id=submitted.report_id, to=to, settings=settings)
        ids[name] = submitted.report_id

    january = dt.datetime(2025, 1, 6, 2)
    report("closed", january, Status.DITUTUP)  # fixed; forwarded→resolved 2 days
    report("resolved", january, Status.SELESAI, channel=Channel.WHATSAPP)
    report("late", JAN_31_LATE, Status.DIPROSES)  # in February (WIB); overdue by NOW
    report("rejected", dt.datetime(2025, 2, 3, 2), Status.DITOLAK)
    report("verified", dt.datetime(2025, 5, 26, 2), Status.DIVERIFIKASI, kind=Kind.ASPIRASI)
    report(
        "forwarded",
        dt.datetime(2025, 5, 26, 2),
        Status.DITERUSKAN,
        category_id=category_id(session, "lampu_pju"),
        channel=Channel.WHATSAPP,
    )
    report("processing", dt.datetime(2025, 5, 27, 2), Status.DIPROSES)
    report("secret", january, Status.SELESAI, confidential=True)
    report("unverified", january, Status.DITERIMA)
    return ids


@pytest.fixture
def seeded(db):
    with db.write().begin() as session:
        ids = seed(session, db.settings)
    return db, ids


@pytest.mark.parametrize("report_filter", [ReportFilter(), WHOLE_RANGE], ids=["tally", "scan"])
def test_headline_figures(seeded, report_filter):
    db, _ = seeded
    with db.read() as session:
        figures = status.headline_figures(session, report_filter=report_filter, now=NOW)
    assert figures.received == 7
    assert figures.in_progress == 4  # late, verified, forwarded, processing
    assert figures.resolved == 2
    assert figures.closed_otherwise == 1
    assert figures.share_resolved == pytest.approx(2 / 7)
    assert figures.median_resolve_working_days == pytest.approx(_hand_median(db), abs=1e-4)
    assert figures.overdue_now == 1  # "late": resolve due mid-February
    assert dict(figures.status_counts) == {
        "ditutup": 1,
        "selesai": 1,
        "diproses": 2,
        "ditolak": 1,
        "diverifikasi": 1,
        "diteruskan": 1,
    }
    assert figures.as_of == NOW


def _hand_median(db) -> float:
    with db.read() as session:
        days = sorted(
            session.scalars(
                select(Report.resolve_working_days).where(
                    Report.status.in_(["selesai", "ditutup"]), Report.confidential.is_(False)
                )
            )
        )
    assert len(days) == 2
    return (days[0] + days[1]) / 2


@pytest.mark.parametrize("report_filter", [ReportFilter(), WHOLE_RANGE], ids=["tally", "scan"])
def test_monthly_trend_uses_wib_months(seeded, report_filter):
    db, _ = seeded
    with db.read() as session:
        trend = status.monthly_trend(session, report_filter=report_filter)
    as_tuples = sorted(map(tuple, trend.itertuples(index=False)))
    assert as_tuples == [
        ("2025-01", "ditutup", 1),
        ("2025-01", "selesai", 1),
        ("2025-02", "diproses", 1),  # received 31 January 18:00 UTC = 1 February WIB
        ("2025-02", "ditolak", 1),
        ("2025-05", "diproses", 1),
        ("2025-05", "diteruskan", 1),
        ("2025-05", "diverifikasi", 1),
    ]


@pytest.mark.parametrize("report_filter", [ReportFilter(), WHOLE_RANGE], ids=["tally", "scan"])
def test_breakdowns(seeded, report_filter):
    db, _ = seeded
    with db.read() as session:
        tables = status.breakdowns(
            session, report_filter=report_filter, dimensions=("category", "channel", "kind", "opd")
        )
        jalan, lampu = category_id(session, "jalan_rusak"), category_id(session, "lampu_pju")
        dpu, disperkim = opd_id(session, "dpu"), opd_id(session, "disperkim")

    def as_rows(name):
        return [
            tuple(r) for r in tables[name][["key", "reports", "resolved"]].itertuples(index=False)
        ]

    assert as_rows("category") == [(jalan, 6, 2), (lampu, 1, 0)]
    assert as_rows("channel") == [("website", 5, 1), ("whatsapp", 2, 1)]
    assert as_rows("kind") == [("aduan", 6, 2), ("aspirasi", 1, 0)]
    # The rejected report never reached an OPD.
    opd_rows = as_rows("opd")
    assert opd_rows[:2] == [(dpu, 5, 2), (disperkim, 1, 0)]
    assert len(opd_rows) == 3 and opd_rows[2][1:] == (1, 0) and opd_rows[2][0] is None


def test_filters_narrow_every_figure(seeded):
    db, _ = seeded
    whatsapp = ReportFilter(channel="whatsapp")
    february = ReportFilter(start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28))
    with db.read() as session:
        by_channel = status.headline_figures(session, report_filter=whatsapp, now=NOW)
        by_month = status.headline_figures(session, report_filter=february, now=NOW)
        in_kecamatan = status.status_counts(
            session, report_filter=ReportFilter(kecamatan_code="337401")
        )
        elsewhere = status.status_counts(
            session, report_filter=ReportFilter(kecamatan_code="337402")
        )
    assert (by_channel.received, by_channel.resolved, by_channel.in_progress) == (2, 1, 1)
    assert (by_month.received, by_month.overdue_now, by_month.closed_otherwise) == (2, 1, 1)
    assert by_month.median_resolve_working_days is None
    assert sum(in_kecamatan.values()) == 7  # every report is in Miroto, Semarang Tengah
    assert elsewhere == {}


def test_empty_database_gives_zeroes(db):
    with db.read() as session:
        figures = status.headline_figures(session, report_filter=ReportFilter(), now=NOW)
        trend = status.monthly_trend(session, report_filter=ReportFilter())
        tables = status.breakdowns(session, report_filter=ReportFilter(), dimensions=("kind",))
    assert (figures.received, figures.share_resolved, figures.median_resolve_working_days) == (
        0,
        None,
        None,
    )
    assert trend.empty and list(trend.columns) == ["month", "status", "reports"]
    assert tables["kind"].empty


def _tally(session) -> set[tuple]:
    """Both tallies' non-empty rows (the total one with month None)."""
    rows = {
        (
            r.month,
            r.status,
            r.kind,
            r.channel,
            r.category_id,
            r.opd_key,
            r.reports,
            r.resolve_days_known,
        )
        for r in session.execute(select(ReportTally).where(ReportTally.reports != 0)).scalars()
    }
    totals = {
        (
            None,
            r.status,
            r.kind,
            r.channel,
            r.category_id,
            r.opd_key,
            r.reports,
            r.resolve_days_known,
        )
        for r in session.execute(
            select(ReportTallyTotal).where(ReportTallyTotal.reports != 0)
        ).scalars()
    }
    return rows | totals


def test_triggers_keep_the_tally_exact_through_every_kind_of_write(seeded):
    db, ids = seeded
    with db.write().begin() as session:
        assert tally_ready(session)
        # Reopen-and-resolve, a change of confidentiality, of category, and a deletion:
        # none of them goes through anything that knows about the tally.
        session.execute(update(Report).where(Report.id == ids["closed"]).values(confidential=True))
        session.execute(update(Report).where(Report.id == ids["secret"]).values(confidential=False))
        session.execute(
            update(Report)
            .where(Report.id == ids["verified"])
            .values(category_id=category_id(session, "sampah"), kind="aduan")
        )
        session.execute(delete(StatusHistory).where(StatusHistory.report_id == ids["unverified"]))
        session.execute(delete(Report).where(Report.id == ids["unverified"]))
    with db.write().begin() as session:
        maintained = _tally(session)
        rebuild_report_tally(session.connection())
        rebuilt = _tally(session)
    assert maintained == rebuilt
    # Nine reports, one deleted, one now confidential: in each of the two tallies.
    assert sum(row[6] for row in rebuilt if row[0] is None) == 7
    assert sum(row[6] for row in rebuilt if row[0] is not None) == 7


def test_tally_and_scan_agree_after_the_workflow_moves(seeded):
    db, ids = seeded
    with db.write().begin() as session:
        transition(
            session,
            report_id=ids["processing"],
            to=Status.SELESAI,
            actor=opd_actor(session),
            settings=db.settings,
            now=dt.datetime(2025, 5, 30, 2),
            photos=((PhotoKind.AFTER, prepared_photo(db.settings)),),
            public_note="Sudah diperbaiki.",
        )
    with db.read() as session:
        tally = status.headline_figures(session, report_filter=ReportFilter(), now=NOW)
        scan = status.headline_figures(session, report_filter=WHOLE_RANGE, now=NOW)
    assert tally == scan
    assert tally.resolved == 3


def test_a_bulk_load_with_the_tally_suspended_ends_exact(seeded):
    db, ids = seeded
    with db.write().begin() as session:
        connection = session.connection()
        with tally_suspended(connection):
            assert not tally_ready(session)  # readers scan reports meanwhile
            session.execute(
                update(Report).where(Report.id == ids["verified"]).values(status="ditolak")
            )
            make_report(session, settings=db.settings, now=dt.datetime(2025, 4, 1, 2))
        assert tally_ready(session)
        maintained = _tally(session)
        rebuild_report_tally(connection)
        assert _tally(session) == maintained
    with db.read() as session:
        assert status.status_counts(session, report_filter=ReportFilter())["ditolak"] == 2


def test_whole_months_come_from_the_tally_and_match_the_scan(seeded):
    db, _ = seeded
    february = ReportFilter(start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28))
    # The same reports, but not whole months: answered by scanning reports.
    february_scanned = ReportFilter(start=dt.date(2025, 2, 1), end=dt.date(2025, 3, 2))
    assert tally_answers(february) and not tally_answers(february_scanned)
    with db.read() as session:
        for tally_filter, scan_filter in (
            (february, february_scanned),
            (ReportFilter(start=dt.date(2025, 5, 1)), ReportFilter(start=dt.date(2025, 4, 30))),
            (
                ReportFilter(end=dt.date(2025, 1, 31), channel="whatsapp"),
                ReportFilter(end=dt.date(2025, 2, 1), channel="whatsapp"),
            ),
        ):
            assert status.headline_figures(session, report_filter=tally_filter, now=NOW) == (
                status.headline_figures(session, report_filter=scan_filter, now=NOW)
            )
            assert status.monthly_trend(session, report_filter=tally_filter).equals(
                status.monthly_trend(session, report_filter=scan_filter)
            )
            dims = ("category", "channel", "kind", "opd")
            tallied = status.breakdowns(session, report_filter=tally_filter, dimensions=dims)
            scanned = status.breakdowns(session, report_filter=scan_filter, dimensions=dims)
            assert all(tallied[d].equals(scanned[d]) for d in dims)
        figures = status.headline_figures(session, report_filter=february, now=NOW)
    assert (figures.received, figures.overdue_now, figures.closed_otherwise) == (2, 1, 1)
