"""Access scopes as Chroma ``where`` and SQL filters, checked against a real Chroma collection and a
real table: each filter must select exactly the documents :func:`retrieval.filters.matches` says,
and never one that lacks the metadata a clause needs."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import pytest
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from assistant.runtime import Runtime
from assistant.settings import Settings
from retrieval.filters import SQL_COLUMNS, matches, split_scope, to_chroma_where, to_sql
from retrieval.index import metadata_of
from retrieval.lexical import documents
from retrieval.types import VISIBILITIES, AccessScope, Clause, Document

RECORD_TYPES = ("goal", "key_result", "goal_update", "feedback", "checkin", "action_item")
GOAL_TYPES = ("goal", "key_result", "goal_update")


class TinyEmbedding(EmbeddingFunction[Documents]):
    """Deterministic 8-d vectors from a text hash: no model, no download."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        out = []
        for text in input:
            rng = np.random.default_rng(abs(hash(text)) % 2**32)
            out.append(rng.random(8).astype(np.float32))
        return out

    @staticmethod
    def name() -> str:
        return "tiny-test"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> TinyEmbedding:
        return TinyEmbedding()


def make_docs() -> list[Document]:
    rng = random.Random(7)
    docs = []
    for i in range(300):
        team = rng.choice([None, None, 10, 11])
        docs.append(
            Document(
                doc_id=f"D{i}",
                citation=f"D{i}",
                record_type=rng.choice(RECORD_TYPES),
                record_id=i,
                subject_id=None if team else rng.choice([1, 2, 3, 4, 5, None]),
                author_id=rng.choice([1, 2, 3, 4, 5, None]),
                team_id=team,
                visibility=rng.choice(VISIBILITIES),
                date=20260000 + rng.choice([101, 315, 701, 1002, 1231]),
                cycle_id=None,
                text=f"record {i}",
            )
        )
    return docs


# Entries indexed without some metadata (an old index, a bug in a renderer): one lacking the keys
# a clause pins is never matched; one lacking a date is never inside a date window.
BARE: dict[str, dict[str, Any]] = {
    "bare-no-subject": {"visibility": "shared", "record_type": "feedback", "date": 20261002},
    "bare-no-visibility": {"subject": 1, "author": 1, "team": 10, "date": 20261002},
    "bare-no-date": {"visibility": "shared", "subject": 1, "record_type": "feedback"},
    "bare-only-type": {"record_type": "goal"},
}

MISSING_ACCESS_KEYS = {"bare-no-subject", "bare-no-visibility", "bare-only-type"}
UNDATED = "bare-no-date"  # otherwise visible to person 1 (subject 1, shared)

EMPLOYEE = AccessScope(
    1,
    (
        Clause(("public",)),
        Clause(("restricted", "shared"), subject_ids=(1,)),
        Clause(("shared", "manager_only", "private"), author_ids=(1,)),
    ),
)
MANAGER = AccessScope(
    2,
    (
        Clause(("public",)),
        Clause(("restricted", "shared"), subject_ids=(2, 3, 4)),
        Clause(("shared", "manager_only", "private"), author_ids=(2,)),
        Clause(("manager_only",), subject_ids=(3, 4)),
        Clause(("restricted",), team_ids=(10,), record_types=GOAL_TYPES),
    ),
)
PUBLIC_ONLY = AccessScope(9, (Clause(("public",)),))
ONE_CLAUSE = AccessScope(9, (Clause(("shared",), subject_ids=(3,)),))
SCOPES = {"employee": EMPLOYEE, "manager": MANAGER, "public": PUBLIC_ONLY, "one": ONE_CLAUSE}
NARROWINGS: list[dict[str, Any]] = [
    {},
    {"subject_id": 3},
    {"record_types": ["feedback"]},
    {"record_types": ["goal", "feedback", "checkin"], "since": 20260315},
    {"since": 20260701, "until": 20261002},
    {"subject_id": 1, "record_types": GOAL_TYPES, "until": 20260701},
]


