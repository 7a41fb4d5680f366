"""Stable download URLs of the open data, streamed from the database.

    /data/laporan.csv | .json | .geojson   public reports (the pages' filter parameters)
    /data/kelurahan.csv                    figures per kelurahan (same filters)
    /data/opd.csv                          figures per OPD (same filters)
    /data/kamus.json                       the data dictionary

The report exports are streamed page by page from the database
(`open_data.EXPORT_FORMATS`, the registry the Data terbuka page links to), so
memory stays flat whatever the size and no row cap is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.database import read_session
from api.params import BadFilter, bad_filter_message, language, load_reference, report_filter
from api.throttling import refused_by
from data_layer.config import get_settings
from data_layer.queries import open_data
from data_layer.queries.open_data_dictionary import FILES
from data_layer.queries.public import ReportFilter
from data_layer.states import STATUS_LABELS, Status
from data_layer.throttle import expensive_requests_per_address

# Figures change as reports move; a minute of shared caching spares the database.
_CACHE = "public, max-age=60"


def _file_name(stem: str, extension: str) -> str:
    return f"pantau-lapor-{stem}-{dt.datetime.now(dt.UTC).strftime('%Y%m%d')}.{extension}"


def _attachment(stem: str, extension: str) -> dict[str, str]:
    return {
        "Content-Disposition": f'attachment; filename="{_file_name(stem, extension)}"',
        "Cache-Control": _CACHE,
    }


def _bad_request(error: BadFilter, request: Request) -> JSONResponse:
    message = bad_filter_message(error, language(request))
    return JSONResponse({"error": message, "params": error.params}, status_code=400)


def _stream(fmt: str, report_filter: ReportFilter) -> Iterator[bytes]:
    # Runs in Starlette's thread pool one chunk at a time; the session stays
    # open for the whole download and closes even if the client goes away.
    with read_session() as session:
        yield from open_data.EXPORT_FORMATS[fmt].chunks(session, report_filter=report_filter)


async def reports(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    export = open_data.EXPORT_FORMATS.get(fmt)
    if export is None:
        return JSONResponse({"error": f"unknown format {fmt!r}"}, status_code=404)
    refused = await refused_by(expensive_requests_per_address(get_settings()), request)
    if refused is not None:
        return refused
    try:
        report_filter = await run_in_threadpool(_filter_for, request)
    except BadFilter as error:
        return _bad_request(error, request)
    return StreamingResponse(
        _stream(fmt, report_filter),
        media_type=export.media_type,
        headers=_attachment("laporan", export.extension),
    )


def _filter_for(request: Request) -> ReportFilter:
    return report_filter(request, load_reference())


def _table_bytes(name: str, request: Request) -> bytes:
    report_filter = _filter_for(request)
    table = open_data.kelurahan_table if name == "kelurahan" else open_data.opd_table
    with read_session() as session:
        return open_data.table_csv_bytes(table(session, report_filter=report_filter))


async def summary_table(request: Request) -> Response:
    name = "kelurahan" if request.url.path.endswith("kelurahan.csv") else "opd"
    refused = await refused_by(expensive_requests_per_address(get_settings()), request)
    if refused is not None:
        return refused
    try:
        body = await run_in_threadpool(_table_bytes, name, request)
    except BadFilter as error:
        return _bad_request(error, request)
    return Response(body, media_type="text/csv; charset=utf-8", headers=_attachment(name, "csv"))


def data_dictionary() -> dict:
    """The columns of the report export and the values of its status column, in both languages."""
    return {
        "licence": {"name": open_data.LICENCE, "url": open_data.LICENCE_URL},
        "columns": [
            {"name": c.name, "type": c.type, "description": {"id": c.id, "en": c.en}}
            for c in open_data.REPORT_COLUMNS
        ],
        "status_values": [
            {"value": status.value, "label": STATUS_LABELS[status]} for status in Status
        ],
        "formats": {fmt: f"/data/laporan.{fmt}" for fmt in open_data.EXPORT_FORMATS},
        # Every file: what it leaves out and its columns (the summary tables' own).
        "files": [
            {
                "path": f"/data/{doc.path}",
                "leaves_out": {"id": doc.leaves_out_id, "en": doc.leaves_out_en},
                "columns": [
                    {"name": c.name, "type": c.type, "description": {"id": c.id, "en": c.en}}
                    for c in doc.columns
                ],
            }
            for doc in FILES
        ],
    }


async def dictionary(_request: Request) -> JSONResponse:
    return JSONResponse(data_dictionary(), headers={"Cache-Control": "public, max-age=3600"})


ROUTES = [
    Route("/data/kamus.json", dictionary, methods=["GET"]),
    Route("/data/kelurahan.csv", summary_table, methods=["GET"]),
    Route("/data/opd.csv", summary_table, methods=["GET"]),
    Route("/data/laporan.{fmt:str}", reports, methods=["GET"]),
]
