"""The lexical leg: the database's own full-text search over a ``search_documents`` table.

SQLite uses an external-content FTS5 table ranked by its built-in ``bm25()``; PostgreSQL a
generated ``tsvector`` column with a GIN index ranked by ``ts_rank``. The table (doc id, citation,
record type and id, subject, author, team, visibility, integer date, cycle, text) is written by the
outbox sync in the same transaction that deletes the outbox rows, so it can never drift from the
outbox on its own.

Why the database and not bm25s (``python -m benchmarks.retrieval``; demo texts re-assigned to
250/2,500 people; 200 queries, each scoped to one manager; 2 shared cores):

    docs   leg                         index docs/s   scoped query p50 / p95
    10k    SQLite FTS5 (this)          16,000          5.2 /  10.0 ms
    10k    PostgreSQL tsvector (this)   8,900          3.9 /   9.3 ms
    10k    bm25s + post-filter         45,000          0.6 /   0.7 ms
    100k   SQLite FTS5 (this)          16,200         18.7 /  36.7 ms
    100k   PostgreSQL tsvector (this)  12,400         26.6 /  69.6 ms
    100k   bm25s + post-filter         42,000          2.9 /   7.1 ms
    100k   vector leg (Chroma)            890          376 /   419 ms   (for scale)

bm25s is faster per query, and it still loses on what matters here:
- The access scope must be applied *inside* the ranking query. Here it is a SQL ``WHERE`` built
  by ``retrieval.filters.to_sql`` from the same allow-list the vector leg gets as a Chroma
  ``where``. bm25s scores the whole corpus; a per-caller scope means post-filtering (which
  docs/ARCHITECTURE.md forbids: out-of-scope text is scored, and a too-shallow read silently
  drops the caller's records) or an index per scope.
- bm25s has no incremental update: every write means re-indexing the corpus (2.4 s at 100k) in
  every API worker's memory. The database table is written by the outbox sync in the same
  transaction that consumes the outbox, and every worker sees it at once.
- The lexical leg is not the bottleneck: the vector leg costs 10-20x more per query.
The cost: PostgreSQL's ``ts_rank`` is not BM25 (no IDF), so the two databases rank a little
differently. Stopwords are dropped from queries (OR semantics would otherwise match most of the
corpus: at 100k this took FTS5 from 85 to 19 ms p50).

Why the query is driven by the match and not by the caller's scope (2,000 people, 202k documents,
SQLite 3.40, CPU time per query): FTS5 restricted to a scope's rows (``rowid IN (SELECT id ...
WHERE <scope>)``, or a ``CROSS JOIN`` from the scope's rows) looks every rowid up on its own at
~0.25 ms each: 128 candidates took 33-85 ms, 576 took 150-420 ms and 4,800 took 1.1-3.6 s, where
this query, the same scope in its ``WHERE``, took 16-21 ms. Its cost is the matches' (21-85 ms
for the scale benchmark's queries, the same for an employee, a manager, a director and HR), and
most of it is scoring the public documents every scope holds ("status update": 73 of 75 ms).
PostgreSQL alike (``EXPLAIN ANALYZE``, median of 10 queries): a scope's pinned clauses alone take
1.6-17 ms, its public clause 27-50 ms and the whole scope 21-29 ms, so searching the two parts
apart, as the vector leg does, would cost more than this one query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from retrieval.batches import batched
from retrieval.types import Document, fingerprint

TABLE_NAME = "search_documents"
_metadata = MetaData()

# Columns retrieval.filters.to_sql expects: subject_id, author_id, visibility, record_type, date.
documents = Table(
    TABLE_NAME,
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(64), nullable=False, unique=True),
    Column("citation", String(32), nullable=False),
    Column("record_type", String(20), nullable=False),
    Column("record_id", Integer, nullable=False),
    Column("subject_id", Integer),
    Column("author_id", Integer),
    Column("team_id", Integer),
    Column("visibility", String(20), nullable=False),
    Column("date", Integer, nullable=False),
    Column("cycle_id", Integer),
    Column("fingerprint", String(32), nullable=False),
    Column("text", Text, nullable=False),
)


def is_lexical_table(name: str | None) -> bool:
    """True for the tables this module owns (and FTS5's shadow tables), which are not ORM models:
    Alembic's autogenerate/compare must leave them alone."""
    return bool(name) and str(name).startswith(TABLE_NAME)


_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_TERMS = 32
# Dropped from queries (not from the index): with OR semantics a query word like "the" matches
# most of the corpus, and FTS5 scores every match before the access filter and LIMIT apply.
# PostgreSQL's 'english' configuration drops these itself; SQLite's tokenizer does not.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves""".split()  # noqa: SIM905 - a word list reads better as prose
)


