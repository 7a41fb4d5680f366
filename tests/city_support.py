"""Switch the process to another kota/kabupaten for a test (see `city_db` in conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from data_layer.config import get_settings


@contextmanager
def city_settings(code: str, url: str | None = None) -> Iterator[None]:
    from ui.cache import clear_all_caches

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PANTAU_CITY", code)
        if url is not None:
            patch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        clear_all_caches()
        try:
            yield
        finally:
            get_settings.cache_clear()
            clear_all_caches()
