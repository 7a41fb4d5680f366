"""`/berhenti-langganan?token=…`: the one-link unsubscribe of status-change e-mails.

A GET (the link in the message) and a POST (mail clients' RFC 8058 one-click,
announced in the List-Unsubscribe headers) both stop the messages and answer a
short page in the subscriber's language. The page names the ticket only, which
the holder of the link already knows; an unknown token gets a 404 page.
"""

from __future__ import annotations

import datetime as dt
import html

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from api.database import write_transaction
from data_layer import notification_texts as texts
from data_layer.notifications import UNSUBSCRIBE_PATH, unsubscribe
from data_layer.tickets import format_ticket_code

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Pantau Lapor</title></head>
<body style="font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<h1>{title}</h1><p>{text}</p><p><a href="{track}">Pantau Lapor</a></p></body></html>"""


def _unsubscribe(token: str) -> tuple[str, str] | None:
    with write_transaction() as session:
        return unsubscribe(session, token=token, now=dt.datetime.now(dt.UTC).replace(tzinfo=None))


async def unsubscribe_route(request: Request) -> HTMLResponse:
    token = request.query_params.get("token", "")
    found = await run_in_threadpool(_unsubscribe, token)
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    if found is None:
        title, text = texts.UNKNOWN_TOKEN_PAGE["id"]
        body = PAGE.format(lang="id", title=title, text=text, track="/")
        return HTMLResponse(body, status_code=404, headers=headers)
    ticket, lang = found
    title, text = texts.UNSUBSCRIBED_PAGE[lang]
    code = format_ticket_code(ticket)
    track = f"/lacak?tiket={code}" + ("&lang=en" if lang == "en" else "")
    body = PAGE.format(
        lang=lang, title=title, text=html.escape(text.format(ticket=code)), track=track
    )
    return HTMLResponse(body, headers=headers)


ROUTES = [Route(UNSUBSCRIBE_PATH, unsubscribe_route, methods=["GET", "POST"])]
