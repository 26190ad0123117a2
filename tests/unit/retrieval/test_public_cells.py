"""The public snapshot's coarse partition (retrieval/public_cells.py): a query scores the nearest
cells' rows only, finds its neighbours there, falls back to every allowed row when too few pass,
keeps the database's access answer, and is trained once, not on every refresh."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from assistant.index_sync import drain_outbox
from assistant.runtime import Runtime
from retrieval import public_cells, public_leg
from retrieval.exact import exact_query
from retrieval.filters import to_sql
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex, documents
from retrieval.public_rows import Narrowing, Row, Snapshot, View
from retrieval.types import AccessScope, Clause, Document
from tests.orgs.retrieval_org import Org, render

PUBLIC_PART = AccessScope(1, (Clause(("public",)),))


def _clustered(n: int, dim: int, groups: int, seed: int = 3) -> Any:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((groups, dim))
    x = centres[rng.integers(0, groups, n)] + 0.2 * rng.standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_the_nearest_cells_hold_the_nearest_rows_and_few_others() -> None:
    vectors = _clustered(4000, 32, 40)
    snap = Snapshot(32, 4000, 0.0)
    snap.fill([Row(f"d{i}", "fp", 1, 1, "goal", 20260101) for i in range(4000)], vectors)
    snap.partition(public_cells.train(vectors), fresh=True)
    assert snap.centroids is not None and len(snap.centroids.matrix) == 63  # ~sqrt(4000)
    pv = public_leg.PublicVectors.__new__(public_leg.PublicVectors)
    pv.exact_rows, pv.probes = 100, public_cells.probes
    view = View.of(snap)
    allow = np.ones(4000, dtype=bool)
    held = view.vectors[:4000]  # in cell order now
    for q in vectors[:20]:
        near = pv._near(view, allow, q)
        assert near is not None and len(near[0]) < 4000 // 4  # a few cells, not the snapshot
        assert np.allclose(near[1], held[near[0]] @ q, atol=1e-5)
        best = set(np.argsort(-(held @ q))[:10].tolist())
        assert len(best & set(near[0].tolist())) >= 9
    cells = snap.cell[:4000]
    assert (np.diff(cells) >= 0).all()  # one run per cell
    assert sorted(snap.ids) == sorted(f"d{i}" for i in range(4000))
    assert all(snap.at[d] == i for i, d in enumerate(snap.ids))
    pv.exact_rows = 4000  # few enough allowed rows: all of them are scored
    assert pv._near(view, allow, vectors[0]) is None


@pytest.fixture
def synced(runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex) -> Org:
    drain_outbox(runtime.sessions, index, lexical, render=render)
    return org


@pytest.fixture
def celled(monkeypatch: pytest.MonkeyPatch, index: VectorIndex) -> VectorIndex:
    """The test org's three public documents partitioned, and every search probing cells."""
    monkeypatch.setattr(public_cells, "MIN_ROWS", 1)
    index.public.exact_rows = 0
    return index


def _ids(runtime: Runtime, index: VectorIndex, query: str, k: int = 10) -> list[str]:
    with runtime.sessions() as s:
        vector = index.embedder.embed_queries([query])[0]
        where = to_sql(PUBLIC_PART, documents.c)
        hits = index.public.search(s, vector, PUBLIC_PART, where, Narrowing(), k)
    assert hits is not None
    return [h.doc_id for h in hits]


def _exact(runtime: Runtime, index: VectorIndex, query: str, k: int = 10) -> list[str]:
    with runtime.sessions() as s:
        where = to_sql(PUBLIC_PART, documents.c)
        hits = exact_query(index, s, query, where, k, limit=10**6, max_fill=None)
    assert hits is not None
    return [h.doc_id for h in hits]


def _goal(runtime: Runtime) -> Document:
    with runtime.sessions() as s:
        return next(d for d in render(s, "goal", [1]) if d.citation == "G1")


def test_probing_one_cell_falls_back_to_every_row_when_too_few_pass(
    runtime: Runtime, synced: Org, celled: VectorIndex
) -> None:
    celled.public.probes = lambda cells: 1
    with runtime.sessions() as s:
        assert celled.public.refresh(s)
    snap = celled.public._snap
    assert snap is not None and snap.centroids is not None and len(snap.centroids.matrix) == 3
    for query in ("billing migration", "ledger reconciliation", "invoices"):
        assert _ids(runtime, celled, query, k=1) == _exact(runtime, celled, query, k=1)
        assert _ids(runtime, celled, query) == _exact(runtime, celled, query)  # all three


def test_a_goal_made_private_never_comes_back_through_the_cells(
    runtime: Runtime, synced: Org, celled: VectorIndex, lexical: LexicalIndex
) -> None:
    with runtime.sessions() as s:
        celled.public.refresh(s)
    assert "G1" in _ids(runtime, celled, "billing migration")
    with runtime.sessions.begin() as s:  # another process's write: the snapshot still holds G1
        lexical.upsert(s, [replace(_goal(runtime), visibility="restricted")])
    assert len(celled.public) == 3
    for k in (1, 10):
        got = _ids(runtime, celled, "billing migration", k)
        assert "G1" not in got and got == _exact(runtime, celled, "billing migration", k)


def test_the_partition_is_trained_once_and_carried_over_by_refreshes(
    runtime: Runtime,
    synced: Org,
    celled: VectorIndex,
    lexical: LexicalIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trained: list[int] = []
    train = public_cells.train

    def counting(vectors: Any, **kw: Any) -> Any:
        trained.append(len(vectors))
        return train(vectors, **kw)

    monkeypatch.setattr(public_cells, "train", counting)
    with runtime.sessions() as s:
        celled.public.refresh(s)
    first = celled.public._snap
    assert first is not None and first.centroids is not None
    with runtime.sessions.begin() as s:  # a rewritten row: re-read, and placed in a cell
        lexical.upsert(s, [replace(_goal(runtime), text="quarterly budget spreadsheet")])
    with runtime.sessions() as s:
        celled.public.refresh(s)
    second = celled.public._snap
    assert trained == [3]
    assert second is not None and second.centroids is first.centroids
    assert (second.cell[: len(second.ids)] >= 0).all()
    assert _ids(runtime, celled, "quarterly budget spreadsheet")[0] == "G1"
