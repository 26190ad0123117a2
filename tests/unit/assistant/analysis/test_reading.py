"""read_feedback: one reading per sentence, with its span, polarity and one theme."""

from __future__ import annotations

from assistant.analysis import read_feedback
from assistant.analysis.themes import ThemeReader, load_taxonomy

TEXT = (
    "Her runbooks for the billing service are the best documents we have. "
    "She needs to speak up more in stand-ups and share progress earlier."
)


def test_each_sentence_has_span_polarity_and_theme() -> None:
    first, second = read_feedback(TEXT)
    assert TEXT[first.span[0] : first.span[1]] == first.text
    assert TEXT[second.span[0] : second.span[1]] == second.text
    assert (first.polarity, first.theme) == ("strength", "documentation")
    assert second.polarity == "growth"
    assert second.theme in {"communication", "meeting_facilitation"}


def test_mixed_sentence_exposes_both_claims() -> None:
    (reading,) = read_feedback("The demo was polished, but the client never got the follow-up.")
    assert reading.polarity == "growth"
    assert reading.minor == "The demo was polished" and reading.minor_polarity == "strength"
    assert reading.claim.startswith("the client never got")


def test_nothing_fits_is_other() -> None:
    (guess,) = ThemeReader().read(["Zebra."])
    assert guess.theme == "other"


def test_taxonomy_has_the_devset_keys() -> None:
    from evals.devset import THEMES

    assert set(load_taxonomy().themes) == set(THEMES)


def test_empty_text_reads_nothing() -> None:
    assert read_feedback("   ") == []


def test_names_and_pronouns_do_not_change_the_reading() -> None:
    """The counterfactual-fairness metric swaps a name and pronouns: the reading must hold."""
    she = read_feedback("Priya goes out of her way for clients, and her handovers are thorough.")
    he = read_feedback("Daniel goes out of his way for clients, and his handovers are thorough.")
    they = read_feedback("Sam goes out of their way for clients, and their handovers are thorough.")
    assert [(r.polarity, r.theme, r.confidence) for r in she] == [
        (r.polarity, r.theme, r.confidence) for r in he
    ]
    assert [(r.polarity, r.theme) for r in he] == [(r.polarity, r.theme) for r in they]


def test_reading_in_batches_reads_as_one_at_a_time() -> None:
    from assistant.analysis.reading import read_feedback, read_many

    texts = [
        "Ana swapped the on-call rota so weekend cover was fair.",
        "Great demo. But the docs lag behind.",
        "",
    ]
    assert read_many(texts) == [read_feedback(t) for t in texts]
