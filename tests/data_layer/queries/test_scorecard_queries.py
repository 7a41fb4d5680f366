"""The OPD scorecard against figures worked out by hand, on SQLite and PostgreSQL.

Every event happens at 00:00 WIB on a weekday of February or early March 2025
(no public holidays then), so working-day durations are whole numbers that can
be counted on a calendar:

    February 2025: Mon 3  Tue 4  Wed 5  Thu 6  Fri 7 | Mon 10 … Fri 14 | Mon 17 … Fri 21 | Mon 24 … Fri 28
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from factories import VERIFIER, category_id, make_report, opd_actor, opd_id, prepared_photo

from data_layer.commands import record_feedback, transition
from data_layer.queries import scorecard
from data_layer.queries.public import ReportFilter
from data_layer.queries.scorecard import (
    OPD_SUMMARY_COLUMNS,
    SCORECARD_COLUMNS,
    opd_monthly_counts,
    opd_scorecard,
    opd_summary,
)
from data_layer.states import FeedbackKind, Kind, PhotoKind, RejectReason, Status

NOW = dt.datetime(2025, 3, 10, 3, 0)  # Monday 10 March 2025, 10:00 WIB


def wib(month: int, day: int, hour: int = 0) -> dt.datetime:
    """Naive UTC for a moment in WIB (UTC+7)."""
    return dt.datetime(2025, month, day, hour) - dt.timedelta(hours=7)


def step(session, settings, report_id, to, when, *, opd="dpu", photo=False, reject=None):
    actor = opd_actor(session, opd) if to in (Status.DIPROSES, Status.SELESAI) else VERIFIER
    transition(
        session,
        report_id=report_id,
        to=to,
        actor=actor,
        settings=settings,
        now=when,
        photos=((PhotoKind.AFTER, prepared_photo(settings)),) if photo else (),
        reject_reason=reject,
        public_note=f"Status {to.value}",
    )


def seed(session, settings) -> None:
    def report(received, **overrides):
        return make_report(session, settings=settings, now=received, **overrides).report_id

    V, F, P, S = Status.DIVERIFIKASI, Status.DITERUSKAN, Status.DIPROSES, Status.SELESAI
    # R1 DPU: verified after 1 wd, answered after 2 wd, fixed after 5 wd with a photo,
    # confirmed by the reporter with rating 5.
    r1 = report(wib(2, 3))
    step(session, settings, r1, V, wib(2, 4))
    step(session, settings, r1, F, wib(2, 4))
    step(session, settings, r1, P, wib(2, 6))
    step(session, settings, r1, S, wib(2, 11), photo=True)
    record_feedback(
        session,
        report_id=r1,
        kind=FeedbackKind.CONFIRM,
        settings=settings,
        rating=5,
        now=wib(2, 12),
    )
    # R2 DPU: answered exactly at the first-response deadline (Wed 12 Feb), fixed
    # late on 3 Mar, disputed (rating 2), fixed again on Fri 7 Mar: 22 wd after forwarding.
    r2 = report(wib(2, 3))
    step(session, settings, r2, V, wib(2, 5))
    step(session, settings, r2, F, wib(2, 5))
    step(session, settings, r2, P, wib(2, 12))
    step(session, settings, r2, S, wib(3, 3), photo=True)
    record_feedback(
        session,
        report_id=r2,
        kind=FeedbackKind.DISPUTE,
        settings=settings,
        rating=2,
        comment="Masih berlubang",
        now=wib(3, 4),
    )
    step(session, settings, r2, P, wib(3, 5))
    step(session, settings, r2, S, wib(3, 7))
    # R3 DPU: verified late (4 wd), answered late (8 wd), still in progress and overdue.
    r3 = report(wib(2, 4))
    step(session, settings, r3, V, wib(2, 10))
    step(session, settings, r3, F, wib(2, 10))
    step(session, settings, r3, P, wib(2, 20))
    # R4 DPU: forwarded, never answered: both deadlines have passed by NOW.
    r4 = report(wib(2, 5))
    step(session, settings, r4, V, wib(2, 6))
    step(session, settings, r4, F, wib(2, 6))
    # R5 DPU's category, rejected at verification: closed otherwise.
    r5 = report(wib(2, 6))
    step(session, settings, r5, Status.DITOLAK, wib(2, 7), reject=RejectReason.DUPLIKAT)
    # R6 DPU, an aspirasi: answered at once, fixed after 5 wd, no photo (none required).
    r6 = report(wib(2, 6), kind=Kind.ASPIRASI)
    step(session, settings, r6, V, wib(2, 7))
    step(session, settings, r6, F, wib(2, 7))
    step(session, settings, r6, P, wib(2, 7))
    step(session, settings, r6, S, wib(2, 14))
    # Not counted anywhere: a confidential fixed report and an unverified one.
    r7 = report(wib(2, 3), confidential=True)
    for to, day in ((V, 4), (F, 4), (P, 5), (S, 6)):
        step(session, settings, r7, to, wib(2, day), photo=to is S)
    report(wib(2, 7))
    # Disperkim (street lights): three reports, all within every deadline.
    for _ in range(3):
        r = report(wib(2, 10), category_id=category_id(session, "lampu_pju"))
        step(session, settings, r, V, wib(2, 11))
        step(session, settings, r, F, wib(2, 11))
        step(session, settings, r, P, wib(2, 12), opd="disperkim")
        step(session, settings, r, S, wib(2, 13), opd="disperkim", photo=True)
    # DLH (rubbish): one report, too few to be ranked.
    r = report(wib(2, 10), category_id=category_id(session, "sampah"))
    step(session, settings, r, V, wib(2, 11))
    # March for DPU: one on 3 March, and one at 01:00 WIB on 1 March, which is
    # still 28 February in UTC: it belongs to March.
    for received in (wib(3, 3), wib(3, 1, 1)):
        r = report(received)
        step(session, settings, r, V, wib(3, 4))


@pytest.fixture
def scorecard_db(db):
    with db.write().begin() as session:
        seed(session, db.settings)
    return db


def row(table, period, opd_code):
    match = table[(table["period"] == period) & (table["opd_code"] == opd_code)]
    assert len(match) == 1, f"{period} {opd_code}: {len(match)} rows"
    return match.iloc[0]


def test_dpu_february_matches_hand_computed_figures(scorecard_db):
    with scorecard_db.read() as session:
        table = opd_scorecard(session, report_filter=ReportFilter(), min_reports=3, now=NOW)
    assert list(table.columns) == SCORECARD_COLUMNS
    dpu = row(table, "2025-02", "dpu")
    expected_counts = {
        "received": 6,
        "fixed": 3,
        "closed_otherwise": 1,
        "open": 2,
        "verify_sla_met": 5,
        "verify_sla_decided": 6,
        "response_sla_met": 3,
        "response_sla_decided": 5,
        "resolve_sla_met": 2,
        "resolve_sla_decided": 5,
        "ever_resolved": 3,
        "reopened": 1,
        "fixed_with_photo": 2,
        "ratings": 2,
    }
    assert {key: int(dpu[key]) for key in expected_counts} == expected_counts
    expected_figures = {
        "verify_sla_share": 5 / 6,
        "response_sla_share": 3 / 5,
        "resolve_sla_share": 2 / 5,
        # first response: 0, 2, 5, 8 working days; resolution: 5, 5, 22
        "median_response_days": 3.5,
        "p90_response_days": 8.0,
        "median_resolve_days": 5.0,
        "p90_resolve_days": 22.0,
        "reopen_rate": 1 / 3,
        "photo_share": 2 / 3,
        "avg_rating": 3.5,
    }
    for key, value in expected_figures.items():
        assert math.isclose(float(dpu[key]), value, abs_tol=1e-4), (key, dpu[key], value)


def test_ranking_needs_the_minimum_sample(scorecard_db):
    with scorecard_db.read() as session:
        table = opd_scorecard(session, report_filter=ReportFilter(), min_reports=3, now=NOW)
    february = table[table["period"] == "2025-02"]
    ranks = {
        r.opd_code: (bool(r.ranked), None if pd.isna(r.rank) else int(r.rank))
        for r in february.itertuples()
    }
    # Disperkim met every deadline (share 1.0) and outranks DPU (0.4); DLH has one report.
    assert ranks["disperkim"] == (True, 1)
    assert ranks["dpu"] == (True, 2)
    assert ranks["dlh"][0] is False
    assert int(row(table, "2025-02", "disperkim")["received"]) == 3
    assert float(row(table, "2025-02", "disperkim")["median_resolve_days"]) == pytest.approx(2.0)


def test_months_are_wib_months_and_quarters_add_up(scorecard_db):
    with scorecard_db.read() as session:
        monthly = opd_scorecard(session, report_filter=ReportFilter(), min_reports=3, now=NOW)
        quarterly = opd_scorecard(
            session, report_filter=ReportFilter(), granularity="quarter", min_reports=3, now=NOW
        )
    march = row(monthly, "2025-03", "dpu")
    assert int(march["received"]) == 2  # the 01:00 WIB report of 1 March is March's
    assert bool(march["ranked"]) is False
    quarter = row(quarterly, "2025-Q1", "dpu")
    assert int(quarter["received"]) == 8
    assert int(quarter["fixed"]) == 3


def test_filters_narrow_the_scorecard(scorecard_db):
    with scorecard_db.read() as session:
        aspirasi = opd_scorecard(
            session, report_filter=ReportFilter(kind=Kind.ASPIRASI.value), min_reports=1, now=NOW
        )
        nothing = opd_scorecard(
            session,
            report_filter=ReportFilter(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31)),
            now=NOW,
        )
    assert list(aspirasi["opd_code"]) == ["dpu"]
    assert int(aspirasi.iloc[0]["received"]) == 1
    assert nothing.empty and list(nothing.columns) == SCORECARD_COLUMNS


@pytest.mark.parametrize(
    ("granularity", "period", "start", "end"),
    [
        ("month", "2025-02", dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        ("quarter", "2025-Q1", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
    ],
)
def test_one_period_reads_the_same_figures_as_all_periods(
    scorecard_db, granularity, period, start, end
):
    """The page asks for one period (medians read per OPD at their ranks); the
    same period from the table of every period (one window query) agrees."""
    with scorecard_db.read() as session:
        every = opd_scorecard(
            session, report_filter=ReportFilter(), granularity=granularity, min_reports=1, now=NOW
        )
        one = opd_scorecard(
            session,
            report_filter=ReportFilter(start=start, end=end),
            granularity=granularity,
            min_reports=1,
            now=NOW,
        )
    expected = every[every["period"] == period].reset_index(drop=True)
    assert len(one) >= 2
    pd.testing.assert_frame_equal(one, expected)


ONE_OPD_FILTERS = {
    "none": ReportFilter(),
    "february": ReportFilter(start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28)),
    "odd days": ReportFilter(start=dt.date(2025, 2, 5), end=dt.date(2025, 3, 3)),
    "aduan": ReportFilter(kind=Kind.ADUAN.value),
}


@pytest.mark.parametrize("walk", [True, False], ids=["walk", "sort"])
@pytest.mark.parametrize("name", list(ONE_OPD_FILTERS))
def test_one_opds_page_figures_equal_its_scorecard_rows(scorecard_db, monkeypatch, name, walk):
    """An OPD's page reads its own figures only; they must equal its rows of the whole
    scorecard, whether its medians walk its durations in order or sort the period's."""
    if not walk:  # never walk: every median and percentile sorts the period's values
        monkeypatch.setattr(scorecard, "_WALK_LIMIT", 0)
    report_filter = ONE_OPD_FILTERS[name]
    with scorecard_db.read() as session:
        total = opd_scorecard(session, report_filter=report_filter, granularity="all", now=NOW)
        monthly = opd_scorecard(session, report_filter=report_filter, now=NOW)
        checked = 0
        for code in ("dpu", "disperkim", "dlh"):
            summary = opd_summary(
                session, opd_id=opd_id(session, code), report_filter=report_filter, now=NOW
            )
            trend = opd_monthly_counts(
                session, opd_id=opd_id(session, code), report_filter=report_filter
            )
            expected = total[total["opd_code"] == code][OPD_SUMMARY_COLUMNS]
            assert list(summary.columns) == OPD_SUMMARY_COLUMNS
            pd.testing.assert_frame_equal(summary, expected.reset_index(drop=True))
            mine = monthly[monthly["opd_code"] == code][["period", "received", "fixed"]]
            pd.testing.assert_frame_equal(
                trend, mine.sort_values("period").reset_index(drop=True), check_dtype=False
            )
            checked += len(summary)
    assert checked >= 1


