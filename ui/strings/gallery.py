"""Strings of the before-and-after gallery (`pages/galeri.py`)."""

STRINGS = {
    "gallery.title": {"id": "Sebelum & sesudah", "en": "Before & after"},
    "gallery.intro": {
        "id": "Laporan yang sudah diselesaikan OPD, dengan foto dari pelapor (sebelum) dan foto "
        "bukti penyelesaian dari OPD (sesudah). Ketuk atau klik foto untuk "
        "memperbesarnya.",
        "en": "Reports the city departments have resolved, with the reporter's photo (before) and "
        "the department's proof photo (after). Tap or click a photo to "
        "enlarge it.",
    },
    "gallery.previous": {"id": "‹ Halaman sebelumnya", "en": "‹ Previous page"},
    "gallery.next": {"id": "Halaman berikutnya ›", "en": "Next page ›"},
    "gallery.count": {
        "id": "{total} laporan selesai dengan foto bukti · halaman {page} dari {pages}",
        "en": "{total} resolved reports with a proof photo · page {page} of {pages}",
    },
    "gallery.empty": {
        "id": "Belum ada laporan selesai dengan foto bukti untuk pilihan filter ini.",
        "en": "No resolved reports with a proof photo for these filters yet.",
    },
    "gallery.page": {"id": "Halaman", "en": "Page"},
}
