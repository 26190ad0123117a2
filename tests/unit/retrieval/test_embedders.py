"""Embedders: the bundled model works offline; every embedder plugs into Chroma and LangChain."""

from __future__ import annotations

import socket
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromadb
import chromadb.errors
import numpy as np
import pytest
from chromadb.api.segment import check_index_name
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import InMemoryVectorStore

from retrieval import embedders
from retrieval.config import EmbedderConfig
from retrieval.embedder_factory import make_embedder
from retrieval.embedders import (
    BundledEmbedder,
    ChromaEmbeddingFunction,
    Embedder,
    HashingEmbedder,
    bundled_model_dir,
    collection_name,
)
from retrieval.errors import MissingCredentials, RetrievalConfigError
from retrieval.openai_embedder import OpenAIEmbedder

# (anchor, paraphrase, unrelated) — performance-management text the bundled model must rank.
TRIPLES = [
    (
        "She gave clear, specific feedback on my presentation.",
        "Her comments on my slides were detailed and useful.",
        "The database migration finished on Tuesday night.",
    ),
    (
        "He is burned out and working late every evening.",
        "He feels exhausted and overworked lately.",
        "Quarterly revenue grew by twelve percent.",
    ),
    (
        "Goal: reduce customer support response time.",
        "Objective: answer support tickets faster.",
        "We planted trees at the company offsite.",
    ),
    (
        "Priya mentored the new engineers during onboarding.",
        "Priya coached the new hires in their first weeks.",
        "The printer on the third floor is broken.",
    ),
]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Hub offline, and any socket connection raises: loading must need neither."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedders._load_static_model.cache_clear()  # force a real load under the block
    yield
    embedders._load_static_model.cache_clear()


@pytest.fixture(scope="module")
def bundled() -> BundledEmbedder:
    return BundledEmbedder()


def _chroma(path: Path) -> Any:
    return chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )


def test_bundled_model_loads_from_package_data_offline(offline: None) -> None:
    embedder = BundledEmbedder()
    assert embedder.id == "minilm-static-v1"
    assert embedder.dimension == 256
    vectors = embedder.embed(["Dana shipped the reporting dashboard."])
    assert vectors.shape == (1, 256)
    assert vectors.dtype == np.float32
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)


def test_bundled_model_is_small_package_data() -> None:
    files = {f.name: f.stat().st_size for f in bundled_model_dir().iterdir()}
    assert set(files) == {"config.json", "model.safetensors", "tokenizer.json"}
    assert sum(files.values()) < 20_000_000


def test_missing_model_is_a_config_error_not_a_download(tmp_path: Path) -> None:
    # model2vec would treat a missing folder as a hub repo id and try to download it.
    with pytest.raises(RetrievalConfigError, match="no static embedding model"):
        BundledEmbedder(tmp_path / "nowhere")


@pytest.mark.parametrize(("anchor", "paraphrase", "unrelated"), TRIPLES)
def test_bundled_paraphrases_score_above_unrelated(
    bundled: BundledEmbedder, anchor: str, paraphrase: str, unrelated: str
) -> None:
    a, p, u = bundled.embed([anchor, paraphrase, unrelated])
    assert float(a @ p) > float(a @ u) + 0.2


def test_text_without_known_tokens_embeds_to_zeros_not_nan(bundled: BundledEmbedder) -> None:
    vectors = bundled.embed(["", "   ", "ok"])
    assert not np.isnan(vectors).any()
    assert np.allclose(vectors[0], 0.0)
    assert bundled.embed([]).shape == (0, 256)


@pytest.mark.parametrize("factory", [BundledEmbedder, lambda: HashingEmbedder(32)])
def test_langchain_interface(factory: Any) -> None:
    embedder: Embedder = factory()
    assert isinstance(embedder, Embeddings)
    docs = embedder.embed_documents(["first text", "second text"])
    assert len(docs) == 2
    assert all(len(row) == embedder.dimension and isinstance(row[0], float) for row in docs)
    assert embedder.embed_query("first text") == pytest.approx(docs[0], abs=1e-6)


def test_works_in_a_langchain_vector_store(bundled: BundledEmbedder) -> None:
    store = InMemoryVectorStore(embedding=bundled)
    store.add_texts([t for triple in TRIPLES for t in (triple[0], triple[2])])
    hit = store.similarity_search("the new hires were coached by Priya", k=1)[0]
    assert hit.page_content == TRIPLES[3][0]


def test_chroma_function_is_not_legacy_and_round_trips_its_config() -> None:
    function = HashingEmbedder(16).chroma()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Chroma warns (DeprecationWarning) about legacy functions
        assert function.is_legacy() is False
        assert function.name() == "cadence"
        assert function.get_config() == {"embedder_id": "hashing-v1", "dimension": 16}
        rebuilt = ChromaEmbeddingFunction.build_from_config(function.get_config())
        ChromaEmbeddingFunction.validate_config(rebuilt.get_config())
    assert rebuilt.get_config() == function.get_config()
    with pytest.raises(RetrievalConfigError, match="embedded with 'hashing-v1'"):
        rebuilt(["text"])
    with pytest.raises(ValueError, match="cannot change"):
        function.validate_config_update(function.get_config(), {"embedder_id": "x", "dimension": 1})


