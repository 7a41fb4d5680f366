"""Indonesian text for demo reports: titles, descriptions, places and public notes.

Kept apart from `data_layer.demo` so the generator reads as logic and this file
as content. Everything here is invented; no text comes from a real report.
"""

from __future__ import annotations

LANDMARKS = (
    "depan SD negeri",
    "dekat masjid",
    "samping minimarket",
    "depan pos kamling",
    "dekat jembatan",
    "ujung gang",
    "depan kantor kelurahan",
    "dekat halte BRT",
    "depan puskesmas",
    "samping pasar",
    "dekat perempatan",
    "depan balai RW",
)

# What each category's reports are about, with `{place}` filled in by the generator.
ADUAN_TITLES: dict[str, tuple[str, ...]] = {
    "jalan_rusak": (
        "Jalan berlubang di {place}",
        "Aspal rusak parah di {place}",
        "Lubang besar membahayakan pengendara di {place}",
    ),
    "drainase": (
        "Saluran air tersumbat di {place}",
        "Got mampet dan berbau di {place}",
        "Drainase meluap saat hujan di {place}",
    ),
    "banjir_rob": (
        "Banjir setinggi lutut di {place}",
        "Rob masuk permukiman di {place}",
        "Genangan tidak surut di {place}",
    ),
    "trotoar": (
        "Trotoar ambles di {place}",
        "Jembatan kecil retak di {place}",
        "Paving trotoar lepas di {place}",
    ),
    "lampu_pju": (
        "Lampu PJU mati di {place}",
        "Lampu jalan berkedip di {place}",
        "Jalan gelap, lampu PJU padam di {place}",
    ),
    "pohon": (
        "Pohon tumbang menutup jalan di {place}",
        "Dahan pohon hampir patah di {place}",
        "Pohon rimbun menutupi kabel di {place}",
    ),
    "taman": (
        "Taman kota kotor dan rusak di {place}",
        "Bangku taman rusak di {place}",
        "Rumput taman tidak terawat di {place}",
    ),
    "sampah": (
        "Tumpukan sampah liar di {place}",
        "Sampah tidak diangkut tiga hari di {place}",
        "Bak sampah penuh dan berbau di {place}",
    ),
    "pencemaran": (
        "Asap pembakaran sampah di {place}",
        "Limbah cair dibuang ke sungai di {place}",
        "Bau menyengat dari saluran di {place}",
    ),
    "parkir": (
        "Parkir liar di bahu jalan {place}",
        "Juru parkir menarik tarif berlebih di {place}",
        "Mobil parkir di trotoar {place}",
    ),
    "angkutan_umum": (
        "Bus kota terlambat di {place}",
        "Halte BRT rusak di {place}",
        "AC bus kota mati, koridor {place}",
    ),
    "cctv": (
        "CCTV kota mati di {place}",
        "Kamera CCTV miring di {place}",
        "CCTV simpang tidak berfungsi di {place}",
    ),
    "lalu_lintas": (
        "Lampu lalu lintas mati di {place}",
        "Rambu lalu lintas roboh di {place}",
        "Marka jalan pudar di {place}",
    ),
    "pkl": (
        "PKL menutup trotoar di {place}",
        "Lapak PKL mengganggu arus di {place}",
        "PKL berjualan di badan jalan {place}",
    ),
    "ketertiban": (
        "Keributan malam hari di {place}",
        "Balap liar setiap malam di {place}",
        "Reklame liar di {place}",
    ),
    "air_bersih": (
        "Air PDAM tidak mengalir di {place}",
        "Pipa PDAM bocor di {place}",
        "Air PDAM keruh di {place}",
    ),
    "adminduk": (
        "KTP elektronik belum jadi",
        "Antrean akta kelahiran lama",
        "Data KK tidak sesuai",
    ),
    "kesehatan": (
        "Pelayanan puskesmas lambat di {place}",
        "Antrean panjang di puskesmas {place}",
        "Petugas kesehatan tidak ada di posyandu {place}",
    ),
    "pendidikan": (
        "Pungutan di sekolah dekat {place}",
        "Atap kelas bocor di sekolah {place}",
        "Kendala PPDB zonasi di {place}",
    ),
    "sosial": (
        "Bantuan sosial belum diterima di {place}",
        "Warga lansia terlantar di {place}",
        "Data penerima bansos tidak tepat di {place}",
    ),
    "bencana": (
        "Tanah longsor di {place}",
        "Talud ambrol di {place}",
        "Retakan tanah di permukiman {place}",
    ),
    "kebakaran": (
        "Hidran tidak berfungsi di {place}",
        "Bekas kebakaran belum ditangani di {place}",
        "Kabel terbakar di tiang {place}",
    ),
    "bangunan": (
        "Bangunan tanpa izin di {place}",
        "Bangunan menutup saluran di {place}",
        "Pembangunan ruko melanggar sempadan di {place}",
    ),
    "pasar": (
        "Atap pasar bocor di {place}",
        "Los pasar kotor di {place}",
        "Lorong pasar becek di {place}",
    ),
    "pajak_daerah": (
        "Tagihan PBB tidak sesuai",
        "SPPT PBB belum diterima",
        "Kesalahan nama pada SPPT PBB",
    ),
    "layanan_kelurahan": (
        "Pelayanan kelurahan lambat di {place}",
        "Surat pengantar kelurahan lama diproses",
        "Kantor kelurahan tutup pada jam kerja",
    ),
}
GENERIC_ADUAN_TITLES = ("Keluhan warga di {place}", "Masalah di lingkungan {place}")