def expected(docs: list[Document], scope: AccessScope, narrow: dict[str, Any]) -> set[str]:
    out = set()
    for d in docs:
        if not matches(scope, d):
            continue
        if "subject_id" in narrow and d.subject_id != narrow["subject_id"]:
            continue
        if "record_types" in narrow and d.record_type not in narrow["record_types"]:
            continue
        if d.date < narrow.get("since", 0) or d.date > narrow.get("until", 99999999):
            continue
        out.add(d.doc_id)
    return out


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return make_docs()


@pytest.fixture(scope="module")
def collection(docs: list[Document]) -> Iterator[Any]:
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    name = f"filters-{uuid.uuid4().hex[:8]}"
    col = client.create_collection(name, embedding_function=TinyEmbedding())  # type: ignore[arg-type]
    col.add(
        ids=[d.doc_id for d in docs] + list(BARE),
        documents=[d.text for d in docs] + list(BARE),
        metadatas=[metadata_of(d) for d in docs] + list(BARE.values()),
    )
    yield col
    client.delete_collection(name)


def _operators(where: Any) -> set[str]:
    if isinstance(where, dict):
        return {k for k in where if k.startswith("$")} | {
            op for v in where.values() for op in _operators(v)
        }
    if isinstance(where, list):
        return {op for v in where for op in _operators(v)}
    return set()


@pytest.mark.parametrize("scope_name", SCOPES)
@pytest.mark.parametrize("narrow", NARROWINGS, ids=str)
def test_chroma_where_selects_exactly_the_scope(
    collection: Any, docs: list[Document], scope_name: str, narrow: dict[str, Any]
) -> None:
    scope = SCOPES[scope_name]
    where = to_chroma_where(scope, **narrow)
    assert _operators(where) <= {"$and", "$or", "$in", "$eq", "$gte", "$lte"}
    got = set(collection.get(where=where)["ids"])
    assert got - {UNDATED} == expected(docs, scope, narrow)
    assert not got & MISSING_ACCESS_KEYS
    if "since" in narrow or "until" in narrow:
        assert UNDATED not in got


def test_vector_queries_obey_the_same_where(collection: Any, docs: list[Document]) -> None:
    where = to_chroma_where(EMPLOYEE, record_types=["feedback", "goal"])
    allowed = expected(docs, EMPLOYEE, {"record_types": ["feedback", "goal"]})
    res = collection.query(query_texts=["record 12"], where=where, n_results=len(docs))
    assert set(res["ids"][0]) == allowed | {UNDATED}


def test_single_clause_and_single_condition_forms() -> None:
    assert to_chroma_where(PUBLIC_ONLY) == {"visibility": {"$eq": "public"}}
    assert to_chroma_where(ONE_CLAUSE) == {
        "$and": [{"visibility": {"$eq": "shared"}}, {"subject": {"$eq": 3}}]
    }
    assert to_chroma_where(PUBLIC_ONLY, since=20260101) == {
        "$and": [{"visibility": {"$eq": "public"}}, {"date": {"$gte": 20260101}}]
    }


def test_undated_entries_match_without_a_window_only(collection: Any) -> None:
    assert UNDATED in set(collection.get(where=to_chroma_where(EMPLOYEE))["ids"])
    assert UNDATED not in set(
        collection.get(where=to_chroma_where(EMPLOYEE, until=20991231))["ids"]
    )


def test_why_deny_lists_are_never_used(collection: Any) -> None:
    """chromadb's $ne/$nin match entries without the key: a deny-list would leak them. If this
    ever stops being true, the module docstring of retrieval/filters.py should say so."""
    leaked = set(collection.get(where={"subject": {"$ne": 999}})["ids"])
    assert {"bare-no-subject", "bare-only-type"} <= leaked
    # ...while the range operators used for dates do not match a missing key.
    dated = set(collection.get(where={"date": {"$gte": 0}})["ids"])
    assert "bare-no-date" not in dated and "bare-only-type" not in dated


