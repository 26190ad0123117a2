"""A trained theme head: multinomial logistic regression over the bundled static embedder's
vectors, fitted on the project's own training text (theme_training.yaml beside this file).

The weights ship as package data (theme_head.npz, ~25 kB), written by
``python -m assistant.analysis.train_head`` together with the id of the embedder they were trained
on and a hash of the training text. They mean something only for that embedder: a reader whose
embedder has another id must not use them (:func:`head_for` says so and returns None). A test
checks the shipped weights still match the training text and that retraining reproduces them, so
neither can change without the other.

Training is plain numpy, deterministic: balanced class weights, an L2 penalty on the weights (not
the bias) as scikit-learn's ``C`` states it, and a fixed number of Nesterov-accelerated gradient
steps from zero - no randomness, so the same text and embedder give the same weights.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from retrieval.embedders import Embedder, Vectors

log = logging.getLogger(__name__)

TRAINING_FILE = "theme_training.yaml"
HEAD_FILE = "theme_head.npz"
# Inverse regularisation, chosen on the development set's even ids (evals/theme_head.py).
C = 3.0
STEPS = 3000  # enough for the loss to settle (its last 500 steps move it by < 1e-4)


@dataclass(frozen=True)
class Example:
    text: str
    polarity: str
    theme: str


def training_text() -> bytes:
    return resources.files("assistant.analysis").joinpath(TRAINING_FILE).read_bytes()


def training_hash(text: bytes | None = None) -> str:
    return hashlib.sha256(training_text() if text is None else text).hexdigest()


def load_training(text: bytes | None = None) -> list[Example]:
    data = yaml.safe_load(training_text() if text is None else text)
    return [
        Example(sentence, polarity, theme)
        for theme, sides in data["themes"].items()
        for polarity, sentences in sides.items()
        for sentence in sentences
    ]


@dataclass(frozen=True)
class ThemeHead:
    """Weights (dimension, classes) and bias (classes) of a softmax over ``classes``."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    embedder_id: str
    training_hash: str
    c: float

    def probabilities(self, vectors: Vectors) -> np.ndarray:
        """(len(vectors), classes) class probabilities."""
        return _softmax(vectors.astype(np.float64) @ self.weights + self.bias)

    def save(self, path: Path) -> None:
        with path.open("wb") as out:  # a file object: np.savez would add ".npz" to a bare name
            np.savez_compressed(
                out,
                classes=np.array(self.classes),
                weights=self.weights.astype(np.float32),
                bias=self.bias.astype(np.float32),
                embedder_id=np.array(self.embedder_id),
                training_hash=np.array(self.training_hash),
                c=np.array(self.c),
            )

    @classmethod
    def load(cls, path: Path) -> ThemeHead:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                classes=tuple(str(c) for c in data["classes"]),
                weights=data["weights"].astype(np.float64),
                bias=data["bias"].astype(np.float64),
                embedder_id=str(data["embedder_id"]),
                training_hash=str(data["training_hash"]),
                c=float(data["c"]),
            )


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    out: np.ndarray = shifted / shifted.sum(axis=1, keepdims=True)
    return out


def fit(
    vectors: Vectors, labels: list[str], c: float = C, steps: int = STEPS
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """(classes, weights, bias) minimising the class-balanced mean cross-entropy plus
    ``1 / (2 c n) |weights|^2`` - scikit-learn's ``LogisticRegression(C=c,
    class_weight="balanced")`` objective divided by ``c n``."""
    classes = tuple(sorted(set(labels)))
    x = np.asarray(vectors, dtype=np.float64)
    n, dimension = x.shape
    index = np.array([classes.index(label) for label in labels])
    y = np.zeros((n, len(classes)))
    y[np.arange(n), index] = 1.0
    counts = y.sum(axis=0)
    sample = (n / (len(classes) * counts[index]))[:, None]  # balanced class weights
    penalty = 1.0 / (c * n)
    # Gradient steps of 1/L, L the gradient's Lipschitz bound (softmax curvature <= 1/2).
    xb = np.hstack([x, np.ones((n, 1))])
    lipschitz = 0.5 * float(sample.max()) * np.linalg.norm(xb, 2) ** 2 / n + penalty
    step = 1.0 / lipschitz
    mask = np.ones((dimension + 1, 1))
    mask[-1] = 0.0  # the bias is not penalised
    theta = np.zeros((dimension + 1, len(classes)))
    ahead = theta.copy()
    for t in range(1, steps + 1):
        grad = xb.T @ (sample * (_softmax(xb @ ahead) - y)) / n + penalty * mask * ahead
        after = ahead - step * grad
        ahead = after + (t - 1) / (t + 2) * (after - theta)
        theta = after
    return classes, theta[:-1], theta[-1]


def train(embedder: Embedder, examples: list[Example], text_hash: str, c: float = C) -> ThemeHead:
    """A head trained on ``examples`` as the reader sees them (names masked, pronouns neutral)."""
    from assistant.analysis.themes import for_embedding

    vectors = embedder.embed([for_embedding(e.text) for e in examples])
    classes, weights, bias = fit(vectors, [e.theme for e in examples], c)
    return ThemeHead(classes, weights, bias, embedder.id, text_hash, c)


def head_path() -> Path:
    return package_path(HEAD_FILE)


def package_path(name: str) -> Path:
    return Path(str(resources.files("assistant.analysis").joinpath(name)))


def load_shipped(path: Path, what: str) -> ThemeHead | None:
    """A head shipped with the package (None, logged, when it is missing)."""
    if not path.exists():
        log.warning("no trained %s head at %s: read without it", what, path)
        return None
    return ThemeHead.load(path)


def matching(head: ThemeHead | None, embedder: Embedder, what: str) -> ThemeHead | None:
    """``head`` if it was trained on ``embedder``'s vectors; else None, with a warning (its
    weights would read another embedder's vectors as noise)."""
    if head is not None and head.embedder_id != embedder.id:
        log.warning(
            "%s head trained on embedder %r, reader uses %r: not used (retrain: python -m "
            "assistant.analysis.train_head)",
            what,
            head.embedder_id,
            embedder.id,
        )
        return None
    return head


@cache
def shipped_head() -> ThemeHead | None:
    """The theme head shipped with the package (None, logged, when it is missing)."""
    return load_shipped(head_path(), "theme")


def head_for(embedder: Embedder) -> ThemeHead | None:
    """The shipped theme head if it was trained on ``embedder``'s vectors; else None, logged:
    themes are then read from cues and similarity only."""
    return matching(shipped_head(), embedder, "theme")
