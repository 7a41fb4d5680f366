"""Helpers for AppTest runs of the public map, gallery and tracking pages.

`everything_shown(at)` gathers every piece of text a run sends to the browser:
element protos (markdown, captions, labels, image alt text), the cells of
dataframes and tables, and the map component's arguments (its script, with
Jinja's JSON escapes decoded as the browser's JavaScript would).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from factories import VERIFIER, advance, make_report, opd_actor, prepared_photo
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from data_layer.commands import transition
from data_layer.states import PhotoKind, Status

PAGES = Path(__file__).resolve().parents[2] / "pages"
MIROTO = "3374011001"

XSS = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert('pantau')</script>"
MD_LINK = "[klik hadiah](javascript:alert(1))"
# Distinctive identities and private text that must never reach a public page.
SECRETS = (
    "Wiryawan Kusumodiningrat",
    "+6281399887766",
    "wiryawan.k@rahasia.example",
    "3374011201900007",  # NIK
    "CATATAN-INTERNAL-8812",
)
CONFIDENTIAL_TITLE = "Laporan rahasia tentang pungli ZQX"
# An anonymous reporter's free-text address and exact spot (their doorstep, maybe).
ANONYMOUS_ADDRESS = "Rumah Anonim Gang Sunyi 7B"
ANONYMOUS_SPOT = (-6.9876543, 110.4123456)
UNVERIFIED_TITLE = "Laporan belum diverifikasi QQW"


def run_page(name: str, timeout: float = 90, **params: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def map_component_args(at: AppTest) -> dict | None:
    components = [e for e in walk(at._tree) if getattr(e, "type", None) == "component_instance"]
    folium = [c for c in components if c.proto.component_name.endswith("st_folium")]
    return json.loads(folium[0].proto.json_args) if folium else None


def decode_js(text: str) -> str:
    for escaped, plain in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"), ("\\u0027", "'")):
        text = text.replace(escaped, plain)
    return text


def everything_shown(at: AppTest) -> str:
    parts = []
    for element in walk(at._tree):
        kind = getattr(element, "type", None)
        if kind in ("dataframe", "table"):
            parts.append(element.value.to_csv())
        elif kind == "component_instance":
            args = json.loads(element.proto.json_args)
            parts.append(decode_js("\n".join(str(value) for value in args.values())))
        elif hasattr(element, "proto") and element.proto is not None:
            parts.append(text_format.MessageToString(element.proto, as_utf8=True))
    return "\n".join(parts)


def markdown_protos(at: AppTest):
    return [
        element.proto
        for element in walk(at._tree)
        if hasattr(element, "proto") and type(element.proto).__name__ == "Markdown"
    ]


def populate(database, *, start: dt.datetime = dt.datetime(2025, 5, 5, 2)) -> dict[str, str]:
    """Reports whose text carries payloads and whose reporters are distinctive.

    Returns tickets by role: resolved (public, before+after photos), in_progress
    (public), confidential (resolved), unverified (diterima), anonymous (public,
    forwarded, with an address and an exact spot).
    """
    settings = database.settings
    identity = {
        "reporter_name": SECRETS[0],
        "reporter_phone": SECRETS[1],
        "reporter_email": SECRETS[2],
        "reporter_nik": SECRETS[3],
    }
    with database.write().begin() as session:
        resolved = make_report(
            session,
            settings=settings,
            now=start,
            title=f"Jalan {XSS} rusak",
            description=f"Uraian {SCRIPT} dan {MD_LINK}",
            address=f"Gang {XSS}",
            photos=(prepared_photo(settings),),
            **identity,
        )
        moment = start
        for to, actor in (
            (Status.DIVERIFIKASI, VERIFIER),
            (Status.DITERUSKAN, VERIFIER),
            (Status.DIPROSES, opd_actor(session)),
            (Status.SELESAI, opd_actor(session)),
        ):
            moment += dt.timedelta(days=1)
            transition(
                session,
                report_id=resolved.report_id,
                to=to,
                actor=actor,
                settings=settings,
                now=moment,
                public_note=f"Catatan {XSS} {MD_LINK}",
                internal_note=SECRETS[4],
                photos=(
                    ((PhotoKind.AFTER, prepared_photo(settings, color=(30, 160, 60))),)
                    if to is Status.SELESAI
                    else ()
                ),
            )
        in_progress = make_report(
            session, settings=settings, now=start, title=f"Lampu mati {SCRIPT}", **identity
        )
        advance(session, report_id=in_progress.report_id, to=Status.DIPROSES, settings=settings)
        confidential = make_report(
            session,
            settings=settings,
            now=start,
            title=CONFIDENTIAL_TITLE,
            confidential=True,
            photos=(prepared_photo(settings),),
            **identity,
        )
        advance(session, report_id=confidential.report_id, to=Status.SELESAI, settings=settings)
        unverified = make_report(
            session, settings=settings, now=start, title=UNVERIFIED_TITLE, **identity
        )
        anonymous = make_report(
            session,
            settings=settings,
            now=start,
            title="Sampah menumpuk di gang",
            anonymous=True,
            address=ANONYMOUS_ADDRESS,
            latitude=ANONYMOUS_SPOT[0],
            longitude=ANONYMOUS_SPOT[1],
            **identity,
        )
        advance(session, report_id=anonymous.report_id, to=Status.DITERUSKAN, settings=settings)
    return {
        "resolved": resolved.ticket,
        "in_progress": in_progress.ticket,
        "confidential": confidential.ticket,
        "unverified": unverified.ticket,
        "anonymous": anonymous.ticket,
    }


def assert_nothing_private(at: AppTest) -> None:
    shown = everything_shown(at)
    for secret in (*SECRETS, CONFIDENTIAL_TITLE, UNVERIFIED_TITLE, ANONYMOUS_ADDRESS):
        assert secret not in shown, f"{secret!r} appeared on the page"
    # an anonymous reporter's exact spot (rounded as the map would send it) never appears
    assert f"{ANONYMOUS_SPOT[0]:.5f}" not in shown and f"{ANONYMOUS_SPOT[1]:.5f}" not in shown


def assert_payloads_inert(at: AppTest) -> None:
    """No Markdown element carries a payload raw, none allows HTML, the map gets escaped text."""
    for proto in markdown_protos(at):
        assert not proto.allow_html
        for raw in ("<img", "<script", "](javascript:"):
            assert raw not in proto.body, f"raw {raw!r} in Markdown: {proto.body[:120]!r}"
    args = map_component_args(at)
    if args is not None:
        script = decode_js("\n".join(str(args.get(k) or "") for k in ("script", "html", "header")))
        assert "<img src=x" not in script and "<script>alert" not in script
