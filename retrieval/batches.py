"""Splitting a list of ids for ``column IN (...)`` queries: the one place that says how many.

SQLAlchemy binds one parameter per id of an ``in_()`` list, and databases cap the bound
parameters of one statement: SQLite at ``SQLITE_MAX_VARIABLE_NUMBER``, 999 in builds before 3.32
(2020) and 32,766 since (distributions may raise it further); PostgreSQL at 65,535, its protocol's
limit. Cadence may run on an old system SQLite, so one statement binds at most
:data:`MAX_IDS_PER_QUERY` ids: under the smallest of those limits with room left for the
statement's other parameters (a record type, a date window, an access scope's id lists).

Used by both layers (``retrieval/`` must not import ``assistant/``), hence here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

MAX_IDS_PER_QUERY = 500


def batched(items: Sequence[T], size: int = MAX_IDS_PER_QUERY) -> Iterator[list[T]]:
    """``items`` in order, as lists of at most ``size``; nothing for an empty sequence."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
