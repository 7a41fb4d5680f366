"""Strings of the submission page (Kirim laporan)."""

STRINGS = {
    "submit.title": {"id": "Kirim laporan", "en": "Submit a report"},
    "submit.intro": {
        "id": "Laporkan masalah, sampaikan usulan, atau ajukan pertanyaan kepada {city}. "
        "Kolom bertanda * wajib diisi.",
        "en": "Report a problem, make a suggestion or ask {city} a question. "
        "Fields marked * are required.",
    },
    # Sections.
    "submit.section.what": {"id": "1. Apa yang ingin Anda laporkan?", "en": "1. What is it about?"},
    "submit.section.where": {"id": "2. Di mana lokasinya?", "en": "2. Where is it?"},
    "submit.section.details": {"id": "3. Ceritakan masalahnya", "en": "3. Describe the problem"},
    "submit.section.contact": {"id": "4. Kontak dan privasi", "en": "4. Contact and privacy"},
    # Fields.
    "submit.kind": {"id": "Jenis laporan *", "en": "Kind of report *"},
    "submit.category": {"id": "Kategori *", "en": "Category *"},
    "submit.category.placeholder": {
        "id": "Ketik untuk mencari kategori…",
        "en": "Type to search for a category…",
    },
    "submit.map.help": {
        "id": "Ketuk peta untuk menandai lokasi (opsional), atau pakai tombol Lokasi saya. "
        "Geser penanda untuk memindahkannya. {village} akan terisi otomatis; periksa dan "
        "ubah bila perlu.",
        "en": "Tap the map to mark the spot (optional), or use the My location button. "
        "Drag the marker to move it. The {village_lower} is filled in for you; check it and "
        "change it if needed.",
    },
    "submit.map.picked": {
        "id": "Titik dipilih di {village} {kelurahan}, Kecamatan {kecamatan}.",
        "en": "Point picked in {village} {kelurahan}, Kecamatan {kecamatan}.",
    },
    # Said next to the guess when the polygon it came from is our own Voronoi estimate.
    "submit.map.approximate": {
        "id": "Ini perkiraan: batas {village_lower} di peta belum resmi, jadi titik di dekat "
        "batas bisa masuk {village_lower} tetangga. Periksa pilihan {village} di bawah.",
        "en": "This is a guess: the {village_lower} boundaries on the map are not official, "
        "so a point near a boundary may belong to the neighbouring one. Check the "
        "{village_lower} chosen below.",
    },
    "submit.map.locate": {"id": "Lokasi saya", "en": "My location"},
    "submit.map.locate.title": {
        "id": "Gunakan lokasi saya sebagai titik laporan",
        "en": "Use my location as the report's spot",
    },
    "submit.map.locate.error": {
        "id": "Lokasi Anda tidak dapat dibaca. Izinkan akses lokasi di browser, atau ketuk peta.",
        "en": "Your location could not be read. Allow location access in the browser, "
        "or tap the map.",
    },
    "submit.map.marker": {
        "id": "Titik laporan (geser untuk memindahkan)",
        "en": "Report spot (drag to move)",
    },
    "submit.map.outside": {
        "id": "Titik yang Anda klik berada di luar {city}. Pilih titik di dalam kota.",
        "en": "The point you clicked is outside {city}. Pick a point inside the city.",
    },
    "submit.location": {"id": "Titik koordinat (opsional)", "en": "Coordinates (optional)"},
    "submit.location.help": {
        "id": "Terisi saat Anda mengklik peta, atau tempel dari aplikasi peta, "
        "mis. {coordinate_example}.",
        "en": "Filled in when you click the map, or paste from a map app, e.g. {coordinate_example}.",
    },
    "submit.kelurahan": {"id": "{village} *", "en": "{village_en} *"},
    "submit.kelurahan.placeholder": {
        "id": "Ketik nama {village_lower} atau kecamatan…",
        "en": "Type a {village_lower} or kecamatan name…",
    },
    "submit.address": {
        "id": "Alamat atau patokan (opsional)",
        "en": "Address or landmark (optional)",
    },
    "submit.title_field": {"id": "Judul *", "en": "Title *"},
    "submit.title_field.help": {
        "id": "Singkat dan jelas, {min}–{max} karakter. Contoh: Lampu jalan mati di Jl. Pemuda.",
        "en": "Short and clear, {min}–{max} characters. Example: Street light out on Jl. Pemuda.",
    },
    "submit.description": {"id": "Uraian *", "en": "Description *"},
    "submit.description.help": {
        "id": "Apa yang terjadi, sejak kapan, dan apa dampaknya ({min}–{max} karakter).",
        "en": "What happened, since when, and what the effect is ({min}–{max} characters).",
    },
    "submit.photos": {"id": "Foto (opsional, maks. {max})", "en": "Photos (optional, up to {max})"},
    "submit.photos.limit": {
        "id": "Setiap foto paling besar {mb} MB; foto yang lebih besar ditolak.",
        "en": "Each photo may be at most {mb} MB; larger photos are refused.",
    },
    "submit.photos.help": {
        "id": "JPG, PNG atau WebP, maks. {mb} MB per foto. Di ponsel, tombol ini juga bisa "
        "membuka kamera untuk memotret langsung. Lokasi GPS dan data lain di dalam foto "
        "dihapus sebelum disimpan.",
        "en": "JPG, PNG or WebP, up to {mb} MB each. On a phone this button can also open the "
        "camera to take a picture. GPS location and other data inside the photo are removed "
        "before it is stored.",
    },
    "submit.name": {"id": "Nama (opsional)", "en": "Name (optional)"},
    "submit.phone": {
        "id": "Nomor HP/WhatsApp (opsional)",
        "en": "Mobile/WhatsApp number (optional)",
    },
    "submit.phone.help": {
        "id": "Nomor Indonesia, mis. 0812-3456-7890 atau +62 812 3456 7890. Hanya petugas "
        "yang bisa melihatnya, untuk menghubungi Anda bila perlu.",
        "en": "An Indonesian number, e.g. 0812-3456-7890 or +62 812 3456 7890. Only staff can "
        "see it, to contact you if needed.",
    },
    "submit.email": {"id": "Email (opsional)", "en": "Email (optional)"},
    "submit.contact_note": {
        "id": "Nama, nomor HP dan email Anda tidak pernah ditampilkan di halaman publik.",
        "en": "Your name, phone number and email are never shown on a public page.",
    },
    "submit.anonymous": {"id": "Anonim", "en": "Anonymous"},
    "submit.notify": {
        "id": "Kabari saya lewat email bila status laporan berubah",
        "en": "E-mail me when the report's status changes",
    },
    "submit.notify.help": {
        "id": "Pesan singkat saat laporan diverifikasi, perlu informasi, diteruskan, selesai "
        "atau ditolak. Setiap email memuat tautan untuk berhenti. Alamat email Anda tidak "
        "pernah ditampilkan di halaman publik.",
        "en": "A short message when the report is verified, needs information, is forwarded, "
        "resolved or rejected. Every e-mail has a link to stop them. Your address is never "
        "shown on a public page.",
    },
    "submit.anonymous.help": {
        "id": "Identitas Anda disembunyikan dari semua orang, termasuk dinas (OPD) yang "
        "menangani laporan. Laporan tetap bisa tampil di halaman publik.",
        "en": "Your identity is hidden from everyone, including the department (OPD) handling "
        "the report. The report itself can still appear publicly.",
    },
    "submit.confidential": {"id": "Rahasia", "en": "Confidential"},
    "submit.confidential.help": {
        "id": "Laporan Anda tidak pernah ditampilkan di halaman publik (peta, statistik, "
        "galeri, data terbuka). Petugas tetap menanganinya.",
        "en": "Your report is never shown on any public page (map, figures, gallery, open "
        "data). Staff still handle it.",
    },
    "submit.honeypot": {
        "id": "Jangan isi kolom ini",
        "en": "Leave this field empty",
    },
    "submit.button": {"id": "Kirim laporan", "en": "Submit report"},
    # Outcome of a click.
    "submit.fix_errors": {
        "id": "Laporan belum terkirim: periksa {count} isian yang ditandai di atas. "
        "Isian Anda yang lain tetap tersimpan di formulir.",
        "en": "Not sent yet: check the {count} field(s) marked above. "
        "Everything else you typed is still in the form.",
    },
    "submit.rate_limited": {
        "id": "Sudah banyak laporan dikirim dari jaringan Anda dalam satu jam terakhir (batas "
        "{count}). Silakan coba lagi sekitar pukul {time}. Isian Anda tetap tersimpan.",
        "en": "Many reports have been sent from your network in the last hour (limit "
        "{count}). Please try again around {time}. What you typed is kept.",
    },
    "submit.busy": {
        "id": "Saat ini sedang banyak sekali laporan masuk. Silakan coba lagi sekitar pukul "
        "{time}. Isian Anda tetap tersimpan.",
        "en": "An unusually large number of reports is arriving right now. Please try again "
        "around {time}. What you typed is kept.",
    },
    "submit.save_failed": {
        "id": "Maaf, laporan belum tersimpan karena gangguan sistem. Isian Anda tetap di "
        "formulir; silakan coba kirim lagi.",
        "en": "Sorry, the report could not be saved because of a system problem. What you "
        "typed is still in the form; please try again.",
    },
    # Duplicates.
    "submit.duplicates.title": {
        "id": "Mungkin sudah ada yang melaporkan hal ini",
        "en": "Someone may have reported this already",
    },
    "submit.duplicates.intro": {
        "id": "Laporan terbuka berikut berkategori sama, di dekat lokasi Anda, dan masuk "
        "dalam {days} hari terakhir. Anda bisa memantau salah satunya alih-alih mengirim "
        "laporan baru.",
        "en": "These open reports have the same category, are near your location and came in "
        "within the last {days} days. You can follow one of them instead of sending a new "
        "report.",
    },
    "submit.duplicates.distance": {
        "id": "kurang dari {metres} m dari lokasi Anda",
        "en": "less than {metres} m away",
    },
    "submit.duplicates.same_kelurahan": {"id": "kelurahan yang sama", "en": "same kelurahan"},
    "submit.duplicates.follow": {"id": "Pantau tiket {ticket}", "en": "Follow ticket {ticket}"},
    "submit.duplicates.me_too": {
        "id": "Saya juga mengalami ini",
        "en": "I have this problem too",
    },
    "submit.supporters": {
        "id": "{count} warga juga mengalami ini",
        "en": "{count} residents have this problem too",
    },
    "submit.support_limited": {
        "id": "Terlalu banyak laporan dan dukungan dari alamat ini dalam satu jam. Coba lagi "
        "nanti.",
        "en": "Too many reports and supports from this address within an hour. Try again later.",
    },
    "submit.supported.title": {
        "id": "Anda tercatat mengalami masalah yang sama dengan laporan {ticket}",
        "en": "You are counted as having the same problem as report {ticket}",
    },
    "submit.supported.text": {
        "id": "Tidak ada laporan baru yang dibuat. Jumlah warga yang mengalami masalah ini "
        "ditampilkan di halaman laporan tersebut; nama dan kontak Anda tidak disimpan.",
        "en": "No new report was made. The number of residents with this problem is shown on "
        "that report's page; your name and contact details are not stored.",
    },
    "submit.supported.track": {
        "id": "Pantau laporan {ticket}",
        "en": "Follow report {ticket}",
    },
    "submit.duplicates.anyway": {
        "id": "Laporan saya berbeda, tetap kirim",
        "en": "My report is different, submit anyway",
    },
    # Success.
    "submit.success.title": {"id": "Laporan Anda sudah diterima", "en": "Your report was received"},
    "submit.success.ticket": {
        "id": "Kode tiket Anda (salin atau catat):",
        "en": "Your ticket code (copy or write it down):",
    },
    "submit.success.track": {"id": "Lacak laporan ini", "en": "Track this report"},
    "submit.success.followup": {
        "id": "Kode tindak lanjut pribadi Anda:",
        "en": "Your private follow-up code:",
    },
    "submit.success.followup_help": {
        "id": "Simpan kode ini dan jangan bagikan. Kode ini hanya ditampilkan sekali; "
        "dengan kode ini Anda bisa menambah informasi bila diminta, mengonfirmasi atau "
        "menilai penyelesaian, atau menyanggahnya, di halaman Lacak tiket.",
        "en": "Keep this code and do not share it. It is shown only this once; with it you "
        "can add information when asked, confirm or rate the resolution, or dispute it, on "
        "the Track a ticket page.",
    },
    "submit.success.repeat": {
        "id": "Laporan ini sudah tersimpan sebelumnya (tombol kirim ditekan dua kali), jadi "
        "tidak dibuat laporan ganda. Kode tindak lanjut sudah ditampilkan saat pertama.",
        "en": "This report had already been saved (the submit button was pressed twice), so "
        "no second report was made. The follow-up code was shown the first time.",
    },
    "submit.success.next": {
        "id": "Laporan akan diverifikasi petugas dalam {days} hari kerja, lalu diteruskan ke "
        "dinas yang berwenang.",
        "en": "Staff will verify the report within {days} working days, then forward it to "
        "the responsible department.",
    },
    "submit.success.another": {"id": "Kirim laporan lain", "en": "Submit another report"},
    "submit.success.copy_ticket": {"id": "Salin kode tiket", "en": "Copy ticket code"},
    "submit.success.copy_followup": {
        "id": "Salin kode tindak lanjut",
        "en": "Copy follow-up code",
    },
    "submit.success.copied": {"id": "Tersalin ✓", "en": "Copied ✓"},
    "submit.success.copy_failed": {
        "id": "Tidak bisa menyalin; catat kodenya",
        "en": "Could not copy; write the code down",
    },
    "submit.success.followup_once": {
        "id": "Kode tindak lanjut pribadi hanya ditampilkan sekali, saat laporan dikirim, "
        "dan tidak bisa ditampilkan lagi di sini.",
        "en": "The private follow-up code is shown only once, when the report is sent, and "
        "cannot be shown here again.",
    },
    "submit.receipt.keep": {"id": "Simpan tanda terima", "en": "Keep a receipt"},
    "submit.receipt.image": {
        "id": "Simpan sebagai gambar (PNG)",
        "en": "Save as image (PNG)",
    },
    "submit.receipt.print": {"id": "Cetak", "en": "Print"},
    "submit.receipt.mail": {
        "id": "Kirim tanda terima ke {email}",
        "en": "Send the receipt to {email}",
    },
    "submit.receipt.mailed": {
        "id": "Tanda terima sudah dikirim ke {email}.",
        "en": "The receipt was sent to {email}.",
    },
    "submit.receipt.mail_failed": {
        "id": "Maaf, email belum terkirim. Simpan gambar tanda terima atau catat kodenya, "
        "lalu coba lagi nanti.",
        "en": "Sorry, the e-mail was not sent. Save the receipt image or write the codes "
        "down, and try again later.",
    },
    "submit.receipt.title": {
        "id": "Tanda terima laporan Pantau Lapor",
        "en": "Pantau Lapor report receipt",
    },
    "submit.receipt.subject": {
        "id": "Tanda terima laporan {ticket}",
        "en": "Receipt for report {ticket}",
    },
    "submit.receipt.ticket": {"id": "Kode tiket", "en": "Ticket code"},
    "submit.receipt.followup": {
        "id": "Kode tindak lanjut (rahasia)",
        "en": "Follow-up code (private)",
    },
    "submit.receipt.received": {"id": "Diterima", "en": "Received"},
    "submit.receipt.track": {"id": "Lacak di", "en": "Track at"},
    "submit.receipt.footer": {
        "id": "Simpan kode tindak lanjut dan jangan bagikan: kode ini tidak bisa ditampilkan "
        "lagi. Dengan kode ini Anda bisa menjawab pertanyaan petugas dan menilai penyelesaian.",
        "en": "Keep the follow-up code private: it cannot be shown again. With it you can "
        "answer staff questions and rate the resolution.",
    },
    "submit.receipt.footer_plain": {
        "id": "Pantau perkembangan laporan dengan kode tiket di halaman Lacak.",
        "en": "Follow the report with its ticket code on the Track page.",
    },
}

