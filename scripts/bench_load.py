"""Concurrent visitors against the cluster through nginx: `make bench-load`.

Each visitor is a light client speaking Streamlit's own websocket protocol with the
protobuf classes that ship in the `streamlit` package (no browser: 200 Chromiums would
measure Chromium). Like the frontend it fetches `/_stcore/health` for the XSRF cookie
(which also gives nginx its affinity key), opens `/_stcore/stream`, and asks for page
runs with `rerun_script`. A visitor opens Beranda and stays on it while its live
refresh runs (the server asks for it with `auto_rerun`; the client answers at that
interval, as the frontend does), then Peta, then a ticket on Lacak, and starts over.

Reported per N: page runs, p50/p95 seconds from the request until `script_finished`,
errors (timeouts, refused connections, exceptions shown on a page), and CPU (cores
used, from /proc) and peak resident memory of every replica.

    python scripts/bench_load.py --url http://127.0.0.1:8080 --run-dir /tmp/pantau-cluster
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

RUN_TIMEOUT_S = 60
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Results:
    durations: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def ran(self, page: str, seconds: float) -> None:
        self.durations.setdefault(page, []).append(seconds)

    def failed(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def a_public_ticket(base: str) -> str:
    """A resolved public ticket, from the Open311 API (only public reports are listed)."""
    url = f"{base}/api/v2/requests.json?status=closed"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
        return json.loads(response.read())[0]["service_request_id"]


def xsrf_cookie(base: str) -> str:
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=30) as response:  # noqa: S310
        cookie = SimpleCookie(response.headers["Set-Cookie"])
    return cookie["_streamlit_xsrf"].value


class Visitor:
    def __init__(self, base: str, results: Results) -> None:
        self.base = base
        self.results = results
        self.socket = None
        self.auto_rerun: tuple[float, str] | None = None

    async def connect(self) -> None:
        token = await asyncio.to_thread(xsrf_cookie, self.base)
        self.socket = await websockets.connect(
            self.base.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit", token],
            additional_headers={"Cookie": f"_streamlit_xsrf={token}", "Origin": self.base},
            max_size=None,
            open_timeout=30,
            # The frontend does not ping; a starved client must not close sockets itself.
            ping_interval=None,
        )

    async def run(self, page: str, query: str = "", fragment_id: str = "") -> None:
        message = BackMsg()
        state = message.rerun_script
        state.page_name = page
        state.query_string = query
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        deadline = started + RUN_TIMEOUT_S
        while True:
            raw = await asyncio.wait_for(self.socket.recv(), timeout=deadline - time.perf_counter())
            reply = ForwardMsg()
            reply.ParseFromString(raw)
            kind = reply.WhichOneof("type")
            if kind == "auto_rerun":
                self.auto_rerun = (reply.auto_rerun.interval, reply.auto_rerun.fragment_id)
            elif kind == "delta" and reply.delta.new_element.WhichOneof("type") == "exception":
                self.results.failed("exception on the page")
            elif kind == "script_finished":
                # A rerun the app asked for (say, after writing the URL) finishes later.
                if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                label = (page or "beranda") + (" live refresh" if fragment_id else "")
                self.results.ran(label, time.perf_counter() - started)
                return

    async def visit(self, *, ticket: str, stay_s: float, until: float) -> None:
        try:
            await self.connect()
            while time.monotonic() < until:
                self.auto_rerun = None
                await self.run("")
                stop_at = min(until, time.monotonic() + stay_s)
                while self.auto_rerun and time.monotonic() + self.auto_rerun[0] < stop_at:
                    await asyncio.sleep(self.auto_rerun[0])
                    await self.run("", fragment_id=self.auto_rerun[1])
                await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
                await self.run("peta")
                await asyncio.sleep(5)
                await self.run("lacak", query=f"tiket={ticket}")
                await asyncio.sleep(5)
        except TimeoutError:
            self.results.failed("no answer within 60 s")
        except (OSError, websockets.WebSocketException) as exc:
            self.results.failed(type(exc).__name__)
        finally:
            if self.socket is not None:
                await self.socket.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children that ended, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def sample_memory(pids: list[int], peak: dict[int, float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for pid in pids:
            peak[pid] = max(peak.get(pid, 0.0), rss_mb(pid))
        await asyncio.sleep(1)


async def one_level(args, visitors: int, pids: list[int]) -> dict:
    results = Results()
    until = time.monotonic() + args.duration
    cpu_before = {pid: cpu_seconds(pid) for pid in pids}
    peak: dict[int, float] = {}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pids, peak, stop))
    started = time.monotonic()
    tasks = []
    for index in range(visitors):
        visitor = Visitor(args.url, results)
        tasks.append(
            asyncio.create_task(visitor.visit(ticket=args.ticket, stay_s=args.stay, until=until))
        )
        await asyncio.sleep(args.ramp / visitors * (index > 0))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    stop.set()
    await sampler
    every = [seconds for runs in results.durations.values() for seconds in runs]
    quantiles = statistics.quantiles(every, n=20) if len(every) >= 2 else [float("nan")] * 19
    return {
        "visitors": visitors,
        "runs": len(every),
        "runs_per_page": {page: len(runs) for page, runs in results.durations.items()},
        "p50_s": round(statistics.median(every), 3) if every else None,
        "p95_s": round(quantiles[18], 3),
        "errors": results.errors,
        "cores_per_replica": [
            round((cpu_seconds(pid) - cpu_before[pid]) / elapsed, 2) for pid in pids
        ],
        "peak_rss_mb_per_replica": [round(peak.get(pid, 0.0)) for pid in pids],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument(
        "--run-dir", type=Path, default=Path(tempfile.gettempdir()) / "pantau-cluster"
    )
    parser.add_argument("--visitors", default="25,50,100,200")
    parser.add_argument("--duration", type=float, default=150, help="seconds per level")
    parser.add_argument("--stay", type=float, default=70, help="seconds on Beranda")
    parser.add_argument("--ramp", type=float, default=20, help="seconds to start everyone")
    parser.add_argument("--ticket", default=None, help="default: one from the Open311 API")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    args.ticket = args.ticket or a_public_ticket(args.url)
    state = json.loads((args.run_dir / "cluster.json").read_text())
    pids = [int(pid) for pid in state["replicas"].values()]
    table = []
    for visitors in (int(n) for n in args.visitors.split(",")):
        row = asyncio.run(one_level(args, visitors, pids))
        table.append(row)
        print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(table, indent=2))
    print(
        "\n| visitors | page runs | p50 s | p95 s | errors | CPU cores per replica | peak RSS MB per replica |"
    )
    print("| ---: | ---: | ---: | ---: | --- | --- | --- |")
    for row in table:
        errors = ", ".join(f"{kind}: {count}" for kind, count in row["errors"].items()) or "0"
        print(
            f"| {row['visitors']} | {row['runs']} | {row['p50_s']} | {row['p95_s']} | {errors} | "
            f"{' / '.join(map(str, row['cores_per_replica']))} | "
            f"{' / '.join(map(str, row['peak_rss_mb_per_replica']))} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
