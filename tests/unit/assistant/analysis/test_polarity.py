"""Polarity of review sentences that a general lexicon misreads (sentences written for this
test, not taken from the development set)."""

from __future__ import annotations

import pytest

from assistant.analysis.polarity import read_polarity
from assistant.analysis.text import contrast, split_sentences


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("You can always rely on Marta to deliver.", "strength"),
        ("Never once forgot a handover in twelve months.", "strength"),
        ("Zero defects escaped to production from his module this year.", "strength"),
        ("Kept the depot running calmly through the flood and the power failure.", "strength"),
        ("She is the go-to person for anything about payroll.", "strength"),
        ("We are frustrated with his inconsistent performance.", "growth"),
        ("It might be worth being a bit more proactive about raising risks.", "growth"),
        ("Would love to see more of you in the architecture forum.", "growth"),
        ("Needs to own the estimate rather than wait for the lead.", "growth"),
        ("Great, the weekly report is late again.", "growth"),
        ("Has yet to complete the mandatory safety module.", "growth"),
        ("Doesn't really prepare for the client calls.", "growth"),
        ("Maria moved to the Lisbon office in March.", "neutral"),
        ("Oliver is on parental leave until January.", "neutral"),
        # Sarcasm without a bright opener, polite asks addressed upward, praise by a denied
        # over-promise or chase.
        ("Great planning, if by planning you mean guessing.", "growth"),
        ("Another sprint, another hotfix.", "growth"),
        ("She never overpromises to the buyers.", "strength"),
        ("I'd appreciate it if you told us about changes before the all-hands.", "growth"),
        ("I wish our lead would share the roadmap earlier.", "growth"),
        ("I never had to check her totals.", "strength"),
        # A thing named "error" is not a mistake; a loss imagined by name is praise.
        ("Her forecast showed its error bars, which kept the plan honest.", "strength"),
        ("Honestly, the whole depot would miss Priya.", "strength"),
        ("Her error handling code never crashes.", "strength"),
        # "A but not B": the denied quality is the shortfall, unless what is denied is a problem.
        ("Friendly with customers but not with the new starters.", "growth"),
        ("Detailed, but not concise.", "growth"),
        ("Responsive on chat, but not on email.", "growth"),
        ("Patient with juniors, but not careless about standards.", "strength"),
        # Sarcasm by its language: praise taken back, lateness thanked, a risk called bold.
        ("Thanks for the clear handover notes, said no one ever.", "growth"),
        ("Good of you to finally answer the escalation.", "growth"),
        ("Bold choice, deploying the schema change during the sale.", "growth"),
        ("Ah yes, the status page nobody updates.", "growth"),
        ("Changing the scope mid-sprint, because that always works.", "growth"),
        # Precision guard: a bright opener over real thanks stays praise.
        ("Great, thanks for turning the release around so quickly.", "strength"),
        # Others' rare behaviour underlines the person's result; the person's own is a lapse.
        ("The client wrote back to thank her, which they never do.", "strength"),
        ("He promised to update the tracker, which he never does.", "growth"),
    ],
)
def test_review_sentences(sentence: str, expected: str) -> None:
    assert read_polarity(sentence).polarity == expected


def test_the_clause_after_but_carries_the_point() -> None:
    reading = read_polarity("Her analysis is excellent, but it usually arrives a week late.")
    assert reading.polarity == "growth"
    assert reading.minor is not None and reading.minor.polarity == "strength"
    assert reading.dominant.text.startswith("it usually arrives")


def test_a_concession_gives_way_to_the_main_clause() -> None:
    reading = read_polarity("Although the first draft was rough, the final plan was excellent.")
    assert reading.polarity == "strength"
    assert reading.minor is not None and reading.minor.polarity == "growth"


def test_yet_only_splits_after_punctuation() -> None:
    assert contrast("He has not yet met the target.").minor is None
    clauses = contrast("Quick to learn, yet slow to ask for help.")
    assert (clauses.dominant, clauses.minor) == ("slow to ask for help.", "Quick to learn")


def test_confidence_is_higher_for_a_clear_judgement() -> None:
    clear = read_polarity("Outstanding work, she exceeded every target and is a role model.")
    faint = read_polarity("Picked up the new till system.")
    assert clear.confidence > faint.confidence


def test_sentences_and_bullets() -> None:
    text = "Good quarter. Needs to delegate more.\n- Ran the offsite\n- Late twice"
    assert split_sentences(text) == [
        "Good quarter.",
        "Needs to delegate more.",
        "Ran the offsite",
        "Late twice",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Have you thought about sending the agenda a day early?",
        "Twice this month the follow-up tasks were dropped; close the loop on them.",
        "Could you share the draft before the Thursday review?",
        "Area to grow: planning.",
    ],
)
def test_questions_imperatives_and_lapses_are_asks(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "growth"


@pytest.mark.parametrize(
    "sentence",
    [
        "Interrupts the new hires whenever they present.",
        "Ignored the handover checklist on both night shifts.",
        "Rolled her eyes at the intern's question in front of the client.",
        "Goes silent in planning meetings once the estimates come up.",
        "Changed the rota without telling anyone on the ward.",
        "Disappears during release weekends and answers on Monday.",
    ],
)
def test_a_lapse_of_conduct_is_growth_without_an_emotional_word(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "growth"


@pytest.mark.parametrize(
    "sentence",
    [
        "Never talks over the quieter people on the team.",
        "He is not afraid of new tooling.",
    ],
)
def test_a_denied_lapse_or_fear_is_praise(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "strength"


@pytest.mark.parametrize(
    "sentence",
    [
        "Onboarding was slower than we hoped, but the new intake now covers the weekend desk.",
        "The root cause took some digging, but the dashboard now loads in two seconds.",
    ],
)
def test_a_contrast_against_a_guessed_clause_keeps_the_point_unflipped(sentence: str) -> None:
    # Both clauses rest on implicit credit: the minor's guess is no ground to flip the point.
    assert read_polarity(sentence).polarity == "strength"


@pytest.mark.parametrize(
    "sentence",
    [
        "Femi covers the returns desk on Tuesdays.",
        "Works 07:30 to 15:30 so he can do the school pickup.",
        "Her title changes to Lead Analyst in the new structure.",
        "Ishaan was the duty manager for the stocktake weekend.",
        "This review covers the six months since the merger.",
    ],
)
def test_a_schedule_or_a_role_is_a_fact_not_credit(sentence: str) -> None:
    assert read_polarity(sentence).polarity == "neutral"
