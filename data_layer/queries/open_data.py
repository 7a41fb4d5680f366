"""Open data: the public reports as CSV, JSON and GeoJSON, and the summary tables.

The column names below are a published contract (journalists' scripts depend
on them): add columns at the end, never rename or remove one. Only reports whose
content is public are exported (`listed_where`: never a report rejected before
verification); no reporter field exists in the
export at all; for anonymous reports the free-text address is left out and the
location is rounded to about 100 m, so nothing in the file points at the
reporter's doorstep.

Exports are produced page by page (keyset pagination on the report id, newest
first) as chunks of bytes, so a large export never becomes one giant
DataFrame and memory stays flat whatever its size: there is no row cap. The
stable download URLs (api/open_data.py, `/data/laporan.csv` …) stream these
chunks; the Data terbuka page links to those URLs (`EXPORT_FORMATS` is the one
registry of formats both use).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

import pandas as pd
from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session, aliased

from data_layer.models import Category, Kecamatan, Kelurahan, Opd, Photo, Report
from data_layer.queries import geo
from data_layer.queries.public import (
    ReportFilter,
    join_report_labels,
    listed_tally_condition,
    listed_where,
    public_point,
)
from data_layer.queries.rollup import public_counts
from data_layer.queries.scorecard import opd_scorecard
from data_layer.states import PhotoKind
from data_layer.tickets import format_ticket_code

PAGE_SIZE = 5_000
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    type: str
    id: str
    en: str


# The published columns of the report export, in order.
REPORT_COLUMNS: tuple[ColumnDoc, ...] = (
    ColumnDoc(
        "ticket",
        "text",
        "Kode tiket publik seperti yang dilihat warga, mis. 7QM2R-T9KXH (untuk halaman Lacak).",
        "Public ticket code as citizens see it, e.g. 7QM2R-T9KXH (for the tracking page).",
    ),
    ColumnDoc(
        "kind",
        "text",
        "Jenis: aduan, aspirasi, informasi.",
        "Kind: aduan (complaint), aspirasi (proposal), informasi (information request).",
    ),
    ColumnDoc("category_code", "text", "Kode kategori.", "Category code."),
    ColumnDoc(
        "category", "text", "Nama kategori (Bahasa Indonesia).", "Category name (Indonesian)."
    ),
    ColumnDoc(
        "title",
        "text",
        "Judul laporan, ditulis pelapor (teks biasa).",
        "Report title, written by the reporter (plain text).",
    ),
    ColumnDoc(
        "description",
        "text",
        "Isi laporan, ditulis pelapor (teks biasa).",
        "Report text, written by the reporter (plain text).",
    ),
    ColumnDoc("channel", "text", "Kanal masuk laporan.", "Channel the report came in through."),
    ColumnDoc(
        "kecamatan_code",
        "text",
        "Kode Kemendagri kecamatan.",
        "Kemendagri code of the kecamatan (district).",
    ),
    ColumnDoc("kecamatan", "text", "Nama kecamatan.", "Kecamatan name."),
    ColumnDoc(
        "kelurahan_code", "text", "Kode Kemendagri kelurahan.", "Kemendagri code of the kelurahan."
    ),
    ColumnDoc("kelurahan", "text", "Nama kelurahan.", "Kelurahan name."),
    ColumnDoc(
        "latitude",
        "number",
        "Lintang WGS84 (dibulatkan ±100 m untuk laporan anonim).",
        "WGS84 latitude (rounded to about 100 m for anonymous reports).",
    ),
    ColumnDoc(
        "longitude",
        "number",
        "Bujur WGS84 (dibulatkan ±100 m untuk laporan anonim).",
        "WGS84 longitude (rounded to about 100 m for anonymous reports).",
    ),
    ColumnDoc(
        "address",
        "text",
        "Alamat/lokasi yang ditulis pelapor; kosong untuk laporan anonim.",
        "Address or place as written by the reporter; empty for anonymous reports.",
    ),
    ColumnDoc(
        "status",
        "text",
        "Status saat ini (lihat kamus status).",
        "Current status (see the status list).",
    ),
    ColumnDoc(
        "reject_reason",
        "text",
        "Alasan penolakan, bila ditolak.",
        "Reason for rejection, when rejected.",
    ),
    ColumnDoc(
        "opd_code",
        "text",
        "Kode OPD penanggung jawab.",
        "Code of the responsible department (OPD).",
    ),
    ColumnDoc("opd", "text", "Nama singkat OPD.", "Short name of the department."),
    ColumnDoc(
        "received_at",
        "datetime",
        "Waktu laporan diterima (UTC, ISO 8601).",
        "When the report was received (UTC, ISO 8601).",
    ),
    ColumnDoc("verified_at", "datetime", "Waktu diverifikasi (UTC).", "When verified (UTC)."),
    ColumnDoc(
        "forwarded_at",
        "datetime",
        "Waktu diteruskan ke OPD (UTC).",
        "When forwarded to the department (UTC).",
    ),
    ColumnDoc(
        "first_response_at",
        "datetime",
        "Waktu tanggapan pertama OPD (UTC).",
        "When the department first responded (UTC).",
    ),
    ColumnDoc("resolved_at", "datetime", "Waktu dinyatakan selesai (UTC).", "When resolved (UTC)."),
    ColumnDoc("closed_at", "datetime", "Waktu ditutup (UTC).", "When closed (UTC)."),
    ColumnDoc(
        "verify_due_at", "datetime", "Tenggat verifikasi (UTC).", "Verification deadline (UTC)."
    ),
    ColumnDoc(
        "first_response_due_at",
        "datetime",
        "Tenggat tanggapan pertama (UTC).",
        "First-response deadline (UTC).",
    ),
    ColumnDoc(
        "resolve_due_at", "datetime", "Tenggat penyelesaian (UTC).", "Resolution deadline (UTC)."
    ),
    ColumnDoc(
        "verify_working_days",
        "number",
        "Hari kerja sampai verifikasi.",
        "Working days until verification.",
    ),
    ColumnDoc(
        "first_response_working_days",
        "number",
        "Hari kerja dari diteruskan sampai tanggapan pertama.",
        "Working days from forwarding to first response.",
    ),
    ColumnDoc(
        "resolve_working_days",
        "number",
        "Hari kerja dari diteruskan sampai selesai.",
        "Working days from forwarding to resolution.",
    ),
    ColumnDoc("reopen_count", "integer", "Berapa kali dibuka kembali.", "Times reopened."),
    ColumnDoc(
        "has_after_photo",
        "boolean",
        "Ada foto bukti sesudah perbaikan.",
        "Has an after (proof) photo.",
    ),
    ColumnDoc(
        "anonymous", "boolean", "Pelapor memilih anonim.", "The reporter chose to stay anonymous."
    ),
)
REPORT_COLUMN_NAMES = [column.name for column in REPORT_COLUMNS]
_DATETIME_COLUMNS = {c.name for c in REPORT_COLUMNS if c.type == "datetime"}


def _export_query(report_filter: ReportFilter):
    after_photo = exists().where(Photo.report_id == Report.id, Photo.kind == PhotoKind.AFTER.value)
    opd = aliased(Opd)
    anonymous = Report.anonymous.is_(True)
    latitude, longitude = public_point()
    return listed_where(
        join_report_labels(
            select(
                Report.id,
                Report.ticket,
                Report.kind,
                Category.code.label("category_code"),
                Category.name_id.label("category"),
                Report.title,
                Report.description,
                Report.channel,
                Kelurahan.kecamatan_code,
                Kecamatan.name.label("kecamatan"),
                Report.kelurahan_code,
                Kelurahan.name.label("kelurahan"),
                latitude.label("latitude"),
                longitude.label("longitude"),
                case((anonymous, None), else_=Report.address).label("address"),
                Report.status,
                Report.reject_reason,
                opd.code.label("opd_code"),
                opd.short_name.label("opd"),
                Report.received_at,
                Report.verified_at,
                Report.forwarded_at,
                Report.first_response_at,
                Report.resolved_at,
                Report.closed_at,
                Report.verify_due_at,
                Report.first_response_due_at,
                Report.resolve_due_at,
                Report.verify_working_days,
                Report.first_response_working_days,
                Report.resolve_working_days,
                Report.reopen_count,
                after_photo.label("has_after_photo"),
                Report.anonymous,
            ),
            opd=opd,
        ),
        report_filter,
    )


def public_report_count(session: Session, *, report_filter: ReportFilter) -> int:
    """How many listed reports (rows of the download) the filter selects (rollups when they answer)."""
    counted = public_counts(session, report_filter=report_filter, keys=["status"])
    if counted is not None:
        rows = counted.subquery()
        listed = select(func.sum(rows.c.reports)).where(listed_tally_condition(rows.c.status))
        return int(session.scalar(listed) or 0)
    return (
        session.scalar(listed_where(select(func.count()).select_from(Report), report_filter)) or 0
    )


def reports_without_point(session: Session, *, report_filter: ReportFilter) -> int:
    """Listed reports the filter selects that have no coordinates (GeoJSON leaves them out)."""
    latitude, _longitude = public_point()
    query = listed_where(select(func.count()).select_from(Report), report_filter)
    return int(session.scalar(query.where(latitude.is_(None))) or 0)


def public_report_pages(
    session: Session,
    *,
    report_filter: ReportFilter,
    page_size: int = PAGE_SIZE,
    max_rows: int | None = None,
) -> Iterator[list[dict]]:
    """Pages of export rows (dicts keyed by REPORT_COLUMN_NAMES), newest first.

    All matching rows unless `max_rows` is given (memory holds one page at a time).
    """
    before: int | None = None
    remaining = max_rows if max_rows is not None else float("inf")
    base = _export_query(report_filter)
    while remaining > 0:
        query = base.order_by(Report.id.desc()).limit(min(page_size, remaining))
        if before is not None:
            query = query.where(Report.id < before)
        rows = session.execute(query).mappings().all()
        if not rows:
            return
        before = rows[-1]["id"]
        remaining -= len(rows)
        yield [_export_row(row) for row in rows]
        if len(rows) < page_size:
            return


def _export_row(row) -> dict:
    record = {}
    for name in REPORT_COLUMN_NAMES:
        value = row[name]
        if name == "ticket":
            # As citizens read and type it on Lacak and the receipt: 7QM2R-T9KXH.
            value = format_ticket_code(value)
        elif name in _DATETIME_COLUMNS and value is not None:
            value = value.replace(microsecond=0).isoformat() + "Z"
        elif name in ("has_after_photo", "anonymous"):
            value = bool(value)
        elif isinstance(value, float | Decimal):
            value = round(float(value), 6)
        record[name] = value
    return record


# --- writers ------------------------------------------------------------------

# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection): a citizen's title "=HYPERLINK(…)" must stay text for the
# journalist who opens the file. JSON and GeoJSON keep the text exactly.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """A CSV cell as JSON writes the value: booleans true/false (not Python's True/False);
    text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _spreadsheet_safe(record: dict) -> dict:
    return {name: _csv_cell(value) for name, value in record.items()}


def csv_chunks(session: Session, *, report_filter: ReportFilter, **limits) -> Iterator[bytes]:
    """UTF-8 CSV with a header row (and the BOM Excel needs to read UTF-8), one chunk per page."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REPORT_COLUMN_NAMES)
    writer.writeheader()
    yield "\ufeff".encode() + _drain(buffer)
    for page in public_report_pages(session, report_filter=report_filter, **limits):
        writer.writerows([_spreadsheet_safe(record) for record in page])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def json_chunks(session: Session, *, report_filter: ReportFilter, **limits) -> Iterator[bytes]:
    """A JSON array of objects, one per report."""
    first = True
    yield b"["
    for page in public_report_pages(session, report_filter=report_filter, **limits):
        parts = []
        for record in page:
            parts.append((b"\n" if first else b",\n") + _json_bytes(record))
            first = False
        yield b"".join(parts)
    yield b"\n]\n"


def geojson_chunks(session: Session, *, report_filter: ReportFilter, **limits) -> Iterator[bytes]:
    """A GeoJSON FeatureCollection of reports that have a location (others are left out)."""
    first = True
    yield b'{"type": "FeatureCollection", "features": ['
    for page in public_report_pages(session, report_filter=report_filter, **limits):
        parts = []
        for record in page:
            if record["latitude"] is None or record["longitude"] is None:
                continue
            feature = {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [record["longitude"], record["latitude"]],
                },
                "properties": record,
            }
            parts.append((b"\n" if first else b",\n") + _json_bytes(feature))
            first = False
        yield b"".join(parts)
    yield b"\n]}\n"


@dataclass(frozen=True)
class ExportFormat:
    """One download format of the report export."""

    extension: str
    media_type: str
    chunks: Callable[..., Iterator[bytes]]


# The one registry of export formats: the download URLs and the page's buttons.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat("csv", "text/csv; charset=utf-8", csv_chunks),
    "json": ExportFormat("json", "application/json", json_chunks),
    "geojson": ExportFormat("geojson", "application/geo+json", geojson_chunks),
}


SIZE_SAMPLE_ROWS = 200


def estimated_sizes(
    session: Session, *, report_filter: ReportFilter, rows: int, rows_with_point: int
) -> dict[str, int]:
    """Bytes each export format will take, from the newest SIZE_SAMPLE_ROWS rows written
    out in full and scaled to the rows the file will hold (shown before a download)."""
    sample = next(
        public_report_pages(
            session, report_filter=report_filter, page_size=SIZE_SAMPLE_ROWS,
            max_rows=SIZE_SAMPLE_ROWS,
        ),
        [],
    )  # fmt: skip
    if not sample:
        return dict.fromkeys(EXPORT_FORMATS, 0)
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=REPORT_COLUMN_NAMES).writerows(
        [_spreadsheet_safe(record) for record in sample]
    )
    csv_row = len(buffer.getvalue().encode("utf-8")) / len(sample)
    json_row = sum(len(_json_bytes(record)) + 2 for record in sample) / len(sample)
    # A feature repeats the record as its properties and adds a point (about 90 bytes).
    return {
        "csv": int(csv_row * rows),
        "json": int(json_row * rows),
        "geojson": int((json_row + 90) * rows_with_point),
    }


def write_export(
    fmt: str, session: Session, *, report_filter: ReportFilter, out: BinaryIO, **limits
) -> None:
    """Write a whole export into `out` (the snapshot, tests, scripts)."""
    for chunk in EXPORT_FORMATS[fmt].chunks(session, report_filter=report_filter, **limits):
        out.write(chunk)


# Decimals published per kind of figure (the dictionary says the same): shares 0–1 to
# three places, working days and ratings to one, areas and densities to two.
def _decimals(column: str) -> int:
    if column.endswith(("_share", "_rate")) or column == "share_resolved":
        return 3
    if column.endswith("_days") or column == "avg_rating":
        return 1
    return 2


def rounded_table(table: pd.DataFrame) -> pd.DataFrame:
    """A summary table with its float columns rounded as published (no float noise)."""
    rounded = table.copy()
    for column in rounded.columns:
        if pd.api.types.is_float_dtype(rounded[column]):
            rounded[column] = rounded[column].round(_decimals(column))
    return rounded


def table_csv_bytes(table: pd.DataFrame) -> bytes:
    """A summary table as CSV (small: one row per kelurahan or OPD): values rounded,
    booleans true/false, formula-guarded too."""
    buffer = io.StringIO()
    rounded_table(table).astype(object).map(_csv_cell).to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")


def _json_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- summary tables -------------------------------------------------------------


def kelurahan_table(
    session: Session, *, report_filter: ReportFilter, now: dt.datetime | None = None
) -> pd.DataFrame:
    """Figures per kelurahan (the map's figures; columns `geo.FIGURE_COLUMNS`)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return geo.kelurahan_figures(session, report_filter=report_filter, now=now)


def opd_table(
    session: Session, *, report_filter: ReportFilter, now: dt.datetime | None = None
) -> pd.DataFrame:
    """Figures per OPD over the whole filtered period (the scorecard's columns, period "all")."""
    return opd_scorecard(session, report_filter=report_filter, granularity="all", now=now)