# Field-level messages. `submit.error.<field>.<code>` wins over `submit.error.<code>`.
STRINGS.update(
    {
        "submit.error.required": {"id": "Wajib diisi.", "en": "Required."},
        "submit.error.email.notify_needs_email": {
            "id": "Isi alamat email untuk menerima kabar, atau hapus centang pilihan kabar.",
            "en": "Enter an e-mail address to get updates, or untick the updates option.",
        },
        "submit.error.unknown": {
            "id": "Pilihan tidak dikenal; pilih dari daftar.",
            "en": "Unknown choice; pick one from the list.",
        },
        "submit.error.too_short": {
            "id": "Terlalu pendek: minimal {min} karakter (sekarang {length}).",
            "en": "Too short: at least {min} characters (now {length}).",
        },
        "submit.error.too_long": {
            "id": "Terlalu panjang: maksimal {max} karakter (sekarang {length}).",
            "en": "Too long: at most {max} characters (now {length}).",
        },
        "submit.error.kind.required": {
            "id": "Pilih jenis laporan.",
            "en": "Choose the kind of report.",
        },
        "submit.error.category.required": {"id": "Pilih kategori.", "en": "Choose a category."},
        "submit.error.kelurahan.required": {
            "id": "Pilih {village_lower}, atau klik lokasinya di peta.",
            "en": "Choose the {village_lower}, or click the spot on the map.",
        },
        "submit.error.title.required": {"id": "Tulis judul laporan.", "en": "Write a title."},
        "submit.error.description.required": {
            "id": "Ceritakan masalahnya di uraian.",
            "en": "Describe the matter in the description.",
        },
        "submit.error.invalid_phone": {
            "id": "Nomor HP tidak dikenali. Tulis nomor Indonesia, mis. 0812-3456-7890.",
            "en": "Phone number not recognised. Use an Indonesian number, e.g. 0812-3456-7890.",
        },
        "submit.error.invalid_email": {
            "id": "Alamat email tidak valid, mis. nama@contoh.id.",
            "en": "Not a valid email address, e.g. name@example.id.",
        },
        "submit.error.invalid_coordinates": {
            "id": "Koordinat tidak dikenali. Tulis lintang, bujur, mis. {coordinate_example}.",
            "en": "Coordinates not recognised. Write latitude, longitude, e.g. {coordinate_example}.",
        },
        "submit.error.outside_city": {
            "id": "Titik ini berada di luar {city}. Pilih titik di dalam kota, atau kosongkan.",
            "en": "This point is outside {city}. Pick a point inside the city, or leave it empty.",
        },
    }
)

