"""A Datasette-ready snapshot of the public data: `python -m data_layer export-snapshot DIR`.

Writes `DIR/pantau_lapor.db` (SQLite) and `DIR/metadata.json` (Datasette's
metadata: title, licences, source, a description of every column, canned
queries). The file holds public data only: the report rows are the open-data
export itself (`open_data.public_report_pages`: public reports, open-data
columns, anonymous points blurred), plus a GeoJSON point column; timeline rows
are public notes of public reports; reference tables carry no personal data.

The database is written beside the target and renamed into place, so a
Datasette serving DIR never sees half a snapshot.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from sqlalchemy.orm import Session

from data_layer.config import get_settings
from data_layer.queries import open_data
from data_layer.queries import snapshot as rows
from data_layer.queries.public import ReportFilter
from data_layer.queries.reference import boundary_sources
from data_layer.tickets import format_ticket_code

DATABASE_NAME = "pantau_lapor"
_SQL_TYPES = {"text": "TEXT", "number": "REAL", "integer": "INTEGER", "boolean": "INTEGER",
              "datetime": "TEXT"}  # fmt: skip

TABLE_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "timeline": (
        "Riwayat status dan catatan publik laporan publik / status history and public notes.",
        {
            "ticket": "Kode tiket / ticket code (reports.ticket).",
            "at": "Waktu perubahan (UTC) / when (UTC).",
            "from_status": "Status sebelumnya / previous status.",
            "to_status": "Status baru / new status.",
            "actor": "Peran pelaku (warga, sistem, verifikator, opd…), bukan nama / actor's role, never a name.",
            "public_note": "Catatan publik / public note.",
        },
    ),
    "kecamatan": (
        "Kecamatan (districts), Kepmendagri codes.",
        {"code": "Kode Kemendagri / Kemendagri code.", "name": "Nama / name."},
    ),
    "kelurahan": (
        "Kelurahan with boundaries (GeoJSON, WGS84).",
        {
            "code": "Kode Kemendagri / Kemendagri code.",
            "name": "Nama / name.",
            "kecamatan_code": "Kecamatan (kecamatan.code).",
            "postal_code": "Kode pos / postal code.",
            "centroid_lat": "Lintang titik tengah / centroid latitude.",
            "centroid_lon": "Bujur titik tengah / centroid longitude.",
            "area_km2": "Luas (km²) / area (km²).",
            "boundary_approximate": "1 = batas perkiraan (bukan resmi) / 1 = approximate boundary.",
            "boundary_source": "Sumber batas / boundary source.",
            "boundary_geojson": "Batas wilayah, geometri GeoJSON / boundary, GeoJSON geometry.",
        },
    ),
    "categories": (
        "Kategori laporan (layanan Open311) / report categories (Open311 services).",
        {
            "code": "Kode kategori / category code.",
            "name_id": "Nama (Bahasa Indonesia).",
            "name_en": "Name (English).",
            "resolution_class": "Kelas SLA penyelesaian (cepat 5, sedang 14, lama 60 hari kerja).",
            "routes_to_kecamatan": "1 = ditangani kantor kecamatan / handled by the kecamatan office.",
            "default_opd_code": "OPD yang biasanya menangani / the usual department (opds.code).",
        },
    ),
    "opds": (
        "Organisasi Perangkat Daerah (city departments).",
        {
            "code": "Kode OPD / department code.",
            "short_name": "Nama singkat / short name.",
            "name_id": "Nama (Bahasa Indonesia).",
            "name_en": "Name (English).",
            "kecamatan_code": "Untuk kantor kecamatan / for kecamatan offices.",
        },
    ),
}

CANNED_QUERIES = {
    "resolved_per_opd_per_month": {
        "title": "Selesai per OPD per bulan / resolved per department per month",
        "sql": "SELECT opd, substr(resolved_at, 1, 7) AS month, count(*) AS resolved, "
        "round(avg(resolve_working_days), 1) AS avg_working_days FROM reports "
        "WHERE resolved_at IS NOT NULL GROUP BY opd, month ORDER BY month DESC, resolved DESC",
    },
    "reports_per_kelurahan": {
        "title": "Laporan per kelurahan / reports per kelurahan",
        "sql": "SELECT kecamatan, kelurahan, count(*) AS reports, "
        "sum(status IN ('selesai', 'ditutup')) AS resolved FROM reports "
        "GROUP BY kelurahan_code ORDER BY reports DESC",
    },
    "open_past_deadline": {
        "title": "Masih terbuka melewati tenggat / still open past the deadline",
        "sql": "SELECT ticket, category, kelurahan, opd, status, resolve_due_at FROM reports "
        "WHERE status IN ('diverifikasi', 'diteruskan', 'diproses', 'dibuka_kembali') "
        "AND resolve_due_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ORDER BY resolve_due_at",
    },
}


def _create(connection: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    body = ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
    connection.execute(f'CREATE TABLE "{table}" ({body})')


def _insert(connection: sqlite3.Connection, table: str, names: list[str], records) -> int:
    marks = ", ".join("?" for _ in names)
    quoted = ", ".join(f'"{n}"' for n in names)
    values = [tuple(record[n] for n in names) for record in records]
    # Table and column names are this module's own constants; values are bound.
    statement = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'  # noqa: S608
    connection.executemany(statement, values)
    return len(values)


def _point(record: dict) -> str | None:
    if record["latitude"] is None or record["longitude"] is None:
        return None
    return json.dumps({"type": "Point", "coordinates": [record["longitude"], record["latitude"]]})


def _write_reports(connection: sqlite3.Connection, session: Session) -> int:
    columns = {c.name: _SQL_TYPES[c.type] for c in open_data.REPORT_COLUMNS}
    _create(connection, "reports", {**columns, "geometry": "TEXT"})
    names = [*columns, "geometry"]
    written = 0
    for page in open_data.public_report_pages(session, report_filter=ReportFilter()):
        written += _insert(
            connection, "reports", names, [{**r, "geometry": _point(r)} for r in page]
        )
    for column in ("status", "opd", "kelurahan_code", "category_code", "received_at"):
        connection.execute(f'CREATE INDEX "ix_reports_{column}" ON reports ("{column}")')
    return written


def _write_timeline(connection: sqlite3.Connection, session: Session) -> int:
    _create(connection, "timeline", dict.fromkeys(rows.TIMELINE_COLUMNS, "TEXT"))
    written = 0
    for page in rows.public_timeline_pages(session):
        for record in page:
            record["at"] = record["at"].replace(microsecond=0).isoformat() + "Z"
            # The same spelling as the reports table (and the downloads): 7QM2R-T9KXH.
            record["ticket"] = format_ticket_code(record["ticket"])
        written += _insert(connection, "timeline", list(rows.TIMELINE_COLUMNS), page)
    connection.execute('CREATE INDEX "ix_timeline_ticket" ON timeline (ticket)')
    return written


def _write_reference(connection: sqlite3.Connection, session: Session) -> None:
    for table, records in (
        ("kecamatan", rows.kecamatan_rows(session)),
        ("kelurahan", rows.kelurahan_rows(session)),
        ("categories", rows.category_rows(session)),
        ("opds", rows.opd_rows(session)),
    ):
        names = list(TABLE_DOCS[table][1])
        _create(connection, table, dict.fromkeys(names, ""))
        _insert(connection, table, names, records)


def metadata(*, osm_boundaries: bool) -> dict:
    settings = get_settings()
    report_columns = {c.name: f"{c.id} / {c.en}" for c in open_data.REPORT_COLUMNS}
    report_columns["geometry"] = "Titik laporan, geometri GeoJSON (anonim: ±100 m) / GeoJSON point."
    licence = (
        f"{open_data.LICENCE}; kelurahan boundaries ODbL 1.0"
        if osm_boundaries
        else open_data.LICENCE
    )
    tables = {
        "reports": {
            "description": "Laporan publik (bukan rahasia, sudah diverifikasi) / public reports.",
            "columns": report_columns,
            "facets": ["status", "kind", "opd", "kecamatan"],
        },
        **{
            name: {"description": description, "columns": columns}
            for name, (description, columns) in TABLE_DOCS.items()
        },
    }
    if osm_boundaries:
        tables["kelurahan"]["license"] = "ODbL 1.0"
        tables["kelurahan"]["license_url"] = "https://opendatacommons.org/licenses/odbl/"
        tables["kelurahan"]["source"] = "© OpenStreetMap contributors"
        tables["kelurahan"]["source_url"] = "https://www.openstreetmap.org/copyright"
    return {
        "title": f"Pantau Lapor – {settings.city_name}",
        "description": (
            f"Laporan publik {settings.channel_name} ({settings.city_name}): tanpa data pribadi "
            "pelapor; laporan rahasia dan yang belum diverifikasi tidak termasuk. / Public "
            "complaint reports; no reporter's personal data; confidential and unverified "
            "reports are left out. Times are UTC."
        ),
        "license": licence,
        "license_url": open_data.LICENCE_URL,
        "source": f"Pantau Lapor, {settings.city_name}"
        + (" · kelurahan boundaries © OpenStreetMap contributors (ODbL)" if osm_boundaries else ""),
        "databases": {DATABASE_NAME: {"tables": tables, "queries": CANNED_QUERIES}},
    }


def export_snapshot(session: Session, *, directory: Path) -> str:
    """Write the snapshot into `directory`; a one-line summary of what was written."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{DATABASE_NAME}.db"
    partial = directory / f".{DATABASE_NAME}.db.partial"
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        with connection:
            reports = _write_reports(connection, session)
            timeline = _write_timeline(connection, session)
            _write_reference(connection, session)
    finally:
        connection.close()
    os.replace(partial, target)
    osm = any(
        "openstreetmap" in s.lower() or "odbl" in s.lower() for s in boundary_sources(session)
    )
    (directory / "metadata.json").write_text(
        json.dumps(metadata(osm_boundaries=osm), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return f"{target}: {reports} public reports, {timeline} timeline rows; metadata.json written"
