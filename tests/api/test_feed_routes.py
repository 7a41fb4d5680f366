"""Atom feeds: valid Atom 1.0 that feedparser reads, public events only, bounded, filterable."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import feedparser

from data_layer.queries.feeds import FEED_MAX_ENTRIES
from data_layer.tickets import format_ticket_code
from tests.api.conftest import ANONYMOUS_ADDRESS, PRIVATE, SECRET_TITLE

ATOM = "{http://www.w3.org/2005/Atom}"


def _parsed(client, url: str, **params):
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    # The elements Atom 1.0 requires, on the feed and on every entry.
    root = ET.fromstring(response.content)
    for element in (root, *root.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    for secret in (*PRIVATE, ANONYMOUS_ADDRESS, SECRET_TITLE, "BELUM-DIVERIFIKASI"):
        assert secret not in response.text
    return feed


def test_city_feed_lists_public_events_newest_first(db, client, machine_data):
    feed = _parsed(client, "/feeds/laporan.atom")
    public = {machine_data.tickets[r] for r in ("named", "resolved", "anonymous", "old")}
    linked = {entry.link.split("tiket=")[1].replace("-", "") for entry in feed.entries}
    assert linked == public
    assert all("/lacak?tiket=" in entry.link for entry in feed.entries)
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    titles = [entry.title for entry in feed.entries]
    assert "Laporan publik baru: Jalan berlubang Miroto" in titles
    assert any(title.startswith("Selesai: Lampu jalan mati total") for title in titles)
    assert len(feed.entries) <= FEED_MAX_ENTRIES


def test_city_feed_follows_the_pages_filters_and_language(client, machine_data):
    feed = _parsed(client, "/feeds/laporan.atom", kategori="lampu_pju", lang="en")
    assert feed.feed.title.endswith("(filtered)")
    assert {entry.link.split("tiket=")[1].split("&")[0] for entry in feed.entries} <= {
        format_ticket_code(machine_data.tickets["resolved"])
    }
    empty = _parsed(client, "/feeds/laporan.atom", kelurahan="3374011002")
    assert empty.entries == []
    bad = client.get("/feeds/laporan.atom", params={"kategori": "tidak_ada"})
    assert bad.status_code == 400 and "kategori" in bad.json()["params"]


def test_ticket_feed_is_the_public_timeline(client, machine_data):
    ticket = format_ticket_code(machine_data.tickets["resolved"])
    feed = _parsed(client, f"/feeds/tiket/{ticket}.atom")
    assert feed.feed.title == f"Tiket {ticket}: Lampu jalan mati total"
    assert [e.title for e in feed.entries][:2] == ["Selesai", "Diproses"]
    assert all(e.link.endswith(f"/lacak?tiket={ticket}") for e in feed.entries)
    # A confidential ticket: progress only, as on the tracking page; unknown: 404.
    secret = _parsed(
        client, f"/feeds/tiket/{format_ticket_code(machine_data.tickets['secret'])}.atom"
    )
    assert SECRET_TITLE not in secret.feed.title
    assert client.get("/feeds/tiket/7QM2R-T9KXH.atom").status_code == 404
    assert client.get("/feeds/tiket/bukan-tiket.atom").status_code == 404
