"""The vector index against a real Chroma server (``chroma run``), through make_chroma_client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import free_port, start_chroma, stop_chroma

from retrieval.config import ChromaConfig
from retrieval.embedders import HashingEmbedder
from retrieval.index import VectorIndex, make_chroma_client
from retrieval.types import Document

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    proc = start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_chroma(proc)


def _doc(n: int, text: str, subject: int) -> Document:
    return Document(f"F{n}", f"F{n}", "feedback", n, subject, 9, None, "shared", 20261101, None,
                    text)  # fmt: skip


def test_index_over_http(chroma_url: str, tmp_path: Path) -> None:
    config = ChromaConfig(path=tmp_path / "chroma", url=chroma_url)
    client = make_chroma_client(config)
    index = VectorIndex(client, HashingEmbedder(dimension=64))
    index.upsert([_doc(1, "ledger outage review", 1), _doc(2, "ledger outage review", 2)])
    index.upsert([_doc(1, "ledger outage review", 1)])  # idempotent
    assert index.count() == 2
    hits = index.query("ledger outage", {"subject": {"$in": [2]}}, k=5)
    assert [h.doc_id for h in hits] == ["F2"]
    got = index.collection.get(include=["documents"])
    assert got["documents"] == [None, None]  # no text on the server either
    index.delete(["F1"])
    assert index.ids() == {"F2"}
    assert not (tmp_path / "chroma").exists()  # nothing embedded was created
    index.drop()
    again = make_chroma_client(config)
    assert VectorIndex(again, HashingEmbedder(dimension=64)).count() == 0
    again.close()
    client.close()


def test_compaction_over_http_keeps_live_vectors(chroma_url: str, tmp_path: Path) -> None:
    config = ChromaConfig(path=tmp_path / "chroma", url=chroma_url)
    client = make_chroma_client(config)
    index = VectorIndex(client, HashingEmbedder(dimension=32))
    index.upsert([_doc(n, f"note {n}", n) for n in range(1, 6)])
    index.delete(["F2"])
    before = dict(zip(*(lambda g: (g["ids"], g["embeddings"]))(
        index.collection.get(include=["embeddings"])), strict=True))  # fmt: skip
    assert index.compact(page=2) == 4
    after = index.collection.get(include=["embeddings"])
    assert sorted(after["ids"]) == ["F1", "F3", "F4", "F5"]
    for doc_id, vector in zip(after["ids"], after["embeddings"], strict=True):
        assert list(vector) == list(before[doc_id])
    assert index.name in [c.name for c in client.list_collections()]
    assert not any(c.name.endswith("-compacting") for c in client.list_collections())
    client.close()
