"""Watching the SQL an engine runs, for tests that count or inspect statements."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from retrieval.batches import MAX_IDS_PER_QUERY


@contextmanager
def statements_seen_by(engine: Engine, listener: Callable[..., Any]) -> Iterator[None]:
    """``listener(conn, cursor, statement, parameters, context, executemany)`` before every
    statement ``engine`` runs while the block runs."""
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", listener)


# SQLITE_MAX_VARIABLE_NUMBER in SQLite builds before 3.32, the smallest limit Cadence may meet;
# the bundled build allows far more, so an unchunked IN list passes here and fails there.
OLD_SQLITE_LIMIT = 999
# The most one statement may bind when its id lists are chunked: a chunk of ids and a few others
# (a record type, a date window).
CHUNKED_STATEMENT = MAX_IDS_PER_QUERY + 20


def _old_sqlite_limit(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, OLD_SQLITE_LIMIT)


@contextmanager
def widest_statement(engine: Engine) -> Iterator[list[int]]:
    """The most parameters one statement bound while the block runs, as ``[n]`` (read it after
    the block; an executemany counts one row's). On SQLite the connections also take the old
    999 limit, so a statement over it fails as it would on such a system."""
    widest = [0]

    def count(_c: Any, _cur: Any, _stmt: str, params: Any, _ctx: Any, many: bool) -> None:
        if not many:
            widest[0] = max(widest[0], len(params or ()))

    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        event.listen(engine, "connect", _old_sqlite_limit)
        engine.dispose()  # pooled connections predate the listener
    try:
        with statements_seen_by(engine, count):
            yield widest
    finally:
        if sqlite:
            event.remove(engine, "connect", _old_sqlite_limit)
            engine.dispose()
