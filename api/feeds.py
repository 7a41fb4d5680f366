"""Atom 1.0 feeds of public reports: subscribe in any feed reader.

    /feeds/laporan.atom           the city: new public reports and status changes,
                                  newest first (the pages' filter parameters narrow it:
                                  ?kecamatan=, ?kelurahan=, ?kategori=, ?opd=, ?jenis=, …)
    /feeds/tiket/{ticket}.atom    one ticket's public timeline

Every entry links to the tracking page (`/lacak?tiket=`). User-written text goes
out as Atom `type="text"` (ElementTree escapes it), so a reader never runs it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.database import read_session
from api.params import BadFilter, bad_filter_message, language, load_reference, report_filter
from api.urls import base_url
from data_layer.commands import utcnow
from data_layer.config import get_settings
from data_layer.queries.feeds import public_events
from data_layer.queries.ticket import ticket_timeline
from data_layer.states import AWAITING_VERIFICATION_STATUSES, STATUS_LABELS, Status
from data_layer.tickets import format_ticket_code, is_valid_ticket_code, normalise_ticket_code

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
_ID_PREFIX = "tag:pantau-lapor,2026:"
_HEADERS = {"Cache-Control": "public, max-age=300"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A change out of these made the report public (it was verified).
_NOT_YET_PUBLIC = {None, *(status.value for status in AWAITING_VERIFICATION_STATUSES)}

ET.register_namespace("", ATOM)


def _q(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _rfc3339(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def _text(parent: ET.Element, name: str, value: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _q(name), attributes)
    element.text = value
    return element


def _link(parent: ET.Element, href: str, rel: str = "alternate", media_type: str = "") -> None:
    attributes = {"href": href, "rel": rel}
    if media_type:
        attributes["type"] = media_type
    ET.SubElement(parent, _q("link"), attributes)


def _status(value: str, lang: str) -> str:
    return STATUS_LABELS[Status(value)][lang]


def _tracking_url(request: Request, ticket: str, lang: str) -> str:
    params = {"tiket": format_ticket_code(ticket)} | ({"lang": "en"} if lang == "en" else {})
    return f"{base_url(request)}/lacak?{urlencode(params)}"


def _feed(request: Request, *, feed_id: str, title: str, page_url: str, lang: str) -> ET.Element:
    feed = ET.Element(_q("feed"), {_XML_LANG: lang})
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _link(feed, str(request.url), rel="self", media_type="application/atom+xml")
    _link(feed, page_url)
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", f"Pantau Lapor – {get_settings().city_name}")
    return feed


def _entry(
    feed: ET.Element, *, entry_id: str, title: str, at: dt.datetime, link: str, body: str
) -> None:
    entry = ET.SubElement(feed, _q("entry"))
    _text(entry, "id", entry_id)
    _text(entry, "title", title, type="text")
    _text(entry, "updated", _rfc3339(at))
    _link(entry, link)
    _text(entry, "content", body, type="text")


def _respond(feed: ET.Element, newest: dt.datetime | None) -> Response:
    # Right after <title>, before the entries, where validators look for it.
    updated = ET.Element(_q("updated"))
    updated.text = _rfc3339(newest or utcnow())
    feed.insert(2, updated)
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type=MEDIA_TYPE, headers=_HEADERS)


def _city_feed(request: Request, lang: str) -> Response:
    reference = load_reference()
    narrowed = report_filter(request, reference)
    with read_session() as session:
        events = public_events(session, report_filter=narrowed)
    city = get_settings().city_name
    query = urlencode({k: v for k, v in request.query_params.items()})
    title = (f"Public reports – {city}" if lang == "en" else f"Laporan publik – {city}") + (
        " (filtered)" if lang == "en" and query else " (terfilter)" if query else ""
    )
    feed = _feed(
        request,
        feed_id=_ID_PREFIX + "laporan" + (f"?{query}" if query else ""),
        title=title,
        page_url=f"{base_url(request)}/peta" + (f"?{query}" if query else ""),
        lang=lang,
    )
    for event in events:
        category = event.category_name_en if lang == "en" else event.category_name_id
        became_public = event.from_status not in {s.value for s in STATUS_LABELS} - {
            "diterima",
            "perlu_info",
        }
        what = (
            ("New public report" if lang == "en" else "Laporan publik baru")
            if became_public
            else _status(event.to_status, lang)
        )
        body = "\n".join(
            part
            for part in (
                f"{format_ticket_code(event.ticket)} · {category} · "
                f"{event.kelurahan}, {event.kecamatan}",
                f"Status: {_status(event.to_status, lang)}",
                event.public_note,
            )
            if part
        )
        _entry(
            feed,
            entry_id=f"{_ID_PREFIX}riwayat/{event.history_id}",
            title=f"{what}: {event.title}",
            at=event.at,
            link=_tracking_url(request, event.ticket, lang),
            body=body,
        )
    return _respond(feed, events[0].at if events else None)


async def city_feed(request: Request) -> Response:
    lang = language(request)
    try:
        return await run_in_threadpool(_city_feed, request, lang)
    except BadFilter as error:
        return JSONResponse(
            {"error": bad_filter_message(error, lang), "params": error.params}, status_code=400
        )


def _not_found(lang: str) -> Response:
    text = "No such ticket.\n" if lang == "en" else "Tiket tidak ditemukan.\n"
    return Response(text, status_code=404, media_type="text/plain; charset=utf-8")


def _ticket_feed(request: Request, raw: str, lang: str) -> Response:
    if not is_valid_ticket_code(raw):
        return _not_found(lang)
    ticket = normalise_ticket_code(raw)
    with read_session() as session:
        found = ticket_timeline(session, ticket=ticket, now=utcnow())
    if found is None:
        return _not_found(lang)
    code = format_ticket_code(ticket)
    # Like the tracking page: anyone with the code sees the progress; what the
    # report says only when it is public.
    title = f"Tiket {code}" + (f": {found.content.title}" if found.content else "")
    link = _tracking_url(request, ticket, lang)
    feed = _feed(
        request, feed_id=f"{_ID_PREFIX}tiket/{ticket}", title=title, page_url=link, lang=lang
    )
    entries = list(enumerate(found.entries))
    for index, entry in reversed(entries):  # newest first
        label = _status(entry.to_status, lang)
        what = (
            label
            if entry.status_changed
            else (f"Progress update ({label})" if lang == "en" else f"Kabar terbaru ({label})")
        )
        _entry(
            feed,
            entry_id=f"{_ID_PREFIX}tiket/{ticket}/{index}",
            title=what,
            at=entry.at,
            link=link,
            body=entry.public_note or label,
        )
    return _respond(feed, found.entries[-1].at if found.entries else found.received_at)


async def ticket_feed(request: Request) -> Response:
    return await run_in_threadpool(
        _ticket_feed, request, request.path_params["ticket"], language(request)
    )


ROUTES = [
    Route("/feeds/laporan.atom", city_feed, methods=["GET"]),
    Route("/feeds/tiket/{ticket}.atom", ticket_feed, methods=["GET"]),
]
