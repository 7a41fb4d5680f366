"""Open311 GeoReport v2 under /api/v2/, in JSON and XML (docs/api.md).

    GET  /api/v2/discovery.{json,xml}
    GET  /api/v2/services.{json,xml}
    GET  /api/v2/services/{service_code}.{json,xml}
    GET  /api/v2/requests.{json,xml}        service_request_id, service_code, start_date,
                                            end_date, status; page/page_size (extensions)
    GET  /api/v2/requests/{ticket}.{json,xml}
    POST /api/v2/requests.{json,xml}        needs an api_key (python -m data_layer create-api-key)

Reads show public reports only (data_layer/queries/open311.py). A posted report
enters exactly as a web submission does (`submit_report`, channel `api`), in one
transaction: a refused request (400, 403, 413, 429) writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from urllib.parse import parse_qsl
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api import open311_format as fmt_
from api.database import read_session, write_transaction
from api.messages import field_message, message
from api.params import language
from api.throttling import refused_by
from api.urls import base_url, photo_url
from data_layer.api_keys import key_holder, may_post, record_api_submission
from data_layer.commands import submit_report, utcnow
from data_layer.config import get_settings
from data_layer.open311_intake import validate_open311_post
from data_layer.queries import open311
from data_layer.queries.time import local_utc_offset_hours
from data_layer.throttle import ticket_lookups_per_address
from data_layer.tickets import format_ticket_code, is_valid_ticket_code, normalise_ticket_code

log = logging.getLogger(__name__)
_READ_CACHE = {"Cache-Control": "public, max-age=60"}
_SERVICES_CACHE = {"Cache-Control": "public, max-age=3600"}
_MAX_IDS = 100  # service_request_id values per GET


class Refused(Exception):
    """A request answered with the spec's error array; nothing was written."""

    def __init__(self, status_code: int, *descriptions: str, headers: dict | None = None) -> None:
        super().__init__(descriptions[0] if descriptions else "")
        self.status_code = status_code
        self.descriptions = list(descriptions)
        self.headers = headers or {}


def _format(request: Request) -> str:
    fmt = request.path_params.get("fmt", "")
    if fmt not in fmt_.FORMATS:
        raise Refused(404, message("bad_format", language(request)))
    return fmt


async def _answer(request: Request, build) -> Response:
    """Run `build(fmt, lang)` off the event loop; turn `Refused` into the spec's errors."""
    lang = language(request)
    fmt = request.path_params.get("fmt", "json")
    try:
        fmt = _format(request)
        return await run_in_threadpool(build, fmt, lang)
    except Refused as refused:
        return fmt_.errors(fmt, refused.status_code, refused.descriptions, **refused.headers)


# --- discovery and services -----------------------------------------------------


async def discovery(request: Request) -> Response:
    def build(fmt: str, _lang: str) -> Response:
        settings = get_settings()
        record = {
            "changeset": "2026-11-30T17:00:00Z",
            "contact": f"Pantau Lapor, {settings.city_name}: see {base_url(request)}/data/kamus.json",
            "key_service": "python -m data_layer create-api-key NAME (ask the operators)",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": f"{base_url(request)}/api/v2",
                    "changeset": "2026-11-30T17:00:00Z",
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        }
        return fmt_.respond(fmt, record, root="discovery", item=None, headers=_SERVICES_CACHE)

    return await _answer(request, build)


async def service_list(request: Request) -> Response:
    def build(fmt: str, _lang: str) -> Response:
        with read_session() as session:
            records = [fmt_.service_record(s) for s in open311.services(session)]
        return fmt_.respond(fmt, records, root="services", item="service", headers=_SERVICES_CACHE)

    return await _answer(request, build)


async def service_definition(request: Request) -> Response:
    code = request.path_params["code"]

    def build(fmt: str, lang: str) -> Response:
        with read_session() as session:
            known = {s.code for s in open311.services(session)}
        if code not in known:
            raise Refused(404, message("not_found", lang, what=f"service_code {code[:40]}"))
        return fmt_.respond(
            fmt,
            fmt_.definition_record(code),
            root="service_definition",
            item=None,
            headers=_SERVICES_CACHE,
        )

    return await _answer(request, build)


