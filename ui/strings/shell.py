"""Strings of the app's frame (sidebar, banners) and of the shared filter bar."""

STRINGS = {
    "shell.demo_badge": {"id": "DATA DEMO", "en": "DEMO DATA"},
    "shell.data_note": {
        "id": "Hanya laporan yang telah diverifikasi dan tidak bersifat rahasia yang ditampilkan.",
        "en": "Only verified, non-confidential reports are shown.",
    },
    "shell.updated_at": {"id": "Diperbarui pukul {time}", "en": "Updated at {time}"},
    "shell.no_data": {
        "id": "Belum ada laporan publik untuk pilihan ini.",
        "en": "No public reports for this selection yet.",
    },
    "filter.title": {"id": "Filter", "en": "Filters"},
    "filter.title_active": {"id": "Filter ({count} aktif)", "en": "Filters ({count} active)"},
    "filter.reset": {"id": "Hapus semua filter", "en": "Clear all filters"},
    "filter.throttled": {
        "id": "Terlalu banyak tampilan berfilter diminta dari jaringan Anda dalam beberapa "
        "menit terakhir, jadi yang tampil adalah angka tanpa filter. Coba lagi dalam 5 menit.",
        "en": "Too many filtered views have been requested from your network in the last few "
        "minutes, so the figures shown are unfiltered. Please try again in 5 minutes.",
    },
    "filter.all": {"id": "Semua", "en": "All"},
    "filter.start": {"id": "Dari tanggal", "en": "From"},
    "filter.end": {"id": "Sampai tanggal", "en": "To"},
    "filter.period": {"id": "Periode", "en": "Period"},
    "filter.period_help": {
        "id": "Pilih tanggal awal lalu tanggal akhir; berlaku begitu keduanya dipilih.",
        "en": "Pick the first day, then the last; applied as soon as both are picked.",
    },
    "filter.presets": {"id": "Pilihan cepat", "en": "Quick choice"},
    "filter.preset.this_month": {"id": "Bulan ini", "en": "This month"},
    "filter.preset.last_month": {"id": "Bulan lalu", "en": "Last month"},
    "filter.preset.three_months": {"id": "3 bulan", "en": "3 months"},
    "filter.preset.this_year": {"id": "Tahun ini", "en": "This year"},
    "filter.kecamatan": {"id": "Kecamatan", "en": "Kecamatan (district)"},
    "filter.kelurahan": {"id": "{village}", "en": "{village_en}"},
    "filter.kind": {"id": "Jenis laporan", "en": "Kind of report"},
    "filter.category": {"id": "Kategori", "en": "Category"},
    "filter.opd": {"id": "OPD", "en": "Department (OPD)"},
    "filter.channel": {"id": "Kanal", "en": "Channel"},
}
