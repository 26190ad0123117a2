"""Start `cadence serve` (and a `chroma run` server) as real processes on free 127.0.0.1 ports
(for integration tests and benchmarks). Seed it first, e.g. with the API tests' organisation
(tests/orgs/api_org.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    data_dir: Path,
    port: int,
    extra_env: dict[str, str] | None = None,
    *,
    workers: int = 1,
    timeout: float = 60,
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CADENCE_", "OPENAI_"))}
    env.update(
        {
            "CADENCE_DATA_DIR": str(data_dir),
            "CADENCE_ENVIRONMENT": "test",
            "CADENCE_LLM_PROVIDER": "offline",
            **(extra_env or {}),
        }
    )
    cli = Path(sys.executable).with_name("cadence")
    proc = subprocess.Popen(
        [str(cli), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise RuntimeError(f"cadence serve exited early:\n{out}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"cadence serve did not come up in {timeout:g}s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def start_chroma(path: Path, port: int, timeout: float = 30) -> subprocess.Popen[bytes]:
    """``chroma run`` storing under ``path`` on 127.0.0.1:``port``, its log in ``path/server.log``;
    returns once its heartbeat answers. It runs in its own process group: stop it with
    :func:`stop_chroma`."""
    chroma = Path(sys.executable).with_name("chroma")
    with (path / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port",
             str(port)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )  # fmt: skip
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_chroma(proc)
            raise RuntimeError(f"chroma server did not start:\n{(path / 'server.log').read_text()}")
        time.sleep(0.2)


def stop_chroma(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
