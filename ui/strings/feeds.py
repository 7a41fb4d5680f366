"""Strings of the feed subscribe links."""

STRINGS = {
    "feeds.subscribe": {"id": "Langganan (feed Atom)", "en": "Subscribe (Atom feed)"},
    "feeds.help": {
        "id": "Tempel tautan ini di aplikasi pembaca feed untuk mendapat kabar laporan baru dan perubahan status.",
        "en": "Paste this link into a feed reader to follow new reports and status changes.",
    },
    "feeds.opd_column": {"id": "Feed", "en": "Feed"},
}
