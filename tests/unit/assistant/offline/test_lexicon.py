"""The theme lexicon: behaviour beats topic, and tone is read per sentence."""

from __future__ import annotations

import pytest

from assistant.offline.lexicon import GENERAL, classify, tone

# Sentences written the way colleagues write feedback, one or more per theme; none is taken
# from the demo data.
SENTENCES = [
    ("code_review", "Your review comments on the billing PR caught two edge cases we'd missed."),
    ("code_review", "PRs sit in your review queue for days; could you approve faster?"),
    ("incident_response", "You were calm on the pager during Saturday's outage."),
    ("incident_response", "Next time, page a second person as soon as the alert fires."),
    ("documentation", "The README you wrote for the importer answered every question I had."),
    ("documentation", "Please write it down in the runbook before you hand over."),
    ("ownership", "You kept chasing the vendor until the fix actually landed."),
    ("ownership", "Twice this month the follow-up tasks were dropped; close the loop on them."),
    ("collaboration", "You paired with Ines for a whole afternoon to unblock her."),
    (
        "collaboration",
        "It would help to loop in the platform team earlier instead of working alone.",
    ),
    ("stakeholder_comms", "Leadership always knew where the migration stood from your updates."),
    (
        "stakeholder_comms",
        "I found out from the customer that the date moved; a heads-up would help.",
    ),
    ("planning", "You cut scope early and sequenced the launch around the riskiest dependency."),
    ("planning", "The estimate was off by a month; add a buffer for the freeze windows."),
    ("mentoring", "You coached our new hire through her first on-call week."),
    ("mentoring", "Please keep the mentoring slot with your junior even in busy weeks."),
    ("facilitation", "Let others finish their point in sprint planning before responding."),
    ("facilitation", "In the roadmap review you made room for the quieter voices."),
    ("facilitation", "People get talked over in the design sync; try to hear from everyone."),
    ("analysis", "Your churn analysis stated its assumptions and confidence interval up front."),
    ("design_craft", "The Figma prototype made the interaction obvious before we built anything."),
    ("research", "The usability interviews you ran changed how we saw the onboarding flow."),
    ("customer", "The customer renewal call went well because you had read every support ticket."),
]


@pytest.mark.parametrize(("key", "sentence"), SENTENCES)
def test_each_theme_is_recognised_in_ordinary_sentences(key: str, sentence: str) -> None:
    assert classify(sentence).key == key


def test_a_behaviour_cue_outweighs_topic_nouns() -> None:
    # "sprint" and "planning" are topic words; letting others finish is how a meeting is run.
    text = "Suggestion for the team: let others finish their point in sprint planning first."
    assert classify(text).key == "facilitation"
    assert classify("The sprint planning was realistic and well scoped.").key == "planning"


def test_nothing_recognisable_is_general() -> None:
    assert classify("Overall a solid quarter.") is GENERAL


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Thank you for the crisp write-up.", 1),
        ("Strongest areas: incident response and planning.", 1),
        ("Area to grow: planning.", -1),
        ("To reach the next level, stakeholder communication needs attention.", -1),
        ("Have you thought about sending the agenda a day early?", -1),
        ("Maybe page a second person when an incident is still unclear?", -1),
        ("Time to mitigate was 30 minutes.", 0),
        # "unclear" is not "clear", "couldn't" is not "could", "latency" is not "late"
        ("Latency stayed unclear and we couldn't tell why.", -1),
        ("Scope was agreed in a week instead of argued about for a month.", 0),
    ],
)
def test_tone_is_read_from_cue_phrases(sentence: str, expected: int) -> None:
    assert tone(sentence) == expected
