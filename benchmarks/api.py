"""Latency of POST /v1/drafts/agenda (offline provider) against a live `cadence serve`.

Seeds the demo organisation into a temporary data dir, starts the server on a free 127.0.0.1
port, and times a bounded number of requests at 1 and at 20 concurrent clients — both fresh
generations (each request asks for a different period, so the task cache cannot answer) and
cache hits (the same request again). Prints one table; writes nothing outside the temp dir.

    .venv/bin/python -m benchmarks.api [--requests 40] [--people 60]   (from the repo root)

``--load`` runs the load test instead: ``--clients`` (50) concurrent clients, each a manager of
the demo org drafting agendas about their own reports back to back for ``--seconds`` (60) — a
mix of fresh generations (a period not asked before) and cache hits (one asked before) — and
prints requests, errors (anything but a 200, or no answer), p50/p95/max latency and throughput.
It exits non-zero on any error. ``--warm`` asks every request the clients can make once before
the clock starts, so the timed run is cache hits only (``--periods`` sets how many periods a
report: 30). ``--workers N`` serves with N uvicorn worker processes (more
than one needs a Chroma server: one is started on a free port for the run); ``--database-url``
seeds and serves a PostgreSQL database instead of SQLite in the temp dir. The load test also
prints the server's CPU per request (all its processes, from /proc) and the load average: on a
shared machine the CPU is the figure that compares; ``--cadence PATH`` serves with another
checkout's ``cadence`` (a before/after on the same seeded data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assistant import auth, clock
from assistant.bundle import Bundle
from assistant.db import transaction
from assistant.demo import PLANTED, generate
from assistant.importer import import_bundle
from assistant.runtime import Runtime
from assistant.settings import Settings
from benchmarks.server import cpu_seconds, free_port, start_server
from tests.integration.live_server import start_chroma, stop_chroma


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


@dataclass
class _Load:
    """What the load clients saw, shared between their threads."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cached: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _body(report: str, period: int) -> dict[str, str]:
    return {"subject": report, "since": str(dt.date(2000, 1, 1) + dt.timedelta(days=period))}


def _load_client(
    base: str, token: str, reports: list[str], until: float, seed: int, seen: _Load, periods: int
) -> None:
    pick = random.Random(seed)
    with httpx.Client(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120
    ) as http:
        while time.monotonic() < until:
            # 30 periods per report: early requests generate, later ones mostly hit the cache.
            body = _body(pick.choice(reports), pick.randrange(periods))
            start = time.perf_counter()
            try:
                resp = http.post("/v1/drafts/agenda", json=body)
            except httpx.HTTPError as exc:
                error: str | None = f"{type(exc).__name__}: {exc}"
                cached = False
            else:
                ok = resp.status_code == 200
                error = None if ok else f"HTTP {resp.status_code}: {resp.text[:200]}"
                cached = ok and bool(resp.json().get("cached"))
            elapsed = (time.perf_counter() - start) * 1000
            with seen.lock:
                seen.latencies.append(elapsed)
                seen.cached += cached
                if error:
                    seen.errors.append(error)


