"""Strings of the reporter's follow-up section on the tracking page."""

STRINGS = {
    "followup.title": {"id": "Untuk pelapor", "en": "For the reporter"},
    "followup.intro": {
        "id": "Anda pelapor tiket ini? Masukkan kode tindak lanjut pribadi yang Anda terima "
        "saat mengirim laporan untuk menambah informasi, mengonfirmasi dan menilai "
        "penyelesaian, atau menyanggahnya.",
        "en": "Did you submit this ticket? Enter the private follow-up code you received when "
        "you sent the report to add information, confirm and rate the resolution, or "
        "dispute it.",
    },
    "followup.code": {"id": "Kode tindak lanjut", "en": "Follow-up code"},
    "followup.open": {"id": "Buka", "en": "Open"},
    "followup.close": {"id": "Selesai, kunci lagi", "en": "Done, lock again"},
    "followup.wrong_code": {
        "id": "Kode tindak lanjut salah. Periksa kembali kode dari halaman konfirmasi "
        "laporan Anda.",
        "en": "Wrong follow-up code. Check the code from your report's confirmation page.",
    },
    "followup.slow_down": {
        "id": "Terlalu banyak percobaan yang salah. Coba lagi dalam {minutes} menit.",
        "en": "Too many wrong attempts. Try again in {minutes} minutes.",
    },
    "followup.busy": {
        "id": "Server sedang sibuk. Coba lagi sebentar lagi.",
        "en": "The server is busy. Please try again in a moment.",
    },
    "followup.empty_code": {
        "id": "Masukkan kode tindak lanjut.",
        "en": "Enter the follow-up code.",
    },
    "followup.unlocked": {
        "id": "Kode benar. Status laporan Anda: {status}.",
        "en": "Code accepted. Your report's status: {status}.",
    },
    "followup.nothing_now": {
        "id": "Saat ini tidak ada yang perlu Anda lakukan. Petugas akan memproses laporan; "
        "pantau perkembangannya di halaman ini.",
        "en": "Nothing is needed from you right now. Staff are handling the report; follow "
        "its progress on this page.",
    },
    # perlu_info
    "followup.info.ask": {
        "id": "Petugas meminta informasi tambahan. Lihat catatan petugas pada riwayat di atas.",
        "en": "Staff asked for more information. See the staff note in the timeline above.",
    },
    "followup.info": {"id": "Informasi tambahan", "en": "Additional information"},
    "followup.info.help": {
        "id": "Hanya petugas yang dapat membaca informasi ini.",
        "en": "Only staff can read this information.",
    },
    "followup.info.send": {"id": "Kirim informasi", "en": "Send information"},
    "followup.info.done": {
        "id": "Terima kasih, informasi Anda sudah diterima petugas.",
        "en": "Thank you, staff have received your information.",
    },
    # selesai: confirm and rate
    "followup.confirm.ask": {
        "id": "Dinas menyatakan laporan ini selesai. Apakah masalahnya benar sudah selesai?",
        "en": "The department says this report is resolved. Is the problem really solved?",
    },
    "followup.rating": {
        "id": "Nilai penyelesaiannya (1–5 bintang, opsional)",
        "en": "Rate the resolution (1–5 stars, optional)",
    },
    "followup.comment": {"id": "Komentar (opsional)", "en": "Comment (optional)"},
    "followup.comment.help": {
        "id": "Hanya petugas yang dapat membaca komentar ini.",
        "en": "Only staff can read this comment.",
    },
    "followup.confirm": {"id": "Ya, sudah selesai", "en": "Yes, it is solved"},
    "followup.confirm.done": {
        "id": "Terima kasih! Laporan Anda ditutup.",
        "en": "Thank you! Your report is now closed.",
    },
    "followup.rated": {
        "id": "Penilaian Anda: {rating} dari 5.",
        "en": "Your rating: {rating} out of 5.",
    },
    # dispute
    "followup.dispute.ask": {
        "id": "Masalahnya belum selesai? Sanggah penyelesaiannya dan laporan akan dibuka kembali.",
        "en": "Not solved? Dispute the resolution and the report will be reopened.",
    },
    "followup.dispute.reason": {"id": "Alasan sanggahan", "en": "Why it is not solved"},
    "followup.dispute.help": {
        "id": "Alasan ini dibaca petugas Diskominfo dan tidak langsung ditampilkan untuk umum; "
        "petugas dapat menerbitkan ringkasannya di riwayat publik tiket.",
        "en": "Diskominfo staff read this reason; it is not published as written. Staff may "
        "publish a summary of it on the ticket's public timeline.",
    },
    "followup.dispute": {"id": "Sanggah dan buka kembali", "en": "Dispute and reopen"},
    "followup.dispute.done": {
        "id": "Sanggahan Anda tercatat dan laporan dibuka kembali.",
        "en": "Your dispute is recorded and the report has been reopened.",
    },
    # errors
    "followup.too_short": {
        "id": "Tulis minimal {min} karakter.",
        "en": "Write at least {min} characters.",
    },
    "followup.too_long": {
        "id": "Maksimal {max} karakter.",
        "en": "At most {max} characters.",
    },
    "followup.not_now": {
        "id": "Tindakan ini tidak berlaku lagi untuk status laporan saat ini.",
        "en": "This action no longer applies to the report's current status.",
    },
    "followup.save_failed": {
        "id": "Maaf, belum tersimpan karena gangguan sistem. Tulisan Anda tetap ada; coba lagi.",
        "en": "Sorry, this could not be saved because of a system problem. What you wrote is "
        "kept; please try again.",
    },
    "followup.own.title": {"id": "Laporan yang Anda kirim", "en": "The report you sent"},
    "followup.own.private": {
        "id": "Hanya terlihat oleh Anda dengan kode tindak lanjut; tidak tampil untuk umum.",
        "en": "Visible only to you with the follow-up code; not shown to the public.",
    },
}