# --- reading requests -------------------------------------------------------------


def _parse_w3c(name: str, value: str, lang: str) -> dt.datetime:
    """A W3C datetime (or a date) as naive UTC; a time without offset is read as the city's."""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace(" ", "+"))
    except ValueError as error:
        raise Refused(400, message("bad_date", lang, name=name)) from error
    if moment.tzinfo is None:
        return moment - dt.timedelta(hours=local_utc_offset_hours())
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _whole_number(request: Request, name: str, default: int, maximum: int, lang: str) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise Refused(400, message("bad_number", lang, name=name, max=maximum))
    return int(raw)


def _list(request: Request, name: str) -> tuple[str, ...]:
    raw = request.query_params.get(name) or ""
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _tickets(values: tuple[str, ...], lang: str) -> tuple[str, ...]:
    if len(values) > _MAX_IDS:
        raise Refused(400, message("bad_number", lang, name="service_request_id", max=_MAX_IDS))
    for value in values:
        if not is_valid_ticket_code(value):
            raise Refused(400, message("bad_ticket", lang, value=value[:20]))
    return tuple(normalise_ticket_code(value) for value in values)


def request_query(request: Request, lang: str, *, now: dt.datetime) -> open311.RequestQuery:
    """GET /requests parameters, checked; the spec's default window is the last 90 days."""
    tickets = _tickets(_list(request, "service_request_id"), lang)
    statuses = _list(request, "status")
    if not set(statuses) <= {"open", "closed"}:
        raise Refused(400, message("bad_status", lang))
    start_raw, end_raw = (
        request.query_params.get("start_date"),
        request.query_params.get("end_date"),
    )
    start = _parse_w3c("start_date", start_raw, lang) if start_raw else None
    end = _parse_w3c("end_date", end_raw, lang) if end_raw else None
    window = open311.DEFAULT_WINDOW
    if start is None and end is None:
        end = now
    if start is None:
        start = end - window
    if end is None:
        end = start + window
    if end - start > window + dt.timedelta(seconds=1):
        raise Refused(400, message("window_too_long", lang))
    return open311.RequestQuery(
        tickets=tickets,
        service_codes=_list(request, "service_code"),
        start=start,
        end=end + dt.timedelta(seconds=1),  # end_date is inclusive
        statuses=statuses,
        page=_whole_number(request, "page", 1, 10_000, lang),
        page_size=_whole_number(
            request, "page_size", open311.MAX_RESULTS, open311.MAX_RESULTS, lang
        ),
    )


def _records(request: Request, found: list[open311.ServiceRequest]) -> list[dict]:
    return [
        fmt_.request_record(r, photo_url(request, r.photo_key) if r.photo_key else None)
        for r in found
    ]


async def request_list(request: Request) -> Response:
    if "service_request_id" in request.query_params:
        refused = await refused_by(ticket_lookups_per_address(get_settings()), request)
        if refused is not None:
            return refused

    def build(fmt: str, lang: str) -> Response:
        query = request_query(request, lang, now=utcnow())
        with read_session() as session:
            found = open311.service_requests(session, query=query)
        return fmt_.respond(
            fmt,
            _records(request, found),
            root="service_requests",
            item="request",
            headers=_READ_CACHE,
        )

    return await _answer(request, build)


async def one_request(request: Request) -> Response:
    raw = request.path_params["ticket"]
    refused = await refused_by(ticket_lookups_per_address(get_settings()), request)
    if refused is not None:  # the tracking page's limit: looking up codes one by one
        return refused

    def build(fmt: str, lang: str) -> Response:
        not_found = Refused(404, message("not_found", lang, what=f"service_request_id {raw[:20]}"))
        if not is_valid_ticket_code(raw):
            raise not_found
        with read_session() as session:
            found = open311.service_requests_by_ticket(
                session, tickets=[normalise_ticket_code(raw)]
            )
        if not found:  # unknown and not public answer alike
            raise not_found
        return fmt_.respond(
            fmt,
            _records(request, found),
            root="service_requests",
            item="request",
            headers=_READ_CACHE,
        )

    return await _answer(request, build)


