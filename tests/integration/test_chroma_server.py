"""The vector index against a real Chroma server (``chroma run``), through make_chroma_client."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from retrieval.config import ChromaConfig
from retrieval.embedders import HashingEmbedder
from retrieval.index import VectorIndex, make_chroma_client
from retrieval.types import Document

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = Path(sys.executable).with_name("chroma")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("w")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port",
         str(port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start: {(path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        log.close()


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
