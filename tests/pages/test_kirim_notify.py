"""Opting in to status-change e-mails on the Kirim form."""

from __future__ import annotations

from smtp_support import smtp_server  # noqa: F401 (a fixture)
from sqlalchemy import select
from test_kirim import click_submit, errors, fill_valid, open_page, report_count

from data_layer.citizen_models import NotificationSubscription
from data_layer.models import Report
from ui import submission as form


def test_the_option_needs_an_address_and_then_subscribes_in_the_visitors_language(
    app_db,
    smtp_server,  # noqa: F811
):
    at = open_page("en")
    assert at.checkbox(key=form.NOTIFY).label == "E-mail me when the report's status changes"
    at = fill_valid(at, app_db, **{form.EMAIL: ""})
    at.checkbox(key=form.NOTIFY).set_value(True)
    at = click_submit(at)
    assert "Enter an e-mail address to get updates, or untick the updates option." in errors(at)
    assert report_count(app_db) == 0

    at.text_input(key=form.EMAIL).input("ani@example.com")
    at = click_submit(at)
    assert not errors(at)
    with app_db.read() as session:
        report = session.scalars(select(Report)).one()
        subscription = session.scalars(select(NotificationSubscription)).one()
    assert subscription.report_id == report.id and subscription.lang == "en"
    assert len(subscription.token) >= 40


def test_without_ticking_there_is_no_subscription(app_db, smtp_server):  # noqa: F811
    click_submit(fill_valid(open_page(), app_db))
    with app_db.read() as session:
        assert session.scalars(select(NotificationSubscription)).all() == []


def test_without_smtp_the_option_is_not_offered(app_db):
    at = open_page()
    assert not [c for c in at.checkbox if c.key == form.NOTIFY]
