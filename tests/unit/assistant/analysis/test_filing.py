"""Causes of theme filing found by the demo fact-check, each checked on sentences of its own:
praise read as growth, advice's back-story read as a claim, and a concrete step filed apart from
the area it makes concrete."""

from __future__ import annotations

import pytest

from assistant.analysis import read_feedback
from assistant.analysis.polarity import read_polarity


@pytest.mark.parametrize(
    "sentence",
    [
        "For once the release went out without needing a second sign-off round.",
        "The customer told me it was the first time the migration did not need a rollback.",
        "The budget was approved in one sitting, with no extra review needed.",
        "She never needs reminding about the on-call handover.",
    ],
)
def test_a_need_denied_is_praise(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "strength"


@pytest.mark.parametrize(
    "sentence",
    [
        "Honestly, the support desk would miss him if he moved teams.",
        "We'd be lost without her spreadsheets at quarter end.",
    ],
)
def test_an_imagined_loss_is_praise(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "strength"


def test_a_contracted_wish_is_an_ask() -> None:
    reading = read_polarity("We'd love to see him write the test plan before the sprint starts.")
    assert reading.polarity == "growth"
    assert "ask" in reading.dominant.cues


@pytest.mark.parametrize(
    "sentence",
    [
        "My old team tried the same thing and it helped a lot.",
        "It worked for the finance team when they tried it last spring.",
    ],
)
def test_the_story_behind_advice_judges_nobody(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "neutral"


def test_advice_introduced_by_its_track_record_is_an_ask() -> None:
    reading = read_polarity("What worked for me: write the summary before the slides.")
    assert reading.polarity == "growth"


def test_a_concrete_step_continues_the_area_it_makes_concrete() -> None:
    readings = read_feedback(
        "To reach the next level, documentation needs attention. "
        "Concretely, keep a short decision log for each project you run."
    )
    area, step = readings
    assert area.polarity == "growth"
    assert (step.theme, step.polarity) == (area.theme, "growth")


def test_an_unrelated_next_sentence_keeps_its_own_theme() -> None:
    area, other = read_feedback(
        "To reach the next level, documentation needs attention. "
        "Her client calls are always calm and well prepared."
    )
    assert other.polarity == "strength"
    assert other.theme != area.theme or other.theme == "other"


def test_a_sentence_about_someone_else_is_marked_as_context() -> None:
    coached, outcome, plain = read_feedback(
        "You paired with Oskar on his first incident and let him drive. "
        "Oskar handled the customer call on his own the week after. "
        "Colleagues notice how patient you are."
    )
    assert outcome.about_other
    assert not coached.about_other and not plain.about_other


def test_third_person_feedback_about_its_subject_is_not_context() -> None:
    first, second = read_feedback(
        "Priya rewrote the onboarding guide for Oskar. Priya also ran the handover well."
    )
    assert not first.about_other and not second.about_other


@pytest.mark.parametrize(
    "sentence",
    [
        "A thought for next quarter's planning: add a week of slack before each launch.",
        "One request from the support desk - check the rota before swapping shifts.",
    ],
)
def test_an_imperative_after_a_lead_in_is_an_ask(sentence: str) -> None:
    reading = read_polarity(sentence)
    assert reading.polarity == "growth"
    assert "ask" in reading.dominant.cues


def test_a_meeting_named_for_planning_is_the_setting_not_the_theme() -> None:
    (reading,) = read_feedback("He keeps interrupting people in sprint planning.")
    assert reading.theme != "planning_prioritisation"
    (plan,) = read_feedback("Her sprint plans are realistic and she prioritises ruthlessly.")
    assert plan.theme == "planning_prioritisation"
