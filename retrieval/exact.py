"""The vector leg by exact scoring, when the caller's scope holds few documents.

Chroma's filtered approximate search evaluates the access ``where`` over the whole collection's
metadata before it searches, so its cost follows the corpus, not the scope: ~50 ms per query on
10k documents and ~400 ms on 100k for a manager who may see ~2k of them
(``python -m benchmarks.retrieval``). Here the candidates are the scope's own documents, read
with the same SQL ``WHERE`` the lexical leg ranks under (built by retrieval/filters.py from the
scope, so access is applied inside the query, never to results afterwards), their vectors come
from the index's memo (retrieval/vector_cache.py), and one matrix product scores them all: a few
milliseconds for a few thousand candidates. Above :data:`EXACT_LIMIT` candidates the caller falls
back to the approximate search.

The results are the same records an exhaustive filtered search of the index would return (the
HNSW search is approximate: Chroma's default beam misses some of them, see evals/retrieval/run.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from retrieval.index import VectorHit, VectorIndex
from retrieval.lexical import documents

__all__ = ["EXACT_LIMIT", "exact_query"]

# Most candidates scored exactly before falling back to Chroma's approximate search. Measured
# with ``python -m benchmarks.retrieval --exact-sweep`` (benchmarks/retrieval.py): reading and
# scoring a scope costs ~6 µs per candidate, so 20k candidates cost about what one filtered
# HNSW search costs on 10k documents, and far less than one on 100k.
EXACT_LIMIT = 20_000


def exact_query(
    index: VectorIndex,
    session: Session,
    text: str,
    where: ColumnElement[bool],
    k: int,
    *,
    limit: int = EXACT_LIMIT,
) -> list[VectorHit] | None:
    """The ``k`` documents matching ``where`` nearest to ``text``, best first (distance is
    cosine distance, as Chroma reports it); None when more than ``limit`` documents match, for
    the caller to search approximately instead."""
    if where is None:
        raise ValueError("refusing an unfiltered vector query")
    if k <= 0:
        return []
    cols = documents.c
    stmt = (
        select(
            cols.doc_id,
            cols.fingerprint,
            cols.citation,
            cols.record_type,
            cols.record_id,
            cols.date,
        )
        .where(where)
        .limit(limit + 1)
    )
    rows = session.execute(stmt).all()
    if len(rows) > limit:
        return None
    if not rows:
        return []
    positions, matrix = index.cache.get([(r.doc_id, r.fingerprint) for r in rows])
    if matrix is None:
        return []
    query = index.embedder.embed_queries([text])[0]
    sims = matrix @ np.asarray(query, dtype=np.float32)
    top = np.argpartition(-sims, k - 1)[:k] if len(sims) > k else np.arange(len(sims))
    best = sorted(top.tolist(), key=lambda i: (-float(sims[i]), rows[positions[i]].doc_id))
    hits: list[VectorHit] = []
    for i in best:
        row = rows[positions[i]]
        meta: dict[str, Any] = {
            "doc_id": row.doc_id,
            "citation": row.citation,
            "record_type": row.record_type,
            "record_id": row.record_id,
            "date": row.date,
        }
        hits.append(VectorHit(doc_id=row.doc_id, distance=1.0 - float(sims[i]), metadata=meta))
    return hits
