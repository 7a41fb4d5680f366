"""The words of status-change e-mails, in the language the reporter used.

E-mails are not pages, so they are written here (data_layer never imports the
UI's catalogue); each is short: what changed, what (if anything) to do, the link.
"""

from __future__ import annotations

from data_layer.states import Status

SUBJECT = {
    "id": "Laporan {ticket}: {status}",
    "en": "Report {ticket}: {status}",
}
LEAD = {
    Status.DIVERIFIKASI: {
        "id": "Laporan Anda sudah diverifikasi petugas dan akan diteruskan ke dinas yang "
        "berwenang.",
        "en": "Staff verified your report; it will be forwarded to the responsible department.",
    },
    Status.PERLU_INFO: {
        "id": "Petugas membutuhkan informasi tambahan dari Anda. Jawab di halaman Lacak "
        "dengan kode tindak lanjut Anda.",
        "en": "Staff need more information from you. Answer on the Track page with your "
        "follow-up code.",
    },
    Status.DITERUSKAN: {
        "id": "Laporan Anda sudah diteruskan ke {opd}.",
        "en": "Your report was forwarded to {opd}.",
    },
    Status.SELESAI: {
        "id": "Dinas menandai laporan Anda selesai. Periksa hasilnya; dengan kode tindak "
        "lanjut Anda bisa mengonfirmasi atau menyanggahnya di halaman Lacak.",
        "en": "The department marked your report resolved. Check the result; with your "
        "follow-up code you can confirm or dispute it on the Track page.",
    },
    Status.DITOLAK: {
        "id": "Laporan Anda tidak dapat ditindaklanjuti (ditolak).",
        "en": "Your report cannot be acted on (rejected).",
    },
}
NOTE = {"id": "Catatan petugas: {note}", "en": "Staff note: {note}"}
QUESTION = {"id": "Yang ditanyakan: {note}", "en": "What staff ask: {note}"}
REASON = {"id": "Alasan: {reason}", "en": "Reason: {reason}"}
AFTER_PHOTO = {"id": "Foto sesudah: {url}", "en": "After photo: {url}"}
TRACK = {"id": "Lacak laporan: {url}", "en": "Track the report: {url}"}
UNSUBSCRIBE = {
    "id": "Tidak ingin menerima email ini lagi? Berhenti berlangganan: {url}",
    "en": "No more of these e-mails? Unsubscribe: {url}",
}
SOME_OPD = {"id": "dinas yang berwenang", "en": "the responsible department"}
UNSUBSCRIBED_PAGE = {
    "id": (
        "Berhenti berlangganan",
        "Anda tidak akan lagi menerima email tentang laporan {ticket}. Status laporan tetap "
        "bisa dilihat di halaman Lacak.",
    ),
    "en": (
        "Unsubscribed",
        "You will no longer receive e-mails about report {ticket}. Its status stays visible "
        "on the Track page.",
    ),
}
UNKNOWN_TOKEN_PAGE = {
    "id": ("Tautan tidak dikenal", "Tautan berhenti berlangganan ini tidak dikenal."),
    "en": ("Unknown link", "This unsubscribe link is not known."),
}
