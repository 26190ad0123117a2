"""The server mode's services: a scratch PostgreSQL database and a ``chroma run`` server, with
errors that say what is missing rather than a traceback."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError

from tests.integration.live_server import free_port, start_chroma, stop_chroma

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/scale_db"


class Unavailable(RuntimeError):
    """A service the benchmark needs is not there: the message says which and how to fix it."""


@contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """Drop and recreate the database ``url`` names (it must be a scratch one), yield ``url``,
    drop it afterwards."""
    parsed = make_url(url)
    name = parsed.database
    if not name or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise Unavailable(f"--pg-url must name a plain scratch database, got {name!r}")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        _reset(admin, name, create=True)
    except SQLAlchemyError as exc:
        admin.dispose()
        raise Unavailable(
            f"PostgreSQL is not usable at {parsed.render_as_string(hide_password=True)} "
            f"(creating {name!r}): {type(exc.orig or exc).__name__}: {exc.orig or exc}. "
            "Start it, or pass --pg-url, or run --modes embedded only."
        ) from None
    try:
        yield url
    finally:
        _reset(admin, name, create=False)
        admin.dispose()


def _reset(admin: Engine, name: str, *, create: bool) -> None:
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            conn.execute(text(f'CREATE DATABASE "{name}"'))


@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A ``chroma run`` storing under ``path`` on a free loopback port: (its URL, its process)."""
    path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    try:
        proc = start_chroma(path, port, timeout=120)
    except (RuntimeError, OSError) as exc:
        raise Unavailable(f"could not start a Chroma server (`chroma run`): {exc}") from None
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        stop_chroma(proc)


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB; 0 where /proc lacks it."""
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children")
        more = children.read_text().split() if pid != "self" and children.exists() else []
        for each in [str(pid), *more]:
            found = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{each}/status").read_text())
            total += int(found.group(1)) if found else 0
    except OSError:
        return 0.0
    return total / 1024
