"""The eval's world: the demo organisation imported into a fresh SQLite file and indexed.

The bundled embedder's collection is built through the real sync path (``rebuild_index``: the
same render, Chroma upsert and lexical table the app uses). Other embedders get a collection of
their own in the same Chroma client (the collection name carries embedder id and dimension), fed
the same rendered documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.demo import generate
from assistant.importer import import_bundle
from assistant.indexing import rebuild_index
from assistant.runtime import Runtime
from assistant.settings import Settings
from evals.retrieval.qrels import Corpus, Query, ResolvedQuery, load_corpus, resolve
from retrieval.embedders import Embedder
from retrieval.index import HNSW, VectorIndex
from retrieval.types import Document

__all__ = ["EvalIndex", "World", "build_world", "index_with"]

# A fixed day keeps the committed baseline reproducible; qrels don't depend on it (run.py
# --today checks that they resolve for any day).
DEFAULT_TODAY = dt.date(2026, 11, 20)
BATCH = 2000


class EvalIndex(VectorIndex):
    """The app's vector index with a reproducible HNSW graph: built by one thread (several
    threads insert in a racy order, and the eval's figures moved by ±0.02 recall@10 from run to
    run), with the app's other settings (``retrieval.index.HNSW``). Search parameters stay
    Chroma's defaults unless ``ef_search`` is given."""

    def __init__(self, client: Any, embedder: Embedder, *, ef_search: int | None = None):
        super().__init__(client, embedder)
        self.ef_search = ef_search

    @property
    def collection(self) -> Any:
        if self._collection is None:
            hnsw: dict[str, Any] = {**HNSW, "num_threads": 1}
            if self.ef_search:
                hnsw["ef_search"] = self.ef_search
            self._collection = self.client.get_or_create_collection(
                self.name,
                embedding_function=self.embedder.chroma(),
                configuration={"hnsw": hnsw},
                metadata={"embedder": self.embedder.id, "dimension": self.embedder.dimension},
            )
        return self._collection


@dataclass
class World:
    runtime: Runtime
    corpus: Corpus
    queries: list[ResolvedQuery]

    @property
    def documents(self) -> list[Document]:
        return [d for rec in self.corpus.records.values() for d in rec.docs]


def build_world(
    workdir: Path,
    queries: Sequence[Query],
    *,
    people: int = 60,
    seed: int = 42,
    today: dt.date = DEFAULT_TODAY,
    embedder: Embedder | None = None,
    ef_search: int | None = None,
) -> World:
    """Generate, import and index the demo org under ``workdir``; resolve the queries' qrels."""
    settings = Settings(
        environment="test",
        data_dir=workdir,
        database_url=f"sqlite:///{workdir / 'eval.db'}",
        chroma_url=None,
        embedder="bundled",
    )
    runtime = Runtime(settings)
    if embedder is not None:
        runtime.provide(embedder=embedder)
    runtime.provide(index=EvalIndex(runtime.chroma, runtime.embedder, ef_search=ef_search))
    import_bundle(runtime.sessions, generate(people=people, seed=seed, today=today), migration=True)
    rebuild_index(runtime)
    with runtime.sessions() as session:
        corpus = load_corpus(session, today)
        resolved = resolve(session, corpus, queries)
    return World(runtime, corpus, resolved)


def index_with(world: World, embedder: Embedder, *, ef_search: int | None = None) -> VectorIndex:
    """A vector index of the world's documents for another embedder (its own collection)."""
    index = EvalIndex(world.runtime.chroma, embedder, ef_search=ef_search)
    index.drop()
    docs = world.documents
    for start in range(0, len(docs), BATCH):
        index.upsert(docs[start : start + BATCH])
    return index
