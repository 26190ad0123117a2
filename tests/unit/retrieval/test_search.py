"""Hybrid search over both legs, scoped in the query itself, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assistant.index_sync import drain_outbox
from assistant.runtime import Runtime
from retrieval.filters import matches
from retrieval.index import VectorIndex
from retrieval.lexical import LexicalIndex, query_terms
from retrieval.search import DEFAULT_WEIGHTS, hybrid_search, recency_factor
from retrieval.types import AccessScope, Clause, Document
from tests.orgs.retrieval_org import TODAY, Org, render

MODES = ("hybrid", "vector", "lexical")


@pytest.fixture
def synced(runtime: Runtime, org: Org, index: VectorIndex, lexical: LexicalIndex) -> Org:
    drain_outbox(runtime.sessions, index, lexical, render=render)
    return org


def _search(
    runtime: Runtime,
    index: VectorIndex,
    lexical: LexicalIndex,
    query: str,
    scope: AccessScope,
    **kw: Any,
) -> list[str]:
    with runtime.sessions() as s:
        hits = hybrid_search(
            query, scope, index=index, lexical=lexical, session=s, today=TODAY, **kw
        )
    return [h.citation for h in hits]


def _employee(org: Org, who: str) -> AccessScope:
    pid = org.people[who]
    return AccessScope(
        pid,
        (
            Clause(("public",)),
            Clause(("shared", "restricted"), subject_ids=(pid,)),
            Clause(("shared", "manager_only", "private"), author_ids=(pid,)),
        ),
    )


def _manager(org: Org, who: str, reports: list[str]) -> AccessScope:
    pid = org.people[who]
    subjects = tuple(org.people[r] for r in reports)
    return AccessScope(
        pid,
        (
            Clause(("public",)),
            Clause(("shared", "restricted", "manager_only"), subject_ids=subjects),
            Clause(("shared", "manager_only", "private"), author_ids=(pid,)),
        ),
    )


@pytest.mark.parametrize("mode", MODES)
def test_an_employee_never_sees_manager_only_or_private_records(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex, mode: str
) -> None:
    got = _search(runtime, index, lexical, "ledger", _employee(synced, "dana"), k=20, mode=mode)
    assert "F1" in got and "C1" in got  # her shared feedback and check-in (lexical+vector)
    assert "F2" not in got  # manager-only feedback about her
    assert len(got) == len(set(got))
    # C1 is visible through its shared document only; the private notes never match "stretched".
    assert "C1" not in _search(
        runtime, index, lexical, "stretched", _employee(synced, "dana"), mode="lexical"
    )


@pytest.mark.parametrize("mode", MODES)
def test_a_manager_sees_reports_but_not_outsiders(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex, mode: str
) -> None:
    scope = _manager(synced, "maya", ["dana", "eli"])
    got = _search(runtime, index, lexical, "ledger delegate reviews", scope, k=20, mode=mode)
    assert "F2" in got
    assert "F3" not in got  # feedback about Omar, who is not in Maya's line
    omar = AccessScope(
        synced.people["omar"], (Clause(("shared",), subject_ids=(synced.people["omar"],)),)
    )
    assert _search(runtime, index, lexical, "ledger runbook", omar, mode=mode) == ["F3"]


def test_every_hit_is_allowed_by_the_scope_on_both_legs(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    with runtime.sessions() as s:
        allowed_docs = {
            d.doc_id: d
            for rt in ("goal", "key_result", "goal_update", "feedback", "checkin", "action_item")
            for d in render(s, rt, list(range(1, 10)))
        }
    for who in ("dana", "eli", "omar", "maya"):
        scope = _employee(synced, who)
        visible = {d.citation for d in allowed_docs.values() if matches(scope, d)}
        for mode in MODES:
            got = set(
                _search(runtime, index, lexical, "ledger launch plan", scope, k=50, mode=mode)
            )
            assert got <= visible, (who, mode, got - visible)


@pytest.mark.parametrize("mode", MODES)
def test_documents_missing_metadata_never_leak(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex, mode: str
) -> None:
    orphan = Document(
        "F500",
        "F500",
        "feedback",
        500,
        None,
        None,
        None,
        "shared",
        20261101,
        None,
        "ledger ledger ledger secret",
    )
    index.upsert([orphan])
    with runtime.sessions.begin() as s:
        lexical.upsert(s, [orphan])
    everyone = AccessScope(
        1,
        (
            Clause(
                ("public", "shared", "manager_only", "private", "restricted"),
                subject_ids=tuple(synced.people.values()),
                author_ids=tuple(synced.people.values()),
            ),
        ),
    )
    got = _search(runtime, index, lexical, "ledger secret", everyone, k=50, mode=mode)
    assert got and "F500" not in got


def test_filters_subject_types_and_dates(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    scope = _manager(synced, "maya", ["dana", "eli"])
    dana = synced.people["dana"]
    got = _search(runtime, index, lexical, "ledger", scope, k=20, record_types=["feedback"])
    assert set(got) == {"F1", "F2"}
    got = _search(
        runtime,
        index,
        lexical,
        "ledger",
        scope,
        k=20,
        record_types=["feedback"],
        since=dt.date(2026, 9, 1),
    )
    assert got == ["F1"]
    got = _search(runtime, index, lexical, "ledger", scope, k=20, until=dt.date(2026, 7, 1))
    assert got == ["F2"]
    got = _search(runtime, index, lexical, "ledger", scope, k=20, subject_id=synced.people["eli"])
    assert got == []
    assert "C1" in _search(runtime, index, lexical, "ledger", scope, k=20, subject_id=dana)


def test_fusion_rewards_agreement_and_recency_reorders(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    scope = _manager(synced, "maya", ["dana", "eli"])
    with runtime.sessions() as s:
        hits = hybrid_search(
            "delegate ledger reviews", scope, index=index, lexical=lexical, session=s, k=5
        )
        rrf = hybrid_search(
            "delegate ledger reviews",
            scope,
            index=index,
            lexical=lexical,
            session=s,
            k=5,
            fusion="rrf",
        )
    top = hits[0]
    assert top.citation == "F2" and top.vector_rank == 1 and top.lexical_rank == 1
    assert top.score == pytest.approx(1.0)  # best on both legs: 1 after min-max, on each
    w_vec, w_lex = DEFAULT_WEIGHTS
    assert rrf[0].citation == "F2" and rrf[0].score == pytest.approx((w_vec + w_lex) / 61)
    plain = _search(
        runtime,
        index,
        lexical,
        "ledger",
        scope,
        k=20,
        record_types=["feedback"],
        fusion="rrf",
        weights=(0.0, 1.0),
    )
    recent = _search(
        runtime,
        index,
        lexical,
        "ledger",
        scope,
        k=20,
        record_types=["feedback"],
        fusion="rrf",
        weights=(0.0, 1.0),
        recency_half_life_days=7,
    )
    assert recent[0] == "F1" and set(plain) == set(recent)
    assert recency_factor(20261113, TODAY, 7) == pytest.approx(0.5)


def test_query_syntax_never_reaches_the_engine(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    assert query_terms('ledger" OR NEAR(x) * -- ;drop') == ["ledger", "near", "x", "drop"]
    assert query_terms("who is it") == ["who", "is", "it"]
    scope = _employee(synced, "dana")
    for q in ['"', "AND", "a:b", "***", "", "ledger)", "off track", "at-risk ledger"]:
        _search(runtime, index, lexical, q, scope, mode="lexical")  # no syntax error


def test_bad_arguments(
    runtime: Runtime, synced: Org, index: VectorIndex, lexical: LexicalIndex
) -> None:
    scope = _employee(synced, "dana")
    with pytest.raises(ValueError, match="mode"):
        _search(runtime, index, lexical, "x", scope, mode="fuzzy")
    with pytest.raises(ValueError, match="fusion"):
        _search(runtime, index, lexical, "x", scope, fusion="max")
    with pytest.raises(ValueError, match="lexical_share"):
        _search(runtime, index, lexical, "x", scope, lexical_share=1.5)
    with pytest.raises(ValueError, match="half_life"):
        _search(runtime, index, lexical, "x", scope, recency_half_life_days=0)
    assert _search(runtime, index, lexical, "x", scope, k=0) == []
