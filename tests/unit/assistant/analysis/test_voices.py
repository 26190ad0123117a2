"""Voices the rules used to misread: praise that names the problem it warned of, caught, owned up
to or handled (credited_problems.py), and sarcasm (sarcasm.py). Sentences written for this test,
not taken from the development set; each rule has counter-examples that must stay as they are."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.analysis.credited_problems import credited_spans
from assistant.analysis.polarity import read_polarity
from assistant.analysis.polarity_head import CLASSES, combine
from assistant.analysis.reading import read_feedback


@pytest.mark.parametrize(
    "sentence",
    [
        "Dana told us early that Project Juniper would be late.",
        "She flagged the risk to the launch date two weeks in advance.",
        "He raised the budget overrun with finance before anyone else noticed.",
        "He escalated the supplier delay early, so we had time to re-plan.",
    ],
)
def test_a_problem_warned_of_early_is_praise(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "strength"
    assert "credited_problem" in read_polarity(sentence).dominant.cues


@pytest.mark.parametrize(
    "sentence",
    [
        "Caught the bug before release.",
        "Spotted the wrong dosage on the chart before the round started.",
        "She owned up to the mistake in the payroll run straight away.",
        "Admitted the error in the forecast and corrected it the same day.",
    ],
)
def test_a_problem_caught_or_owned_up_to_is_praise(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "strength"
    assert "credited_problem" in read_polarity(sentence).dominant.cues


@pytest.mark.parametrize(
    "sentence",
    [
        "Handled the furious tenant at reception with real patience.",
        "Dealt with the supplier's broken promises without losing the account.",
        "He deals with angry callers calmly.",
        "You also kept the broken deploy away from customers by pulling the flag in minutes.",
        "Averted an outage over the holidays by rerouting the traffic by hand.",
        "Kept a nasty race condition out of the payments service by testing the branch.",
    ],
)
def test_a_problem_handled_well_is_praise(sentence: str) -> None:
    assert "credited_problem" in read_polarity(sentence).dominant.cues
    assert read_polarity(sentence).polarity == "strength"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A warning given late is the lapse; a warning asked for is an ask.
        ("Told us late that the project would slip.", "growth"),
        ("Never flagged the risk until it was too late.", "growth"),
        ("Should flag risks early instead of at the deadline.", "growth"),
        ("Flag risks early.", "growth"),
        # Handled badly, or a duty with no word for how well.
        ("Handled the complaint defensively and the customer left angry.", "growth"),
        ("Fixed the bug only after the client chased twice.", "growth"),
        ("Ayla handles complaints from the wholesale accounts on Mondays.", "neutral"),
        # "found it difficult" is a struggle, not a catch.
        ("Has found it difficult to settle into the new team.", "growth"),
        ("The deploy broke again.", "growth"),
    ],
)
def test_credit_verbs_do_not_excuse_a_lapse(sentence: str, expected: str) -> None:
    assert read_polarity(sentence).polarity == expected


def test_someone_else_catching_the_problem_is_not_the_persons_credit() -> None:
    assert credited_spans("Customers found a bug in his release.") == []
    assert credited_spans("The client warned us early that the date was at risk.") == []
    assert credited_spans("He was told late that the vendor would slip.") == []
    assert credited_spans("Caught the bug before release.") == [(0, 14)]  # "Caught the bug"


@pytest.mark.parametrize(
    "sentence",
    [
        "Love how the deploy broke again.",
        "Another weekend spent on her 'quick' fix.",
        'The "almost ready" dashboard is still a blank page.',
        "Thanks for nothing on the handover.",
        "The report was late, as usual.",
        "Delivered late, as always.",
        "What a surprise, the numbers were wrong again.",
        "Nothing says teamwork like finding the rota changed on the noticeboard.",
        "Skipped the code review again, because who needs reviewers anyway.",
        "Pushed the pricing change at 5pm on Friday, what could possibly go wrong.",
        "Must be nice to leave at three every day while the rest of us close the store.",
        "Good thing someone checked his totals before they went to the bank.",
    ],
)
def test_sarcasm_is_growth(sentence: str) -> None:
    reading = read_polarity(sentence)
    assert reading.polarity == "growth"
    assert reading.dominant.cues == ("sarcasm",)


def test_a_cheerful_verdict_after_a_complaint_stays_a_complaint() -> None:
    readings = read_feedback("Another weekend spent on her 'quick' fix. Great.")
    assert [r.polarity for r in readings] == ["growth", "growth"]
    readings = read_feedback("The handover notes were missing again. Very helpful.")
    assert [r.polarity for r in readings] == ["growth", "growth"]


def test_a_bare_thanks_after_anything_else_is_thanks() -> None:
    # Alone, a bright word over nothing is no sarcasm: "Thanks." is read with what came before.
    assert read_polarity("Thanks.").polarity == "strength"
    readings = read_feedback("The rota for December is out. Thanks.")
    assert readings[-1].polarity == "strength"


@pytest.mark.parametrize(
    "sentence",
    [
        "Great, thanks for the quick fix.",
        "As always, she delivered on time.",
        "Once again she had the kitchen prepped and spotless before service.",
        'The client called it "quick" and asked for her on the next job.',
        "Nice work on the pricing deck, every figure tied back to the model.",
    ],
)
def test_sincere_cheer_stays_praise(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "strength"


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Love how the deploy broke again.", "sarcasm"),
        ("Dana told us early that Project Juniper would be late.", "credited_problem"),
    ],
)
def test_the_head_does_not_overrule_what_it_cannot_see(sentence: str, cue: str) -> None:
    reading = read_polarity(sentence)
    assert cue in reading.dominant.cues
    # A head sure of the opposite class (a bag of word vectors reads the cheer or the problem
    # word) keeps the rules' reading.
    sure = np.array([1.0 if c != reading.polarity and c != "neutral" else 0.0 for c in CLASSES])
    assert combine(reading, sure)[0] == reading.polarity


@pytest.mark.parametrize(
    "sentence",
    [
        "Stays calm and methodical when things go wrong.",
        "When the scanner is not working she has it back up in minutes.",
        "Her report to the board was clear, though English is not her first language.",
        "Love the new returns form, customers keep mentioning how easy it is.",
        "You paired with Oren on the flaky test rather than sending it back again.",
    ],
)
def test_the_setting_of_a_story_is_not_a_lapse(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "strength"


@pytest.mark.parametrize(
    "sentence",
    [
        # The setting is masked only as a setting: the lapse after it still counts.
        "If the deploy fails, he goes quiet for hours.",
        "Things went wrong on the launch and he didn't tell anyone.",
        "He keeps missing the cut-off.",
    ],
)
def test_a_lapse_after_a_setting_is_still_a_lapse(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "growth"


@pytest.mark.parametrize(
    "sentence",
    [
        "I can't say enough good things about the new courier.",
        "Couldn't ask for a better partner on the audit.",
    ],
)
def test_praise_by_a_negator_is_praise(sentence: str) -> None:
    reading = read_polarity(sentence)
    assert reading.polarity == "strength"
    assert "praise_idiom" in reading.dominant.cues


@pytest.mark.parametrize(
    "sentence",
    [
        "Invoices from his region are often misfiled.",
        "I'm not sure what Oskar actually does on Fridays.",
        "Keeps doing things the way it's always been done.",
        "The slides were promised 'by Monday' for the third week in a row.",
    ],
)
def test_slips_doubt_and_resistance_without_a_problem_word_are_growth(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "growth"


def test_a_quoted_promise_that_was_kept_is_not_sarcasm() -> None:
    reading = read_polarity('She said "tomorrow" and sent it the next morning as promised.')
    assert reading.polarity == "strength"
