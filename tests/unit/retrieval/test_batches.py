"""One id chunker: in order, bounded, and small enough for the oldest SQLite's parameter limit."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, event, func, select
from sqlalchemy.exc import OperationalError

from retrieval.batches import MAX_IDS_PER_QUERY, batched

# SQLITE_MAX_VARIABLE_NUMBER in SQLite builds before 3.32: the smallest limit Cadence may meet.
OLD_SQLITE_LIMIT = 999


def test_batches_keep_order_and_size() -> None:
    assert list(batched([5, 3, 9, 1, 7], 2)) == [[5, 3], [9, 1], [7]]
    assert list(batched([], 2)) == []
    assert [len(b) for b in batched(list(range(1_201)))] == [500, 500, 201]
    with pytest.raises(ValueError, match="at least 1"):
        list(batched([1], 0))


def test_a_batch_fits_under_the_oldest_sqlite_parameter_limit() -> None:
    engine = create_engine("sqlite://")

    @event.listens_for(engine, "connect")
    def _old_limit(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, OLD_SQLITE_LIMIT)

    rows = Table("rows", MetaData(), Column("id", Integer, primary_key=True))
    ids = list(range(1, 2_501))
    with engine.begin() as conn:
        rows.create(conn)
        conn.execute(rows.insert(), [{"id": i} for i in ids])
        with pytest.raises(OperationalError, match="too many SQL variables"):
            conn.execute(select(func.count()).where(rows.c.id.in_(ids)))
    with engine.connect() as conn:
        found = sum(
            conn.scalar(select(func.count()).where(rows.c.id.in_(chunk))) or 0
            for chunk in batched(ids)
        )
    assert found == len(ids) and MAX_IDS_PER_QUERY < OLD_SQLITE_LIMIT
    engine.dispose()
