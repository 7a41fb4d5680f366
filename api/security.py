"""Response headers and refusals that apply to every request (pages, routes, websocket).

- Nothing of ours may be framed by another site (clickjacking; the operator pages
  most of all, once sign-in rides on a cookie): `X-Frame-Options: SAMEORIGIN` and
  CSP `frame-ancestors 'self'`. Same-origin frames stay allowed: Streamlit draws
  components (the folium maps) in iframes of the app itself.
- `/_stcore/metrics` is Streamlit's internal cache and session statistics, of
  use to nobody outside: it answers 404, as if it did not exist.

A plain ASGI middleware (no BaseHTTPMiddleware): it must not buffer streamed
downloads, and it lets the websocket pass untouched.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Suffixes, so a server.baseUrlPath in front changes nothing.
HIDDEN_SUFFIXES = ("/_stcore/metrics",)
SECURITY_HEADERS = (
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path", "").rstrip("/").endswith(HIDDEN_SUFFIXES):
            await _not_found(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _not_found(send: Send) -> None:
    body = b"Not Found"
    await send(
        {
            "type": "http.response.start",
            "status": 404,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
