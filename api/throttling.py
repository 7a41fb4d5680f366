"""Per-client rate limits for expensive HTTP requests (data_layer.throttle rules).

The client is the connection's address, or behind our own proxies the entry
they wrote in X-Forwarded-For (`PANTAU_TRUSTED_PROXY_HOPS`), exactly as the
pages see it (ui/client.py), so a visitor's clicks and downloads share a count.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from api.database import write_transaction
from api.messages import message
from api.params import language
from data_layer.config import get_settings
from data_layer.throttle import Rule, allow_rule, client_address, retry_after


def request_address(request: Request) -> str:
    peer = request.client.host if request.client else None
    return client_address(
        peer,
        request.headers.get("x-forwarded-for"),
        trusted_hops=get_settings().trusted_proxy_hops,
    )


async def refused_by(rule: Rule, request: Request) -> JSONResponse | None:
    """Count this request under `rule`; a 429 answer when it is over the limit, else None."""
    address = request_address(request)

    def count() -> int:
        with write_transaction() as session:
            if allow_rule(session, rule, key=address):
                return 0
            return max(1, retry_after(session, rule, key=address))

    wait = await run_in_threadpool(count)
    if not wait:
        return None
    return JSONResponse(
        {"error": message("too_many_requests", language(request), seconds=wait)},
        status_code=429,
        headers={"Retry-After": str(wait)},
    )
