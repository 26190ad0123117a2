"""Theme cues weigh evidence, not spellings: one word counts once, a length of time is not a
meeting's minutes, and a period ("this year") is weak evidence of what a claim is about."""

from __future__ import annotations

import pytest

from assistant.analysis import read_feedback
from assistant.analysis.themes import cue_scores


def test_one_word_is_one_piece_of_evidence() -> None:
    # "leadership" matches the stem "leader" and the topics "leadership" and "lead".
    assert cue_scores("She shows real leadership.") == {"leadership": 1.0}


def test_a_theme_named_once_is_not_outvoted_by_a_word_with_two_spellings() -> None:
    # "clearly" is both of communication's topics "clear" and "clearly"; the wiki is the claim.
    (reading,) = read_feedback("Keeps the wiki current and clearly organised.")
    assert reading.theme == "documentation"


def test_a_length_of_time_is_not_meeting_minutes() -> None:
    (late,) = read_feedback("Tends to wander in twenty minutes after the shift starts.")
    assert late.theme == "attendance_punctuality"
    (minutes,) = read_feedback("She sends the minutes within an hour of every meeting.")
    assert minutes.theme == "meeting_facilitation"


def test_a_period_is_weak_evidence_of_overall_performance() -> None:
    (reading,) = read_feedback("She taught the new starters the till system this year.")
    assert reading.theme == "mentoring_development"
    # Weaker than any one cue of a theme, but still "other" when nothing else names one.
    assert cue_scores("Not much to show for it this year.") == {"other": 0.5}


def test_a_session_is_the_setting_not_the_claim() -> None:
    # A session with an apprentice is coaching time; "session" alone says little.
    (reading,) = read_feedback("His one-to-one sessions with the apprentices have stopped.")
    assert reading.theme == "mentoring_development"
    assert cue_scores("A session.") == {"meeting_facilitation": 0.5}


@pytest.mark.parametrize(
    "text",
    [
        "One idea: jump on a call when a thread passes five replies.",
        "Offered as an idea rather than a request: send the notes a day early.",
        "Could be a two-week experiment: pick the two things that matter.",
        "I'd suggest sending the notes a day earlier.",
    ],
)
def test_a_suggestion_framed_as_an_idea_is_not_about_creativity(text: str) -> None:
    assert "creativity_innovation" not in cue_scores(text)


def test_someone_elses_idea_still_is() -> None:
    assert "creativity_innovation" in cue_scores(
        "Dana came up with an idea that cut the build time in half."
    )


def test_a_page_of_writing_is_not_the_pager() -> None:
    assert "incident_response" not in cue_scores("You rewrote the getting-started page.")
    assert "incident_response" in cue_scores("You were paged twice at night and stayed calm.")


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # Fact-check (c), Alex and Rowan: each of these was filed under incident response.
        ("One idea: jump on a call once a thread goes past 2 rounds.", "meeting_facilitation"),
        ("Idea: end each call by reading back what was decided and by whom.",
         "meeting_facilitation"),
        ("Perhaps it would be possible to send the list of topics a day before the incident "
         "retro?", "meeting_facilitation"),
        # Being on call and making the call still are.
        ("You were on call all week and handled three outages calmly.", "incident_response"),
        ("That was the right call on the rollback.", "incident_response"),
        ("You made the call to roll back within a few minutes of the alert.", "incident_response"),
    ],
)  # fmt: skip
def test_a_call_or_an_incident_retro_is_where_it_came_up_not_incident_response(
    text: str, theme: str
) -> None:
    (reading,) = read_feedback(text)
    assert reading.theme == theme


def test_a_page_someone_follows_is_a_written_guide_and_a_review_meeting_is_the_setting() -> None:
    # The demo's planted agenda filed this under planning on "roadmap review" (where it came up).
    text = (
        "Since the roadmap review I have wondered: ask a new joiner to follow the billing-setup "
        "page and mend it where it loses them."
    )
    scores = cue_scores(text)
    assert "planning_prioritisation" not in scores
    assert "documentation" in scores and "mentoring_development" in scores
    assert read_feedback(text)[0].theme in ("documentation", "mentoring_development")
    assert "planning_prioritisation" in cue_scores("Her roadmap for next year is realistic.")


@pytest.mark.parametrize(
    ("text", "theme", "not_theme"),
    [
        # Responsiveness is how someone manages their own time (the labelling guide's boundary).
        ("Very responsive, even on the busiest days of the month.", "time_management",
         "communication"),
        # A role names who the person is, not what the claim is about.
        ("The most patient engineer on the floor with new joiners.", "mentoring_development",
         "technical_skill"),
        ("Rolled with every new brief and stayed unfazed.", "adaptability", None),
        ("Says it is not my job whenever something lands without an owner.",
         "ownership_initiative", None),
    ],
)  # fmt: skip
def test_cues_follow_the_theme_boundaries(text: str, theme: str, not_theme: str | None) -> None:
    scores = cue_scores(text)
    assert theme in scores
    assert not_theme is None or not_theme not in scores
