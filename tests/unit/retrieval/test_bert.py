"""The numpy BERT pieces (retrieval/bert.py) against their definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from retrieval.bert import BertEncoder, _gelu_, mean_pool


def test_gelu_is_the_exact_erf_gelu_to_a_few_float32_ulps() -> None:
    # Over several row chunks, with a ragged last one.
    x = np.linspace(-8, 8, 300 * 101, dtype=np.float32).reshape(300, 101)
    expected = np.array([v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x.ravel().tolist()])
    got = _gelu_(x.copy()).ravel()
    # A&S 7.1.26's erf is within 1.5e-7; float32 arithmetic adds a few units in the last place.
    assert (np.abs(got - expected) / np.maximum(1, np.abs(x.ravel()))).max() < 1e-6


def test_mean_pool_ignores_padding() -> None:
    hidden = np.arange(12, dtype=np.float32).reshape(2, 3, 2)
    mask = np.array([[True, True, False], [True, True, True]])
    np.testing.assert_allclose(mean_pool(hidden, mask), [[1, 2], [8, 9]])


def _tiny_weights(
    rng: np.random.Generator, hidden: int = 8, inner: int = 16
) -> dict[str, np.ndarray]:
    def r(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.5, shape).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(20, hidden),
        "embeddings.position_embeddings.weight": r(10, hidden),
        "embeddings.token_type_embeddings.weight": r(2, hidden),
        "embeddings.LayerNorm.weight": 1 + r(hidden),
        "embeddings.LayerNorm.bias": r(hidden),
    }
    p = "encoder.layer.0"
    for name, (o, i) in {
        "attention.self.query": (hidden, hidden),
        "attention.self.key": (hidden, hidden),
        "attention.self.value": (hidden, hidden),
        "attention.output.dense": (hidden, hidden),
        "intermediate.dense": (inner, hidden),
        "output.dense": (hidden, inner),
    }.items():
        w[f"{p}.{name}.weight"], w[f"{p}.{name}.bias"] = r(o, i), r(o)
    for name in ("attention.output.LayerNorm", "output.LayerNorm"):
        w[f"{p}.{name}.weight"], w[f"{p}.{name}.bias"] = 1 + r(hidden), r(hidden)
    return w


def _reference_forward(w: dict[str, np.ndarray], ids: list[int], heads: int) -> np.ndarray:
    """BERT written out the textbook way, one sequence, float64, no padding, no fusing."""

    def ln(x: np.ndarray, name: str) -> np.ndarray:
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * w[f"{name}.weight"] + w[f"{name}.bias"]

    def lin(x: np.ndarray, name: str) -> np.ndarray:
        return x @ w[f"{name}.weight"].T.astype(np.float64) + w[f"{name}.bias"]

    n = len(ids)
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    ).astype(np.float64)
    x = ln(x, "embeddings.LayerNorm")
    p = "encoder.layer.0"
    d = x.shape[1] // heads
    q, k, v = (lin(x, f"{p}.attention.self.{m}") for m in ("query", "key", "value"))
    parts = []
    for h in range(heads):
        s = slice(h * d, (h + 1) * d)
        scores = q[:, s] @ k[:, s].T / math.sqrt(d)
        probs = np.exp(scores - scores.max(-1, keepdims=True))
        parts.append(probs / probs.sum(-1, keepdims=True) @ v[:, s])
    x = ln(
        lin(np.hstack(parts), f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm"
    )
    inner = lin(x, f"{p}.intermediate.dense")
    gelu = inner * 0.5 * (1 + np.vectorize(math.erf)(inner / math.sqrt(2)))
    return ln(lin(gelu, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")


@pytest.mark.parametrize("prefix", ["", "bert."])
def test_forward_matches_a_textbook_bert_and_ignores_padding(prefix: str) -> None:
    rng = np.random.default_rng(7)
    weights = _tiny_weights(rng)
    config = {"hidden_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1}
    encoder = BertEncoder.from_weights({prefix + k: v for k, v in weights.items()}, config)
    short, long = [1, 5, 7], [2, 3, 4, 9, 11, 2]
    ids = np.array([[*short, 0, 0, 0], long])
    mask = np.array([[True] * 3 + [False] * 3, [True] * 6])
    got = encoder.forward(ids, mask)
    np.testing.assert_allclose(got[0, :3], _reference_forward(weights, short, 2), atol=2e-5)
    np.testing.assert_allclose(got[1], _reference_forward(weights, long, 2), atol=2e-5)


def test_refuses_a_config_it_does_not_implement() -> None:
    weights = _tiny_weights(np.random.default_rng(0))
    config = {"hidden_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1}
    with pytest.raises(ValueError, match="GELU"):
        BertEncoder.from_weights(weights, {**config, "hidden_act": "relu"})
    with pytest.raises(ValueError, match="absolute"):
        BertEncoder.from_weights(weights, {**config, "position_embedding_type": "relative_key"})
