"""The lexical leg in two parts with the public part's answers kept per data version
(retrieval/lexical_public.py): the same hits as one query over the whole scope, the database
asked only for the pinned part on a repeat, and nothing served from before a write."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from assistant.index_sync import drain_outbox
from assistant.runtime import Runtime
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex
from retrieval.search import hybrid_search
from retrieval.types import AccessScope, Clause, Document
from tests.orgs.retrieval_org import TODAY, Org, render

QUERIES = ("ledger", "billing migration", "invoices reconciliation", "delegate reviews")


@pytest.fixture
def synced(runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex) -> Org:
    drain_outbox(runtime.sessions, index, lexical, render=render)
    return org


def _scopes(org: Org) -> dict[str, AccessScope]:
    out = {}
    for who in ("dana", "eli", "omar", "maya"):
        pid = org.people[who]
        out[who] = AccessScope(
            pid,
            (
                Clause(("public",)),
                Clause(("shared", "restricted"), subject_ids=(pid,)),
                Clause(("shared", "manager_only", "private"), author_ids=(pid,)),
            ),
        )
    return out


def _hits(
    runtime: Runtime, lexical: LexicalIndex, query: str, scope: AccessScope, **kw: Any
) -> Any:
    with runtime.sessions() as s:
        found = hybrid_search(
            query, scope, index=None, lexical=lexical, session=s, mode="lexical", today=TODAY, **kw
        )
    return [(h.citation, h.lexical_score) for h in found]


def _goal(runtime: Runtime) -> Document:
    with runtime.sessions() as s:
        return next(d for d in render(s, "goal", [1]) if d.citation == "G1")


def test_the_two_parts_merged_are_the_single_querys_answer(
    runtime: Runtime, synced: Org, lexical: LexicalIndex
) -> None:
    kept = runtime.lexical
    assert kept.public is not None
    for scope in _scopes(synced).values():
        for query in QUERIES:
            single = _hits(runtime, lexical, query, scope, k=20)
            assert _hits(runtime, kept, query, scope, k=20) == single
            assert _hits(runtime, kept, query, scope, k=20) == single  # from the memo
            assert _hits(runtime, kept, query, scope, k=1) == single[:1]
    assert len(kept.public) > 0


def test_a_repeat_asks_the_database_for_the_pinned_part_only(
    runtime: Runtime, synced: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = runtime.lexical
    asked: list[str] = []
    search = LexicalIndex.search

    def counting(self: LexicalIndex, session: Any, query: str, where: Any, k: int) -> Any:
        asked.append(str(where.compile(compile_kwargs={"literal_binds": True})))
        return search(self, session, query, where, k)

    monkeypatch.setattr(LexicalIndex, "search", counting)
    dana = _scopes(synced)["dana"]
    first = _hits(runtime, kept, "billing migration", dana)
    assert len(asked) == 2  # the pinned part and the public part
    asked.clear()
    assert _hits(runtime, kept, "billing migration", dana) == first
    assert len(asked) == 1 and "public" not in asked[0]
    # Another caller's pinned part is theirs; the public part is shared.
    _hits(runtime, kept, "billing migration", _scopes(synced)["omar"])
    assert len(asked) == 2 and str(synced.people["omar"]) in asked[1]


def test_a_goal_made_private_is_never_served_from_before_the_write(
    runtime: Runtime, synced: Org, lexical: LexicalIndex
) -> None:
    kept = runtime.lexical
    omar = _scopes(synced)["omar"]  # not Dana's manager: he sees her goal only while public
    assert "G1" in [c for c, _ in _hits(runtime, kept, "billing migration", omar)]
    with runtime.sessions.begin() as s:  # committed: the data version moves
        lexical.upsert(s, [replace(_goal(runtime), visibility="restricted")])
    assert "G1" not in [c for c, _ in _hits(runtime, kept, "billing migration", omar)]
    assert _hits(runtime, kept, "billing migration", omar) == _hits(
        runtime, lexical, "billing migration", omar
    )


def test_an_uncommitted_write_in_the_session_is_not_cached(
    runtime: Runtime, synced: Org, lexical: LexicalIndex
) -> None:
    kept = runtime.lexical
    assert kept.public is not None
    omar = _scopes(synced)["omar"]
    with runtime.sessions() as s:
        lexical.upsert(s, [replace(_goal(runtime), visibility="restricted")])
        found = hybrid_search(
            "billing migration", omar, index=None, lexical=kept, session=s, mode="lexical"
        )
        assert "G1" not in [h.citation for h in found]
        s.rollback()
    assert len(kept.public) == 0
    assert "G1" in [c for c, _ in _hits(runtime, kept, "billing migration", omar)]


def test_a_narrowed_answer_is_kept_apart_from_the_unnarrowed_one(
    runtime: Runtime, synced: Org, lexical: LexicalIndex
) -> None:
    kept = runtime.lexical
    omar = _scopes(synced)["omar"]
    assert "G1" in [c for c, _ in _hits(runtime, kept, "billing migration", omar)]
    narrowed = _hits(runtime, kept, "billing migration", omar, subject_id=synced.people["omar"])
    assert "G1" not in [c for c, _ in narrowed]
    assert narrowed == _hits(
        runtime, lexical, "billing migration", omar, subject_id=synced.people["omar"]
    )