def test_bundled_embedder_in_a_real_chroma_collection(
    bundled: BundledEmbedder, tmp_path: Path
) -> None:
    name = collection_name(bundled)
    texts = [t for triple in TRIPLES for t in (triple[0], triple[2])]
    ids = [f"F{i}" for i in range(len(texts))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        collection = _chroma(tmp_path).get_or_create_collection(
            name, embedding_function=bundled.chroma()
        )
        collection.add(ids=ids, documents=texts)
        result = collection.query(query_texts=["overworked and tired"], n_results=2)
    assert not [w for w in caught if "legacy" in str(w.message) or "embedding" in str(w.message)]
    assert result["ids"][0][0] == "F2"
    assert collection.configuration["hnsw"]["space"] == "cosine"

    # A new client (another process, in effect) reopens it with the embedder passed explicitly.
    reopened = _chroma(tmp_path).get_collection(name, embedding_function=bundled.chroma())
    again = reopened.query(query_texts=["overworked and tired"], n_results=1)
    assert again["ids"][0] == ["F2"]
    # Opened without it, the collection refuses to embed rather than fall back to Chroma's
    # default model (which would download weights and mix vector spaces).
    bare = _chroma(tmp_path).get_collection(name)
    with pytest.raises(RetrievalConfigError, match="minilm-static-v1"):
        bare.query(query_texts=["overworked and tired"], n_results=1)


def test_chroma_rejects_an_embedder_mismatch(tmp_path: Path) -> None:
    client = _chroma(tmp_path)
    small, large = HashingEmbedder(16), HashingEmbedder(32)
    collection = client.create_collection(collection_name(small), embedding_function=small.chroma())
    collection.add(ids=["a"], documents=["hello"])
    assert collection_name(small) != collection_name(large)
    with pytest.raises(chromadb.errors.InvalidArgumentError, match="dimension of 16, got 32"):
        collection.add(ids=["b"], embeddings=[large.embed_query("hello")])


class _NamedEmbedder(HashingEmbedder):
    def __init__(self, name: str, dimension: int):
        super().__init__(dimension)
        self._name = name

    @property
    def id(self) -> str:
        return self._name


@pytest.mark.parametrize(
    "embedder",
    [
        HashingEmbedder(64),
        _NamedEmbedder("openai-text-embedding-3-small", 1536),
        _NamedEmbedder("weird id/with:colons & spaces", 8),
        _NamedEmbedder("-leading-and-trailing-", 8),
        _NamedEmbedder("x" * 100, 3072),
        _NamedEmbedder("", 8),
    ],
)
def test_collection_names_are_valid_for_chroma(embedder: Embedder) -> None:
    name = collection_name(embedder)
    check_index_name(name)
    assert name.startswith("cadence__")
    assert name.endswith(f"__{embedder.dimension}")


def test_collection_names_differ_by_embedder_and_dimension(bundled: BundledEmbedder) -> None:
    names = {
        collection_name(bundled),
        collection_name(HashingEmbedder(256)),
        collection_name(HashingEmbedder(64)),
        collection_name(_NamedEmbedder("y" * 100 + "a", 8)),
        collection_name(_NamedEmbedder("y" * 100 + "b", 8)),
    }
    assert len(names) == 5
    assert collection_name(bundled) == "cadence__minilm-static-v1__256"


def test_hashing_embedder_is_deterministic_and_word_sensitive() -> None:
    one, two = HashingEmbedder(64), HashingEmbedder(64)
    texts = ["late project updates", "project updates were late", "lovely weather today"]
    a, b, c = one.embed(texts)
    assert np.array_equal(one.embed(texts), two.embed(texts))
    assert float(a @ b) > float(a @ c)
    with pytest.raises(ValueError):
        HashingEmbedder(1)


@pytest.mark.parametrize("choice", ["auto", "bundled"])
def test_make_embedder_defaults_to_bundled_even_with_an_openai_key(choice: str) -> None:
    config = EmbedderConfig(choice=choice, openai_api_key="sk-test")
    assert isinstance(make_embedder(config), BundledEmbedder)


def test_make_embedder_openai_needs_a_key_or_url() -> None:
    with pytest.raises(MissingCredentials, match="an API key or a base URL") as raised:
        make_embedder(EmbedderConfig(choice="openai"))
    assert "CADENCE" not in str(raised.value)  # the assistant names its variables


def test_make_embedder_openai_when_chosen(offline: None) -> None:
    config = EmbedderConfig(
        choice="openai", openai_api_key="sk-test", openai_model="text-embedding-3-large"
    )
    embedder = make_embedder(config)  # builds a client; makes no request
    assert isinstance(embedder, OpenAIEmbedder)
    assert (embedder.id, embedder.dimension) == ("openai-text-embedding-3-large", 3072)
