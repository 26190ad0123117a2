"""The vector index: a real Chroma PersistentClient in tmp_path, vectors and metadata only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chroma_limits import LimitedChroma

from retrieval.config import ChromaConfig
from retrieval.embedders import HashingEmbedder
from retrieval.errors import BadChromaUrl, RetrievalConfigError
from retrieval.filters import CHROMA_KEYS
from retrieval.index import (
    FALLBACK_MAX_BATCH,
    HNSW,
    META_KEYS,
    VectorIndex,
    make_chroma_client,
    metadata_of,
)
from retrieval.types import Document


def _doc(n: int, text: str, *, subject: int | None = 1, visibility: str = "shared") -> Document:
    return Document(
        f"F{n}", f"F{n}", "feedback", n, subject, 2, None, visibility, 20261101, None, text
    )


def _config(tmp_path: Path, url: str | None = None) -> ChromaConfig:
    return ChromaConfig(path=tmp_path / "chroma", url=url)


@pytest.fixture
def vindex(tmp_path: Path) -> VectorIndex:
    return VectorIndex(make_chroma_client(_config(tmp_path)), HashingEmbedder(dimension=64))


def test_stores_vectors_and_metadata_but_never_text(vindex: VectorIndex) -> None:
    vindex.upsert([_doc(1, "a secret about the ledger"), _doc(2, "praise for the launch")])
    got = vindex.collection.get(include=["documents", "metadatas"])
    assert sorted(got["ids"]) == ["F1", "F2"]
    assert got["documents"] == [None, None]
    meta = dict(zip(got["ids"], got["metadatas"], strict=True))["F1"]
    assert meta["record_type"] == "feedback" and meta["record_id"] == 1
    assert meta["subject"] == 1 and meta["author"] == 2 and meta["date"] == 20261101
    assert "team" not in meta  # None is left out, never a sentinel
    assert "ledger" not in repr(got["metadatas"])


def test_upsert_is_idempotent_and_delete_removes(vindex: VectorIndex) -> None:
    docs = [_doc(i, f"note {i}") for i in range(1, 6)]
    vindex.upsert(docs)
    vindex.upsert(docs)
    assert vindex.count() == 5
    vindex.delete(["F2", "F4", "F99"])
    assert vindex.ids() == {"F1", "F3", "F5"}
    assert vindex.doc_ids_for("feedback", [1, 2, 3]) == {"F1", "F3"}
    assert vindex.delete([]) == 0


def _limited(tmp_path: Path, max_batch: int) -> tuple[VectorIndex, LimitedChroma]:
    client = LimitedChroma(make_chroma_client(_config(tmp_path)), max_batch)
    return VectorIndex(client, HashingEmbedder(dimension=64)), client


def test_writes_larger_than_chromas_max_batch_are_split(tmp_path: Path) -> None:
    vindex, client = _limited(tmp_path, 3)
    assert vindex.upsert([_doc(i, f"note {i}") for i in range(1, 8)]) == 7
    assert vindex.count() == 7
    assert vindex.doc_ids_for("feedback", range(1, 8)) == {f"F{i}" for i in range(1, 8)}
    assert vindex.delete([f"F{i}" for i in range(1, 7)] + ["F99"]) == 7
    assert vindex.ids() == {"F7"}
    assert client.writes == [
        ("upsert", 3),
        ("upsert", 3),
        ("upsert", 1),
        ("delete", 3),
        ("delete", 3),
        ("delete", 1),
    ]
    assert client.asked == 1  # asked once per client, not per call


@pytest.mark.parametrize("reported", [-1, 0])
def test_a_client_that_cannot_say_gets_a_safe_batch_size(tmp_path: Path, reported: int) -> None:
    vindex, _ = _limited(tmp_path, reported)
    assert vindex.max_batch == FALLBACK_MAX_BATCH


def test_query_is_filtered_and_refuses_no_filter(vindex: VectorIndex) -> None:
    vindex.upsert([_doc(1, "ledger launch", subject=1), _doc(2, "ledger launch", subject=3)])
    hits = vindex.query("ledger launch", {"subject": {"$in": [3]}}, k=10)
    assert [h.doc_id for h in hits] == ["F2"]
    with pytest.raises(ValueError, match="unfiltered"):
        vindex.query("ledger", {}, k=10)


def test_a_document_missing_its_subject_never_matches_a_subject_filter(
    vindex: VectorIndex,
) -> None:
    vindex.upsert([_doc(1, "ledger", subject=None), _doc(2, "ledger", subject=5)])
    assert "subject" not in metadata_of(_doc(1, "x", subject=None))
    hits = vindex.query("ledger", {"subject": {"$in": [1, 2, 3, 4, 5]}}, k=10)
    assert [h.doc_id for h in hits] == ["F2"]


def test_collection_per_embedder_never_mixes(tmp_path: Path) -> None:
    client = make_chroma_client(_config(tmp_path))
    small = VectorIndex(client, HashingEmbedder(dimension=32))
    large = VectorIndex(client, HashingEmbedder(dimension=64))
    assert small.name != large.name
    small.upsert([_doc(1, "a")])
    assert large.count() == 0 and small.count() == 1
    small.drop()
    assert VectorIndex(client, HashingEmbedder(dimension=32)).count() == 0


def test_persistent_index_survives_a_new_client(tmp_path: Path) -> None:
    config = _config(tmp_path)
    VectorIndex(make_chroma_client(config), HashingEmbedder(dimension=64)).upsert([_doc(1, "x")])
    again = VectorIndex(make_chroma_client(config), HashingEmbedder(dimension=64))
    assert again.ids() == {"F1"}
    assert (tmp_path / "chroma").is_dir()


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://host:1", "http://"])
def test_bad_chroma_url_is_a_config_error(tmp_path: Path, url: str) -> None:
    with pytest.raises(BadChromaUrl, match="Chroma URL must look like") as raised:
        make_chroma_client(_config(tmp_path, url))
    assert isinstance(raised.value, RetrievalConfigError) and raised.value.url == url
    # Retrieval knows no environment variables; the assistant names them when it maps the error.
    assert "CADENCE" not in str(raised.value)
    assert not (tmp_path / "chroma").exists()


def test_chroma_url_selects_the_http_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chromadb

    seen: dict[str, Any] = {}

    def fake_http_client(**kwargs: Any) -> str:
        seen.update(kwargs)
        return "http-client"

    monkeypatch.setattr(chromadb, "HttpClient", fake_http_client)
    assert make_chroma_client(_config(tmp_path, "https://chroma.internal")) == "http-client"
    assert (seen["host"], seen["port"], seen["ssl"]) == ("chroma.internal", 443, True)
    assert seen["settings"].anonymized_telemetry is False
    assert not (tmp_path / "chroma").exists()


def test_compact_keeps_live_vectors_exactly_and_drops_deleted_ones(vindex: VectorIndex) -> None:
    vindex.upsert([_doc(i, f"note number {i}") for i in range(1, 8)])
    vindex.delete(["F3"])
    before = vindex.collection.get(include=["embeddings", "metadatas"])
    assert vindex.compact(page=2) == 6  # several pages
    after = vindex.collection.get(include=["embeddings", "metadatas"])
    assert sorted(after["ids"]) == sorted(before["ids"]) and "F3" not in after["ids"]
    old = dict(zip(before["ids"], before["embeddings"], strict=True))
    for doc_id, vector, meta in zip(
        after["ids"], after["embeddings"], after["metadatas"], strict=True
    ):
        assert list(vector) == list(old[doc_id])
        assert meta == before["metadatas"][before["ids"].index(doc_id)]
    assert [c.name for c in vindex.client.list_collections()] == [vindex.name]


def test_another_handle_to_a_compacted_collection_reopens_it(
    vindex: VectorIndex, tmp_path: Path
) -> None:
    vindex.upsert([_doc(1, "ledger launch"), _doc(2, "pairing")])
    other = VectorIndex(vindex.client, vindex.embedder)
    assert other.count() == 2  # holds a handle to the collection as it is now
    vindex.compact()
    assert other.count() == 2
    assert [h.doc_id for h in other.query("ledger launch", {"subject": {"$in": [1]}}, k=1)]
    other.upsert([_doc(3, "third")])
    assert vindex.count() == 3


def _hnsw(vindex: VectorIndex) -> dict[str, Any]:
    return dict(vindex.collection.configuration_json["hnsw"])


def test_a_new_collection_gets_the_cheaper_graph_build(vindex: VectorIndex) -> None:
    vindex.upsert([_doc(1, "x")])
    hnsw = _hnsw(vindex)
    assert hnsw["space"] == "cosine" and hnsw["ef_construction"] == HNSW["ef_construction"] == 64


def test_a_collection_created_with_the_old_settings_still_opens_and_searches(
    tmp_path: Path,
) -> None:
    client = make_chroma_client(_config(tmp_path))
    embedder = HashingEmbedder(dimension=64)
    old = client.create_collection(
        VectorIndex(client, embedder).name,
        embedding_function=embedder.chroma(),
        configuration={"hnsw": {"space": "cosine"}},  # as created before ef_construction was set
        metadata={"embedder": embedder.id, "dimension": embedder.dimension},
    )
    docs = [_doc(1, "ledger launch", subject=1), _doc(2, "ledger launch", subject=3)]
    old.add(  # with the metadata keys written then, doc_id and cycle included
        ids=[d.doc_id for d in docs],
        embeddings=embedder.embed([d.text for d in docs]),
        metadatas=[{**metadata_of(d), "doc_id": d.doc_id, "cycle": 7} for d in docs],
    )
    again = VectorIndex(make_chroma_client(_config(tmp_path)), embedder)
    assert [h.doc_id for h in again.query("ledger", {"subject": {"$in": [3]}}, k=5)] == ["F2"]
    assert _hnsw(again)["ef_construction"] == 100  # Chroma keeps what it was created with
    again.upsert([_doc(3, "ledger launch", subject=3)])
    assert {h.doc_id for h in again.query("ledger", {"subject": {"$in": [3]}}, k=5)} == {
        "F2",
        "F3",
    }


def test_metadata_holds_what_filters_and_hits_read_and_nothing_else() -> None:
    full = Document("C4:private", "C4", "checkin", 4, 1, 2, 3, "private", 20261101, 9, "notes")
    meta = metadata_of(full)
    assert set(meta) == set(META_KEYS)
    assert set(CHROMA_KEYS.values()) <= set(meta)  # every key an access filter matches on
    assert {"citation", "record_id", "fp"} <= set(meta)  # attribution, drift check, vector memo
    assert "doc_id" not in meta and "cycle" not in meta  # the vector's id; nothing reads a cycle
