"""A `cadence serve` on a free 127.0.0.1 port, for the benchmarks that time the HTTP API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    data_dir: Path,
    port: int,
    *,
    cadence: Path | None = None,
    env: dict[str, str] | None = None,
    workers: int = 1,
) -> subprocess.Popen[bytes]:
    """Start ``cadence serve`` (this installation's unless ``cadence`` names another) on
    ``data_dir`` with a clean ``CADENCE_*`` environment plus ``env``, with ``workers`` worker
    processes; return once /healthz answers. Its log goes next to the data dir."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CADENCE_", "OPENAI_"))}
    clean.update({"CADENCE_DATA_DIR": str(data_dir), "CADENCE_RATE_LIMIT_PER_MINUTE": "1000000"})
    clean.update(env or {})
    cli = cadence or Path(sys.executable).with_name("cadence")
    proc = subprocess.Popen(
        [
            str(cli),
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        env=clean,
        stdout=(data_dir.parent / f"{data_dir.name}-server.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of process ``pid`` and every process below it (uvicorn's workers), from
    /proc: what a request costs the server, which the wall clock of a shared machine hides.
    0.0 where /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        child = int(entry.parent.name)
        parent[child] = int(fields[1])
        used[child] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    tree, frontier = {pid}, [pid]
    while frontier:
        current = frontier.pop()
        for child, ppid in parent.items():
            if ppid == current and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(used.get(p, 0.0) for p in tree)