def _load(
    base: str, teams: dict[str, list[str]], tokens: dict[str, str], args: Any, server: int
) -> int:
    managers = sorted(teams)
    if args.warm:  # every request the clients can make, once: the timed run is all cache hits
        for manager in managers:
            bodies = [_body(r, p) for r in teams[manager] for p in range(args.periods)]
            _run(base, tokens[manager], bodies, 4)
    seen = _Load()
    cpu_before = cpu_seconds(server)
    start = time.monotonic()
    until = start + args.seconds
    threads = [
        threading.Thread(
            target=_load_client,
            args=(base, tokens[m], teams[m], until, i, seen, args.periods),
        )
        for i, m in enumerate(managers[i % len(managers)] for i in range(args.clients))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - start
    server_cpu = cpu_seconds(server) - cpu_before
    times = sorted(seen.latencies)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0
    print(
        f"POST /v1/drafts/agenda, offline provider, {args.people}-person demo org, "
        f"{args.clients} clients for {args.seconds:.0f} s ({len(managers)} managers, their "
        f"reports, {args.periods} periods each{', all asked before' if args.warm else ''}), "
        f"{_topology(args)}"
    )
    print(
        f"requests {len(times)}  errors {len(seen.errors)}  cached {seen.cached}  "
        f"p50 {statistics.median(times) if times else 0:.0f} ms  p95 {p95:.0f} ms  "
        f"max {times[-1] if times else 0:.0f} ms  {len(times) / wall:.1f} req/s  "
        f"server CPU {1000 * server_cpu / max(1, len(times)):.1f} ms a request  "
        f"load {os.getloadavg()[0]:.1f}"
    )
    for error in seen.errors[:5]:
        print(f"  error: {error}")
    return 1 if seen.errors or not times else 0


def _topology(args: Any) -> str:
    workers = f"{args.workers} uvicorn worker{'s' if args.workers > 1 else ''}"
    return f"{workers}, {'PostgreSQL' if args.database_url else 'SQLite'}"


def _managers(bundle: Bundle) -> dict[str, list[str]]:
    """Each manager's email -> their direct reports' emails, from the demo bundle."""
    email = {p.id: p.email for p in bundle.people}
    live = {p.email for p in bundle.people if p.active}
    teams: dict[str, list[str]] = {}
    for person in bundle.people:
        boss = email.get(person.manager, person.manager) if person.manager else None
        if boss in live and person.email in live:
            teams.setdefault(boss, []).append(person.email)
    return teams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per scenario (max 400)")
    parser.add_argument("--people", type=int, default=60, help="demo organisation size")
    parser.add_argument("--load", action="store_true", help="run the load test instead")
    parser.add_argument("--clients", type=int, default=50, help="load test: concurrent clients")
    parser.add_argument("--seconds", type=float, default=60, help="load test: how long")
    parser.add_argument("--periods", type=int, default=30, help="load test: periods a report")
    parser.add_argument(
        "--warm", action="store_true", help="load test: ask everything once first (all hits)"
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--database-url", help="a PostgreSQL database to seed and serve")
    parser.add_argument(
        "--cadence",
        type=Path,
        help="serve with this `cadence` executable (another checkout's venv: before/after)",
    )
    args = parser.parse_args()
    n = max(1, min(args.requests, 400))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        env = {"CADENCE_LLM_PROVIDER": "offline"}
        if args.database_url:
            env["CADENCE_DATABASE_URL"] = args.database_url
        runtime = Runtime(Settings(data_dir=data_dir, database_url=args.database_url))
        bundle = generate(people=args.people, today=clock.today(runtime.settings))
        import_bundle(runtime.sessions, bundle, migration=True)
        teams = _managers(bundle)
        with transaction(runtime.sessions) as session:
            token = auth.create_token(session, PLANTED.manager, "bench")[1]
            tokens = {m: auth.create_token(session, m, "bench")[1] for m in teams}
        runtime.close()
        chroma = None
        if args.workers > 1:  # several processes cannot share the embedded vector store
            (data_dir / "chroma-server").mkdir()
            chroma_port = free_port()
            chroma = start_chroma(data_dir / "chroma-server", chroma_port)
            env["CADENCE_CHROMA_URL"] = f"http://127.0.0.1:{chroma_port}"
        port = free_port()
        try:
            proc = start_server(data_dir, port, env=env, workers=args.workers, cadence=args.cadence)
        except BaseException:
            if chroma is not None:
                stop_chroma(chroma)
            raise
        base = f"http://127.0.0.1:{port}"
        try:
            _run(base, token, [{"subject": PLANTED.report}], 1)  # warm up (index, imports)
            if args.load:
                raise SystemExit(_load(base, teams, tokens, args, proc.pid))
            print(
                f"POST /v1/drafts/agenda, offline provider, {args.people}-person demo org, "
                f"{n} requests per row, {_topology(args)}"
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
            if chroma is not None:
                stop_chroma(chroma)


if __name__ == "__main__":
    main()
