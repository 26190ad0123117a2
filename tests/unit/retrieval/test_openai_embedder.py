"""OpenAIEmbedder against a small OpenAI-compatible server on 127.0.0.1 (no network)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np
import openai
import pytest

from retrieval.config import EmbedderConfig
from retrieval.embedders import HashingEmbedder
from retrieval.errors import EmbeddingError, MissingCredentials, RetrievalConfigError
from retrieval.openai_embedder import MAX_INPUT_TOKENS, OpenAIEmbedder
from retrieval.tokens import get_encoding


@dataclass
class FakeServer:
    """Answers POST /v1/embeddings with HashingEmbedder vectors, in reverse order (the API only
    promises an ``index`` per item). ``mode`` injects failures."""

    url: str = ""
    dimension: int = 1536
    mode: str = "ok"  # ok | 401 | 500 | slow | short
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    state = FakeServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(body)
            state.headers.append({k.lower(): v for k, v in self.headers.items()})
            if state.mode == "401":
                return self._send(401, {"error": {"message": "bad key", "type": "auth"}})
            if state.mode == "500":
                return self._send(500, {"error": {"message": "boom", "type": "server"}})
            if state.mode == "slow":
                time.sleep(1.0)
            dims = body.get("dimensions") or state.dimension
            vectors = HashingEmbedder(dims).embed(body["input"])
            data = [
                {"object": "embedding", "index": i, "embedding": vectors[i].tolist()}
                for i in range(len(body["input"]))
            ]
            if state.mode == "short":
                data = data[:-1]
            self._send(
                200,
                {
                    "object": "list",
                    "data": list(reversed(data)),
                    "model": body["model"],
                    "usage": {"prompt_tokens": 1, "total_tokens": 1},
                },
            )

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            raw = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out first
                pass

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False  # don't wait for the "slow" handler the client gave up on
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _embedder(server: FakeServer, **kwargs: Any) -> OpenAIEmbedder:
    kwargs.setdefault("max_retries", 0)
    return OpenAIEmbedder(base_url=server.url, api_key="sk-local-test", **kwargs)


def test_batches_keep_input_order(server: FakeServer) -> None:
    texts = [f"record number {i}" for i in range(5)]
    vectors = _embedder(server, batch_size=2).embed(texts)
    assert [len(r["input"]) for r in server.requests] == [2, 2, 1]
    assert vectors.shape == (5, 1536)
    assert np.allclose(vectors, HashingEmbedder(1536).embed(texts), atol=1e-6)
    assert server.requests[0]["model"] == "text-embedding-3-small"
    assert server.requests[0]["encoding_format"] == "float"
    assert "dimensions" not in server.requests[0]
    assert server.headers[0]["authorization"] == "Bearer sk-local-test"


def test_langchain_and_chroma_paths_use_the_endpoint(server: FakeServer) -> None:
    embedder = _embedder(server)
    assert len(embedder.embed_query("hello")) == 1536
    assert len(embedder.chroma()(["a", "b"])) == 2
    assert len(server.requests) == 2


def test_reduced_dimensions_are_requested_for_embedding_3_models(server: FakeServer) -> None:
    embedder = _embedder(server, dimension=256)
    assert embedder.embed(["x"]).shape == (1, 256)
    assert server.requests[0]["dimensions"] == 256


def test_unknown_model_dimension_is_probed_once(server: FakeServer) -> None:
    server.dimension = 768
    embedder = _embedder(server, model="nomic-embed-text")
    assert embedder.dimension == 768
    assert embedder.dimension == 768
    assert len(server.requests) == 1
    assert embedder.id == "openai-nomic-embed-text"


def test_empty_and_overlong_inputs_are_made_acceptable(server: FakeServer) -> None:
    long_text = "performance " * (MAX_INPUT_TOKENS + 500)
    _embedder(server).embed(["", "  ", long_text])
    sent = server.requests[0]["input"]
    assert sent[:2] == [" ", " "]
    assert len(get_encoding("cl100k_base").encode(sent[2])) == MAX_INPUT_TOKENS


def test_refused_credentials_are_a_config_error(server: FakeServer) -> None:
    server.mode = "401"
    with pytest.raises(RetrievalConfigError, match="refused the credentials"):
        _embedder(server).embed(["x"])


def test_server_errors_are_model_errors(server: FakeServer) -> None:
    server.mode = "500"
    with pytest.raises(EmbeddingError, match="InternalServerError"):
        _embedder(server).embed(["x"])


def test_timeouts_are_model_errors(server: FakeServer) -> None:
    server.mode = "slow"
    with pytest.raises(EmbeddingError, match="APITimeoutError"):
        _embedder(server, timeout_s=0.2).embed(["x"])
    # The timeout is not retried into a long wait: bounded attempts, counted, not timed.
    assert 1 <= len(server.requests) <= 3


def test_wrong_vector_count_is_a_model_error(server: FakeServer) -> None:
    server.mode = "short"
    with pytest.raises(EmbeddingError, match="returned 1 vectors for 2"):
        _embedder(server).embed(["a", "b"])


def test_a_passed_client_is_used(server: FakeServer) -> None:
    client = openai.OpenAI(base_url=server.url, api_key="sk-mine", max_retries=0)
    embedder = OpenAIEmbedder.from_config(EmbedderConfig(choice="openai"), client=client)
    embedder.embed(["x"])
    assert server.headers[0]["authorization"] == "Bearer sk-mine"


def test_conflicting_or_missing_connection_arguments() -> None:
    client = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="k")
    with pytest.raises(RetrievalConfigError, match="not both"):
        OpenAIEmbedder(client, api_key="k")
    with pytest.raises(MissingCredentials, match="an API key or a base URL"):
        OpenAIEmbedder()
    with pytest.raises(RetrievalConfigError, match="batch_size"):
        OpenAIEmbedder(client, batch_size=0)


def test_from_config_takes_url_key_and_timeouts(server: FakeServer) -> None:
    config = EmbedderConfig(
        choice="openai",
        openai_base_url=server.url,
        openai_api_key="sk-settings",
        timeout_s=7.5,
        max_retries=0,
    )
    assert "sk-settings" not in repr(config)  # a config may be logged; its key may not
    embedder = OpenAIEmbedder.from_config(config)
    assert embedder._client.timeout == 7.5
    assert embedder._client.max_retries == 0
    embedder.embed(["x"])
    assert server.headers[0]["authorization"] == "Bearer sk-settings"
