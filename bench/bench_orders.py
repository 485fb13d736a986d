"""Order-creation latency of the dispatch service, SQLite vs PostgreSQL.

Starts everything itself: a seeded SQLite file and a throw-away PostgreSQL
server (Debian's packages), and `python -m services.dispatch` as a real
subprocess on a loopback port for each. Then POSTs /dispatch/v1/orders (each
with a fresh Idempotency-Key) from 1 and from 50 concurrent clients and prints
p50/p95 latency and throughput. Run with the services venv:

    .venv/bin/python bench/bench_orders.py [--requests 400] [--clients 1,50]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from services.common.city import local_today  # noqa: E402
from services.seed.__main__ import seed  # noqa: E402
from assistant.processes import free_port  # noqa: E402
from services.tools.temp_postgres import TempPostgres, find_bindir  # noqa: E402

TOKEN = "bench-token"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def order_body(n: int) -> dict:
    day = (local_today() + timedelta(days=1)).isoformat()
    return {"elder_id": "10000001", "type": "meal", "priority": "P2", "channel": "bench",
            "details": {"date": day, "meal": "午餐", "portions": 1 + n % 3, "mode": "送餐", "diet": ["低盐"]}}


class DispatchProcess:
    """`python -m services.dispatch` on a free port against ``database_url``."""

    def __init__(self, database_url: str) -> None:
        self.port = free_port()
        env = {**os.environ, "E12349_DATABASE_URL": database_url, "E12349_DISPATCH_PORT": str(self.port),
               "E12349_API_CLIENTS": f"admin={TOKEN}", "E12349_SERVICES_HOST": "127.0.0.1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "services.dispatch"], cwd=REPO, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{self.port}/dispatch/v1"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read().decode()[-2000:])
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/openapi.json", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("dispatch service did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def run_load(url: str, clients: int, total: int) -> tuple[list[float], int, float]:
    """Return (latencies in ms, error count, wall seconds) for ``total`` creations over ``clients`` workers."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=HEADERS, timeout=60, limits=limits) as client:
        async def worker() -> None:
            nonlocal errors
            for n in counter:
                started = time.perf_counter()
                response = await client.post("/orders", json=order_body(n),
                                             headers={"Idempotency-Key": f"bench-{uuid.uuid4()}"})
                latencies.append((time.perf_counter() - started) * 1000)
                errors += response.status_code != 201

        await client.post("/orders", json=order_body(0), headers={"Idempotency-Key": f"warm-{uuid.uuid4()}"})
        wall = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return latencies, errors, time.perf_counter() - wall


def percentile(values: list[float], pct: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def bench_backend(name: str, database_url: str, client_counts: list[int], total: int) -> list[tuple]:
    print(f"[{name}] seeding ...", flush=True)
    seed(database_url, 100, 12349, report=lambda _line: None)
    service = DispatchProcess(database_url)
    rows = []
    try:
        service.wait_ready()
        for clients in client_counts:
            print(f"[{name}] {total} orders from {clients} client(s) ...", flush=True)
            latencies, errors, wall = asyncio.run(run_load(service.url, clients, total))
            rows.append((name, clients, len(latencies), percentile(latencies, 50), percentile(latencies, 95),
                         len(latencies) / wall, errors))
    finally:
        service.stop()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="orders per run (default 400)")
    parser.add_argument("--clients", default="1,50", help="comma-separated client counts (default 1,50)")
    args = parser.parse_args()
    client_counts = [int(c) for c in args.clients.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="e12349-bench-") as tmp:
        rows += bench_backend("sqlite", f"sqlite:///{tmp}/bench.db", client_counts, args.requests)
    if find_bindir() is None:
        print("PostgreSQL binaries not found (apt-get install postgresql): skipping postgresql")
    else:
        with TempPostgres() as pg:
            rows += bench_backend("postgresql", pg.create_database("bench"), client_counts, args.requests)
    print()
    print(f"{'backend':<11} {'clients':>7} {'orders':>7} {'p50 ms':>8} {'p95 ms':>8} {'orders/s':>9} {'errors':>7}")
    for name, clients, count, p50, p95, rate, errors in rows:
        print(f"{name:<11} {clients:>7} {count:>7} {p50:>8.1f} {p95:>8.1f} {rate:>9.1f} {errors:>7}")
    return 1 if any(r[-1] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
