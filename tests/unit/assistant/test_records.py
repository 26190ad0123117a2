"""Rendering records for the index and reading them back for prompts, through the access policy,
on SQLite and PostgreSQL; and the whole chain policy → scope → Chroma ``where`` on a real Chroma."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import chromadb
import numpy as np
import pytest
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.access import load_caller, scope_for, subject_scope
from assistant.errors import NotFound
from assistant.models import INDEXED
from assistant.records import (
    RECORD_TYPES,
    context_about,
    fetch_context,
    parse_citation,
    render_documents,
)
from assistant.runtime import Runtime
from retrieval.filters import matches, to_chroma_where
from retrieval.index import metadata_of
from retrieval.types import ContextItem, Document
from tests.orgs.access_org import EXPECTED, Org, build_org, move

DAY = dt.date(2026, 12, 5)  # the fixture organisation is dated in autumn 2026


class TinyEmbedding(EmbeddingFunction[Documents]):
    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return [np.random.default_rng(len(t)).random(8).astype(np.float32) for t in input]

    @staticmethod
    def name() -> str:
        return "tiny-test"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> TinyEmbedding:
        return TinyEmbedding()


@pytest.fixture
def org(runtime: Runtime) -> Org:
    return build_org(runtime)


def all_docs(s: Session) -> list[Document]:
    docs: list[Document] = []
    for rtype in RECORD_TYPES:
        model: Any = INDEXED[rtype]
        docs += render_documents(s, rtype, s.scalars(select(model.id)))
    return docs


def doc_id(item: ContextItem) -> str:
    return item.citation + (":private" if item.facts.get("part") == "private" else "")


def by_doc(docs: list[Document]) -> dict[str, Document]:
    return {d.doc_id: d for d in docs}


def test_documents_carry_the_access_metadata(runtime: Runtime, org: Org) -> None:
    P, T = org.people, org.teams
    with runtime.sessions() as s:
        docs = by_doc(all_docs(s))
    assert set(docs) == set(org.doc.values())
    g = docs[org.doc["g_r1_priv"]]
    assert (g.subject_id, g.author_id, g.team_id, g.visibility) == (
        P["r1"],
        P["r1"],
        None,
        "restricted",
    )
    assert g.date == 20261002 and g.cycle_id is not None and g.citation == g.doc_id
    assert "Get promoted to senior" in g.text and "at risk" in g.text and "40%" in g.text
    team = docs[org.doc["g_team_eng"]]
    assert (team.subject_id, team.team_id, team.visibility) == (None, T["eng"], "restricted")
    company = docs[org.doc["g_company"]]
    assert (company.subject_id, company.team_id, company.visibility) == (None, None, "public")
    kr = docs[org.doc["k_r1_priv"]]
    assert (kr.subject_id, kr.visibility, kr.record_type) == (P["r1"], "restricted", "key_result")
    assert "KR of Get promoted" in kr.text
    upd = docs[org.doc["u_r1_pub"]]
    assert (upd.subject_id, upd.author_id, upd.visibility) == (P["r1"], P["mgr"], "public")
    fb = docs[org.doc["f_peer_r1_mo"]]
    assert (fb.subject_id, fb.author_id, fb.visibility) == (P["r1"], P["peer"], "manager_only")
    assert fb.cycle_id == g.cycle_id and "Slow to answer" in fb.text
    shared, private = docs[org.doc["c_r1"]], docs[org.doc["c_r1_private"]]
    assert shared.citation == private.citation == org.doc["c_r1"]
    assert (shared.visibility, private.visibility) == ("shared", "private")
    assert shared.author_id == private.author_id == P["mgr"] == docs[org.doc["c_r1"]].author_id
    assert "burning out" in private.text and "burning out" not in shared.text
    assert org.doc["c_r2"] + ":private" not in docs  # no private notes, no private document
    act = docs[org.doc["a_r1_mgr"]]
    assert (act.subject_id, act.author_id, act.visibility) == (P["r1"], P["mgr"], "shared")


def test_render_documents_edges(runtime: Runtime, org: Org) -> None:
    with runtime.sessions() as s:
        assert render_documents(s, "feedback", [999_999]) == []
        assert render_documents(s, "goal", []) == []
        with pytest.raises(ValueError, match="unknown record type"):
            render_documents(s, "person", [1])


def test_context_about_is_what_the_scope_allows(runtime: Runtime, org: Org) -> None:
    """For every caller and every subject, the SQL read path returns exactly the documents the
    metadata scope allows — the index and the database agree on the policy."""
    with runtime.sessions() as s:
        docs = all_docs(s)
        for who in org.people:
            caller = load_caller(s, org.email(who))
            for subject in org.people.values():
                scope = subject_scope(caller, subject)
                want = {d.doc_id for d in docs if matches(scope, d)}
                got = [doc_id(i) for i in context_about(s, caller, subject, today=DAY)]
                assert len(got) == len(set(got))
                assert set(got) == want, (who, subject)


def test_context_about_a_report(runtime: Runtime, org: Org) -> None:
    P = org.people
    with runtime.sessions() as s:
        mgr = load_caller(s, org.email("mgr"))
        items = context_about(s, mgr, P["r1"], today=dt.date(2026, 12, 5))
        about_r1 = {
            "g_r1_pub",
            "g_r1_priv",
            "k_r1_priv",
            "u_r1_priv",
            "u_r1_pub",
            "f_r2_r1_sh",
            "f_mgr_r1_mo",
            "f_peer_r1_mo",
            "f_mgr_r1_pr",
            "c_r1",
            "c_r1_private",
            "a_r1_own",
            "a_r1_mgr",
        }
        assert {doc_id(i) for i in items} == org.docs(*about_r1)
        dates = [i.date or dt.date.min for i in items]
        assert dates == sorted(dates, reverse=True)  # newest first
        by = {doc_id(i): i for i in items}
        goal = by[org.doc["g_r1_priv"]]
        assert goal.facts["status"] == "at_risk" and goal.facts["progress"] == 40
        assert goal.facts["due_date"] == "2026-11-30" and goal.facts["days_overdue"] == 5
        assert goal.facts["last_update"] == "2026-10-20" and goal.facts["cycle"] == "2026-Q4"
        assert goal.label.startswith("Goal of R1 Person") and goal.untrusted
        fb = by[org.doc["f_peer_r1_mo"]]
        assert fb.facts["giver"] == "PEER Person" and fb.facts["visibility"] == "manager_only"
        assert fb.label == "Feedback (praise) from PEER Person, 2026-10-06" and fb.untrusted
        assert not by[org.doc["f_mgr_r1_mo"]].untrusted  # the caller's own words
        assert not by[org.doc["c_r1_private"]].untrusted
        act = by[org.doc["a_r1_own"]]
        assert act.facts["days_overdue"] == 41 and act.facts["owner"] == "R1 Person"
        assert act.facts["checkin"] == org.doc["c_r1"]
        kr = by[org.doc["k_r1_priv"]]
        assert kr.facts["progress"] == 30 and kr.facts["goal_citation"] == org.doc["g_r1_priv"]

        feedback_only = context_about(s, mgr, P["r1"], record_types=["feedback"], today=DAY)
        assert {i.record_type for i in feedback_only} == {"feedback"} and len(feedback_only) == 4
        window = context_about(
            s,
            mgr,
            P["r1"],
            record_types=["feedback", "checkin", "goal"],
            since=dt.date(2026, 10, 4),
            until=dt.date(2026, 10, 6),
            today=DAY,
        )
        # Goals live through the window; feedback dated 10-04..10-06 only; no check-in.
        assert {doc_id(i) for i in window} == org.docs(
            "g_r1_pub", "g_r1_priv", "f_mgr_r1_mo", "f_peer_r1_mo"
        )
        assert context_about(s, mgr, P["r1"], until=dt.date(2026, 9, 1), today=DAY) == []

        hr = load_caller(s, org.email("hr"))
        assert {doc_id(i) for i in context_about(s, hr, P["r1"], today=DAY)} == org.docs(
            "g_r1_pub", "u_r1_pub"
        )
        with pytest.raises(NotFound):
            context_about(s, mgr, 999_999, today=DAY)
        with pytest.raises(ValueError):
            context_about(s, mgr, P["r1"], record_types=["person"], today=DAY)


def test_fetch_context_rechecks_access(runtime: Runtime, org: Org) -> None:
    d = org.doc
    asked = [
        d["g_r1_priv"],
        "nonsense",
        d["f_omgr_mgr_pr"],
        d["c_mgr"],
        "X1",
        "G999999",
        d["c_r1"],
        d["g_r1_priv"],
        d["f_skip_mgr_mo"],
        d["c_peer"] + ":private",
    ]
    with runtime.sessions() as s:
        mgr = load_caller(s, org.email("mgr"))
        got = [doc_id(i) for i in fetch_context(s, mgr, asked, today=DAY)]
        # Cited order, first mention wins; mgr's own 1:1 with skip without skip's private notes.
        assert got == [d["g_r1_priv"], d["c_mgr"], d["c_r1"], d["c_r1_private"]]
        skip = load_caller(s, org.email("skip"))
        got = [
            doc_id(i)
            for i in fetch_context(s, skip, [d["c_r1"] + ":private", d["c_mgr"]], today=DAY)
        ]
        assert got == [d["c_mgr"], d["c_mgr_private"]]
        only_private = fetch_context(s, skip, [d["c_mgr"] + ":private"], today=DAY)
        assert [doc_id(i) for i in only_private] == [d["c_mgr_private"]]
        for who, names in EXPECTED.items():
            caller = load_caller(s, org.email(who))
            every = sorted({c.split(":")[0] for c in org.doc.values()})
            assert {doc_id(i) for i in fetch_context(s, caller, every, today=DAY)} == org.docs(
                *names
            ), who


def test_parse_citation() -> None:
    assert parse_citation("F12") == ("feedback", 12, False)
    assert parse_citation(" C3:private ") == ("checkin", 3, True)
    for bad in ("G3:private", "Z1", "f12", "F", "F-1", "F1 F2", "<F1>"):
        assert parse_citation(bad) is None


def test_chroma_where_from_the_policy_on_a_real_collection(runtime: Runtime, org: Org) -> None:
    """Policy → scope → where → Chroma returns exactly each person's documents, before and after
    a reorg (the metadata does not change; the scope does)."""
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    name = f"records-{uuid.uuid4().hex[:8]}"
    col = client.create_collection(name, embedding_function=TinyEmbedding())  # type: ignore[arg-type]
    try:
        with runtime.sessions() as s:
            docs = all_docs(s)
        col.add(
            ids=[x.doc_id for x in docs],
            documents=[x.text for x in docs],
            metadatas=[metadata_of(x) for x in docs],
        )
        with runtime.sessions() as s:
            for who, names in EXPECTED.items():
                where = to_chroma_where(scope_for(load_caller(s, org.email(who))))
                assert set(col.get(where=where)["ids"]) == org.docs(*names), who
        move(runtime, org, "r1", "omgr")
        with runtime.sessions() as s:
            mgr = load_caller(s, org.email("mgr"))
            got = set(col.get(where=to_chroma_where(scope_for(mgr)))["ids"])
            assert org.doc["g_r1_priv"] not in got and org.doc["f_peer_r1_mo"] not in got
            assert org.doc["c_r1_private"] in got  # still their own notes
            omgr = load_caller(s, org.email("omgr"))
            got = set(col.get(where=to_chroma_where(scope_for(omgr)))["ids"])
            assert org.doc["g_r1_priv"] in got and org.doc["c_r1_private"] not in got
    finally:
        client.delete_collection(name)
