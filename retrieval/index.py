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

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlparse

from assistant.errors import ConfigError
from assistant.settings import Settings
from retrieval.embedders import Embedder, collection_name
from retrieval.types import Document

# Metadata keys every indexed vector carries. A value that is None is left out rather than stored
# as a sentinel: the access filter is an allow-list ($in/$eq), and a missing key never matches one.
META_KEYS = (
    "doc_id",
    "citation",
    "record_type",
    "record_id",
    "subject",
    "author",
    "team",
    "visibility",
    "date",
    "cycle",
    "fp",
)

# Used when the client cannot say (an older server answers -1): small enough for any Chroma.
FALLBACK_MAX_BATCH = 1000


def fingerprint(doc: Document) -> str:
    """A short hash of everything a document's index entries are built from, to spot stale ones."""
    parts = (
        doc.doc_id,
        doc.citation,
        doc.record_type,
        doc.record_id,
        doc.subject_id,
        doc.author_id,
        doc.team_id,
        doc.visibility,
        doc.date,
        doc.cycle_id,
        doc.text,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def metadata_of(doc: Document) -> dict[str, str | int]:
    raw: dict[str, str | int | None] = {
        "doc_id": doc.doc_id,
        "citation": doc.citation,
        "record_type": doc.record_type,
        "record_id": doc.record_id,
        "subject": doc.subject_id,
        "author": doc.author_id,
        "team": doc.team_id,
        "visibility": doc.visibility,
        "date": doc.date,
        "cycle": doc.cycle_id,
        "fp": fingerprint(doc),
    }
    return {k: v for k, v in raw.items() if v is not None}


@dataclass(frozen=True)
class VectorHit:
    doc_id: str
    distance: float
    metadata: Mapping[str, Any]


class VectorIndex:
    """A Chroma collection named for ``embedder`` (id + dimension), so vectors never mix."""

    def __init__(self, client: Any, embedder: Embedder) -> None:
        self.client = client
        self.embedder = embedder
        self.name = collection_name(embedder)
        self._collection: Any = None

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
            self._collection = self.client.get_or_create_collection(
                self.name,
                embedding_function=self.embedder.chroma(),
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": self.embedder.id, "dimension": self.embedder.dimension},
            )
        return self._collection

    def upsert(self, docs: Sequence[Document]) -> int:
        for batch in self._batches(docs):
            self.collection.upsert(
                ids=[d.doc_id for d in batch],
                embeddings=self.embedder.embed([d.text for d in batch]),
                metadatas=[metadata_of(d) for d in batch],
            )
        return len(docs)

    def delete(self, doc_ids: Iterable[str]) -> int:
        ids = sorted(set(doc_ids))
        for batch in self._batches(ids):
            self.collection.delete(ids=list(batch))
        return len(ids)

    def doc_ids_for(self, record_type: str, record_ids: Iterable[int]) -> set[str]:
        """Ids of the documents currently indexed for these records (a record may have several)."""
        found: set[str] = set()
        for batch in self._batches(sorted(set(record_ids))):
            where = {"$and": [{"record_type": {"$eq": record_type}}, {"record_id": {"$in": batch}}]}
            found.update(self.collection.get(where=where, include=[])["ids"])
        return found

    def count(self) -> int:
        return int(self.collection.count())

    def fingerprints(self, *, page: int = 5000) -> dict[str, str]:
        """doc id -> fingerprint of everything in the collection (for ``check``)."""
        out: dict[str, str] = {}
        offset = 0
        while True:
            got = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            for doc_id, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
                out[doc_id] = str((meta or {}).get("fp", ""))
            if len(got["ids"]) < page:
                return out
            offset += page

    def ids(self) -> set[str]:
        return set(self.fingerprints())

    def drop(self) -> None:
        """Delete the whole collection (a rebuild starts from nothing)."""
        try:
            self.client.delete_collection(self.name)
        except Exception as exc:  # chroma raises NotFoundError/ValueError by version
            if "does not exist" not in str(exc) and "not found" not in str(exc).lower():
                raise
        self._collection = None

    def query(self, text: str, where: Mapping[str, Any], k: int) -> list[VectorHit]:
        """Nearest documents to ``text`` among those matching ``where`` (required: an unfiltered
        query would be a leak)."""
        if not where:
            raise ValueError("refusing an unfiltered vector query")
        if k <= 0:
            return []
        res = self.collection.query(
            query_embeddings=self.embedder.embed_queries([text]),
            where=dict(where),
            n_results=k,
            include=["metadatas", "distances"],
        )
        ids = res["ids"][0]
        dists = (res.get("distances") or [[0.0] * len(ids)])[0]
        metas = (res.get("metadatas") or [[{}] * len(ids)])[0]
        return [
            VectorHit(doc_id=i, distance=float(d), metadata=m or {})
            for i, d, m in zip(ids, dists, metas, strict=True)
        ]


def make_chroma_client(settings: Settings) -> Any:
    """An embedded PersistentClient in the data dir, or an HttpClient when ``chroma_url`` is set.

    Telemetry is always off: Cadence makes no network calls it was not asked to make."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(
                f"CADENCE_CHROMA_URL must look like http://host:8000, got {settings.chroma_url!r}"
            )
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        return chromadb.HttpClient(host=url.hostname, port=port, ssl=ssl, settings=chroma_settings)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


__all__ = [
    "META_KEYS",
    "VectorHit",
    "VectorIndex",
    "fingerprint",
    "make_chroma_client",
    "metadata_of",
]
