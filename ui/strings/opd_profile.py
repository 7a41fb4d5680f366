"""Strings of one OPD's page (Kinerja OPD → an OPD's name)."""

STRINGS = {
    "opd.nav": {"id": "Profil OPD", "en": "Department profile"},
    "opd.back": {"id": "← Semua OPD (Kinerja OPD)", "en": "← All departments (scorecard)"},
    "opd.unknown": {
        "id": "OPD tidak ditemukan. Pilih OPD dari daftar di Kinerja OPD.",
        "en": "Department not found. Choose one from the list on the scorecard.",
    },
    "opd.intro": {
        "id": "Semua laporan publik yang menjadi tanggung jawab OPD ini, dihitung seperti di Kinerja OPD.",
        "en": "Every public report this department is responsible for, counted as on the scorecard.",
    },
    "opd.trend": {
        "id": "Laporan per bulan ({zone}): diterima dan selesai diperbaiki",
        "en": "Reports per month ({zone}): received and fixed",
    },
    "opd.by_category": {"id": "Menurut kategori", "en": "By category"},
    "opd.by_kelurahan": {"id": "Menurut {village_lower}", "en": "By {village_en}"},
    "opd.overdue": {
        "id": "Melewati tenggat saat ini: {count} laporan",
        "en": "Past the deadline now: {count} reports",
    },
    "opd.overdue_none": {
        "id": "Tidak ada laporan yang melewati tenggat saat ini.",
        "en": "No report is past its deadline now.",
    },
    "opd.overdue_shown": {
        "id": "Menampilkan {shown} yang paling lama terlambat.",
        "en": "Showing the {shown} most overdue.",
    },
    "opd.col.ticket": {"id": "Kode tiket", "en": "Ticket code"},
    "opd.col.category": {"id": "Kategori", "en": "Category"},
    "opd.col.kelurahan": {"id": "{village}", "en": "{village_en}"},
    "opd.col.received": {"id": "Diterima", "en": "Received"},
    "opd.col.due": {"id": "Tenggat", "en": "Due"},
    "opd.col.days_late": {"id": "Hari terlambat", "en": "Days late"},
    "opd.feed": {
        "id": "Ikuti laporan baru dan perubahan status OPD ini:",
        "en": "Follow this department's new reports and status changes:",
    },
}