# --- posting a request --------------------------------------------------------------


async def _bounded_body(request: Request, limit: int, lang: str) -> bytes:
    """The body, refusing (413) anything over `limit` bytes before reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Refused(413, message("too_large", lang, limit=limit))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(413, message("too_large", lang, limit=limit))
    return bytes(body)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def posted_fields(content_type: str, body: bytes, lang: str) -> dict[str, str]:
    """The posted fields: form-urlencoded (the spec), or one JSON object, or one XML element."""
    kind = content_type.split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
        if kind == "application/json":
            data = json.loads(text)
            if isinstance(data, list) and len(data) == 1:
                data = data[0]
            if not isinstance(data, dict):
                raise ValueError("not an object")
            return {str(k): _text(v) for k, v in data.items() if not isinstance(v, dict | list)}
        if kind in ("text/xml", "application/xml"):
            # No DTDs, entities or external references: defusedxml refuses them.
            root = SafeET.fromstring(text, forbid_dtd=True)
            return {child.tag: (child.text or "").strip() for child in root if len(child) == 0}
        if kind in ("", "application/x-www-form-urlencoded"):
            return dict(parse_qsl(text, keep_blank_values=True, max_num_fields=100))
    except (UnicodeDecodeError, ValueError, ParseError, DefusedXmlException) as error:
        raise Refused(400, message("malformed", lang, kind=kind or "form")) from error
    raise Refused(400, message("malformed", lang, kind=kind))


def file_report(fields: dict[str, str], lang: str) -> str:
    """Check and save a posted report in one transaction; its ticket, or `Refused`."""
    settings = get_settings()
    now = utcnow()
    with write_transaction() as session:
        holder = key_holder(session, key=fields.get("api_key", ""))
        if holder is None:
            raise Refused(403, message("api_key", lang))
        limit = settings.api_posts_per_key_per_hour
        if not may_post(session, holder=holder, limit=limit, now=now):
            raise Refused(
                429, message("rate_limited", lang, limit=limit), headers={"Retry-After": "3600"}
            )
        checked = validate_open311_post(session, fields)
        if not checked.ok or checked.draft is None:
            raise Refused(
                400, *(field_message(name, error, lang) for name, error in checked.errors.items())
            )
        submitted = submit_report(session, draft=checked.draft, settings=settings, now=now)
        record_api_submission(session, holder=holder, report_id=submitted.report_id, now=now)
        return submitted.ticket


async def post_request(request: Request) -> Response:
    lang = language(request)
    fmt = request.path_params.get("fmt", "json")
    try:
        fmt = _format(request)
        body = await _bounded_body(request, get_settings().api_max_body_bytes, lang)
        fields = posted_fields(request.headers.get("content-type", ""), body, lang)
        fields.setdefault("api_key", request.query_params.get("api_key", ""))
        ticket = await run_in_threadpool(file_report, fields, lang)
    except Refused as refused:
        return fmt_.errors(fmt, refused.status_code, refused.descriptions, **refused.headers)
    except Exception:  # never a stack trace to the public; the log keeps it
        log.exception("Open311 POST failed")
        return fmt_.errors(fmt, 500, [message("server_error", lang)])
    notice = message("media_ignored", lang) if fields.get("media_url") else None
    record = {
        "service_request_id": format_ticket_code(ticket),
        "service_notice": notice,
        "account_id": None,
    }
    return fmt_.respond(
        fmt,
        [record],
        root="service_requests",
        item="request",
        headers={"Cache-Control": "no-store"},
    )


ROUTES = [
    Route("/api/v2/discovery.{fmt}", discovery, methods=["GET"]),
    Route("/api/v2/services.{fmt}", service_list, methods=["GET"]),
    Route("/api/v2/services/{code}.{fmt}", service_definition, methods=["GET"]),
    Route("/api/v2/requests.{fmt}", request_list, methods=["GET"]),
    Route("/api/v2/requests.{fmt}", post_request, methods=["POST"]),
    Route("/api/v2/requests/{ticket}.{fmt}", one_request, methods=["GET"]),
]