ADUAN_DETAILS: dict[str, tuple[str, ...]] = {
    "jalan_rusak": (
        "Lubangnya cukup dalam dan sudah ada pengendara motor yang jatuh.",
        "Kalau hujan lubang tertutup air sehingga tidak terlihat.",
        "Kerusakan makin lebar sejak musim hujan.",
    ),
    "drainase": (
        "Air meluap ke jalan setiap hujan deras.",
        "Saluran penuh lumpur dan sampah plastik.",
        "Bau tidak sedap tercium sampai rumah warga.",
    ),
    "banjir_rob": (
        "Air masuk ke rumah warga dan belum surut sejak pagi.",
        "Pompa di dekat lokasi sepertinya tidak menyala.",
        "Anak-anak kesulitan berangkat sekolah.",
    ),
    "lampu_pju": (
        "Sudah lebih dari seminggu jalan gelap di malam hari.",
        "Warga khawatir terjadi kejahatan karena gelap.",
        "Ada beberapa tiang yang lampunya mati.",
    ),
    "pohon": (
        "Dahan besar menggantung di atas jalan.",
        "Akar pohon merusak trotoar.",
        "Pohon miring ke arah rumah warga.",
    ),
    "sampah": (
        "Sampah menumpuk dan mengundang lalat.",
        "Truk sampah tidak datang sesuai jadwal.",
        "Sampah dibuang orang dari luar kampung pada malam hari.",
    ),
    "parkir": (
        "Kendaraan parkir dua lapis sehingga macet.",
        "Juru parkir tidak memberi karcis.",
        "Jalur pejalan kaki tertutup kendaraan.",
    ),
    "pkl": (
        "Pejalan kaki terpaksa berjalan di badan jalan.",
        "Lapak dibiarkan semalaman.",
        "Sisa dagangan dibuang ke saluran.",
    ),
    "air_bersih": (
        "Air mati sejak tiga hari yang lalu.",
        "Kebocoran membuat jalan licin.",
        "Air berwarna kecokelatan dan berbau.",
    ),
}
GENERIC_DETAILS = (
    "Mohon segera ditindaklanjuti.",
    "Warga sekitar sudah beberapa kali mengeluhkan hal ini.",
    "Mohon dicek ke lokasi, terima kasih.",
    "Kondisi ini sudah berlangsung cukup lama.",
)

# Short topic of each category, for aspirations and information requests.
TOPICS: dict[str, str] = {
    "jalan_rusak": "perbaikan jalan",
    "drainase": "saluran drainase",
    "banjir_rob": "penanganan banjir",
    "trotoar": "trotoar",
    "lampu_pju": "lampu jalan",
    "pohon": "penghijauan",
    "taman": "taman kota",
    "sampah": "pengelolaan sampah",
    "pencemaran": "kualitas lingkungan",
    "parkir": "perparkiran",
    "angkutan_umum": "layanan angkutan umum",
    "cctv": "CCTV kota",
    "lalu_lintas": "lalu lintas",
    "pkl": "penataan PKL",
    "ketertiban": "ketertiban umum",
    "air_bersih": "layanan air bersih",
    "adminduk": "administrasi kependudukan",
    "kesehatan": "layanan kesehatan",
    "pendidikan": "pendidikan",
    "sosial": "bantuan sosial",
    "bencana": "mitigasi bencana",
    "kebakaran": "pencegahan kebakaran",
    "bangunan": "perizinan bangunan",
    "pasar": "pasar tradisional",
    "pajak_daerah": "pajak daerah",
    "layanan_kelurahan": "layanan kelurahan",
}
ASPIRASI_TITLES = (
    "Usulan {topic} di {place}",
    "Mohon peningkatan {topic} di {place}",
    "Saran untuk {topic} di sekitar {place}",
)
ASPIRASI_DETAILS = (
    "Kami berharap Pemkot mempertimbangkan usulan ini dalam perencanaan tahun depan.",
    "Warga siap bergotong royong bila diperlukan.",
    "Usulan ini sudah dibahas dalam musrenbang tingkat RW.",
)
INFORMASI_TITLES = (
    "Pertanyaan tentang {topic}",
    "Bagaimana prosedur {topic}?",
    "Mohon informasi {topic}",
)
INFORMASI_DETAILS = (
    "Ke mana warga harus mengajukan dan apa saja syaratnya?",
    "Apakah ada jadwal resmi yang bisa kami lihat?",
    "Mohon penjelasan karena informasi di media sosial berbeda-beda.",
)

