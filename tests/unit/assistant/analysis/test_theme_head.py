"""The trained theme head: the shipped weights belong to the shipped training text and embedder,
retraining reproduces them, a reader refuses a head of another embedder, and the head reads the
themes of claims no cue names."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from assistant.analysis.theme_head import (
    ThemeHead,
    fit,
    head_path,
    load_training,
    shipped_head,
    train,
    training_hash,
)
from assistant.analysis.themes import ThemeReader, cue_scores, load_taxonomy
from retrieval.embedders import BundledEmbedder, HashingEmbedder


def _shipped() -> ThemeHead:
    head = shipped_head()
    assert head is not None, f"no theme head at {head_path()}"
    return head


def test_shipped_head_matches_the_training_text_and_embedder() -> None:
    head = _shipped()
    assert head.training_hash == training_hash(), (
        "theme_training.yaml changed without retraining: python -m assistant.analysis.train_head"
    )
    assert head.embedder_id == BundledEmbedder().id
    assert set(head.classes) == set(load_taxonomy().themes)
    assert head_path().stat().st_size < 100_000  # package data stays small


def test_retraining_reproduces_the_shipped_weights() -> None:
    head = _shipped()
    again = train(BundledEmbedder(), load_training(), training_hash(), head.c)
    assert again.classes == head.classes
    # Stored as float32; the arithmetic is deterministic, so only that rounding may differ.
    np.testing.assert_allclose(again.weights, head.weights, atol=1e-4)
    np.testing.assert_allclose(again.bias, head.bias, atol=1e-4)


def test_training_text_covers_every_theme_in_many_sentences() -> None:
    examples = load_training()
    assert len(examples) >= 900
    per_theme = {key: sum(e.theme == key for e in examples) for key in load_taxonomy().themes}
    assert min(per_theme.values()) >= 30, per_theme
    assert len({e.text for e in examples}) == len(examples)


def test_fit_is_deterministic_and_separates_clusters() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16))
    labels = [name for name in ("a", "b", "c") for _ in range(20)]
    points = np.repeat(centres, 20, axis=0) + 0.3 * rng.normal(size=(60, 16))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    classes, weights, bias = fit(points, labels, steps=300)
    again = fit(points, labels, steps=300)
    assert classes == ("a", "b", "c")
    assert np.array_equal(weights, again[1]) and np.array_equal(bias, again[2])
    predicted = np.argmax(points @ weights + bias, axis=1)
    assert [classes[i] for i in predicted] == labels


def test_a_reader_with_another_embedder_reads_without_the_shipped_head(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="assistant.analysis.theme_head"):
        reader = ThemeReader(HashingEmbedder())
        assert reader.head is None
    assert "not used" in caplog.text
    (guess,) = reader.read(["Keeps the wiki current."])
    assert guess.theme == "documentation"  # cues still read


def test_a_head_given_for_another_embedder_is_refused() -> None:
    reader = ThemeReader(HashingEmbedder(), head=_shipped())
    with pytest.raises(ValueError, match="cannot read"):
        reader.read(["Keeps the wiki current."])


# Claims that name their theme without any of its cue words, written for this test (not taken
# from the development set or the training text). Without the head the reader files each of them
# under another theme.
UNCUED = {
    "Whenever the servers fall over at night, he is the one who brings them back.": (
        "incident_response"
    ),
    "During the flood in the basement she got everyone out and the stock moved.": (
        "incident_response"
    ),
    "The figures in his pack never need a second look.": "quality_of_work",
    "Nobody can follow the steps he left behind.": "documentation",
}


@pytest.mark.parametrize(("text", "theme"), list(UNCUED.items()))
def test_the_head_reads_claims_no_cue_names(text: str, theme: str) -> None:
    assert theme not in cue_scores(text)
    (with_head,) = ThemeReader().read([text])
    (without,) = ThemeReader(head="none").read([text])
    assert with_head.theme == theme
    assert without.theme != theme
