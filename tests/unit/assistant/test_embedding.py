"""The embedder the runtime hands out: built once, the configured one inside, and raising the
assistant's errors wherever an embedding call fails (a drain, a search, an ``ask``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.embedding import MappedEmbedder
from assistant.errors import ModelError
from assistant.runtime import Runtime
from assistant.settings import Settings
from retrieval.embedders import BundledEmbedder, Embedder, HashingEmbedder, collection_name
from retrieval.errors import EmbeddingError
from retrieval.vectors import Vectors


class _Down(Embedder):
    """An endpoint that fails every call, as retrieval reports it."""

    @property
    def id(self) -> str:
        return "down"

    @property
    def dimension(self) -> int:
        raise EmbeddingError("embedding request failed: APIConnectionError")

    def embed(self, texts: Sequence[str]) -> Vectors:
        raise EmbeddingError("embedding request failed: APIConnectionError")


def test_runtime_builds_the_embedder_once(tmp_path: Path) -> None:
    runtime = Runtime(Settings(environment="test", data_dir=tmp_path))
    embedder = runtime.embedder
    assert embedder is runtime.embedder
    assert isinstance(embedder, MappedEmbedder) and isinstance(embedder.inner, BundledEmbedder)


def test_the_wrapper_keeps_the_collection_and_the_vectors() -> None:
    inner = HashingEmbedder(dimension=32)
    mapped = MappedEmbedder(inner)
    assert collection_name(mapped) == collection_name(inner)
    texts = ["late status updates", "a clear plan"]
    assert (mapped.embed(texts) == inner.embed(texts)).all()
    assert (mapped.embed_queries(texts) == inner.embed_queries(texts)).all()
    assert mapped.embed_query("plan") == inner.embed_query("plan")


@pytest.mark.parametrize("call", ["embed", "embed_queries", "dimension"])
def test_an_endpoint_failure_is_a_model_error(call: str) -> None:
    mapped = MappedEmbedder(_Down())
    with pytest.raises(ModelError, match="embedding request failed: APIConnectionError"):
        if call == "dimension":
            mapped.dimension  # noqa: B018
        else:
            getattr(mapped, call)(["x"])
