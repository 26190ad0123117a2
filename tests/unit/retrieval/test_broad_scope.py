"""The vector leg searches a scope in two parts, its pinned clauses and the organisation-wide
public one (retrieval/search.py): over random organisations, the merged list is exactly what one
exact scan of the whole scope gives, and never holds a document outside the scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from random_org import (
    COMMON_WORD,
    build,
    callers,
    example_runtime,
    expected_docs,
    make_template,
    orgs,
    property_settings,
    reorg,
)
from sqlalchemy import select

from assistant.access import load_caller, scope_for, subject_scope
from assistant.models import INDEXED
from assistant.records import RECORD_TYPES, render_documents
from retrieval.embedders import HashingEmbedder
from retrieval.exact import exact_query
from retrieval.filters import split_scope, to_chroma_where, to_sql
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex, documents
from retrieval.search import hybrid_search
from retrieval.types import AccessScope

QUERIES = (COMMON_WORD, "goal update", "private notes feedback", "action key result")
# What a search may AND to its scope (retrieval/search.py), which the public leg applies itself.
NARROWINGS = st.sampled_from(
    [
        {},
        {"record_types": ("goal_update",)},
        {"record_types": ("goal", "key_result", "feedback")},
        {"since": dt.date(2026, 11, 1)},
        {"until": dt.date(2026, 10, 20), "record_types": ("goal", "goal_update")},
    ]
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="module")
def chroma() -> Iterator[Any]:
    yield chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))


def _whole_scan(
    s: Any, index: VectorIndex, query: str, scope: AccessScope, k: int, **narrowing: Any
) -> dict[str, float]:
    """One exact scan of the whole scope (no split), the reference: citation -> its best score."""
    where = to_sql(scope, documents.c, **narrowing)
    hits = exact_query(index, s, query, where, k, limit=10**9, max_fill=None)
    assert hits is not None
    out: dict[str, float] = {}
    for h in hits:
        out.setdefault(str(h.metadata["citation"]), round(1.0 - h.distance, 4))
    return out


def _split(
    s: Any, index: VectorIndex, query: str, scope: AccessScope, k: int, **kw: Any
) -> dict[str, float]:
    hits = hybrid_search(
        query, scope, index=index, lexical=None, session=s, k=k, candidates=k, mode="vector", **kw
    )
    return {h.citation: round(h.vector_score or 0.0, 4) for h in hits}


def _same_ranking(got: dict[str, float], want: dict[str, float], tol: float = 1e-3) -> bool:
    """The same scores in the same order, and the same records wherever no tie at the cut could
    let either list keep another one (records of equal score come in either order). Scores are
    compared within ``tol``: the two paths sum the same products in different batches, so a
    score can differ in its last bits and round to either side of a fourth decimal."""
    g, w = list(got.values()), list(want.values())
    if len(g) != len(w) or any(abs(a - b) > tol for a, b in zip(g, w, strict=True)):
        return False
    cut = min(w, default=0.0) + tol
    return {c for c, v in got.items() if v > cut} == {c for c, v in want.items() if v > cut}


@settings(parent=property_settings(max_examples=10), phases=[Phase.generate])
@given(plan=orgs(), data=st.data())
def test_the_split_search_is_the_whole_scopes_exact_scan(
    template: Path, chroma: Any, plan: Any, data: st.DataObject
) -> None:
    index = VectorIndex(chroma, HashingEmbedder(dimension=32))
    index.drop()
    with example_runtime(template) as runtime:
        built = build(runtime, plan)
        reorg(runtime, built)  # expected_docs is the policy after the plan's moves
        with runtime.sessions() as s:
            docs = [
                d
                for rtype in RECORD_TYPES
                for d in render_documents(s, rtype, s.scalars(select(INDEXED[rtype].id)))
            ]
            LexicalIndex().upsert(s, docs)
            s.commit()
        if docs:
            index.upsert(docs)
        with runtime.sessions() as s:
            index.public.refresh(s)  # the public part from the in-process snapshot
        asked: list[Any] = []
        chroma_query = index.query

        def query_chroma(text: str, where: Any, k: int) -> Any:
            asked.append(where)
            return chroma_query(text, where, k)

        index.query = query_chroma  # type: ignore[method-assign]
        with runtime.sessions() as s:
            for who in callers(plan, data.draw, most=3):
                caller = load_caller(s, built.people[who])
                allowed = built.citations(expected_docs(plan, who))
                subject = built.people[data.draw(st.integers(0, plan.size - 1))]
                for scope in (scope_for(caller), subject_scope(caller, subject)):
                    pinned, broad = split_scope(scope)
                    assert pinned is not None  # every caller sees something of their own
                    k = data.draw(st.sampled_from([1, 3, 10, 500]))
                    query = data.draw(st.sampled_from(QUERIES))
                    narrowing = data.draw(NARROWINGS)
                    want = _whole_scan(s, index, query, scope, k, **narrowing)
                    got = _split(s, index, query, scope, k, **narrowing)
                    assert _same_ranking(got, want), f"p{who}, k={k}, {query!r}: {got} != {want}"
                    assert set(got) <= allowed
                    # The pinned part over the limit goes to Chroma; the public part is still
                    # scored from the snapshot, never by Chroma's search under its filter.
                    asked.clear()
                    approx = _split(s, index, query, scope, k, exact_limit=1, **narrowing)
                    assert set(approx) <= allowed
                    if broad is None:
                        continue
                    assert to_chroma_where(broad, **narrowing) not in asked
                    public = s.scalars(
                        select(documents.c.doc_id).where(to_sql(broad, documents.c))
                    ).all()
                    assert {d.split(":")[0] for d in public} <= allowed
                    assert len(index.public) == len(public)
