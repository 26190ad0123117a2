"""Making deleted bytes go away, after erasure or a retention purge has committed its deletes and
the outbox has been drained into both retrieval legs.

- Vector leg: the collection is rebuilt from its live vectors (Chroma's delete only marks a vector
  deleted); embedded, dropped segment directories are shredded, live ones zeroed past their
  vectors, and Chroma's SQLite file vacuumed (retrieval/chroma_files.py). A Chroma *server* gets
  the rebuilt collection, but its files are out of reach: the server keeps dropped segments and
  stale bytes until its operator removes them.
- SQLite: every connection runs with ``secure_delete`` (assistant/db.py), so freed cells are
  zeroed as they are freed; here the full-text index is merged (FTS5 keeps deleted terms in old
  segments until then), the WAL checkpointed and truncated, the file VACUUMed, and truncated again.
- PostgreSQL: the affected tables are VACUUMed (no exclusive lock). PostgreSQL does not zero the
  space it frees and keeps changes in its WAL until it recycles the segment: for bytes-on-disk
  guarantees there, run ``VACUUM FULL`` in a maintenance window and use disk encryption.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine

from assistant.models import Base
from assistant.runtime import Runtime

__all__ = ["ReclaimReport", "reclaim", "reclaim_database"]


@dataclass
class ReclaimReport:
    vectors: int  # documents in the rebuilt collection
    segments_removed: int  # dropped Chroma segment directories shredded (embedded only)
    database: str  # what was done to the database, in words
    seconds: float


def _sqlite(engine: Engine) -> str:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("PRAGMA secure_delete=ON")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("VACUUM")
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
    if busy:
        return "SQLite vacuumed; the WAL is still read by another connection (truncated later)"
    return "SQLite vacuumed, WAL checkpointed and truncated"


def _postgres(engine: Engine) -> str:
    from retrieval.lexical import TABLE_NAME

    names = sorted({t.name for t in Base.metadata.sorted_tables} | {TABLE_NAME})
    quoted = ", ".join(engine.dialect.identifier_preparer.quote(n) for n in names)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"VACUUM (ANALYZE) {quoted}")
    return f"PostgreSQL: VACUUM (ANALYZE) on {len(names)} tables"


def reclaim_database(runtime: Runtime) -> str:
    with runtime.sessions.begin() as session:
        runtime.lexical.optimize(session)
    engine = runtime.engine
    if engine.dialect.name == "sqlite":
        return _sqlite(engine)
    if engine.dialect.name == "postgresql":
        return _postgres(engine)
    return f"{engine.dialect.name}: nothing done"  # pragma: no cover - SQLite and PostgreSQL only


def reclaim(runtime: Runtime) -> ReclaimReport:
    from assistant.indexing import compact_index

    started = time.perf_counter()
    vectors, segments = compact_index(runtime)
    database = reclaim_database(runtime)
    return ReclaimReport(vectors, segments, database, time.perf_counter() - started)
