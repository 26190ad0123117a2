"""Latency of POST /v1/drafts/agenda (offline provider) against a live `cadence serve`.

Seeds the demo organisation into a temporary data dir, starts the server on a free 127.0.0.1
port, and times a bounded number of requests at 1 and at 20 concurrent clients — both fresh
generations (each request asks for a different period, so the task cache cannot answer) and
cache hits (the same request again). Prints one table; writes nothing outside the temp dir.

    .venv/bin/python -m benchmarks.api [--requests 40] [--people 60]   (from the repo root)
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from assistant import auth, clock
from assistant.db import transaction
from assistant.demo import PLANTED, generate
from assistant.importer import import_bundle
from assistant.runtime import Runtime
from assistant.settings import Settings
from benchmarks.server import free_port, start_server


def _run(base: str, token: str, bodies: list[dict[str, str]], clients: int) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(
        base_url=base, headers=headers, timeout=120, limits=httpx.Limits(max_connections=clients)
    ) as http:

        def one(body: dict[str, str]) -> float:
            start = time.perf_counter()
            resp = http.post("/v1/drafts/agenda", json=body)
            resp.raise_for_status()
            return (time.perf_counter() - start) * 1000

        with ThreadPoolExecutor(clients) as pool:
            return list(pool.map(one, bodies))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per scenario (max 400)")
    parser.add_argument("--people", type=int, default=60, help="demo organisation size")
    args = parser.parse_args()
    n = max(1, min(args.requests, 400))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        runtime = Runtime(Settings(data_dir=data_dir))
        import_bundle(
            runtime.sessions, generate(people=args.people, today=clock.today()), migration=True
        )
        with transaction(runtime.sessions) as session:
            token = auth.create_token(session, PLANTED.manager, "bench")[1]
        runtime.close()
        port = free_port()
        proc = start_server(data_dir, port, env={"CADENCE_LLM_PROVIDER": "offline"})
        base = f"http://127.0.0.1:{port}"
        try:
            _run(base, token, [{"subject": PLANTED.report}], 1)  # warm up (index, imports)
            print(
                f"POST /v1/drafts/agenda, offline provider, {args.people}-person demo org, "
                f"{n} requests per row, one uvicorn worker, SQLite"
            )
            print(
                f"{'clients':>7} {'kind':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}"
            )
            offset = 0
            for clients in (1, 20):
                for kind in ("fresh", "cached"):
                    if kind == "fresh":  # a distinct period per request defeats the cache
                        bodies = [
                            {
                                "subject": PLANTED.report,
                                "since": str(dt.date(2000, 1, 1) + dt.timedelta(days=offset + i)),
                            }
                            for i in range(n)
                        ]
                        offset += n
                    else:
                        bodies = [{"subject": PLANTED.report}] * n
                    start = time.perf_counter()
                    times = sorted(_run(base, token, bodies, clients))
                    wall = time.perf_counter() - start
                    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
                    print(
                        f"{clients:>7} {kind:>8} {statistics.median(times):>8.0f} "
                        f"{p95:>8.0f} {times[-1]:>8.0f} {n / wall:>7.1f}"
                    )
        except httpx.HTTPStatusError:
            sys.stderr.write((data_dir.parent / f"{data_dir.name}-server.log").read_text()[-4000:])
            raise
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