# Statuses as records render them ("Status: Off track"): searched as phrases, because one of
# their words is a stopword and the other ("track", "risk") matches the opposite status too.
STATUS_PHRASES = ("off track", "on track", "at risk", "not started")
_PHRASE = re.compile(r"\b(" + "|".join(p.replace(" ", r"[\s-]+") for p in STATUS_PHRASES) + r")\b")


def query_terms(query: str) -> list[str]:
    """The words of a free-text query, deduplicated, in order, stopwords dropped, a status
    phrase ("off track") kept as one term. Only ``\\w+`` runs survive, so no FTS5 or tsquery
    syntax from the user ever reaches the engine."""
    text = query.lower()
    phrases = [" ".join(_TOKEN.findall(m)) for m in _PHRASE.findall(text)]
    words = list(dict.fromkeys(_TOKEN.findall(_PHRASE.sub(" ", text))))
    content = [w for w in words if w not in STOPWORDS]
    # A query of nothing but stopwords ("who is on it") still searches for them.
    return list(dict.fromkeys(phrases + (content or ([] if phrases else words))))[:MAX_QUERY_TERMS]


@dataclass(frozen=True)
class LexicalHit:
    doc_id: str
    citation: str
    record_type: str
    record_id: int
    date: int
    score: float  # higher is better on both backends


def _row(d: Document) -> dict[str, Any]:
    return {
        "doc_id": d.doc_id,
        "citation": d.citation,
        "record_type": d.record_type,
        "record_id": d.record_id,
        "subject_id": d.subject_id,
        "author_id": d.author_id,
        "team_id": d.team_id,
        "visibility": d.visibility,
        "date": d.date,
        "cycle_id": d.cycle_id,
        "fingerprint": fingerprint(d),
        "text": d.text,
    }