def test_one_opds_headline_matches_hand_computed_figures(scorecard_db):
    february = ReportFilter(start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28))
    with scorecard_db.read() as session:
        dpu = opd_id(session)
        summary = opd_summary(session, opd_id=dpu, report_filter=february, now=NOW)
        trend = opd_monthly_counts(session, opd_id=dpu, report_filter=ReportFilter())
    figures = summary.iloc[0]
    assert (int(figures["received"]), int(figures["fixed"]), int(figures["open"])) == (6, 3, 2)
    assert float(figures["median_resolve_days"]) == pytest.approx(5.0)
    assert float(figures["p90_response_days"]) == pytest.approx(8.0)
    assert float(figures["resolve_sla_share"]) == pytest.approx(2 / 5)
    assert trend.to_dict("records") == [
        {"period": "2025-02", "received": 6, "fixed": 3},
        {"period": "2025-03", "received": 2, "fixed": 0},
    ]


def test_an_opd_without_reports_has_an_empty_headline(scorecard_db):
    nothing = ReportFilter(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31))
    with scorecard_db.read() as session:
        dpu = opd_id(session)
        summary = opd_summary(session, opd_id=dpu, report_filter=nothing, now=NOW)
        trend = opd_monthly_counts(session, opd_id=dpu, report_filter=nothing)
    assert summary.empty and list(summary.columns) == OPD_SUMMARY_COLUMNS
    assert trend.empty
