"""What the HTTP routes say to a machine, in Bahasa Indonesia (default) or English (`?lang=en`).

The routes never import `ui` (nor streamlit), so their few messages live here.
"""

from __future__ import annotations

from data_layer.validation import FieldError

MESSAGES: dict[str, dict[str, str]] = {
    "too_large": {
        "id": "Isi permintaan terlalu besar (maksimal {limit} byte).",
        "en": "Request body too large (at most {limit} bytes).",
    },
    "malformed": {
        "id": "Isi permintaan tidak dapat dibaca sebagai {kind}.",
        "en": "The request body could not be read as {kind}.",
    },
    "api_key": {
        "id": "api_key tidak ada, tidak dikenal atau sudah dicabut.",
        "en": "api_key is missing, unknown or revoked.",
    },
    "rate_limited": {
        "id": "Kunci ini sudah mengirim {limit} laporan dalam satu jam terakhir. Coba lagi nanti.",
        "en": "This key filed {limit} reports in the last hour. Try again later.",
    },
    "not_found": {"id": "Tidak ditemukan: {what}.", "en": "Not found: {what}."},
    "too_many_requests": {
        "id": "Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam {seconds} detik.",
        "en": "Too many requests from your address. Try again in {seconds} seconds.",
    },
    "bad_format": {
        "id": "Format harus json atau xml.",
        "en": "The format must be json or xml.",
    },
    "bad_date": {
        "id": "{name} harus berupa tanggal-waktu W3C, mis. 2025-01-31T00:00:00Z.",
        "en": "{name} must be a W3C datetime, e.g. 2025-01-31T00:00:00Z.",
    },
    "window_too_long": {
        "id": "Rentang start_date–end_date paling lama 90 hari.",
        "en": "start_date to end_date may span at most 90 days.",
    },
    "bad_status": {
        "id": "status harus open, closed, atau keduanya (dipisah koma).",
        "en": "status must be open, closed, or both (comma-separated).",
    },
    "bad_number": {
        "id": "{name} harus bilangan bulat dari 1 sampai {max}.",
        "en": "{name} must be a whole number from 1 to {max}.",
    },
    "bad_ticket": {
        "id": "service_request_id bukan kode tiket yang sah: {value}.",
        "en": "service_request_id is not a valid ticket code: {value}.",
    },
    "media_ignored": {
        "id": "media_url diabaikan: kirim foto melalui halaman Kirim laporan.",
        "en": "media_url was ignored: send photos through the report form.",
    },
    "session_code": {
        "id": "Tautan masuk ini sudah dipakai atau kedaluwarsa. Silakan masuk lagi.",
        "en": "This sign-in link was used already or has expired. Please sign in again.",
    },
    "session_unavailable": {
        "id": "Masuk operator sedang tidak bisa dilayani. Coba lagi sebentar lagi.",
        "en": "Operator sign-in is unavailable right now. Try again in a moment.",
    },
    "session_cross_site": {
        "id": "Permintaan keluar dari situs lain ditolak.",
        "en": "A sign-out request from another site was refused.",
    },
    "back_to_sign_in": {"id": "Kembali ke halaman masuk", "en": "Back to the sign-in page"},
    "server_error": {
        "id": "Terjadi kesalahan di server; laporan tidak disimpan. Coba lagi.",
        "en": "Something went wrong on the server; nothing was saved. Try again.",
    },
}

# A posted request's problems, by Open311 field and the validator's code.
FIELD_NAMES = {
    "category": "service_code",
    "location": "lat/long",
    "description": "description",
    "title": "description",
    "address": "address_string",
    "name": "first_name/last_name",
    "phone": "phone",
    "email": "email",
}
FIELD_MESSAGES: dict[str, dict[str, str]] = {
    "required": {"id": "wajib diisi", "en": "required"},
    "unknown": {
        "id": "kode layanan tidak dikenal (lihat /api/v2/services.json)",
        "en": "unknown service code (see /api/v2/services.json)",
    },
    "too_short": {
        "id": "terlalu pendek (minimal {min} karakter, tertulis {length})",
        "en": "too short (at least {min} characters, got {length})",
    },
    "too_long": {
        "id": "terlalu panjang (maksimal {max} karakter)",
        "en": "too long (at most {max} characters)",
    },
    "invalid_coordinates": {
        "id": "lat dan long harus angka desimal",
        "en": "lat and long must be decimal numbers",
    },
    "outside_city": {
        "id": "titik berada di luar wilayah kota",
        "en": "the point is outside the city",
    },
    "invalid_phone": {"id": "nomor telepon tidak sah", "en": "not a valid phone number"},
    "invalid_email": {"id": "alamat email tidak sah", "en": "not a valid email address"},
}


def message(code: str, lang: str, **params) -> str:
    return MESSAGES[code][lang].format(**params)


def field_message(field: str, error: FieldError, lang: str) -> str:
    texts = FIELD_MESSAGES.get(error.code, {"id": error.code, "en": error.code})
    try:
        text = texts[lang].format(**error.params)
    except (KeyError, IndexError):
        text = texts[lang]
    return f"{FIELD_NAMES.get(field, field)}: {text}"
