"""The operator queues (issue 12, item 14): each tab says how many reports wait in it, the
time left is the first column, a click on a row opens the report, and a long queue comes a
page at a time, sorted and filtered, with all of it kept in the URL."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import OPERATOR_PASSWORD, advance, make_operator, make_report
from operator_app import open_app, sign_in

from data_layer.states import Channel, Role, Status
from data_layer.tickets import format_ticket_code

QUEUE_PAGE = "pages/operator_antrian.py"


def queues(username: str, **query: str):
    at = open_app(QUEUE_PAGE, **query)
    sign_in(at, username, OPERATOR_PASSWORD)
    assert not at.exception
    return at


def test_the_verifiers_tabs_show_their_counts_and_time_left_comes_first(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.VERIFIKATOR, username="verif")
        for _ in range(3):
            make_report(session, settings=app_db.settings)
        forwarded = make_report(session, settings=app_db.settings)
        advance(
            session, report_id=forwarded.report_id, to=Status.DIVERIFIKASI, settings=app_db.settings
        )
    at = queues("verif")
    labels = [tab.label for tab in at.tabs]
    assert labels[:3] == ["Perlu verifikasi (3)", "Siap diteruskan (1)", "Menunggu informasi (0)"]
    assert labels[4] == "Terlambat (0)"
    first_queue = at.dataframe[0].value
    assert list(first_queue.columns)[:2] == ["Sisa waktu", "Tiket"]


def test_the_opd_tabs_show_counts_in_english(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.OPD, opd_code="dpu", username="dpu1")
        for _ in range(2):
            report = make_report(session, settings=app_db.settings)
            advance(
                session, report_id=report.report_id, to=Status.DITERUSKAN, settings=app_db.settings
            )
    at = queues("dpu1", lang="en")
    labels = [tab.label for tab in at.tabs]
    assert labels[0].endswith(" queue (2)") and labels[1] == "Overdue (0)"
    assert at.dataframe[0].value.columns[0] == "Time left"
    assert at.caption[0].value == "1–2 of 2 · click a row to open its report"
    assert at.selectbox(key="op_queue_sort").placeholder == "The queue's own order"


def submit_many(app_db, count: int, **overrides) -> list[str]:
    """`count` reports a minute apart, oldest first; a verifier to read them."""
    start = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=2)
    with app_db.write().begin() as session:
        make_operator(session, role=Role.VERIFIKATOR, username="verif")
        return [
            make_report(
                session, settings=app_db.settings, now=start + dt.timedelta(minutes=i), **overrides
            ).ticket
            for i in range(count)
        ]


def shown_tickets(at, index: int = 0) -> list[str]:
    return list(at.dataframe[index].value["Tiket"])


def click(at, key: str, row: int, *, on_marker: bool):
    """What a click in a table sends: the row (its marker) or one of its cells.

    (AppTest cannot click inside the grid; the browser suite clicks the real one.)"""
    selection = (
        {"rows": [row], "cells": []} if on_marker else {"rows": [], "cells": [(row, "Judul")]}
    )
    at.session_state[f"op_table_{key}"] = {"selection": {**selection, "columns": []}}
    return at.run()


@pytest.mark.parametrize("on_marker", [True, False], ids=["row-marker", "cell"])
def test_a_click_on_a_row_opens_that_report(app_db, on_marker):
    tickets = submit_many(app_db, 3)
    at = queues("verif")
    assert "klik baris untuk membuka laporannya" in at.caption[0].value
    at = click(at, "verify", 1, on_marker=on_marker)
    assert not at.exception
    assert at.query_params["tiket"] == tickets[1]
    assert at.subheader[0].value.startswith(format_ticket_code(tickets[1]))
    back = at.switch_page(QUEUE_PAGE).run()  # "Kembali ke antrian": the queue, not the report again
    assert [title.value for title in back.title] == ["Antrian laporan"]


def test_a_long_queue_pages_with_its_total_and_a_reload_keeps_the_page(app_db):
    tickets = submit_many(app_db, 52)
    at = queues("verif")
    assert at.tabs[0].label == "Perlu verifikasi (52)"
    assert at.caption[0].value.startswith("1–50 dari 52")
    assert len(shown_tickets(at)) == 50
    assert at.button(key="op_prev_verify").disabled
    at.button(key="op_next_verify").click().run()
    assert at.query_params["hal_verify"] == "2"
    assert at.caption[0].value.startswith("51–52 dari 52")
    assert shown_tickets(at) == [format_ticket_code(ticket) for ticket in tickets[50:]]
    reloaded = queues("verif", hal_verify="2")
    assert shown_tickets(reloaded) == [format_ticket_code(ticket) for ticket in tickets[50:]]


def test_order_and_filters_come_from_the_url_and_changes_go_back_into_it(app_db):
    tickets = submit_many(app_db, 3)
    with app_db.write().begin() as session:
        by_whatsapp = make_report(
            session, settings=app_db.settings, channel=Channel.WHATSAPP, title="Pohon tumbang"
        ).ticket
    at = queues("verif", urut="terbaru")
    assert shown_tickets(at) == [format_ticket_code(t) for t in [by_whatsapp, *tickets[::-1]]]
    at.selectbox(key="op_queue_sort").set_value(None).run()
    assert "urut" not in at.query_params
    assert shown_tickets(at)[0] == format_ticket_code(tickets[0])  # the queue's own: oldest

    narrowed = queues("verif", kanal="whatsapp")
    assert narrowed.tabs[0].label == "Perlu verifikasi (1)"
    assert shown_tickets(narrowed) == [format_ticket_code(by_whatsapp)]
    narrowed.text_input(key="op_queue_text").input("tidak ada yang begini").run()
    assert narrowed.query_params["teks"] == "tidak ada yang begini"
    assert narrowed.tabs[0].label == "Perlu verifikasi (0)"
    assert "cocok dengan pencarian dan filter" in narrowed.info[0].value
