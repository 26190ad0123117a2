"""The vector leg by exact scoring, when the caller's scope holds few documents.

Chroma's filtered approximate search evaluates the access ``where`` over the whole collection's
metadata before it searches, so its cost follows the corpus, not the scope: ~50 ms per query on
10k documents and ~400 ms on 100k for a manager who may see ~2k of them
(``python -m benchmarks.retrieval``). Here the candidates are the scope's own documents, read
with the same SQL ``WHERE`` the lexical leg ranks under (built by retrieval/filters.py from the
scope, so access is applied inside the query, never to results afterwards), their vectors come
from the index's memo (retrieval/vector_cache.py; what it lacks is re-embedded from the row's text
by an in-process embedder, or read back from Chroma for a remote one), and one matrix product
scores them all: a few milliseconds for a few thousand candidates, ~80 ms for 20k. Above
:data:`EXACT_LIMIT` candidates (40k: where the two cost the same on a 202k-document collection,
figures beside it) the caller falls back to the approximate search.

The results are the same records an exhaustive filtered search of the index would return (the
HNSW search is approximate: Chroma's default beam misses some of them, see evals/retrieval/run.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session

from retrieval.batches import batched
from retrieval.index import VectorHit, VectorIndex
from retrieval.lexical import documents

__all__ = ["EXACT_LIMIT", "MAX_FILL", "exact_query"]

# Most candidates scored exactly before falling back to Chroma's approximate search: where the
# two cost the same on a 2,000-person organisation's 202k documents (``python -m
# benchmarks.scale.search_cpu sweep DIR``: scopes pinned to the first people's non-public
# documents; CPU ms per query, p50 of 5, warm memo, top 30; Chroma's recall@30 against the
# exact answer in brackets):
#
#     scope     exact   Chroma
#      1,033      6.3    160  (0.99)
#      5,018     21.4    160  (0.93)
#     10,034     39.9    175  (0.93)
#     20,000     76.0    215  (0.86)
#     40,051    280      300  (0.77)
#     80,005    506      418  (0.79)
#
# Exact scoring costs ~4-7 us per candidate (reading ids and fingerprints from SQL is most of it,
# then the memo lookup; the product itself is <5%); Chroma's filtered search costs ~150 ms for
# the collection plus ~3 us per document the filter allows. Up to 40k exact scoring is cheaper or
# as cheap, and exact where Chroma misses a sixth to a quarter of the neighbours. The previous
# limit, 20k, sent a director's pinned part (20,122 documents at 2,000 people) to Chroma.
# A cold memo is another matter (re-embedding ~90 us per vector): MAX_FILL bounds that.
EXACT_LIMIT = 40_000
# Most memo misses filled in one query. A cold memo (a process that just started) would otherwise
# make its first queries cost several filtered searches each: re-embedding 20k texts took ~1.8 s
# CPU (~90 us each with the bundled model; 3.7 s on a loaded box), reading them back from Chroma
# by id no less. Past this the query is answered by the approximate search, and the memo warms
# by this much per query. 4,096 re-embeddings cost about one filtered search at 202k documents
# (~0.4 s), so a director's pinned part (20k) is warm after 5 queries; at 512 it took 40, each
# paying the search, the fill and the candidate read (director p50 640 ms CPU over a cold
# process's first 20 searches at 2,000 people, against 421 ms at 4,096 and 440 ms before the
# limit took it in).
MAX_FILL = 4096


def exact_query(
    index: VectorIndex,
    session: Session,
    text: str,
    where: ColumnElement[bool],
    k: int,
    *,
    limit: int = EXACT_LIMIT,
    max_fill: int | None = MAX_FILL,
) -> list[VectorHit] | None:
    """The ``k`` documents matching ``where`` nearest to ``text``, best first (distance is
    cosine distance, as Chroma reports it); None when more than ``limit`` documents match, for
    the caller to search approximately instead, and when more than ``max_fill`` of their vectors
    are not in the memo yet (after filling that many)."""
    if where is None:
        raise ValueError("refusing an unfiltered vector query")
    if k <= 0:
        return []
    cols = documents.c
    # Counted before anything is read: a scope over the limit goes to the approximate search
    # alone instead of being read into Python first and then searched anyway (43 ms to count
    # 20k, 68 ms to read them).
    size = select(func.count()).select_from(
        select(literal(1)).where(where).limit(limit + 1).subquery()
    )
    if session.execute(size).scalar_one() > limit:
        return None
    # Two columns per candidate: reading rows costs more than scoring them, so the rest of a
    # row is read for the k best only.
    stmt = select(cols.doc_id, cols.fingerprint).where(where).limit(limit + 1)
    wanted = [(d, f) for d, f in session.execute(stmt).all()]
    if len(wanted) > limit:
        return None
    if not wanted:
        return []
    fetch = partial(_embed_rows, index, session, dict(wanted)) if index.embedder.local else None
    got = index.cache.get(wanted, fetch, max_fetch=max_fill)
    if got is None:
        return None
    positions, matrix = got
    if matrix is None:
        return []
    query = index.embedder.embed_queries([text])[0]
    # einsum, not ``@``: a matrix-vector product through threaded OpenBLAS waits on its threads,
    # which on a busy 2-core box cost 10x the arithmetic (3.3 ms against 0.3 ms for 3k x 256).
    sims = np.einsum("ij,j->i", matrix, np.asarray(query, dtype=np.float32))
    top = np.argpartition(-sims, k - 1)[:k] if len(sims) > k else np.arange(len(sims))
    best = sorted(top.tolist(), key=lambda i: (-float(sims[i]), wanted[positions[i]][0]))
    ids = [wanted[positions[i]][0] for i in best]
    meta = {
        r.doc_id: {
            "doc_id": r.doc_id,
            "citation": r.citation,
            "record_type": r.record_type,
            "record_id": r.record_id,
            "date": r.date,
        }
        for r in session.execute(
            select(cols.doc_id, cols.citation, cols.record_type, cols.record_id, cols.date).where(
                cols.doc_id.in_(ids)
            )
        )
    }
    return [
        VectorHit(doc_id=d, distance=1.0 - float(sims[i]), metadata=meta[d])
        for d, i in zip(ids, best, strict=True)
        if d in meta
    ]


def _embed_rows(
    index: VectorIndex, session: Session, fps: Mapping[str, str], doc_ids: Sequence[str]
) -> dict[str, tuple[str, Any]]:
    """Vectors the memo lacks, computed from the rows' text with the index's own (in-process)
    embedder: the vector the index holds for that fingerprint, for less than reading it back
    (Chroma's ``get`` by id: ~5-10k vectors/s on a shared box; the bundled model embeds tens of
    thousands of short texts a second)."""
    out: dict[str, tuple[str, Any]] = {}
    for chunk in batched(list(doc_ids)):
        rows = session.execute(
            select(documents.c.doc_id, documents.c.text).where(documents.c.doc_id.in_(chunk))
        ).all()
        vectors = index.embedder.embed([r.text for r in rows])
        out |= {r.doc_id: (fps[r.doc_id], v) for r, v in zip(rows, vectors, strict=True)}
    return out
