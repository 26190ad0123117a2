"""Scrubbing an embedded Chroma directory (retrieval/chroma_files.py), on a real PersistentClient:
dropped segments go, and a live segment keeps its vectors but nothing past them."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from retrieval.chroma_files import scrub
from retrieval.config import ChromaConfig
from retrieval.embedders import HashingEmbedder
from retrieval.index import make_chroma_client

DIM = 8
VECTORS = (np.eye(DIM, dtype=np.float32) + np.float32(0.1))[:5]
# What hnswlib might find in the memory it does not initialise: a vector freed before.
STALE = np.linspace(0.5, 4.0, DIM, dtype=np.float32).tobytes()


def _store(path: Path) -> tuple[Any, Any]:
    client = make_chroma_client(ChromaConfig(path=path))
    collection = client.create_collection(
        "notes",
        embedding_function=HashingEmbedder(dimension=DIM).chroma(),
        # Save to the segment files after every write, so they hold elements, not only the log.
        configuration={"hnsw": {"space": "cosine", "sync_threshold": 2, "batch_size": 2}},
    )
    collection.add(ids=[f"v{i}" for i in range(len(VECTORS))], embeddings=VECTORS)
    return client, collection


def _segment(path: Path) -> Path:
    (segment,) = [d for d in path.iterdir() if (d / "header.bin").exists()]
    return segment


def _used(segment: Path) -> int:
    """Bytes of data_level0.bin the header's elements occupy."""
    _, _, _, count, per_element = struct.unpack_from("=i4Q", (segment / "header.bin").read_bytes())
    assert count == len(VECTORS)
    return int(count * per_element)


def _plant(path: Path, at: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(at)
        fh.write(STALE)


def test_a_live_segment_keeps_its_vectors_and_nothing_past_them(tmp_path: Path) -> None:
    path = tmp_path / "chroma"
    client, _ = _store(path)
    segment = _segment(path)
    data, lengths = segment / "data_level0.bin", segment / "length.bin"
    used = _used(segment)
    assert data.stat().st_size > used + len(STALE) and lengths.stat().st_size > 4 * len(VECTORS)
    _plant(data, used + 64)
    _plant(lengths, 4 * len(VECTORS))
    kept = data.read_bytes()[:used]

    assert scrub(path) == 0

    assert data.read_bytes()[:used] == kept
    assert not any(data.read_bytes()[used:]) and not any(lengths.read_bytes()[4 * len(VECTORS) :])
    client.close()  # the next client loads the index from the files
    reopened = make_chroma_client(ChromaConfig(path=path))
    try:
        got = reopened.get_collection("notes").get(ids=["v2"], include=["embeddings"])
        np.testing.assert_allclose(got["embeddings"][0], VECTORS[2], rtol=1e-6)
        hits = reopened.get_collection("notes").query(query_embeddings=[VECTORS[3]], n_results=1)
        assert hits["ids"] == [["v3"]]
    finally:
        reopened.close()


def test_a_dropped_segment_is_shredded(tmp_path: Path) -> None:
    path = tmp_path / "chroma"
    client, _ = _store(path)
    segment = _segment(path)
    client.delete_collection("notes")
    assert segment.exists()  # Chroma leaves it behind
    try:
        assert scrub(path) == 1
    finally:
        client.close()
    assert not segment.exists()


def test_an_hnsw_layout_it_does_not_know_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "chroma"
    client, _ = _store(path)
    segment = _segment(path)
    header = segment / "header.bin"
    header.write_bytes(struct.pack("=i", 2) + header.read_bytes()[4:])
    data = segment / "data_level0.bin"
    _plant(data, _used(segment) + 64)
    before = data.read_bytes()
    try:
        with pytest.raises(ValueError, match="unknown HNSW file layout"):
            scrub(path)
    finally:
        client.close()
    assert data.read_bytes() == before
