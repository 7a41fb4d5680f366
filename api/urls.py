"""Absolute URLs for feeds and API answers (the configured public base, else the request's own)."""

from __future__ import annotations

from starlette.requests import Request

from data_layer.config import get_settings

PHOTO_PREFIX = "/foto/"


def base_url(request: Request) -> str:
    configured = get_settings().public_base_url.strip()
    return (configured or str(request.base_url)).rstrip("/")


def photo_path(key: str) -> str:
    """Where a stored photo or thumbnail is served (api/photos.py)."""
    return PHOTO_PREFIX + key


def photo_url(request: Request, key: str) -> str:
    return base_url(request) + photo_path(key)
