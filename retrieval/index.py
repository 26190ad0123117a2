"""The vector leg: one Chroma collection per embedder, holding vectors and access metadata only.

The record's text is embedded here but never stored in Chroma (``documents`` is always empty):
the text lives in the database and is read back through an access-checked query, so a Chroma
directory (or a deleted document's leftovers in it) never holds what people wrote.

Chroma's own default embedding function downloads a model, so the collection is always opened
with an explicit one (``embedder.chroma()``), and every vector is computed by us and passed in.

Chroma refuses a write of more ids than its ``get_max_batch_size()`` (5,461 embedded on SQLite's
bind-variable limit; whatever the server reports in client/server mode), and a drain cannot know
beforehand how many documents its records expand into, so every call here that sends ids splits
them into batches of at most that size. Each batch is idempotent (upsert by id, delete of absent
ids is a no-op), so a failure part-way leaves nothing a retry would not redo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any, TypeVar
from urllib.parse import urlparse

from retrieval.config import ChromaConfig
from retrieval.embedders import Embedder, collection_name
from retrieval.errors import BadChromaUrl
from retrieval.public_leg import PublicVectors
from retrieval.types import Document, fingerprint
from retrieval.vector_cache import DEFAULT_MAX_BYTES, VectorCache

T = TypeVar("T")

# Metadata keys every indexed vector carries. A value that is None is left out rather than stored
# as a sentinel: the access filter is an allow-list ($in/$eq), and a missing key never matches one.
# Only what a reader needs: the filters (subject, author, team, visibility, record_type, date),
# a hit's attribution (citation, record_id), drift and cache checks (fp). Chroma writes one row
# per key per vector into its SQLite file, so an unread key is paid for on every write: the doc
# id is the vector's own id, and nothing filters on a cycle.
META_KEYS = (
    "citation",
    "record_type",
    "record_id",
    "subject",
    "author",
    "team",
    "visibility",
    "date",
    "fp",
)

# HNSW settings of the collections created here. ef_construction 64 (Chroma's default is 100)
# cut a 50,000-document rebuild's CPU by ~8% (28.3 -> 25.9 s), for an unfiltered recall@10 of
# 0.992 instead of 0.995 (25,000 demo vectors, 200 queries); scopes up to retrieval.exact's limit
# are scored exactly and never read the graph. Chroma fixes ef_construction when it creates the
# collection (modify refuses it), so a collection created before keeps its own.
#
# Not raised: sync_threshold (how many writes between two persists of the graph). Chroma 1.5
# reads it once per process, so a bulk load cannot lower it again when done, every open replays
# the writes not yet persisted (8 s for 25,000), and with calls of ~700 documents a threshold of
# 100,000 doubled the CPU of a load. Fuller calls persist less often instead
# (index_rebuild.render_for_rebuild).
HNSW = {"space": "cosine", "ef_construction": 64}

# Used when the client cannot say (an older server answers -1): small enough for any Chroma.
FALLBACK_MAX_BATCH = 1000


def metadata_of(doc: Document) -> dict[str, str | int]:
    raw: dict[str, str | int | None] = {
        "citation": doc.citation,
        "record_type": doc.record_type,
        "record_id": doc.record_id,
        "subject": doc.subject_id,
        "author": doc.author_id,
        "team": doc.team_id,
        "visibility": doc.visibility,
        "date": doc.date,
        "fp": fingerprint(doc),
    }
    return {k: v for k, v in raw.items() if v is not None}


def _page(collection: Any, *, limit: int, offset: int) -> Any:
    return collection.get(include=["metadatas"], limit=limit, offset=offset)


def _is_missing(exc: Exception) -> bool:
    """Chroma's "no such collection" (NotFoundError or ValueError, by version)."""
    return "does not exist" in str(exc) or "not found" in str(exc).lower()


@dataclass(frozen=True)
class VectorHit:
    doc_id: str
    distance: float
    metadata: Mapping[str, Any]


