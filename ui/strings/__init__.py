"""UI string catalogs, one module per area, each defining `STRINGS = {key: {"id": …, "en": …}}`.

Split by area so that pages can be worked on independently; `ui.i18n` merges
them and refuses duplicate keys.
"""