def test_empty_scopes_are_refused() -> None:
    with pytest.raises(ValueError):
        AccessScope(1, ())
    with pytest.raises(ValueError):
        Clause(())
    with pytest.raises(ValueError):
        Clause(("shared",))  # not pinned to anyone
    with pytest.raises(ValueError):
        Clause(("secret",), subject_ids=(1,))
    hollow = object.__new__(AccessScope)
    object.__setattr__(hollow, "person_id", 1)
    object.__setattr__(hollow, "clauses", ())
    for build in (to_chroma_where, lambda s: to_sql(s, {})):
        with pytest.raises(ValueError):
            build(hollow)
        with pytest.raises(ValueError):
            build(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        to_chroma_where(EMPLOYEE, record_types=[])


@pytest.fixture
def sql_table(db_url: str, docs: list[Document]) -> Iterator[tuple[Any, Table]]:
    engine = create_engine(db_url)
    meta = MetaData()
    table = Table(
        "filter_docs",
        meta,
        Column("doc_id", String(40), primary_key=True),
        Column("subject_id", Integer),
        Column("author_id", Integer),
        Column("team_id", Integer),
        Column("visibility", String(20)),
        Column("record_type", String(20)),
        Column("date", Integer),
    )
    meta.create_all(engine)
    rows = [{"doc_id": d.doc_id, **{c: getattr(d, c) for c in SQL_COLUMNS}} for d in docs]
    rows += [
        {
            "doc_id": "bare-no-subject",
            "subject_id": None,
            "author_id": None,
            "team_id": None,
            "visibility": "shared",
            "record_type": "feedback",
            "date": 20261002,
        },
        {
            "doc_id": "bare-no-visibility",
            "subject_id": 1,
            "author_id": 1,
            "team_id": 10,
            "visibility": None,
            "record_type": "goal",
            "date": 20261002,
        },
        {
            "doc_id": "bare-no-date",
            "subject_id": 1,
            "author_id": None,
            "team_id": None,
            "visibility": "shared",
            "record_type": "feedback",
            "date": None,
        },
    ]
    with engine.begin() as conn:
        conn.execute(insert(table), rows)
    yield engine, table
    meta.drop_all(engine)
    engine.dispose()


def test_sql_filter_selects_exactly_the_scope(
    sql_table: tuple[Any, Table], docs: list[Document]
) -> None:
    engine, table = sql_table
    with engine.connect() as conn:
        for scope in SCOPES.values():
            for narrow in NARROWINGS:
                where = to_sql(scope, table.c, **narrow)
                got = set(conn.scalars(select(table.c.doc_id).where(where)))
                assert got - {UNDATED} == expected(docs, scope, narrow), (scope, narrow)
                assert not got & MISSING_ACCESS_KEYS
                if "since" in narrow or "until" in narrow:
                    assert UNDATED not in got


def test_sql_filter_refuses_to_drop_a_condition(sql_table: tuple[Any, Table]) -> None:
    _, table = sql_table
    no_team = {name: table.c[name] for name in SQL_COLUMNS if name != "team_id"}
    with pytest.raises(ValueError, match="team_id"):
        to_sql(MANAGER, no_team)
    to_sql(EMPLOYEE, no_team)  # a scope without a team clause does not need the column


def test_a_pinned_clause_is_looked_up_through_its_own_ids(tmp_path: Path) -> None:
    """SQLite, which keeps no statistics here, reads a pinned clause through the index of its
    people or teams, not through the visibility or record-type index (half the table for
    ``('restricted', 'shared')``, most of it for the goal types): a manager's few hundred
    documents were found by walking ~97k visibility entries at 2,000 people."""
    runtime = Runtime(Settings(data_dir=tmp_path, environment="test", llm_provider="offline"))
    scope = AccessScope(
        1,
        (
            Clause(("public",)),
            Clause(("restricted", "shared"), subject_ids=(1, 2, 3)),
            Clause(("shared", "manager_only", "private"), author_ids=(1,)),
            Clause(("manager_only",), subject_ids=(2, 3)),
            Clause(("restricted",), team_ids=(4, 5), record_types=GOAL_TYPES),
        ),
    )
    pinned, _ = split_scope(scope)
    assert pinned is not None
    try:
        stmt = select(documents.c.doc_id).where(to_sql(pinned, documents.c))
        sql = str(stmt.compile(runtime.engine, compile_kwargs={"literal_binds": True}))
        with runtime.engine.connect() as conn:
            plan = [r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    finally:
        runtime.close()
    used = {step.split(" USING INDEX ")[1].split()[0] for step in plan if "USING INDEX" in step}
    assert used == {
        "ix_search_documents_subject",
        "ix_search_documents_author",
        "ix_search_documents_team",
    }, plan
