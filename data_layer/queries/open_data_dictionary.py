"""The data dictionary of every open-data file: its columns, and what each file leaves out.

Open-data columns are a contract with the people who script against them: a change
here is a change of the published files and is recorded in docs/api.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_layer.queries.geo import FIGURE_COLUMNS
from data_layer.queries.open_data import REPORT_COLUMNS, ColumnDoc
from data_layer.queries.scorecard import SCORECARD_COLUMNS


def _c(name: str, type_: str, id_: str, en: str) -> ColumnDoc:
    return ColumnDoc(name, type_, id_, en)


KELURAHAN_COLUMNS: tuple[ColumnDoc, ...] = (
    _c("code", "text", "Kode kelurahan (Kemendagri, 10 digit).", "Kelurahan code (Kemendagri, 10 digits)."),
    _c("name", "text", "Nama kelurahan.", "Kelurahan name."),
    _c("kecamatan_code", "text", "Kode kecamatan (6 digit).", "Kecamatan code (6 digits)."),
    _c("kecamatan", "text", "Nama kecamatan.", "Kecamatan name."),
    _c("area_km2", "number", "Luas wilayah (km², 2 desimal).", "Area (km², 2 decimals)."),
    _c("approximate", "boolean", "true bila batas wilayah hanya perkiraan.", "true when the boundary is only approximate."),
    _c("reports", "integer", "Laporan publik dalam filter.", "Public reports in the filter."),
    _c("resolved", "integer", "Di antaranya yang selesai diperbaiki (selesai/ditutup).", "Of those, fixed (selesai/ditutup)."),
    _c("share_resolved", "number", "resolved ÷ reports (0–1, 3 desimal); kosong bila tidak ada laporan.", "resolved ÷ reports (0–1, 3 decimals); empty without reports."),
    _c("median_days", "number", "Median hari kerja sampai selesai (1 desimal).", "Median working days to resolution (1 decimal)."),
    _c("overdue_now", "integer", "Laporan yang sedang ditangani dan melewati tenggat saat ini.", "Reports in progress and past their deadline now."),
    _c("reports_per_km2", "number", "Laporan per km² (2 desimal).", "Reports per km² (2 decimals)."),
)  # fmt: skip

_SHARE_ID, _SHARE_EN = "(0–1, 3 desimal)", "(0–1, 3 decimals)"
_DAYS_ID, _DAYS_EN = "(hari kerja, 1 desimal)", "(working days, 1 decimal)"
OPD_COLUMNS: tuple[ColumnDoc, ...] = (
    _c("period", "text", "Periode: selalu \"all\" (seluruh periode filter).", "Period: always \"all\" (the whole filtered period)."),
    _c("opd_code", "text", "Kode OPD (seperti ?opd= di URL).", "Department code (as in ?opd= in URLs)."),
    _c("opd_short_name", "text", "Singkatan OPD.", "Department short name."),
    _c("opd_name_id", "text", "Nama OPD (Bahasa Indonesia).", "Department name (Indonesian)."),
    _c("opd_name_en", "text", "Nama OPD (Inggris).", "Department name (English)."),
    _c("received", "integer", "Laporan publik yang menjadi tanggung jawab OPD.", "Public reports the department is responsible for."),
    _c("fixed", "integer", "Selesai diperbaiki (selesai/ditutup).", "Fixed (selesai/ditutup)."),
    _c("closed_otherwise", "integer", "Ditutup tanpa perbaikan (ditolak/bukan wewenang).", "Closed without a fix (rejected/not city authority)."),
    _c("open", "integer", "Masih terbuka.", "Still open."),
    _c("verify_sla_met", "integer", "Verifikasi tepat waktu.", "Verified on time."),
    _c("verify_sla_decided", "integer", "Verifikasi yang tenggatnya sudah lewat atau sudah terjadi.", "Verifications done or past their deadline."),
    _c("verify_sla_share", "number", f"verify_sla_met ÷ verify_sla_decided {_SHARE_ID}.", f"verify_sla_met ÷ verify_sla_decided {_SHARE_EN}."),
    _c("response_sla_met", "integer", "Tanggapan pertama tepat waktu.", "First responses on time."),
    _c("response_sla_decided", "integer", "Tanggapan pertama yang sudah diputuskan (terjadi atau lewat tenggat).", "First responses decided (done or past the deadline)."),
    _c("response_sla_share", "number", f"response_sla_met ÷ response_sla_decided {_SHARE_ID}.", f"response_sla_met ÷ response_sla_decided {_SHARE_EN}."),
    _c("resolve_sla_met", "integer", "Selesai tepat waktu.", "Resolved on time."),
    _c("resolve_sla_decided", "integer", "Penyelesaian yang sudah diputuskan (terjadi atau lewat tenggat).", "Resolutions decided (done or past the deadline)."),
    _c("resolve_sla_share", "number", f"resolve_sla_met ÷ resolve_sla_decided {_SHARE_ID}.", f"resolve_sla_met ÷ resolve_sla_decided {_SHARE_EN}."),
    _c("median_response_days", "number", f"Median sampai tanggapan pertama {_DAYS_ID}.", f"Median to first response {_DAYS_EN}."),
    _c("p90_response_days", "number", f"Persentil ke-90 sampai tanggapan pertama {_DAYS_ID}.", f"90th percentile to first response {_DAYS_EN}."),
    _c("median_resolve_days", "number", f"Median sampai selesai {_DAYS_ID}.", f"Median to resolution {_DAYS_EN}."),
    _c("p90_resolve_days", "number", f"Persentil ke-90 sampai selesai {_DAYS_ID}.", f"90th percentile to resolution {_DAYS_EN}."),
    _c("ever_resolved", "integer", "Laporan yang pernah selesai.", "Reports ever resolved."),
    _c("reopened", "integer", "Di antaranya yang dibuka kembali.", "Of those, reopened."),
    _c("reopen_rate", "number", f"reopened ÷ ever_resolved {_SHARE_ID}.", f"reopened ÷ ever_resolved {_SHARE_EN}."),
    _c("fixed_with_photo", "integer", "Selesai dengan foto sesudah.", "Fixed with an after photo."),
    _c("photo_share", "number", f"fixed_with_photo ÷ fixed {_SHARE_ID}.", f"fixed_with_photo ÷ fixed {_SHARE_EN}."),
    _c("ratings", "integer", "Jumlah penilaian pelapor.", "Number of reporter ratings."),
    _c("avg_rating", "number", "Rata-rata penilaian 1–5 (1 desimal).", "Average rating 1–5 (1 decimal)."),
    _c("ranked", "boolean", "true bila OPD diperingkat (cukup laporan).", "true when the department is ranked (enough reports)."),
    _c("rank", "integer", "Peringkat; kosong bila tidak diperingkat.", "Rank; empty when not ranked."),
)  # fmt: skip


@dataclass(frozen=True)
class FileDoc:
    path: str
    columns: tuple[ColumnDoc, ...]
    leaves_out_id: str
    leaves_out_en: str


_REPORTS_LEAVE_OUT_ID = (
    "Laporan yang belum diverifikasi, rahasia, diarsipkan atau ditarik; data pribadi pelapor; "
    "alamat pelapor anonim (titiknya dibulatkan ±110 m)."
)
_REPORTS_LEAVE_OUT_EN = (
    "Reports not yet verified, confidential, archived or withdrawn; reporters' personal data; "
    "anonymous reporters' addresses (their point is rounded to about 110 m)."
)
FILES: tuple[FileDoc, ...] = (
    FileDoc("laporan.csv", REPORT_COLUMNS, _REPORTS_LEAVE_OUT_ID, _REPORTS_LEAVE_OUT_EN),
    FileDoc("laporan.json", REPORT_COLUMNS, _REPORTS_LEAVE_OUT_ID, _REPORTS_LEAVE_OUT_EN),
    FileDoc(
        "laporan.geojson",
        REPORT_COLUMNS,
        _REPORTS_LEAVE_OUT_ID + " Juga laporan tanpa koordinat (lihat jumlahnya di halaman).",
        _REPORTS_LEAVE_OUT_EN + " Also reports without coordinates (the page shows how many).",
    ),
    FileDoc(
        "kelurahan.csv",
        KELURAHAN_COLUMNS,
        "Hanya angka agregat; laporan yang belum diverifikasi atau rahasia tidak dihitung.",
        "Aggregates only; reports not yet verified or confidential are not counted.",
    ),
    FileDoc(
        "opd.csv",
        OPD_COLUMNS,
        "Hanya angka agregat per OPD penanggung jawab; laporan yang belum diverifikasi atau rahasia tidak dihitung.",
        "Aggregates per responsible department only; reports not yet verified or confidential are not counted.",
    ),
)


def _check() -> None:
    """Every column of the summary tables is documented, in order (fails at import)."""
    for documented, actual in (
        (KELURAHAN_COLUMNS, FIGURE_COLUMNS),
        (OPD_COLUMNS, SCORECARD_COLUMNS),
    ):
        if [c.name for c in documented] != list(actual):
            raise RuntimeError(f"open-data dictionary out of date: {actual}")


_check()
