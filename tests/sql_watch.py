"""Watching the SQL an engine runs, for tests that count or inspect statements."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def statements_seen_by(engine: Engine, listener: Callable[..., Any]) -> Iterator[None]:
    """``listener(conn, cursor, statement, parameters, context, executemany)`` before every
    statement ``engine`` runs while the block runs."""
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", listener)
