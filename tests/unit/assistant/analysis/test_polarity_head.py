"""The trained polarity head: the shipped weights belong to the shipped training text and
embedder, retraining reproduces them, a reader with another embedder reads by the rules alone, and
the head corrects the rules only where it is sure."""

from __future__ import annotations

import logging
from collections import Counter

import numpy as np
import pytest

from assistant.analysis import polarity_head
from assistant.analysis.polarity import read_polarity
from assistant.analysis.polarity_head import CLASSES, RULE_WEIGHT, combine
from assistant.analysis.reading import read_feedback
from assistant.analysis.theme_head import ThemeHead
from assistant.analysis.themes import ThemeReader
from retrieval.embedders import BundledEmbedder, HashingEmbedder


def _shipped() -> ThemeHead:
    head = polarity_head.shipped_head()
    assert head is not None, f"no polarity head at {polarity_head.head_path()}"
    return head


def test_shipped_head_matches_the_training_text_and_embedder() -> None:
    head = _shipped()
    assert head.training_hash == polarity_head.training_hash(), (
        "polarity_training.yaml or theme_training.yaml changed without retraining: "
        "python -m assistant.analysis.train_head"
    )
    assert head.embedder_id == BundledEmbedder().id
    assert set(head.classes) == set(CLASSES)
    assert polarity_head.head_path().stat().st_size < 20_000  # package data stays small


def test_retraining_reproduces_the_shipped_weights() -> None:
    head = _shipped()
    texts = polarity_head.training_texts()
    again = polarity_head.train(
        BundledEmbedder(), polarity_head.load_training(texts), polarity_head.training_hash(texts)
    )
    assert again.classes == head.classes
    np.testing.assert_allclose(again.weights, head.weights, atol=1e-4)
    np.testing.assert_allclose(again.bias, head.bias, atol=1e-4)


def test_training_text_covers_the_hard_voices() -> None:
    voiced = polarity_head.voiced_examples()
    per_voice = Counter(voice for _, voice, _ in voiced)
    hard = (
        "praise_with_problem_word",
        "criticism_without_problem_word",
        "hedged",
        "sarcastic",
        "negated",
        "upward",
        "non_native",
        "mixed",
    )
    assert {v: per_voice[v] for v in hard if per_voice[v] < 14} == {}
    examples = polarity_head.load_training()
    assert len(examples) >= 1100
    assert len({text for text, _ in examples}) == len(examples)
    assert min(Counter(p for _, p in examples).values()) >= 100


def test_a_reader_with_another_embedder_reads_polarity_by_the_rules(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "She is the fire warden for the east wing."
    with caplog.at_level(logging.WARNING, logger="assistant.analysis.theme_head"):
        (reading,) = read_feedback(text, ThemeReader(HashingEmbedder()))
    assert "polarity head trained on embedder" in caplog.text
    assert reading.polarity == read_polarity(text).polarity


# Plain facts (written for this test, not taken from the development set or the training text)
# that the rules credit as implicit praise; the head knows a fact when it reads one.
FACTS = (
    "The team uses the shared drive for the supplier invoices.",
    "She is the fire warden for the east wing.",
    "She runs the payroll for the two smaller subsidiaries.",
)


@pytest.mark.parametrize("text", FACTS)
def test_the_head_reads_facts_the_rules_credit(text: str) -> None:
    assert read_polarity(text).polarity == "strength"
    (reading,) = read_feedback(text)
    assert reading.polarity == "neutral"


def _probs(strength: float, growth: float) -> np.ndarray:
    by_class = {"strength": strength, "growth": growth, "neutral": 1.0 - strength - growth}
    return np.array([by_class[c] for c in CLASSES])


def test_the_rules_decide_unless_the_head_is_sure() -> None:
    reading = read_polarity("She is a superb nurse and a calm one.")
    assert reading.polarity == "strength" and reading.minor is None
    unsure = _probs(strength=0.2, growth=0.7)
    assert combine(reading, unsure) == (reading.polarity, reading.confidence)
    growth = 0.02 + RULE_WEIGHT + 0.05  # beats the rules' class by more than their weight
    sure = _probs(strength=0.02, growth=growth)
    assert combine(reading, sure) == ("growth", round(growth, 2))
    assert combine(reading, None) == (reading.polarity, reading.confidence)


def test_a_contrast_keeps_the_rules_reading() -> None:
    reading = read_polarity("The draft was rough, but the final version was excellent.")
    assert reading.minor is not None
    assert combine(reading, _probs(strength=0.0, growth=1.0))[0] == reading.polarity
