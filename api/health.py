"""`/healthz`: what a load balancer probes. 200 when the database answers, else 503."""

from __future__ import annotations

import time

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.database import read_session


def _database_round_trip_ms() -> float:
    started = time.perf_counter()
    with read_session() as session:
        session.execute(text("SELECT 1")).scalar_one()
    return (time.perf_counter() - started) * 1000


async def healthz(_request: Request) -> JSONResponse:
    headers = {"Cache-Control": "no-store"}
    try:
        # The driver call blocks; keep it off the event loop that serves every visitor.
        elapsed_ms = await run_in_threadpool(_database_round_trip_ms)
    except (SQLAlchemyError, OSError):
        # Never the exception text: it may carry the database host or user.
        return JSONResponse(
            {"status": "error", "database": "unreachable"}, status_code=503, headers=headers
        )
    return JSONResponse(
        {"status": "ok", "database": "ok", "database_ms": round(elapsed_ms, 1)}, headers=headers
    )


ROUTES = [Route("/healthz", healthz, methods=["GET", "HEAD"])]