# Photo refusals, each naming the file.
STRINGS.update(
    {
        "submit.photo.too_large": {
            "id": "Foto \u201c{filename}\u201d terlalu besar (maks. {limit_mb} MB).",
            "en": "Photo \u201c{filename}\u201d is too large (max {limit_mb} MB).",
        },
        "submit.photo.not_image": {
            "id": "Berkas \u201c{filename}\u201d bukan foto.",
            "en": "File \u201c{filename}\u201d is not a photo.",
        },
        "submit.photo.bad_type": {
            "id": "Berkas \u201c{filename}\u201d bukan JPG, PNG atau WebP.",
            "en": "File \u201c{filename}\u201d is not a JPG, PNG or WebP.",
        },
        "submit.photo.mismatch": {
            "id": "Isi berkas \u201c{filename}\u201d tidak sesuai dengan akhiran namanya.",
            "en": "The content of \u201c{filename}\u201d does not match its file extension.",
        },
        "submit.photo.corrupt": {
            "id": "Foto \u201c{filename}\u201d rusak atau tidak lengkap.",
            "en": "Photo \u201c{filename}\u201d is damaged or incomplete.",
        },
        "submit.photo.busy": {
            "id": "Foto \u201c{filename}\u201d belum dapat diproses karena server sedang sibuk. "
            "Isian Anda tetap tersimpan; coba kirim lagi sebentar lagi.",
            "en": "Photo \u201c{filename}\u201d could not be processed because the server is "
            "busy. What you typed is kept; please try again in a moment.",
        },
        "submit.photo.bomb": {
            "id": "Foto \u201c{filename}\u201d berukuran piksel terlalu besar untuk diproses.",
            "en": "Photo \u201c{filename}\u201d has too many pixels to process.",
        },
        "submit.photo.too_many": {
            "id": "Paling banyak {max} foto; hapus {extra} foto.",
            "en": "At most {max} photos; remove {extra}.",
        },
        "submit.photo.fix": {
            "id": "Hapus foto yang ditolak (atau ganti), lalu kirim lagi. Isian lain tetap tersimpan.",
            "en": "Remove (or replace) the refused photo, then submit again. Everything else "
            "you typed is kept.",
        },
    }
)