# Public notes by the status a change leads to. `{opd}` is the OPD's short name.
NOTES_PERLU_INFO = (
    "Mohon lengkapi lokasi yang lebih rinci (nama jalan atau patokan terdekat).",
    "Mohon kirimkan foto kondisi di lokasi agar laporan dapat diverifikasi.",
    "Mohon jelaskan waktu kejadian dan RT/RW terdekat.",
)
NOTES_DIVERIFIKASI = (
    "Laporan telah diverifikasi oleh admin Diskominfo.",
    "Laporan sudah dicek dan dinyatakan valid.",
    "Terima kasih, laporan Anda telah diverifikasi.",
)
NOTES_DITERUSKAN = (
    "Laporan diteruskan ke {opd} untuk ditindaklanjuti.",
    "Disposisi ke {opd}.",
    "Laporan telah didisposisikan kepada {opd}.",
)
NOTES_DIPROSES = (
    "Laporan sedang ditindaklanjuti oleh {opd}.",
    "Petugas {opd} dijadwalkan mengecek lokasi.",
    "Tim lapangan {opd} sudah meninjau lokasi; penanganan dijadwalkan.",
)
NOTES_DIPROSES_AGAIN = (
    "{opd} menindaklanjuti kembali laporan ini.",
    "Petugas {opd} kembali ke lokasi untuk penanganan lanjutan.",
)
NOTES_SELESAI: dict[str, tuple[str, ...]] = {
    "jalan_rusak": ("Lubang jalan sudah ditambal.", "Jalan sudah diaspal ulang."),
    "drainase": (
        "Saluran sudah dinormalisasi dan air kembali lancar.",
        "Sedimen dan sampah di saluran sudah diangkat.",
    ),
    "banjir_rob": (
        "Pompa sudah dioperasikan dan genangan surut.",
        "Tanggul sementara sudah dipasang.",
    ),
    "trotoar": ("Trotoar sudah diperbaiki.", "Paving sudah dipasang kembali."),
    "lampu_pju": (
        "Lampu PJU sudah diganti dan menyala kembali.",
        "Instalasi PJU sudah diperbaiki.",
    ),
    "pohon": (
        "Pohon sudah dipotong dan dibersihkan dari jalan.",
        "Dahan rawan patah sudah dipangkas.",
    ),
    "taman": ("Taman sudah dibersihkan dan fasilitas diperbaiki.",),
    "sampah": ("Sampah sudah diangkut.", "Lokasi sudah dibersihkan dan dipasang papan larangan."),
    "parkir": (
        "Penertiban parkir sudah dilakukan.",
        "Juru parkir sudah dibina dan diberi teguran.",
    ),
    "lalu_lintas": ("Lampu lalu lintas sudah berfungsi kembali.", "Rambu sudah dipasang ulang."),
    "pkl": ("PKL sudah ditertibkan dan direlokasi.",),
    "air_bersih": (
        "Pipa bocor sudah diperbaiki dan aliran normal.",
        "Aliran air sudah normal kembali.",
    ),
    "cctv": ("CCTV sudah diperbaiki dan kembali merekam.",),
}
GENERIC_SELESAI = (
    "Laporan telah ditindaklanjuti dan dinyatakan selesai.",
    "Penanganan sudah selesai dilakukan.",
)
NOTES_SELESAI_ASPIRASI = (
    "Aspirasi telah diterima dan dicatat sebagai bahan perencanaan.",
    "Usulan sudah diteruskan ke bidang perencanaan.",
)
NOTES_SELESAI_INFORMASI = (
    "Informasi sudah disampaikan kepada pelapor.",
    "Jawaban dan persyaratan sudah dikirimkan melalui kanal pelapor.",
)
NOTES_DITUTUP_WARGA = (
    "Pelapor mengonfirmasi masalah sudah selesai.",
    "Terima kasih atas konfirmasinya.",
)
NOTES_DITUTUP_SISTEM = ("Ditutup otomatis: tidak ada tanggapan pelapor dalam 5 hari kerja.",)
NOTES_DIBUKA_KEMBALI = (
    "Pelapor menyatakan masalah belum tuntas.",
    "Dibuka kembali: masalah muncul lagi di lokasi yang sama.",
)
NOTES_DITOLAK: dict[str, tuple[str, ...]] = {
    "duplikat": ("Laporan ini sama dengan laporan lain yang sedang ditangani.",),
    "tidak_lengkap": ("Informasi tidak lengkap dan tidak dilengkapi dalam batas waktu.",),
    "spam": ("Laporan tidak dapat diproses karena isinya tidak pantas.",),
    "tidak_sesuai": ("Isi pesan bukan laporan atau pengaduan.",),
}
NOTES_BUKAN_WEWENANG = (
    "Bukan kewenangan {city}; diteruskan ke {higher_authority}.",
    "Jalan nasional: diteruskan ke BBPJN melalui SP4N-LAPOR!.",
    "Kewenangan instansi vertikal; diteruskan melalui SP4N-LAPOR!.",
)
NOTES_ARSIP = ("Laporan diarsipkan.",)
INTERNAL_NOTES_DITERUSKAN = (
    "Nota dinas disposisi sudah dikirim.",
    "Koordinasi via grup WhatsApp OPD.",
)
