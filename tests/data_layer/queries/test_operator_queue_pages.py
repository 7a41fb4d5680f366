"""Operator queues read one page at a time, sorted and filtered in SQL, on both databases
(issue 12, item 14): "1–50 dari 221" with the next page one query away."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import DEFAULT_KELURAHAN, category_id, make_operator, make_report
from sqlalchemy import select

from data_layer.models import Kelurahan
from data_layer.queries.operator_queues import (
    QueueSort,
    QueueView,
    verification_queue,
)
from data_layer.queries.public import ReportFilter
from data_layer.states import Channel, Role
from data_layer.tickets import format_ticket_code

MONDAY = dt.datetime(2025, 7, 7, 2, 0)  # 09:00 WIB, a working Monday
LATER = MONDAY + dt.timedelta(hours=6)


@pytest.fixture
def verifier(db):
    with db.write().begin() as session:
        return make_operator(session, role=Role.VERIFIKATOR, username="verif")


def submit(db, count: int, *, start: dt.datetime = MONDAY, **overrides) -> list[str]:
    """`count` reports a minute apart, oldest first; their tickets in that order."""
    tickets = []
    with db.write().begin() as session:
        for index in range(count):
            at = start + dt.timedelta(minutes=index)
            tickets.append(make_report(session, settings=db.settings, now=at, **overrides).ticket)
    return tickets


def another_kecamatan(session) -> tuple[str, str]:
    """(kelurahan code, kecamatan code) of a place outside the factory's default kecamatan."""
    home = session.get(Kelurahan, DEFAULT_KELURAHAN).kecamatan_code
    place = session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_code != home).order_by(Kelurahan.code)
    ).first()
    return place.code, place.kecamatan_code


def read(db, verifier, **view) -> object:
    with db.read() as session:
        return verification_queue(
            session, viewer=verifier, settings=db.settings, now=LATER, view=QueueView(**view)
        )


def test_a_long_queue_comes_a_page_at_a_time_with_its_total(db, verifier):
    tickets = submit(db, 7)
    first = read(db, verifier, page_size=3)
    assert (first.total, first.offset, first.pages) == (7, 0, 3)
    assert [row.ticket for row in first.rows] == tickets[:3]  # the queue's own order: oldest
    second = read(db, verifier, page_size=3, page=2)
    assert second.offset == 3 and [row.ticket for row in second.rows] == tickets[3:6]
    last = read(db, verifier, page_size=3, page=99)  # a stale link past the end: the last page
    assert last.page == 3 and [row.ticket for row in last.rows] == tickets[6:]


def test_sorting_newest_first_and_by_kelurahan(db, verifier):
    with db.read() as session:
        elsewhere_code, _ = another_kecamatan(session)
    tickets = submit(db, 3)
    elsewhere = submit(db, 1, start=MONDAY + dt.timedelta(hours=1), kelurahan_code=elsewhere_code)
    newest = read(db, verifier, sort=QueueSort.NEWEST)
    assert [row.ticket for row in newest.rows] == [*elsewhere, *reversed(tickets)]
    by_place = read(db, verifier, sort=QueueSort.KELURAHAN)
    names = [(row.kecamatan_name, row.kelurahan_name) for row in by_place.rows]
    assert names == sorted(names)


def test_filters_by_category_place_channel_and_text(db, verifier):
    with db.read() as session:
        rubbish = category_id(session, "sampah")
        elsewhere_code, kecamatan = another_kecamatan(session)
    submit(db, 2)
    by_phone = submit(db, 1, channel=Channel.WHATSAPP)
    bins = submit(db, 1, category_id=rubbish, title="Sampah menumpuk di pasar")
    east = submit(db, 1, kelurahan_code=elsewhere_code)

    def tickets(**view) -> list[str]:
        return [row.ticket for row in read(db, verifier, **view).rows]

    assert tickets(report_filter=ReportFilter(category_id=rubbish)) == bins
    assert tickets(report_filter=ReportFilter(channel=Channel.WHATSAPP.value)) == by_phone
    assert tickets(report_filter=ReportFilter(kelurahan_code=elsewhere_code)) == east
    assert tickets(report_filter=ReportFilter(kecamatan_code=kecamatan)) == east
    assert tickets(text="MENUMPUK") == bins  # words of the title, any case
    assert tickets(text=format_ticket_code(east[0])) == east  # the ticket as printed
    assert tickets(text=east[0][2:7]) == east  # part of the ticket
    assert read(db, verifier, text="tidak ada yang begini").total == 0
    filtered = read(db, verifier, report_filter=ReportFilter(channel=Channel.WEBSITE.value))
    assert filtered.total == 4  # the count follows the filter, not the whole queue
