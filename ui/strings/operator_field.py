"""Strings of the operator report page as field staff use it: one confirmation per action,
the neutral action picker, tappable contacts, the map and its links, photo previews, the
verifier's duplicate hint; and the queues' counts, pages, order and filters."""

STRINGS = {
    # One confirmation per action, so the operator reads what happened, not a menu label.
    "op.action.done.perlu_info": {
        "id": "Permintaan informasi dikirim ke pelapor.",
        "en": "The reporter has been asked for information.",
    },
    "op.action.done.diverifikasi": {"id": "Laporan diverifikasi.", "en": "Report verified."},
    "op.action.done.ditolak": {"id": "Laporan ditolak.", "en": "Report rejected."},
    "op.action.done.bukan_wewenang": {
        "id": "Laporan dicatat sebagai bukan wewenang kota dan diteruskan.",
        "en": "Report recorded as outside the city's authority and passed on.",
    },
    "op.action.done.diteruskan": {
        "id": "Laporan diteruskan ke OPD.",
        "en": "Report forwarded to the department.",
    },
    "op.action.done.diproses": {
        "id": "Laporan ditandai sedang dikerjakan.",
        "en": "Report marked as in progress.",
    },
    "op.action.done.selesai": {"id": "Laporan ditandai selesai.", "en": "Report marked resolved."},
    "op.action.done.ditutup": {"id": "Laporan ditutup.", "en": "Report closed."},
    "op.action.done.dibuka_kembali": {"id": "Laporan dibuka kembali.", "en": "Report reopened."},
    "op.action.done.arsip": {"id": "Laporan diarsipkan.", "en": "Report archived."},
    "op.action.done.ditarik": {
        "id": "Laporan ditarik dari tampilan publik.",
        "en": "Report withdrawn from public view.",
    },
    "op.action.done.progress": {
        "id": "Perkembangan ditambahkan.",
        "en": "Progress update added.",
    },
    # The action picker starts empty: nothing happens by accident.
    "op.action.placeholder": {"id": "Pilih tindakan…", "en": "Choose an action…"},
    "op.action.choose_first": {
        "id": "Pilih tindakan dulu di atas, lalu simpan.",
        "en": "Choose an action above first, then save.",
    },
}

STRINGS.update(
    {
        "op.report.call": {"id": "Telepon {phone}", "en": "Call {phone}"},
        "op.report.open_maps_app": {"id": "Buka di aplikasi peta", "en": "Open in a maps app"},
        "op.report.open_osm": {"id": "Lihat di OpenStreetMap", "en": "View on OpenStreetMap"},
        "op.action.preview": {
            "id": "Pratinjau: foto seperti yang akan disimpan (belum tersimpan).",
            "en": "Preview: the photos as they will be kept (not saved yet).",
        },
        "op.duplicates.title": {
            "id": "Mungkin sudah dilaporkan: {count} laporan terbuka berkategori sama di dekat "
            "sini ({days} hari terakhir). Jika masalahnya sama, tolak laporan ini sebagai "
            "duplikat.",
            "en": "Possibly reported already: {count} open reports of the same category "
            "nearby (last {days} days). If it is the same problem, reject this report as a "
            "duplicate.",
        },
        "op.duplicates.open": {"id": "Buka laporan {ticket}", "en": "Open report {ticket}"},
        "op.duplicates.distance": {
            "id": "kurang dari {metres} m dari titik laporan ini",
            "en": "less than {metres} m from this report's point",
        },
        "op.duplicates.same_kelurahan": {
            "id": "{village_lower} yang sama",
            "en": "same {village_lower}",
        },
    }
)

STRINGS.update({"op.queue.tab": {"id": "{name} ({count})", "en": "{name} ({count})"}})
