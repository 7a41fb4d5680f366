"""Strings of the kelurahan map page (`pages/peta.py`, `ui/map.py`)."""

STRINGS = {
    "map.panel.gallery": {
        "id": "Foto sebelum & sesudah di sini",
        "en": "Before & after photos here",
    },
    "map.title": {"id": "Peta laporan per {village_lower}", "en": "Reports by {village_lower}"},
    "map.intro_touch": {
        "id": "Warna menunjukkan angka yang dipilih untuk setiap {village_lower}. Ketuk sebuah "
        "{village_lower} untuk melihat angkanya dan membuka rinciannya di bawah peta.",
        "en": "Colours show the chosen figure for each {village_lower}. Tap a {village_lower} to "
        "see its figures and open its details below the map.",
    },
    "map.intro": {
        "id": "Warna menunjukkan angka yang dipilih untuk setiap {village_lower}. Arahkan kursor ke "
        "{village_lower} untuk melihat angkanya, klik untuk membuka rinciannya.",
        "en": "Colours show the chosen figure for each {village_lower}. Hover over a {village_lower} to see "
        "its figures, click it to open its details.",
    },
    "map.metric": {"id": "Warna peta menurut", "en": "Colour the map by"},
    "map.metric.reports": {"id": "Jumlah laporan", "en": "Reports"},
    "map.metric.reports_per_km2": {"id": "Laporan per km²", "en": "Reports per km²"},
    "map.metric.share_resolved": {"id": "Persentase selesai", "en": "Share resolved"},
    "map.metric.median_days": {
        "id": "Lama penyelesaian (median, hari kerja)",
        "en": "Time to resolve (median, working days)",
    },
    "map.metric.overdue_now": {"id": "Melewati tenggat saat ini", "en": "Overdue now"},
    "map.field.kelurahan": {"id": "{village}", "en": "{village}"},
    "map.field.kecamatan": {"id": "Kecamatan", "en": "Kecamatan"},
    "map.field.boundary": {"id": "Batas wilayah", "en": "Boundary"},
    "map.boundary.approximate": {
        "id": "perkiraan (dari titik pusat resmi)",
        "en": "approximate (from official centre points)",
    },
    "map.boundary.official": {"id": "{source}", "en": "{source}"},
    "map.legend.no_data": {"id": "tidak ada data", "en": "no data"},
    "map.legend.heat": {"id": "Kepadatan laporan", "en": "Report density"},
    "map.legend.heat_low": {"id": "rendah", "en": "low"},
    "map.legend.heat_mid": {"id": "sedang", "en": "medium"},
    "map.legend.heat_high": {"id": "tinggi", "en": "high"},
    "map.legend.approximate": {
        "id": "batas: perkiraan",
        "en": "boundaries: approximate",
    },
    "map.approximate_note": {
        "id": "Batas {village_lower} pada peta ini adalah **perkiraan** (sel Voronoi dari titik pusat "
        "resmi), bukan batas resmi. Laporan di dekat batas bisa tampak di {village_lower} tetangga.",
        "en": "The {village_lower} boundaries on this map are **approximate** (Voronoi cells around the "
        "official centre points), not official boundaries. Reports near a border may appear in "
        "the neighbouring {village_lower}.",
    },
    "map.layer": {"id": "Lapisan lokasi laporan", "en": "Report locations layer"},
    "map.layer.none": {"id": "Tidak ada", "en": "None"},
    "map.layer.clusters": {"id": "Titik laporan terbaru", "en": "Latest report points"},
    "map.layer.heat": {"id": "Peta panas semua laporan", "en": "Heat map of all reports"},
    "map.layer.clusters_note": {
        "id": "Menampilkan {shown} laporan berlokasi terbaru (dari {total} laporan publik).",
        "en": "Showing the latest {shown} located reports (of {total} public reports).",
    },
    "map.layer.heat_note": {
        "id": "Kepadatan {total} laporan publik yang berlokasi (dihitung per petak ±200 m). "
        "Peta panas menggantikan warna {village_lower}; garis batasnya tetap bisa dipilih.",
        "en": "Density of {total} located public reports (counted per ±200 m cell). The heat "
        "map replaces the {village_lower} colours; their outlines can still be chosen.",
    },
    "map.select": {"id": "Pilih {village_lower}", "en": "Choose a {village_lower}"},
    "map.select.placeholder": {
        "id": "Pilih di peta atau di sini",
        "en": "Choose on the map or here",
    },
    "map.panel.title": {"id": "{village} {name}", "en": "{village} {name}"},
    "map.panel.subtitle": {"id": "Kecamatan {kecamatan}", "en": "Kecamatan {kecamatan}"},
    "map.panel.area": {"id": "Luas: {area} km²", "en": "Area: {area} km²"},
    "map.panel.top_categories": {"id": "Kategori terbanyak", "en": "Top categories"},
    "map.panel.latest": {"id": "Laporan publik terbaru", "en": "Latest public reports"},
    "map.panel.none": {
        "id": "Belum ada laporan publik di {village_lower} ini untuk pilihan filter ini.",
        "en": "No public reports in this {village_lower} for the current filters.",
    },
    "map.panel.unselected": {
        "id": "Pilih sebuah {village_lower} di peta (atau di atas) untuk melihat rinciannya.",
        "en": "Choose a {village_lower} on the map (or above) to see its details.",
    },
    "map.panel.close": {"id": "Tutup rincian", "en": "Close details"},
    "map.col.ticket": {"id": "Tiket", "en": "Ticket"},
    "map.col.title": {"id": "Judul", "en": "Title"},
    "map.col.category": {"id": "Kategori", "en": "Category"},
    "map.col.status": {"id": "Status", "en": "Status"},
    "map.col.received": {"id": "Diterima", "en": "Received"},
    "map.col.track": {"id": "Lacak", "en": "Track"},
    "map.col.reports": {"id": "Laporan", "en": "Reports"},
    "map.table.title": {
        "id": "Tabel {village_lower} (alternatif teks untuk peta)",
        "en": "{village} table (text alternative to the map)",
    },
    "map.table.caption": {
        "id": "Angka yang sama dengan peta, untuk pembaca layar dan untuk disalin.",
        "en": "The same figures as the map, for screen readers and for copying.",
    },
    "map.popup.ticket": {"id": "Tiket", "en": "Ticket"},
    "map.empty": {
        "id": "Belum ada laporan publik untuk pilihan filter ini; peta menampilkan batas saja.",
        "en": "No public reports for these filters yet; the map shows boundaries only.",
    },
    "map.no_boundaries": {
        "id": "Batas {village_lower} belum tersedia di basis data.",
        "en": "{village} boundaries are not in the database yet.",
    },
    "map.aria_label": {
        "id": "Peta {village} {city}, diwarnai menurut: {metric}",
        "en": "Map of the {village} areas of {city}, coloured by: {metric}",
    },
}
