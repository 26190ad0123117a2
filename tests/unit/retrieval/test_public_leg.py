"""The public part of every scope from the in-process snapshot (retrieval/public_leg.py): the
answer an exact scan gives, and access decided by the database's rows now, never by a snapshot
older than them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from assistant.index_sync import drain_outbox
from assistant.runtime import Runtime
from retrieval import public_leg
from retrieval.exact import exact_query
from retrieval.filters import to_sql
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex, documents
from retrieval.public_leg import Narrowing
from retrieval.types import AccessScope, Clause, Document
from tests.orgs.retrieval_org import Org, render

PUBLIC_PART = AccessScope(1, (Clause(("public",)),))


@pytest.fixture
def synced(runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex) -> Org:
    drain_outbox(runtime.sessions, index, lexical, render=render)
    return org


def _goal(runtime: Runtime) -> Document:
    with runtime.sessions() as s:
        return next(d for d in render(s, "goal", [1]) if d.citation == "G1")


def _public(runtime: Runtime, index: VectorIndex, query: str, **narrow: Any) -> list[str]:
    """The public leg's answer for ``query`` (cosine similarity order), as doc ids."""
    narrowing = Narrowing(**narrow)
    extras = {k: v for k, v in narrow.items() if k != "named"}
    with runtime.sessions() as s:
        where = to_sql(PUBLIC_PART, documents.c, **extras)
        vector = index.embedder.embed_queries([query])[0]
        hits = index.public.search(s, vector, PUBLIC_PART, where, narrowing, 10)
    assert hits is not None
    return [h.doc_id for h in hits]


def _exact(runtime: Runtime, index: VectorIndex, query: str, **extras: Any) -> list[str]:
    with runtime.sessions() as s:
        where = to_sql(PUBLIC_PART, documents.c, **extras)
        hits = exact_query(index, s, query, where, 10, limit=10**6, max_fill=None)
    assert hits is not None
    return [h.doc_id for h in hits]


def test_off_until_built_then_the_exact_scans_answer(
    runtime: Runtime, synced: Org, index: VectorIndex
) -> None:
    with runtime.sessions() as s:
        where = to_sql(PUBLIC_PART, documents.c)
        vector = index.embedder.embed_queries(["ledger"])[0]
        assert index.public.search(s, vector, PUBLIC_PART, where, Narrowing(), 5) is None
        assert index.public.refresh(s)
    assert len(index.public) == 3  # Dana's public goal, its key result and its update
    for query in ("ledger invoices", "billing migration", "reconciliation"):
        assert _public(runtime, index, query) == _exact(runtime, index, query)
    dana = synced.people["dana"]
    assert _public(runtime, index, "ledger", subject_id=dana) == _exact(
        runtime, index, "ledger", subject_id=dana
    )
    assert _public(runtime, index, "ledger", record_types=("key_result",)) == ["K1"]
    assert _public(runtime, index, "ledger", subject_id=synced.people["omar"]) == []
    assert _public(runtime, index, "ledger", named=(synced.people["omar"],)) == []


def test_a_goal_made_private_elsewhere_never_comes_back_from_an_older_snapshot(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    """Another process made Dana's goal private (this index object never saw the write): the
    snapshot still holds it, and the database's row keeps it out of an outsider's answer."""
    with runtime.sessions() as s:
        index.public.refresh(s)
    assert "G1" in _public(runtime, index, "billing migration")
    with runtime.sessions.begin() as s:
        lexical.upsert(s, [replace(_goal(runtime), visibility="restricted")])
    assert len(index.public) == 3  # not re-read yet
    assert "G1" not in _public(runtime, index, "billing migration")
    assert _public(runtime, index, "billing migration") == _exact(
        runtime, index, "billing migration"
    )


def test_this_processs_writes_reach_the_snapshot_at_once(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    with runtime.sessions() as s:
        index.public.refresh(s)
    private = replace(_goal(runtime), visibility="restricted")
    index.upsert([private])
    assert len(index.public) == 2  # it left the public set
    rewritten = replace(_goal(runtime), text="quarterly budget spreadsheet")
    index.upsert([rewritten])
    with runtime.sessions.begin() as s:
        lexical.upsert(s, [rewritten])
    assert _public(runtime, index, "quarterly budget spreadsheet")[0] == "G1"
    index.delete(["K1"])
    with runtime.sessions.begin() as s:
        lexical.delete(s, ["K1"])
    assert len(index.public) == 2 and "K1" not in _public(runtime, index, "invoices")


def test_a_snapshot_too_large_to_keep_is_not_kept(
    runtime: Runtime, synced: Org, index: VectorIndex
) -> None:
    index.public.max_bytes = 2 * 4 * index.embedder.dimension  # room for two vectors
    with runtime.sessions() as s:
        assert not index.public.refresh(s)
    assert len(index.public) == 0


def test_only_the_public_part_is_searched_here(
    runtime: Runtime, synced: Org, index: VectorIndex
) -> None:
    pinned = AccessScope(1, (Clause(("shared",), subject_ids=(synced.people["dana"],)),))
    with runtime.sessions() as s:
        index.public.refresh(s)
        with pytest.raises(ValueError, match="public part"):
            index.public.search(s, [0.0], pinned, to_sql(pinned, documents.c), Narrowing(), 5)


def test_a_write_while_the_snapshot_is_built_is_in_it(
    runtime: Runtime,
    synced: Org,
    index: VectorIndex,
    lexical: LexicalIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first build reads the rows, then fetches their vectors; a write this process makes
    in between is replayed on the new snapshot instead of waiting for the next refresh."""
    rewritten = replace(_goal(runtime), text="quarterly budget spreadsheet")
    build = index.public._vectors

    def meanwhile(session: Any, rows: Any) -> Any:
        got = build(session, rows)
        index.upsert([rewritten])
        with runtime.sessions.begin() as s:
            lexical.upsert(s, [rewritten])
        return got

    monkeypatch.setattr(index.public, "_vectors", meanwhile)
    with runtime.sessions() as s:
        assert index.public.refresh(s)
    assert _public(runtime, index, "quarterly budget spreadsheet")[0] == "G1"


def test_a_refresh_fetches_only_the_vectors_it_lacks(
    runtime: Runtime,
    synced: Org,
    index: VectorIndex,
    lexical: LexicalIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with runtime.sessions() as s:
        index.public.refresh(s)
    index.cache.clear()  # neither the memo nor Chroma: unchanged rows come from the snapshot
    fetched: list[str] = []
    embed = public_leg._embed_rows

    def counting(index: VectorIndex, session: Any, doc_ids: Any) -> Any:
        fetched.extend(doc_ids)
        return embed(index, session, doc_ids)

    monkeypatch.setattr(public_leg, "_embed_rows", counting)
    rewritten = replace(_goal(runtime), text="quarterly budget spreadsheet")
    with runtime.sessions.begin() as s:  # written by another process: only the row changed
        lexical.upsert(s, [rewritten])
    with runtime.sessions() as s:
        assert index.public.refresh(s)
    assert fetched == ["G1"] and len(index.public) == 3
    assert _public(runtime, index, "quarterly budget spreadsheet")[0] == "G1"
