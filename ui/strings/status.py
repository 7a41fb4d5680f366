"""Strings of the live status page (Beranda)."""

STRINGS = {
    "status.title": {"id": "Status laporan warga", "en": "Status of citizen reports"},
    "status.intro": {
        "id": "Angka langsung dari laporan publik {channel}; diperbarui otomatis setiap menit.",
        "en": "Live figures from public {channel} reports; refreshed automatically every minute.",
    },
    "status.received": {"id": "Laporan diterima", "en": "Reports received"},
    "status.received_help": {
        "id": "Laporan publik (sudah diverifikasi, tidak rahasia) dalam filter ini.",
        "en": "Public reports (verified, not confidential) in this selection.",
    },
    "status.in_progress": {"id": "Sedang ditangani", "en": "In progress"},
    "status.in_progress_help": {
        "id": "Diverifikasi, diteruskan ke OPD, diproses, atau dibuka kembali.",
        "en": "Verified, forwarded to a department, in progress, or reopened.",
    },
    "status.resolved": {"id": "Selesai diperbaiki", "en": "Resolved (fixed)"},
    "status.unresolved": {
        "id": "Belum selesai (diproses, ditolak atau lainnya)",
        "en": "Not resolved (in progress, refused or other)",
    },
    "status.resolved_help": {
        "id": "Berstatus selesai atau ditutup setelah selesai. Laporan ditolak atau bukan wewenang kota tidak dihitung.",
        "en": "Resolved, or closed after being resolved. Rejected reports and those outside the city's authority do not count.",
    },
    "status.share_resolved": {"id": "Persentase selesai", "en": "Share resolved"},
    "status.share_resolved_help": {
        "id": "Laporan selesai dibagi laporan diterima.",
        "en": "Resolved reports divided by reports received.",
    },
    "status.median_days": {
        "id": "Lama penyelesaian (median, hari kerja)",
        "en": "Time to resolve (median, working days)",
    },
    "status.median_days_help": {
        "id": "Hari kerja (Senin–Jumat, di luar hari libur) dari diteruskan ke OPD sampai selesai. Median: nilai tengah; separuh laporan yang selesai lebih cepat dari angka ini, separuh lebih lambat.",
        "en": "Working days (Monday–Friday, holidays excluded) from forwarding to the department until resolved. Median: the middle value; half of the resolved reports took less, half took more.",
    },
    "status.overdue": {"id": "Melewati tenggat saat ini", "en": "Overdue now"},
    "status.overdue_help": {
        "id": "Masih ditangani dan sudah melewati tenggat penyelesaian (SLA).",
        "en": "Still being handled and past the resolution deadline (SLA).",
    },
    "status.closed_otherwise": {
        "id": "Ditutup tanpa perbaikan (ditolak atau bukan wewenang kota): {count} laporan.",
        "en": "Closed without a fix (rejected or not the city's authority): {count} reports.",
    },
    "status.by_status": {"id": "Menurut status", "en": "By status"},
    "status.trend": {
        "id": "Laporan per bulan ({zone}) menurut status saat ini",
        "en": "Reports per month ({zone}) by current status",
    },
    "status.trend_partial": {"id": "bulan berjalan", "en": "month so far"},
    "status.by_category": {
        "id": "Menurut kategori (hijau: selesai)",
        "en": "By category (green: resolved)",
    },
    "status.by_channel": {
        "id": "Menurut kanal (hijau: selesai)",
        "en": "By channel (green: resolved)",
    },
    "status.by_kind": {"id": "Menurut jenis (hijau: selesai)", "en": "By kind (green: resolved)"},
    "status.reports": {"id": "Laporan", "en": "Reports"},
    "status.no_opd": {"id": "Belum ada OPD", "en": "No department yet"},
}
