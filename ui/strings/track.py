"""Strings of the ticket tracking page (`pages/lacak.py`)."""

STRINGS = {
    "track.title": {"id": "Lacak tiket", "en": "Track a ticket"},
    "track.intro": {
        "id": "Masukkan kode tiket yang Anda terima saat melapor untuk melihat perjalanan "
        "laporan: setiap status, catatan publik, OPD yang menangani, dan tenggat layanan.",
        "en": "Enter the ticket code you received when reporting to follow your report: each "
        "status, public notes, the department handling it, and the service deadlines.",
    },
    "track.input": {"id": "Kode tiket", "en": "Ticket code"},
    "track.input_help": {
        "id": "10 karakter, misalnya 7QM2R-T9KXH. Tanda hubung dan huruf kecil boleh.",
        "en": "10 characters, e.g. 7QM2R-T9KXH. Dashes and lower case are fine.",
    },
    "track.submit": {"id": "Lacak", "en": "Track"},
    "track.hint": {
        "id": "Belum punya kode tiket? Kode tiket diberikan saat laporan dikirim.",
        "en": "No ticket code yet? You get one when you send a report.",
    },
    "track.invalid.length": {
        "id": "Kode tiket terdiri dari 10 karakter (misalnya 7QM2R-T9KXH); yang Anda masukkan "
        "berisi {count}. Periksa kembali kodenya.",
        "en": "A ticket code has 10 characters (e.g. 7QM2R-T9KXH); what you entered has {count}. "
        "Please check the code.",
    },
    "track.invalid.characters": {
        "id": "Kode tiket hanya berisi angka dan huruf (tanpa U). Periksa kembali kodenya.",
        "en": "A ticket code has only digits and letters (no U). Please check the code.",
    },
    "track.invalid.check": {
        "id": "Sepertinya ada salah ketik. Periksa lagi setiap huruf dan angka: mungkin ada "
        "satu karakter yang keliru atau dua karakter tertukar.",
        "en": "This code seems to have a typo: its last character is a check character, and it "
        "does not match. Perhaps one character is wrong or two are swapped.",
    },
    "track.throttled": {
        "id": "Terlalu banyak kode tiket dicari dari jaringan Anda dalam beberapa menit "
        "terakhir. Silakan coba lagi dalam 10 menit.",
        "en": "Too many ticket codes have been looked up from your network in the last few "
        "minutes. Please try again in 10 minutes.",
    },
    "track.unknown": {
        "id": "Format kode {ticket} benar, tetapi tidak ada laporan dengan kode ini. Periksa "
        "kembali kode dari pesan konfirmasi Anda.",
        "en": "The code {ticket} is well formed, but there is no report with this code. Please "
        "check the code in your confirmation message.",
    },
    "track.heading": {"id": "Tiket {ticket}", "en": "Ticket {ticket}"},
    "track.kind": {"id": "Jenis: {kind}", "en": "Kind: {kind}"},
    "track.received": {"id": "Diterima: {when}", "en": "Received: {when}"},
    "track.reopened": {
        "id": "Dibuka kembali {count} kali.",
        "en": "Reopened {count} time(s).",
    },
    "track.reject_reason": {
        "id": "Alasan penolakan: {reason}",
        "en": "Reason for rejection: {reason}",
    },
    "track.private.awaiting": {
        "id": "Laporan ini belum diverifikasi. Isi laporan (judul, uraian, lokasi, foto) baru "
        "ditampilkan setelah diverifikasi; status dan catatan publik sudah dapat dilacak di sini.",
        "en": "This report has not been verified yet. Its content (title, description, place, "
        "photos) is shown once verified; its status and public notes can be followed here.",
    },
    "track.private.hidden": {
        "id": "Isi laporan ini tidak ditampilkan untuk umum (laporan rahasia, ditolak sebelum "
        "diverifikasi, ditarik, atau diarsipkan). Status dan catatan publik tetap dapat dilacak "
        "di sini.",
        "en": "This report's content is not shown publicly (a confidential report, one rejected "
        "before verification, withdrawn or archived). Its status and public notes can still be "
        "followed here.",
    },
    "track.needs_info": {
        "id": "Verifikator meminta informasi tambahan. Jika Anda pelapornya, gunakan kode "
        "tindak lanjut pribadi Anda di bagian bawah halaman ini.",
        "en": "The verifier has asked for more information. If you are the reporter, use your "
        "private follow-up code at the bottom of this page.",
    },
    "track.content": {"id": "Isi laporan", "en": "The report"},
    "track.fact.category": {"id": "Kategori", "en": "Category"},
    "track.fact.place": {"id": "Lokasi", "en": "Place"},
    "track.fact.address": {"id": "Alamat / patokan", "en": "Address / landmark"},
    "track.fact.opd": {"id": "OPD yang menangani", "en": "Department (OPD) in charge"},
    "track.fact.channel": {"id": "Kanal", "en": "Channel"},
    "track.fact.description": {"id": "Uraian", "en": "Description"},
    "track.sla": {"id": "Tenggat layanan (SLA)", "en": "Service deadlines (SLA)"},
    "track.sla.caption": {
        "id": "Tenggat dihitung dalam hari kerja (Senin–Jumat, di luar hari libur).",
        "en": "Deadlines are counted in working days (Monday to Friday, excluding holidays).",
    },
    "track.sla.verify": {"id": "Verifikasi oleh Diskominfo", "en": "Verification by Diskominfo"},
    "track.sla.first_response": {"id": "Tanggapan pertama OPD", "en": "First response by the OPD"},
    "track.sla.resolve": {"id": "Penyelesaian", "en": "Resolution"},
    "track.sla.col.step": {"id": "Tahap", "en": "Step"},
    "track.sla.col.due": {"id": "Tenggat", "en": "Due"},
    "track.sla.col.done": {"id": "Terlaksana", "en": "Done"},
    "track.sla.col.result": {"id": "Hasil", "en": "Result"},
    "track.sla.met": {"id": "Tepat waktu", "en": "On time"},
    "track.sla.missed": {"id": "Terlambat", "en": "Late"},
    "track.sla.running": {"id": "Masih berjalan", "en": "Still running"},
    "track.sla.overdue": {"id": "Melewati tenggat", "en": "Past due"},
    "track.sla.stopped": {"id": "Tidak berlaku", "en": "Not applicable"},
    "track.timeline": {"id": "Riwayat status", "en": "Status history"},
    "track.photos": {"id": "Foto", "en": "Photos"},
}
