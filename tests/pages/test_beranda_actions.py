"""Beranda gives citizens two ways in, above the figures; phones get a name and a "Menu"."""

from __future__ import annotations

from public_support import APP, assert_no_exception, open_page


def _order(at) -> list[str]:
    """What the main area shows, in order: 'report', 'track', 'metric'."""
    seen = []

    def walk(node):
        kind = getattr(node, "type", None)
        proto = getattr(node, "proto", None)
        if kind == "markdown" and "Laporkan masalah" in node.value:
            seen.append("report")
        elif kind == "html" and 'action="lacak"' in proto.body:
            seen.append("track")
        elif kind == "metric":
            seen.append("metric")
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return seen


def test_report_and_track_come_before_the_figures(app_db):
    at = open_page("beranda")
    assert_no_exception(at)
    order = _order(at)
    assert order[:2] == ["report", "track"] and "metric" in order
    assert any(m.value == "[Laporkan masalah](kirim)" for m in at.markdown)
    form = next(h.proto.body for h in at.get("html") if 'action="lacak"' in h.proto.body)
    assert 'method="get"' in form and 'name="tiket"' in form
    assert '<label for="pantau-track-code">Kode tiket laporan Anda</label>' in form
    assert 'name="lang"' not in form


def test_the_ways_in_keep_english(app_db):
    at = open_page("beranda", lang="en")
    assert any(m.value == "[Report a problem](kirim?lang=en)" for m in at.markdown)
    form = next(h.proto.body for h in at.get("html") if 'action="lacak"' in h.proto.body)
    assert '<input type="hidden" name="lang" value="en">' in form
    assert ">Track</button>" in form


def test_every_page_carries_the_phone_header(app_db):
    at = open_page(APP)
    bodies = [h.proto.body for h in at.get("html")]
    header = next(b for b in bodies if "pantau-phone-brand" in b)
    assert ">Pantau Lapor</div>" in header
    assert "stExpandSidebarButton" in header and '"Menu"' in header
