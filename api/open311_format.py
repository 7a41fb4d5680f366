"""Open311 GeoReport v2 bodies in JSON and XML, with the spec's element names.

XML is built with ElementTree (text is always escaped, never formatted into
markup); the root and element names are those of the specification:
`services/service`, `service_definition`, `service_requests/request`,
`errors/error`, `discovery`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree as ET

from starlette.responses import Response

from data_layer.config import get_settings
from data_layer.queries.open311 import Service, ServiceRequest
from data_layer.tickets import format_ticket_code

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
Record = Mapping[str, object]


def w3c_local(moment: dt.datetime | None) -> str | None:
    """A naive UTC time as a W3C datetime in the city's zone, with its offset."""
    if moment is None:
        return None
    local = moment.replace(tzinfo=dt.UTC).astimezone(get_settings().tz)
    return local.replace(microsecond=0).isoformat()


def service_record(service: Service) -> Record:
    return {
        "service_code": service.code,
        "service_name": service.name_id,
        "description": service.name_en,
        "metadata": False,  # none of our services has extra attributes
        "type": "realtime",
        "keywords": service.code.replace("_", ","),
        "group": service.group,
    }


def definition_record(code: str) -> Record:
    # The spec lets a service without metadata answer with no attributes.
    return {"service_code": code, "attributes": []}


def request_record(request: ServiceRequest, media_url: str | None) -> Record:
    return {
        "service_request_id": format_ticket_code(request.ticket),
        "status": request.open311_status,
        "status_notes": request.status_notes,
        "service_name": request.service_name,
        "service_code": request.service_code,
        "description": request.description,
        "agency_responsible": request.agency_responsible,
        "service_notice": None,
        "requested_datetime": w3c_local(request.requested_at),
        "updated_datetime": w3c_local(request.updated_at),
        "expected_datetime": None,
        "address": request.address or f"Kel. {request.kelurahan}, Kec. {request.kecamatan}",
        "address_id": None,
        "zipcode": None,
        "lat": request.latitude,
        "long": request.longitude,
        "media_url": media_url,
    }


def _xml_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ET.Element, name: str, value: object, item_name: str) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, list):
        for item in value:
            _append(element, item_name, item, item_name)
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            _append(element, key, inner, item_name)
    else:
        element.text = _xml_text(value)


def to_xml(root: str, item: str | None, records: Sequence[Record] | Record) -> bytes:
    """`<root><item>…</item>…</root>` for a list, or `<root>…</root>` for one record."""
    element = ET.Element(root)
    if isinstance(records, Mapping):
        for key, value in records.items():
            _append(element, key, value, "attribute")
    else:
        for record in records:
            _append(element, item or "item", record, "attribute")
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(
    fmt: str,
    records: Sequence[Record] | Record,
    *,
    root: str,
    item: str | None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    if fmt == "xml":
        body = to_xml(root, item, records)
    else:
        body = json.dumps(records, ensure_ascii=False).encode("utf-8")
    return Response(body, status_code=status_code, media_type=FORMATS[fmt], headers=headers)


def errors(fmt: str, status_code: int, descriptions: Sequence[str], **headers: str) -> Response:
    """The spec's error array: `[{"code": 403, "description": "…"}]` / `<errors><error>…`."""
    records = [{"code": status_code, "description": text} for text in descriptions]
    return respond(
        fmt if fmt in FORMATS else "json",
        records,
        root="errors",
        item="error",
        status_code=status_code,
        headers={"Cache-Control": "no-store", **headers},
    )
