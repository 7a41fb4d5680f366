"""Strings of the shared display pieces in `ui/widgets.py` (timeline, photos, cards)."""

STRINGS = {
    "widgets.duration.days_hours": {
        "id": "{days} hari {hours} jam",
        "en": "{days} d {hours} h",
    },
    "widgets.duration.hours_minutes": {
        "id": "{hours} jam {minutes} menit",
        "en": "{hours} h {minutes} min",
    },
    "widgets.duration.minutes": {"id": "{minutes} menit", "en": "{minutes} min"},
    "widgets.actor.warga": {"id": "Warga (pelapor)", "en": "Citizen (reporter)"},
    "widgets.actor.sistem": {"id": "Sistem", "en": "System"},
    "widgets.actor.verifikator": {"id": "Verifikator Diskominfo", "en": "Diskominfo verifier"},
    "widgets.actor.opd": {"id": "Petugas OPD", "en": "Department (OPD) officer"},
    "widgets.actor.admin": {"id": "Admin", "en": "Administrator"},
    "widgets.photo.no_before": {
        "id": "Tidak ada foto sebelum dari pelapor.",
        "en": "The reporter sent no before photo.",
    },
    "widgets.photo.before": {"id": "Sebelum", "en": "Before"},
    "widgets.photo.after": {"id": "Sesudah", "en": "After"},
    "widgets.photo.progress": {"id": "Proses", "en": "Progress"},
    "widgets.photo.alt_before": {
        "id": "Foto sebelum: {category} di {place}",
        "en": "Before photo: {category} in {place}",
    },
    "widgets.photo.alt_after": {
        "id": "Foto sesudah (bukti penyelesaian): {category} di {place}",
        "en": "After photo (proof of resolution): {category} in {place}",
    },
    "widgets.photo.alt_progress": {
        "id": "Foto proses: {category} di {place}",
        "en": "Progress photo: {category} in {place}",
    },
    "widgets.fact.category": {"id": "Kategori", "en": "Category"},
    "widgets.fact.place": {"id": "Lokasi", "en": "Place"},
    "widgets.fact.opd": {"id": "OPD", "en": "Department (OPD)"},
    "widgets.fact.received": {"id": "Diterima", "en": "Received"},
    "widgets.fact.resolved": {"id": "Diselesaikan", "en": "Resolved"},
    "widgets.fact.working_days": {"id": "Lama (hari kerja)", "en": "Time taken (working days)"},
    "widgets.track_ticket": {"id": "Lacak tiket {ticket}", "en": "Track ticket {ticket}"},
    "widgets.timeline.note": {"id": "Catatan perkembangan", "en": "Progress note"},
    "widgets.timeline.spent": {
        "id": "Lama di status ini: {spent}",
        "en": "Time in this status: {spent}",
    },
    "widgets.timeline.spent_working": {
        "id": "{spent} ({working} hari kerja)",
        "en": "{spent} ({working} working days)",
    },
}
