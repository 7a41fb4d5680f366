"""Absolute URLs for feeds and API answers (the configured public base, else the request's own)."""

from __future__ import annotations

from starlette.requests import Request

from data_layer.config import get_settings
from data_layer.photos import photo_path


def base_url(request: Request) -> str:
    configured = get_settings().public_base_url.strip()
    return (configured or str(request.base_url)).rstrip("/")


def photo_url(request: Request, key: str) -> str:
    return base_url(request) + photo_path(key)
