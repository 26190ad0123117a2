"""The vector leg's exact path: the scope's candidates from SQL, vectors from the fingerprint-keyed
memo, the same answers as Chroma's filtered search, never outside the scope."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from assistant.index_sync import drain_outbox
from assistant.runtime import Runtime
from retrieval.embedders import HashingEmbedder
from retrieval.exact import EXACT_LIMIT, MAX_FILL, exact_query
from retrieval.filters import matches, to_sql
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex, documents
from retrieval.search import hybrid_search
from retrieval.types import AccessScope, Clause
from tests.orgs.retrieval_org import TODAY, Org, render
from tests.sql_watch import statements_seen_by

TYPES = ("goal", "key_result", "goal_update", "feedback", "checkin", "action_item")


@pytest.fixture
def synced(runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex) -> Org:
    drain_outbox(runtime.sessions, index, lexical, render=render)
    return org


def _scope(org: Org, who: str, reports: tuple[str, ...] = ()) -> AccessScope:
    pid = org.people[who]
    return AccessScope(
        pid,
        (
            Clause(("public",)),
            Clause(
                ("shared", "restricted", "manager_only"),
                subject_ids=(pid, *(org.people[r] for r in reports)),
            ),
            Clause(("shared", "manager_only", "private"), author_ids=(pid,)),
        ),
    )


def _scored(
    runtime: Runtime, index: VectorIndex, lexical: LexicalIndex, scope: AccessScope, **kw: Any
) -> dict[str, float]:
    with runtime.sessions() as s:
        hits = hybrid_search(
            "ledger launch plan", scope, index=index, lexical=lexical, session=s, k=50,
            mode="vector", today=TODAY, **kw,
        )  # fmt: skip
    return {h.citation: round(h.vector_score or 0.0, 4) for h in hits}


def _vector(
    runtime: Runtime, index: VectorIndex, lexical: LexicalIndex, scope: AccessScope, **kw: Any
) -> list[str]:
    return list(_scored(runtime, index, lexical, scope, **kw))


@pytest.mark.parametrize("who", ["dana", "eli", "omar", "maya"])
def test_exact_scoring_agrees_with_chroma_and_stays_in_scope(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex, who: str
) -> None:
    scope = _scope(synced, who, ("dana", "eli") if who == "maya" else ())
    with runtime.sessions() as s:
        visible = {
            d.citation
            for rt in TYPES
            for d in render(s, rt, list(range(1, 10)))
            if matches(scope, d)
        }
    exact = _scored(runtime, index, lexical, scope)
    approximate = _scored(runtime, index, lexical, scope, exact_limit=None)
    assert exact and set(exact) <= visible
    # A handful of documents: Chroma's search is exhaustive too (ties may come in either order).
    assert exact == approximate


def test_a_scope_over_the_limit_falls_back_to_chroma(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    scope = _scope(synced, "maya", ("dana", "eli"))
    with runtime.sessions() as s:
        where = to_sql(scope, documents.c)
        assert exact_query(index, s, "ledger", where, 5, limit=1) is None
        assert exact_query(index, s, "ledger", where, 5, limit=1000)
        cold = VectorIndex(index.client, index.embedder)  # a process that just started
        assert exact_query(cold, s, "ledger", where, 5, max_fill=1) is None
        assert len(cold.cache) == 1  # it warmed by one, and the search went to Chroma
    assert _scored(runtime, index, lexical, scope, exact_limit=1) == _scored(
        runtime, index, lexical, scope
    )


def test_a_scope_over_the_limit_is_counted_not_read(
    runtime: Runtime, synced: Org, index: VectorIndex
) -> None:
    """The approximate search alone answers a scope over the limit: its candidates are counted
    in the database, never read into Python first only to be searched by Chroma anyway."""
    where = to_sql(_scope(synced, "maya", ("dana", "eli")), documents.c)
    ran: list[str] = []
    with runtime.sessions() as s, statements_seen_by(runtime.engine, lambda *a: ran.append(a[2])):
        assert exact_query(index, s, "ledger", where, 5, limit=1) is None
        assert not any("fingerprint" in statement for statement in ran)
        assert exact_query(index, s, "ledger", where, 5, limit=1000)
    assert any("fingerprint" in statement for statement in ran)  # the watch sees the reads


class _RemoteHashing(HashingEmbedder):
    """The same vectors, as an embedder that would rather read them back from the index."""

    local = False


@pytest.mark.parametrize("local", [True, False], ids=["re-embeds", "reads-chroma"])
def test_the_memo_follows_fingerprints_another_process_wrote(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex, local: bool
) -> None:
    """A second index object (another process, as far as the memo knows) starts empty, gets
    each vector once (re-embedded from the row, or read from Chroma), and again only for a
    document whose fingerprint changed."""
    embedder = index.embedder if local else _RemoteHashing(dimension=index.embedder.dimension)
    reader = VectorIndex(index.client, embedder)
    assert reader.name == index.name
    scope = _scope(synced, "dana")
    first = _vector(runtime, reader, lexical, scope)
    assert reader.cache.misses > 0 and len(reader.cache) > 0
    misses = reader.cache.misses
    assert _vector(runtime, reader, lexical, scope) == first
    assert reader.cache.misses == misses  # warm: nothing read again
    with runtime.sessions() as s:
        doc = next(d for d in render(s, "feedback", [1]) if d.citation == "F1")
    changed = replace(doc, text="quarterly budget spreadsheet")
    index.upsert([changed])  # the writer's own memo takes the new vector at once
    with runtime.sessions.begin() as s:
        lexical.upsert(s, [changed])
    with runtime.sessions() as s:
        hits = hybrid_search(
            "quarterly budget spreadsheet", scope, index=reader, lexical=lexical, session=s,
            k=1, mode="vector",
        )  # fmt: skip
    assert reader.cache.misses == misses + 1  # only the changed document was read again
    assert hits[0].citation == "F1" and hits[0].vector_score == pytest.approx(1.0, abs=1e-5)


def test_a_deleted_document_is_not_a_candidate(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    scope = _scope(synced, "dana")
    assert "F1" in _vector(runtime, index, lexical, scope)
    index.delete(["F1"])
    with runtime.sessions.begin() as s:
        lexical.delete(s, ["F1"])
    assert "F1" not in _vector(runtime, index, lexical, scope)


def test_a_named_person_ranks_first_and_never_widens_the_scope(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    people = {name: pid for name, pid in synced.people.items()}
    scope = _scope(synced, "dana")
    with runtime.sessions() as s:
        plain = hybrid_search("ledger", scope, index=index, lexical=lexical, session=s, k=10)
        named = hybrid_search(
            "ledger omar", scope, index=index, lexical=lexical, session=s, k=10, people=people
        )
        visible = {
            d.citation
            for rt in TYPES
            for d in render(s, rt, list(range(1, 10)))
            if matches(scope, d)
        }
    assert named[0].citation == "F3"  # Dana's feedback to Omar: about him
    assert {h.citation for h in named} <= visible
    assert {h.citation for h in plain} <= {h.citation for h in named} | {h.citation for h in plain}
    # Eli cannot see Dana's check-in: naming her ranks what Eli may see of her, nothing more.
    eli = _scope(synced, "eli")
    with runtime.sessions() as s:
        got = hybrid_search(
            "dana ledger", eli, index=index, lexical=lexical, session=s, k=10, people=people
        )
    assert "C1" not in {h.citation for h in got} and "F2" not in {h.citation for h in got}


# Where exact scoring and Chroma's filtered search cost the same CPU on a 2,000-person
# organisation's 202k documents (figures in retrieval/exact.py): a director's pinned part there
# (20,122 documents) is under it.
CROSSOVER = 40_000


def _row(i: int) -> dict[str, Any]:
    return {
        "doc_id": f"X{i}", "citation": f"X{i}", "record_type": "feedback", "record_id": i,
        "subject_id": 1, "author_id": 2, "team_id": None, "visibility": "shared",
        "date": 20260101, "cycle_id": None, "fingerprint": "fp", "text": "x",
    }  # fmt: skip


def test_a_scope_at_the_crossover_is_scored_exactly(runtime: Runtime, index: VectorIndex) -> None:
    """Up to the measured crossover the answer is the true top k, by exact scoring, not
    Chroma's search (which misses ~15-25% of the neighbours at that size, for more CPU); one
    document past the limit and the query falls back to Chroma."""
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((CROSSOVER + 1, index.embedder.dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for i, v in enumerate(vectors):  # as if this process had indexed them: no Chroma read
        index.cache.put(f"X{i}", "fp", v)
    where = to_sql(AccessScope(1, (Clause(("shared",), subject_ids=(1,)),)), documents.c)
    query = np.asarray(index.embedder.embed_queries(["ledger"])[0], dtype=np.float32)
    with runtime.sessions.begin() as s:
        s.execute(documents.insert(), [_row(i) for i in range(CROSSOVER)])
    with runtime.sessions() as s:
        hits = exact_query(index, s, "ledger", where, 10)
    assert hits is not None
    true_top = np.argsort(-(vectors[:CROSSOVER] @ query))[:10]
    assert [h.doc_id for h in hits] == [f"X{i}" for i in true_top]
    with runtime.sessions.begin() as s:
        s.execute(documents.insert(), [_row(i) for i in range(CROSSOVER, EXACT_LIMIT + 1)])
    with runtime.sessions() as s:
        assert exact_query(index, s, "ledger", where, 10) is None


def test_a_cold_memo_takes_a_directors_part_in_a_few_queries(
    runtime: Runtime, index: VectorIndex
) -> None:
    """A process that just started re-embeds a large scope's vectors a bounded batch per query
    (the query itself going to Chroma meanwhile), and is scoring a director's pinned part at
    2,000 people (20,122 documents) exactly by its sixth query, not after forty."""
    size = 20_122
    with runtime.sessions.begin() as s:
        s.execute(documents.insert(), [_row(i) | {"text": f"note {i}"} for i in range(size)])
    where = to_sql(AccessScope(1, (Clause(("shared",), subject_ids=(1,)),)), documents.c)
    cold = VectorIndex(index.client, index.embedder)
    answered = []
    with runtime.sessions() as s:
        for _ in range(6):
            answered.append(exact_query(cold, s, "note", where, 5) is not None)
    assert answered[-1] and not answered[0]
    assert len(cold.cache) == size
    assert answered.index(True) == size // MAX_FILL  # the query whose misses fit one fill