class LexicalIndex:
    """Full-text search over ``search_documents`` through whatever session it is given."""

    def upsert(self, session: Session, docs: Sequence[Document]) -> int:
        if not docs:
            return 0
        unique = {d.doc_id: d for d in sorted(docs, key=lambda d: d.doc_id)}
        rows = [_row(d) for d in unique.values()]
        ids = list(unique)
        if session.get_bind().dialect.name == "postgresql":
            # Two workers can render the same document at once (a check-in's batch re-renders
            # its action items while another worker holds an action item's own row): the later
            # write wins instead of failing on the unique doc_id, and rows are written in doc_id
            # order so two such transactions cannot deadlock on each other.
            stmt = pg_insert(documents)
            columns = {c: stmt.excluded[c] for c in rows[0] if c != "doc_id"}
            upsert = stmt.on_conflict_do_update(index_elements=["doc_id"], set_=columns)
            session.execute(upsert, rows)
        else:  # SQLite has one writer at a time; its FTS5 triggers follow a delete and an insert
            for chunk in batched(ids):
                session.execute(delete(documents).where(documents.c.doc_id.in_(chunk)))
            session.execute(insert(documents), rows)
        return len(docs)

    def delete(self, session: Session, doc_ids: Iterable[str]) -> int:
        ids = sorted(set(doc_ids))
        for chunk in batched(ids):
            session.execute(delete(documents).where(documents.c.doc_id.in_(chunk)))
        return len(ids)

    def doc_ids_for(
        self, session: Session, record_type: str, record_ids: Iterable[int]
    ) -> set[str]:
        found: set[str] = set()
        for chunk in batched(sorted(set(record_ids))):
            rows = session.execute(
                select(documents.c.doc_id).where(
                    documents.c.record_type == record_type, documents.c.record_id.in_(chunk)
                )
            )
            found.update(r[0] for r in rows)
        return found

    def fingerprints(self, session: Session) -> dict[str, str]:
        rows = session.execute(select(documents.c.doc_id, documents.c.fingerprint))
        return {r[0]: r[1] for r in rows}

    def count(self, session: Session) -> int:
        return int(session.execute(select(func.count()).select_from(documents)).scalar_one())

    def clear(self, session: Session) -> None:
        session.execute(delete(documents))

    def optimize(self, session: Session) -> None:
        """Merge SQLite's full-text index into one segment. FTS5 records a delete as a marker in a
        new segment and keeps the deleted terms in the old one until segments merge; after this
        they are gone (and VACUUM can reclaim their pages). PostgreSQL keeps no such copy: its
        ``tsv`` column lives in the row."""
        if session.get_bind().dialect.name == "sqlite":
            session.execute(
                text("INSERT INTO search_documents_fts(search_documents_fts) VALUES ('optimize')")
            )

    def search(
        self, session: Session, query: str, where: ColumnElement[bool], k: int
    ) -> list[LexicalHit]:
        """The ``k`` best matches for ``query`` among rows matching ``where`` (required: the
        access filter is part of the ranking query, never applied afterwards)."""
        if where is None:
            raise ValueError("refusing an unfiltered lexical query")
        terms = query_terms(query)
        if not terms or k <= 0:
            return []
        cols = (
            documents.c.doc_id,
            documents.c.citation,
            documents.c.record_type,
            documents.c.record_id,
            documents.c.date,
        )
        dialect = session.get_bind().dialect.name
        stmt: Any
        if dialect == "sqlite":
            fts = Table("search_documents_fts", MetaData(), Column("rowid", Integer))
            # bm25() is lower-is-better; negate so both backends rank higher-is-better.
            score: Any = (-literal_column("bm25(search_documents_fts)")).label("score")
            match = " OR ".join(f'"{t}"' for t in terms)
            stmt = (
                select(*cols, score)
                .select_from(fts.join(documents, documents.c.id == fts.c.rowid))
                .where(text("search_documents_fts MATCH :match").bindparams(match=match))
                .where(where)
                .order_by(literal_column("score").desc(), documents.c.doc_id)
                .limit(k)
            )
        elif dialect == "postgresql":
            # A phrase is its words in sequence (PostgreSQL drops a stopword inside it).
            ts_terms = [f"({' <-> '.join(t.split())})" if " " in t else t for t in terms]
            tsquery = func.to_tsquery(literal_column("'english'"), " | ".join(ts_terms))
            tsv: Any = literal_column("search_documents.tsv")
            score = func.ts_rank(tsv, tsquery, 1).label("score")
            stmt = (
                select(*cols, score)
                .where(tsv.op("@@")(tsquery))
                .where(where)
                .order_by(literal_column("score").desc(), documents.c.doc_id)
                .limit(k)
            )
        else:  # pragma: no cover
            raise NotImplementedError(f"no full-text search for dialect {dialect}")
        return [
            LexicalHit(
                doc_id=r.doc_id,
                citation=r.citation,
                record_type=r.record_type,
                record_id=r.record_id,
                date=r.date,
                score=float(r.score),
            )
            for r in session.execute(stmt)
        ]


__all__ = [
    "TABLE_NAME",
    "LexicalHit",
    "LexicalIndex",
    "documents",
    "is_lexical_table",
    "query_terms",
]
