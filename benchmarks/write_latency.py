"""Latency of one API write (POST /v1/feedback) against a live `cadence serve`, and how long
after the response the write is searchable.

Seeds the demo organisation into a temporary data dir and indexes it (so each write is the only
change pending), starts the server on a free 127.0.0.1 port, then sends ``--writes`` feedback
POSTs one after another. For each it times the request, then polls the full-text leg (the
database's search_documents table) until the new record's document is there: the
write → searchable delay. Prints p50/p95 of both; writes nothing outside the temp dir.

    .venv/bin/python -m benchmarks.write_latency [--writes 50] [--cadence PATH]

``--cadence`` runs another installation's ``cadence`` (e.g. a checkout from before indexing moved
off the request path) against the same seeded data, to compare.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from assistant import auth, clock
from assistant.db import transaction
from assistant.demo import PLANTED, generate
from assistant.importer import import_bundle
from assistant.indexing import sync_now
from assistant.models import Person
from assistant.runtime import Runtime
from assistant.settings import Settings
from benchmarks.server import free_port, start_server


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writes", type=int, default=50, help="feedback POSTs (max 500)")
    parser.add_argument("--people", type=int, default=60, help="demo organisation size")
    parser.add_argument(
        "--cadence", type=Path, default=Path(sys.executable).with_name("cadence"),
        help="the cadence executable to serve with",
    )  # fmt: skip
    args = parser.parse_args()
    n = max(1, min(args.writes, 500))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        runtime = Runtime(Settings(data_dir=data_dir))
        import_bundle(
            runtime.sessions, generate(people=args.people, today=clock.today()), migration=True
        )
        sync_now(runtime, strict=True)
        with transaction(runtime.sessions) as session:
            token = auth.create_token(session, PLANTED.manager, "bench")[1]
            receiver = session.query(Person.id).filter(Person.email == PLANTED.report).scalar()
        runtime.close()
        port = free_port()
        proc = start_server(data_dir, port, cadence=args.cadence)
        db = sqlite3.connect(data_dir / "cadence.db")
        latency: list[float] = []
        delay: list[float] = []
        try:
            with httpx.Client(
                base_url=f"http://127.0.0.1:{port}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=60,
            ) as http:
                for i in range(n + 1):  # the first write warms the server up and is not counted
                    text = f"Thanks for the clear write-up of the retries rollout #{i}"
                    body = {"receiver_id": receiver, "kind": "praise", "visibility": "shared",
                            "text": text}  # fmt: skip
                    start = time.perf_counter()
                    resp = http.post("/v1/feedback", json=body)
                    returned = time.perf_counter()
                    resp.raise_for_status()
                    doc_id = resp.json()["citation"]
                    while not db.execute(
                        "SELECT 1 FROM search_documents WHERE doc_id = ?", (doc_id,)
                    ).fetchone():
                        if time.perf_counter() - returned > 60:
                            raise SystemExit(f"{doc_id} not searchable after 60 s")
                        time.sleep(0.002)
                    if i:
                        latency.append((returned - start) * 1000)
                        delay.append((time.perf_counter() - returned) * 1000)
        finally:
            db.close()
            proc.terminate()
            proc.wait(timeout=30)
    print(
        f"POST /v1/feedback, {n} sequential writes, {args.people}-person demo org, one uvicorn "
        f"worker, SQLite + embedded Chroma, served by {args.cadence}"
    )
    print(f"{'':>28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, values in (("request latency", latency), ("response -> searchable", delay)):
        print(
            f"{label:>28} {statistics.median(values):>8.1f} {_pct(values, 0.95):>8.1f} "
            f"{max(values):>8.1f}"
        )


if __name__ == "__main__":
    main()
