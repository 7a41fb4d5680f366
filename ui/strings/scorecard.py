"""Strings of the OPD scorecard page (Kinerja OPD)."""

STRINGS = {
    "scorecard.title": {"id": "Kinerja OPD", "en": "Department scorecard"},
    "scorecard.intro": {
        "id": "Bagaimana setiap OPD (Organisasi Perangkat Daerah) menangani laporan warga {channel}, per bulan atau per triwulan.",
        "en": "How each city department (OPD) handled {channel} citizen reports, per month or per quarter.",
    },
    "scorecard.granularity": {"id": "Periode", "en": "Period"},
    "scorecard.month": {"id": "Bulanan", "en": "Monthly"},
    "scorecard.quarter": {"id": "Triwulanan", "en": "Quarterly"},
    "scorecard.period": {"id": "Bulan/triwulan", "en": "Month/quarter"},
    "scorecard.quarter_label": {"id": "Triwulan {roman} {year}", "en": "Q{quarter} {year}"},
    "scorecard.min_sample": {
        "id": "Peringkat hanya untuk OPD dengan sedikitnya {count} laporan pada periode ini; OPD lain tetap ditampilkan tanpa peringkat.",
        "en": "Only departments with at least {count} reports in this period are ranked; the others are listed without a rank.",
    },
    "scorecard.ranked": {"id": "Peringkat", "en": "Ranking"},
    "scorecard.unranked": {
        "id": "Belum diperingkat (kurang dari {count} laporan)",
        "en": "Not ranked (fewer than {count} reports)",
    },
    "scorecard.none": {
        "id": "Tidak ada OPD dengan laporan pada periode ini.",
        "en": "No department had reports in this period.",
    },
    "scorecard.chart": {
        "id": "Persentase laporan selesai dalam tenggat (SLA penyelesaian)",
        "en": "Share of reports resolved within the deadline (resolution SLA)",
    },
    "scorecard.all_columns": {
        "id": "Semua angka per OPD (tabel lengkap)",
        "en": "Every figure per department (full table)",
    },
    "scorecard.download": {
        "id": "Unduh tabel ini (CSV)",
        "en": "Download this table (CSV)",
    },
    "scorecard.col.rank": {"id": "#", "en": "#"},
    "scorecard.col.opd": {"id": "OPD", "en": "Department"},
    "scorecard.col.received": {"id": "Diterima", "en": "Received"},
    "scorecard.col.fixed": {"id": "Selesai diperbaiki", "en": "Fixed"},
    "scorecard.col.closed_otherwise": {"id": "Ditutup tanpa perbaikan", "en": "Closed otherwise"},
    "scorecard.col.open": {"id": "Masih terbuka", "en": "Still open"},
    "scorecard.col.verify_sla_share": {"id": "SLA verifikasi", "en": "Verification SLA"},
    "scorecard.col.response_sla_share": {"id": "SLA tanggapan", "en": "Response SLA"},
    "scorecard.col.resolve_sla_share": {"id": "SLA penyelesaian", "en": "Resolution SLA"},
    "scorecard.col.median_response_days": {
        "id": "Median tanggapan (hari kerja)",
        "en": "Median response (working days)",
    },
    "scorecard.col.p90_response_days": {
        "id": "P90 tanggapan (hari kerja)",
        "en": "P90 response (working days)",
    },
    "scorecard.col.median_resolve_days": {
        "id": "Median selesai (hari kerja)",
        "en": "Median resolution (working days)",
    },
    "scorecard.col.p90_resolve_days": {
        "id": "P90 selesai (hari kerja)",
        "en": "P90 resolution (working days)",
    },
    "scorecard.col.reopen_rate": {"id": "Dibuka kembali", "en": "Reopened"},
    "scorecard.col.photo_share": {"id": "Dengan foto bukti", "en": "With proof photo"},
    "scorecard.col.avg_rating": {"id": "Rata-rata penilaian (1–5)", "en": "Average rating (1–5)"},
    "scorecard.col.ratings": {"id": "Jumlah penilaian", "en": "Ratings"},
    "scorecard.method_title": {"id": "Cara angka dihitung", "en": "How the figures are computed"},
    "scorecard.method": {
        "id": (
            "- **Periode**: laporan dihitung pada bulan/triwulan ({zone}) saat diterima, untuk OPD penanggung jawabnya: "
            "OPD tujuan disposisi, atau, bila ditutup sebelum diteruskan, OPD bawaan kategorinya. "
            "Hanya laporan publik (terverifikasi, tidak rahasia).\n"
            "- **Selesai diperbaiki**: kini berstatus *selesai* atau *ditutup*. **Ditutup tanpa perbaikan**: *ditolak* "
            "(mis. duplikat) atau *bukan wewenang kota*.\n"
            "- **SLA** (hari kerja Senin–Jumat, di luar hari libur): verifikasi {verify} hari, tanggapan pertama OPD "
            "{response} hari, penyelesaian 5/14/60 hari menurut kelas kategori. Persentase = tepat waktu ÷ "
            "(tepat waktu + terlambat); laporan yang tenggatnya belum lewat tidak dihitung.\n"
            "- **Median dan P90**: hari kerja dari diteruskan ke OPD sampai tanggapan pertama / sampai selesai. "
            "P90 = nilai pada peringkat ⌈0,9·n⌉ (90% laporan secepat itu atau lebih cepat).\n"
            "- **Dibuka kembali**: dari laporan yang pernah selesai, yang dibuka kembali setidaknya sekali. "
            "**Dengan foto bukti**: dari laporan selesai, yang memiliki foto sesudah. "
            "**Penilaian**: rata-rata nilai 1–5 dari pelapor.\n"
            "- **Peringkat**: OPD dengan sedikitnya {minimum} laporan, menurut SLA penyelesaian (tertinggi dulu), "
            "lalu median waktu selesai (tercepat dulu)."
        ),
        "en": (
            "- **Period**: a report counts in the month/quarter ({zone}) in which it was received, for its responsible "
            "department: the one it was forwarded to or, if closed before forwarding, its category's default "
            "department. Public reports only (verified, not confidential).\n"
            "- **Fixed**: now *resolved* or *closed*. **Closed otherwise**: *rejected* (e.g. a duplicate) or "
            "*not city authority*.\n"
            "- **SLA** (working days, Monday–Friday, holidays excluded): verification {verify} days, first "
            "department response {response} days, resolution 5/14/60 days by category class. Share = on time ÷ "
            "(on time + late); reports whose deadline has not passed yet are left out.\n"
            "- **Median and P90**: working days from forwarding to the first response / to resolution. "
            "P90 = the value at rank ⌈0.9·n⌉ (90% of reports were that fast or faster).\n"
            "- **Reopened**: of reports ever resolved, the share reopened at least once. **With proof photo**: "
            "of fixed reports, the share with an after photo. **Rating**: mean 1–5 rating by reporters.\n"
            "- **Ranking**: departments with at least {minimum} reports, by resolution SLA (highest first), then "
            "by median time to resolve (fastest first)."
        ),
    },
}
