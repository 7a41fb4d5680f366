STRINGS = {
    "app.title": {"id": "Pantau Lapor", "en": "Pantau Lapor"},
    "app.tagline": {
        "id": "Dasbor transparansi pengaduan warga {city} melalui {channel}",
        "en": "Transparency dashboard for citizen reports to {city} through {channel}",
    },
    "app.demo_banner": {
        "id": "DATA DEMO: angka dan laporan di situs ini adalah data contoh, bukan data resmi.",
        "en": "DEMO DATA: the figures and reports on this site are sample data, not official data.",
    },
    "app.language": {"id": "Bahasa", "en": "Language"},
    "app.error": {
        "id": "Maaf, halaman ini sedang bermasalah. Silakan coba lagi sebentar lagi.",
        "en": "Sorry, this page has a problem. Please try again in a moment.",
    },
    "nav.public": {"id": "Publik", "en": "Public"},
    "nav.operator": {"id": "Operator", "en": "Operator"},
}

STRINGS.update(
    {
        "nav.beranda": {"id": "Beranda", "en": "Home"},
        "nav.peta": {"id": "Peta {village_lower}", "en": "{village} map"},
        "nav.galeri": {"id": "Sebelum & sesudah", "en": "Before & after"},
        "nav.lacak": {"id": "Lacak tiket", "en": "Track a ticket"},
        "shell.menu": {"id": "Menu", "en": "Menu"},
        "home.report.title": {"id": "Ada masalah di sekitar Anda?", "en": "A problem near you?"},
        "home.report.help": {
            "id": "Jalan rusak, lampu mati, sampah menumpuk: laporkan dengan foto dan lokasi.",
            "en": "Broken road, dead street light, piled-up rubbish: report it with a photo "
            "and the place.",
        },
        "home.report.button": {"id": "Laporkan masalah", "en": "Report a problem"},
        "home.track.title": {"id": "Lacak laporan", "en": "Track a report"},
        "home.track.label": {
            "id": "Kode tiket laporan Anda",
            "en": "Your report's ticket code",
        },
        "home.track.button": {"id": "Lacak", "en": "Track"},
        "nav.kinerja": {"id": "Kinerja OPD", "en": "Department scorecard"},
        "nav.data_terbuka": {"id": "Data terbuka", "en": "Open data"},
        "nav.kirim": {"id": "Kirim laporan", "en": "Submit a report"},
        "nav.operator_login": {"id": "Masuk operator", "en": "Operator sign-in"},
    }
)