class VectorIndex:
    """A Chroma collection named for ``embedder`` (id + dimension), so vectors never mix."""

    def __init__(
        self, client: Any, embedder: Embedder, *, cache_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.client = client
        self.embedder = embedder
        self.name = collection_name(embedder)
        self._collection: Any = None
        # Vectors this process wrote or read back, for exact scoring of small scopes.
        self.cache = VectorCache(self.fetch_vectors, max_bytes=cache_bytes)
        # Every public document's vector, for the public part of every scope.
        self.public = PublicVectors(self)

    @cached_property
    def max_batch(self) -> int:
        """The most ids one Chroma call may carry, asked once (a server answers over HTTP)."""
        ask = getattr(self.client, "get_max_batch_size", None)
        size = int(ask()) if ask is not None else 0
        return size if size > 0 else FALLBACK_MAX_BATCH

    def _batches(self, items: Sequence[Any]) -> Iterator[Sequence[Any]]:
        step = self.max_batch
        for start in range(0, len(items), step):
            yield items[start : start + step]

    @property
    def collection(self) -> Any:
        if self._collection is None:
            # An existing collection opens with the settings it was created with (Chroma ignores
            # ``configuration`` then), whatever this module's defaults have become since.
            self._collection = self.client.get_or_create_collection(
                self.name,
                embedding_function=self.embedder.chroma(),
                configuration={"hnsw": HNSW},
                metadata={"embedder": self.embedder.id, "dimension": self.embedder.dimension},
            )
        return self._collection

    def _call(self, op: Callable[[Any], T]) -> T:
        """Run ``op`` on the collection, re-opening it once if it was replaced meanwhile (another
        index object compacted or rebuilt it: this handle then names a dropped collection)."""
        try:
            return op(self.collection)
        except Exception as exc:
            if not _is_missing(exc):
                raise
            self._collection = None
            return op(self.collection)

    def upsert(self, docs: Sequence[Document]) -> int:
        for batch in self._batches(docs):
            self.upsert_embedded(batch, self.embedder.embed([d.text for d in batch]))
        return len(docs)

    def upsert_embedded(self, docs: Sequence[Document], vectors: Any) -> int:
        """Write documents whose vectors were computed already, by this index's embedder in
        another process (a rebuild's producer, assistant/rebuild_pipeline.py)."""
        if len(vectors) != len(docs):
            raise ValueError(f"{len(docs)} documents but {len(vectors)} vectors")
        for start in range(0, len(docs), self.max_batch):
            batch = docs[start : start + self.max_batch]
            self._write(batch, vectors[start : start + self.max_batch])
        return len(docs)

    def _write(self, batch: Sequence[Document], vectors: Any) -> None:
        metadatas = [metadata_of(d) for d in batch]
        self._call(
            partial(
                _op,
                "upsert",
                ids=[d.doc_id for d in batch],
                embeddings=vectors,
                metadatas=metadatas,
            )
        )
        for doc, meta, vector in zip(batch, metadatas, vectors, strict=True):
            self.cache.put(doc.doc_id, str(meta["fp"]), vector)
        self.public.wrote(batch, vectors)

    def delete(self, doc_ids: Iterable[str]) -> int:
        ids = sorted(set(doc_ids))
        self.cache.discard(ids)
        self.public.deleted(ids)
        for batch in self._batches(ids):
            self._call(partial(_op, "delete", ids=list(batch)))
        return len(ids)

    def fetch_vectors(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, Any]]:
        """doc id -> (fingerprint, vector) of those ids the collection holds."""
        out: dict[str, tuple[str, Any]] = {}
        for batch in self._batches(list(doc_ids)):
            got = self._call(
                partial(_op, "get", ids=list(batch), include=["embeddings", "metadatas"])
            )
            embeddings = got.get("embeddings")
            if embeddings is None:
                continue
            for doc_id, meta, vector in zip(
                got["ids"], got["metadatas"] or [], embeddings, strict=False
            ):
                out[doc_id] = (str((meta or {}).get("fp", "")), vector)
        return out

    def doc_ids_for(self, record_type: str, record_ids: Iterable[int]) -> set[str]:
        """Ids of the documents currently indexed for these records (a record may have several)."""
        found: set[str] = set()
        for batch in self._batches(sorted(set(record_ids))):
            where = {"$and": [{"record_type": {"$eq": record_type}}, {"record_id": {"$in": batch}}]}
            found.update(self._call(partial(_op, "get", where=where, include=[]))["ids"])
        return found

    def count(self) -> int:
        return int(self._call(lambda c: c.count()))

    def fingerprints(self, *, page: int = 5000) -> dict[str, str]:
        """doc id -> fingerprint of everything in the collection (for ``check``)."""
        out: dict[str, str] = {}
        offset = 0
        while True:
            got = self._call(partial(_page, limit=page, offset=offset))
            for doc_id, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
                out[doc_id] = str((meta or {}).get("fp", ""))
            if len(got["ids"]) < page:
                return out
            offset += page

    def ids(self) -> set[str]:
        return set(self.fingerprints())

    def drop(self) -> None:
        """Delete the whole collection (a rebuild starts from nothing)."""
        self._delete_collection(self.name)
        self._collection = None
        self.cache.clear()
        self.public.clear()

    def _delete_collection(self, name: str) -> None:
        try:
            self.client.delete_collection(name)
        except Exception as exc:
            if not _is_missing(exc):
                raise

    def _create(self, name: str) -> Any:
        return self.client.create_collection(
            name,
            embedding_function=self.embedder.chroma(),
            configuration={"hnsw": HNSW},
            metadata={"embedder": self.embedder.id, "dimension": self.embedder.dimension},
        )

    def compact(self, *, page: int = 2000) -> int:
        """Rebuild the collection from the vectors it holds now; returns how many it holds.

        Chroma's delete only marks a vector deleted: its bytes stay in the HNSW segment files
        (and in the write-ahead log in chroma.sqlite3) until the collection is dropped. Copying the
        live vectors into a fresh collection and dropping the old one leaves no deleted vector
        in the index (an embedded store's files need ``chroma_files.scrub`` too); nothing is
        re-embedded. A crash between the drop and the rename leaves the index
        empty under its name (``cadence index --check`` reports it, ``--rebuild`` restores it)."""
        temp_name = f"{self.name}-compacting"
        self._delete_collection(temp_name)  # left over from an interrupted compaction
        self._call(lambda c: c.count())  # re-opens a handle another index object made stale
        old, temp = self.collection, self._create(temp_name)
        copied, offset = 0, 0
        while True:
            got = old.get(include=["embeddings", "metadatas"], limit=page, offset=offset)
            if not len(got["ids"]):
                break
            temp.add(ids=got["ids"], embeddings=got["embeddings"], metadatas=got["metadatas"])
            copied += len(got["ids"])
            offset += page
        self._delete_collection(self.name)
        temp.modify(name=self.name)
        self._collection = None
        return copied

    def query(self, text: str, where: Mapping[str, Any], k: int) -> list[VectorHit]:
        """Nearest documents to ``text`` among those matching ``where`` (required: an unfiltered
        query would be a leak)."""
        if not where:
            raise ValueError("refusing an unfiltered vector query")
        if k <= 0:
            return []
        vectors = self.embedder.embed_queries([text])
        res = self._call(
            lambda c: c.query(
                query_embeddings=vectors,
                where=dict(where),
                n_results=k,
                include=["metadatas", "distances"],
            )
        )
        ids = res["ids"][0]
        dists = (res.get("distances") or [[0.0] * len(ids)])[0]
        metas = (res.get("metadatas") or [[{}] * len(ids)])[0]
        return [
            VectorHit(doc_id=i, distance=float(d), metadata=m or {})
            for i, d, m in zip(ids, dists, metas, strict=True)
        ]


def make_chroma_client(config: ChromaConfig) -> Any:
    """An embedded PersistentClient at ``config.path``, or an HttpClient when ``config.url`` is set.

    Telemetry is always off: Cadence makes no network calls it was not asked to make."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if config.url:
        url = urlparse(config.url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise BadChromaUrl(config.url)
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        return chromadb.HttpClient(host=url.hostname, port=port, ssl=ssl, settings=chroma_settings)
    config.path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(config.path), settings=chroma_settings)


__all__ = [
    "HNSW",
    "META_KEYS",
    "VectorHit",
    "VectorIndex",
    "fingerprint",
    "make_chroma_client",
    "metadata_of",
]


def _op(name: str, collection: Any, **kwargs: Any) -> Any:
    """``collection.<name>(**kwargs)``, as a callable :meth:`VectorIndex._call` can retry."""
    return getattr(collection, name)(**kwargs)
