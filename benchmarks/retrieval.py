"""Retrieval speed at scale: index throughput and access-filtered query latency.

    .venv/bin/python -m benchmarks.retrieval --sizes 10000 100000 [--pg-url postgresql+psycopg://...]

For each corpus size it builds, from the demo organisation's rendered documents (re-assigned to
``size / 40`` people with random dates and visibilities), the vector leg (bundled embedder,
embedded Chroma), the lexical leg on SQLite FTS5 (and PostgreSQL when ``--pg-url`` is given), a
bm25s index (the alternative lexical leg), and a plain ``langchain-chroma`` vector store with the
same embedder. It then runs the same queries, each scoped to one manager (public records plus the
shared/manager-only records of their ~8 reports), and prints throughput and p50/p95 latency.

bm25s has no notion of a per-caller filter: it scores the whole corpus and the scope is applied
afterwards (``k`` widened until enough allowed hits remain), which is exactly the
post-filtering docs/ARCHITECTURE.md rules out; it is measured to show what the database's own
full-text search costs in comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assistant.db import make_engine, make_sessionmaker
from assistant.documents import render_documents
from assistant.models import INDEXED
from retrieval.config import ChromaConfig
from retrieval.embedders import BundledEmbedder, Embedder
from retrieval.exact import exact_query
from retrieval.filters import matches, to_chroma_where, to_sql
from retrieval.index import VectorIndex, make_chroma_client
from retrieval.lexical import LexicalIndex, documents
from retrieval.search import hybrid_search
from retrieval.types import AccessScope, Clause, Document, date_int

K = 10


def demo_pool(workdir: Path) -> list[Document]:
    """Every document of the default demo organisation (about 6k)."""
    from assistant.demo import generate
    from assistant.importer import import_bundle

    engine = make_engine(f"sqlite:///{workdir / 'demo.db'}")
    sessions = make_sessionmaker(engine)
    import_bundle(sessions, generate(people=60, today=dt.date(2026, 11, 20)), migration=True)
    docs: list[Document] = []
    with sessions() as s:
        for rtype, model in INDEXED.items():
            ids = list(s.execute(select(model.id)).scalars())  # type: ignore[attr-defined]
            docs.extend(render_documents(s, rtype, ids))
    engine.dispose()
    return docs


def corpus(pool: Sequence[Document], size: int, rng: random.Random) -> list[Document]:
    people = max(size // 40, 10)
    start = dt.date(2025, 1, 1)
    vis = ["public", "restricted", "shared", "shared", "shared", "manager_only", "private"]
    out = []
    for n in range(size):
        src = pool[n % len(pool)]
        out.append(
            replace(
                src,
                doc_id=f"X{n}",
                citation=f"X{n}",
                record_id=n,
                subject_id=rng.randrange(people),
                author_id=rng.randrange(people),
                visibility=rng.choice(vis),
                date=date_int(start + dt.timedelta(days=rng.randrange(700))),
            )
        )
    return out


def manager_scope(rng: random.Random, people: int, reports_n: int = 8) -> AccessScope:
    """A caller with ``reports_n`` people below them (0: an employee, who sees their own)."""
    me = rng.randrange(people)
    reports = tuple(sorted(rng.sample(range(people), min(reports_n, people))))
    return AccessScope(
        me,
        (
            Clause(("public",)),
            Clause(("restricted", "shared", "manager_only"), subject_ids=reports or (me,)),
            Clause(("shared", "manager_only", "private"), author_ids=(me,)),
        ),
    )


# Caller types of --scoped, by how many people are below them.
CALLERS = {"employee": 0, "manager": 8, "director": 60}


def queries(pool: Sequence[Document], n: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        words = [w for w in pool[rng.randrange(len(pool))].text.split() if len(w) > 3]
        if len(words) >= 4:
            i = rng.randrange(len(words) - 3)
            out.append(" ".join(words[i : i + 4]))
    return out


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def pct(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20)
    return f"p50 {statistics.median(samples):7.2f} ms   p95 {q[18]:7.2f} ms"


def bench_lexical(url: str, docs: list[Document], scopes: list[AccessScope], qs: list[str]) -> None:
    engine = make_engine(url)
    sessions: sessionmaker[Session] = make_sessionmaker(engine)
    lex = LexicalIndex()
    with sessions.begin() as s:
        lex.clear(s)
    t0 = time.perf_counter()
    for i in range(0, len(docs), 2000):
        with sessions.begin() as s:
            lex.upsert(s, docs[i : i + 2000])
    secs = time.perf_counter() - t0
    name = engine.dialect.name
    print(f"  lexical ({name}) index: {len(docs) / secs:9.0f} docs/s")
    lat = []
    with sessions() as s:
        for q, scope in zip(qs, scopes, strict=False):
            lat.append(timed(partial(lex.search, s, q, to_sql(scope, documents.c), K)))
    print(f"  lexical ({name}) scoped query:  {pct(lat)}")
    engine.dispose()


def bench_bm25s(docs: list[Document], scopes: list[AccessScope], qs: list[str]) -> None:
    import bm25s

    t0 = time.perf_counter()
    tokens = bm25s.tokenize([d.text for d in docs], stopwords="en", show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    print(f"  bm25s index:            {len(docs) / (time.perf_counter() - t0):9.0f} docs/s "
          "(in process memory, per worker)")  # fmt: skip
    lat = []
    for q, scope in zip(qs, scopes, strict=False):

        def run(q: str = q, scope: AccessScope = scope) -> None:
            qt = bm25s.tokenize([q], stopwords="en", show_progress=False)
            depth = K * 10
            while True:
                res, _ = retriever.retrieve(qt, k=min(depth, len(docs)), show_progress=False)
                allowed = [i for i in res[0] if matches(scope, docs[int(i)])]
                if len(allowed) >= K or depth >= len(docs):
                    return
                depth *= 4

        lat.append(timed(run))
    print(f"  bm25s + post-filter:    {pct(lat)}")


def bench_vector(
    embedder: Embedder, docs: list[Document], scopes: list[AccessScope], qs: list[str], tmp: Path
) -> VectorIndex:
    client = make_chroma_client(ChromaConfig(path=tmp / f"ours-{len(docs)}" / "chroma"))
    index = VectorIndex(client, embedder)
    t0 = time.perf_counter()
    for i in range(0, len(docs), 2000):
        index.upsert(docs[i : i + 2000])
    print(f"  vector (ours) index:    {len(docs) / (time.perf_counter() - t0):9.0f} docs/s")
    lat = [
        timed(partial(index.query, q, to_chroma_where(scope), K))
        for q, scope in zip(qs, scopes, strict=False)
    ]
    print(f"  vector (ours) scoped:   {pct(lat)}")
    return index


def bench_langchain(
    embedder: Embedder, docs: list[Document], scopes: list[AccessScope], qs: list[str], tmp: Path
) -> None:
    from langchain_chroma import Chroma

    client = make_chroma_client(ChromaConfig(path=tmp / f"lc-{len(docs)}" / "chroma"))
    store = Chroma(client=client, collection_name="langchain-peer", embedding_function=embedder)
    t0 = time.perf_counter()
    for i in range(0, len(docs), 2000):
        chunk = docs[i : i + 2000]
        store.add_texts(
            [d.text for d in chunk],
            metadatas=[
                {"subject": d.subject_id, "author": d.author_id, "visibility": d.visibility}
                for d in chunk
            ],
            ids=[d.doc_id for d in chunk],
        )
    print(f"  langchain-chroma index: {len(docs) / (time.perf_counter() - t0):9.0f} docs/s")
    lat = []
    for q, scope in zip(qs, scopes, strict=False):
        retriever = store.as_retriever(search_kwargs={"k": K, "filter": to_chroma_where(scope)})
        lat.append(timed(partial(retriever.invoke, q)))
    print(f"  langchain-chroma scoped:{pct(lat)}")


def bench_hybrid(index: VectorIndex, url: str, scopes: list[AccessScope], qs: list[str]) -> None:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    lex = LexicalIndex()
    lat = []
    with sessions() as s:
        for q, scope in zip(qs, scopes, strict=False):
            run = partial(hybrid_search, q, scope, index=index, lexical=lex, session=s, k=K)
            lat.append(timed(run))
    print(f"  hybrid ({engine.dialect.name}) scoped:  {pct(lat)}")
    engine.dispose()


def pinned(scope: AccessScope) -> AccessScope:
    """The scope without its organisation-wide public clause (what ``subject_scope`` and a
    director's reports look like: every clause pinned to people)."""
    return AccessScope(
        scope.person_id, tuple(c for c in scope.clauses if c.visibilities != ("public",))
    )


def bench_callers(index: VectorIndex, url: str, people: int, qs: list[str]) -> None:
    """The vector leg and the whole hybrid search as hybrid_search runs them (exact scoring with
    the default limit, a warm vector memo: the index was just written by this process), per
    caller type, next to one filtered ANN search of the whole scope (``exact_limit=None``)."""
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    lex = LexicalIndex()
    rng = random.Random(13)
    with sessions() as s:
        for caller, below in CALLERS.items():
            scopes = [manager_scope(rng, people, below) for _ in qs]
            sizes = [
                len(s.execute(select(documents.c.doc_id).where(to_sql(sc, documents.c))).all())
                for sc in scopes[:20]
            ]
            print(f"  [{caller}] scope size: median {statistics.median(sizes):.0f} documents")
            runs: dict[str, list[float]] = {"vector ann": [], "vector": [], "hybrid": []}
            for q, scope in zip(qs, scopes, strict=False):
                search = partial(hybrid_search, q, scope, index=index, lexical=lex, session=s, k=K)
                runs["vector ann"].append(timed(partial(search, mode="vector", exact_limit=None)))
                runs["vector"].append(timed(partial(search, mode="vector")))
                runs["hybrid"].append(timed(search))
            for name, lat in runs.items():
                print(f"  [{caller}] {name:10}  {pct(lat)}")
        # The org-wide public part alone, both ways: which is cheaper decides its EXACT_LIMIT.
        public = AccessScope(0, (Clause(("public",)),))
        where = to_sql(public, documents.c)
        exact = [timed(partial(exact_query, index, s, q, where, K)) for q in qs]
        ann = [timed(partial(index.query, q, to_chroma_where(public), K)) for q in qs]
        print(f"  [public part] exact       {pct(exact)}")
        print(f"  [public part] ann         {pct(ann)}")
    engine.dispose()


def bench_exact_sweep(index: VectorIndex, url: str, people: int, qs: list[str]) -> None:
    """What exact scoring costs per candidate, against the filtered ANN search for the same
    scope: where they cross is the threshold (retrieval.exact.EXACT_LIMIT)."""
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    rng = random.Random(11)
    with sessions() as s:
        for reports in (8, 40, 200, 800, 2000):
            if reports > people:
                break
            scopes = [pinned(manager_scope(rng, people, reports)) for _ in range(20)]
            n = statistics.median(
                len(s.execute(select(documents.c.doc_id).where(to_sql(sc, documents.c))).all())
                for sc in scopes
            )
            exact, ann = [], []
            for q, scope in zip(qs, scopes, strict=False):
                where = to_sql(scope, documents.c)
                exact_query(index, s, q, where, K, limit=10**9, max_fill=None)  # warm the memo
                exact.append(timed(partial(exact_query, index, s, q, where, K, limit=10**9)))
                ann.append(timed(partial(index.query, q, to_chroma_where(scope), K)))
            ex = statistics.median(exact)
            per = 1000 * ex / max(n, 1)
            print(
                f"  sweep {reports:5} reports, ~{n:6.0f} candidates: exact p50 {ex:7.2f} ms "
                f"({per:.1f} us/candidate)   ANN p50 {statistics.median(ann):7.2f} ms"
            )
    engine.dispose()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--pg-url", default=None, help="also measure PostgreSQL full-text search")
    ap.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["bm25s", "langchain", "vector", "lexical", "hybrid"],
    )
    ap.add_argument(
        "--scoped", action="store_true", help="per caller type: the vector leg and hybrid search"
    )
    ap.add_argument("--exact-sweep", action="store_true", help="exact vs ANN by scope size")
    args = ap.parse_args(argv)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        pool = demo_pool(tmp)
        embedder = BundledEmbedder()
        print(f"pool: {len(pool)} demo documents; embedder {embedder.id} ({embedder.dimension}d)")
        for size in args.sizes:
            docs = corpus(pool, size, rng)
            people = max(size // 40, 10)
            scopes = [manager_scope(rng, people) for _ in range(args.queries)]
            qs = queries(pool, args.queries, rng)
            print(f"\n== {size} documents, {people} people, {len(qs)} scoped queries, k={K}")
            sqlite_url = f"sqlite:///{tmp / f'bench-{size}.db'}"
            bench_lexical(sqlite_url, docs, scopes, qs)
            if args.pg_url:
                bench_lexical(args.pg_url, docs, scopes, qs)
            if "bm25s" not in args.skip:
                bench_bm25s(docs, scopes, qs)
            if "vector" not in args.skip:
                index = bench_vector(embedder, docs, scopes, qs, tmp)
                if "hybrid" not in args.skip:
                    bench_hybrid(index, sqlite_url, scopes, qs)
                if args.scoped:
                    bench_callers(index, sqlite_url, people, qs)
                if args.exact_sweep:
                    bench_exact_sweep(index, sqlite_url, people, qs)
            if "langchain" not in args.skip:
                bench_langchain(embedder, docs, scopes, qs, tmp)


if __name__ == "__main__":
    main()
