"""Public photos and thumbnails at stable, content-addressed URLs: `/foto/{key}`.

The key is the SHA-256 of the bytes (data_layer/photos.py), so a URL never
changes meaning: browsers and proxies may keep it for a year. Any replica
serves any photo (the bytes live in the shared database). A photo of a report
that is not public answers 404, exactly like an unknown key.
"""

from __future__ import annotations

import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.database import read_session
from data_layer.queries.gallery import photo_bytes

_KEY = re.compile(r"^[A-Za-z0-9]{8,80}$")
_FOREVER = "public, max-age=31536000, immutable"


def _load(key: str):
    with read_session() as session:
        return photo_bytes(session, key=key)


async def photo(request: Request) -> Response:
    key = request.path_params["key"]
    not_found = Response(
        "Foto tidak ditemukan / photo not found\n",
        status_code=404,
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )
    if not _KEY.match(key):
        return not_found
    etag = f'"{key}"'
    content = await run_in_threadpool(_load, key)
    if content is None:
        return not_found
    headers = {"Cache-Control": _FOREVER, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(content.data, media_type=content.content_type, headers=headers)


ROUTES = [Route("/foto/{key}", photo, methods=["GET", "HEAD"])]
