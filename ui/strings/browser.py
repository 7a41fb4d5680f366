"""Streamlit's own English texts in the browser, and what Indonesian readers see instead.

Each "en" is Streamlit's text exactly as its frontend writes it (the script in
ui/document_locale.py swaps it in the page); "{x}" stands for a part it keeps.
"""

STRINGS = {
    "browser.choose_option": {"id": "Pilih salah satu", "en": "Choose an option"},
    "browser.choose_options": {"id": "Pilih satu atau lebih", "en": "Choose options"},
    "browser.no_results": {"id": "Tidak ada hasil", "en": "No results"},
    "browser.clear_all": {"id": "Hapus semua", "en": "Clear all"},
    "browser.upload": {"id": "Unggah", "en": "Upload"},
    "browser.browse_files": {"id": "Pilih berkas", "en": "Browse files"},
    "browser.drop_file": {
        "id": "Seret dan lepas berkas di sini",
        "en": "Drag and drop a file here",
    },
    "browser.drop_files": {
        "id": "Seret dan lepas berkas di sini",
        "en": "Drag and drop files here",
    },
    "browser.per_file": {"id": "maks. {x} per berkas", "en": "{x} per file"},
    "browser.enter_submit": {
        "id": "Tekan Enter untuk mengirim formulir",
        "en": "Press Enter to submit form",
    },
    "browser.enter_apply": {"id": "Tekan Enter untuk menerapkan", "en": "Press Enter to apply"},
    "browser.download_csv": {"id": "Unduh sebagai CSV", "en": "Download as CSV"},
    "browser.search": {"id": "Cari", "en": "Search"},
    "browser.close_search": {"id": "Tutup pencarian", "en": "Close Search"},
    "browser.fullscreen": {"id": "Layar penuh", "en": "Fullscreen"},
    "browser.fullscreen_of": {"id": "Layar penuh: {x}", "en": "Fullscreen: {x}"},
    "browser.close_fullscreen": {"id": "Tutup layar penuh", "en": "Close fullscreen"},
    "browser.show_hide_columns": {
        "id": "Tampilkan/sembunyikan kolom",
        "en": "Show/hide columns",
    },
    "browser.choose_date": {"id": "Pilih tanggal", "en": "Choose date"},
    "browser.choose_date_range": {"id": "Pilih rentang tanggal", "en": "Choose date range"},
    "browser.clear_date": {"id": "Hapus tanggal", "en": "Clear date"},
    "browser.clear_dates": {"id": "Hapus tanggal", "en": "Clear dates"},
    "browser.quick_select": {
        "id": "Pilih cepat rentang tanggal",
        "en": "Quick select a date range",
    },
    "browser.date_keys": {
        "id": "Gunakan tombol panah untuk berpindah tanggal, Enter untuk memilih, Escape untuk menutup.",
        "en": "Use arrow keys to navigate dates. Enter to select. Escape to close.",
    },
    "browser.month.1": {"id": "Januari", "en": "January"},
    "browser.month.2": {"id": "Februari", "en": "February"},
    "browser.month.3": {"id": "Maret", "en": "March"},
    "browser.month.5": {"id": "Mei", "en": "May"},
    "browser.month.6": {"id": "Juni", "en": "June"},
    "browser.month.7": {"id": "Juli", "en": "July"},
    "browser.month.8": {"id": "Agustus", "en": "August"},
    "browser.month.10": {"id": "Oktober", "en": "October"},
    "browser.month.12": {"id": "Desember", "en": "December"},
    "browser.copied": {"id": "Disalin ke papan klip", "en": "Copied to clipboard"},
}
