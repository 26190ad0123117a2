"""Sentences that frame feedback are manners, not praise: read as neutral, never the quote."""

from __future__ import annotations

import pytest

from assistant.analysis.frames import claim_start, is_frame
from assistant.analysis.reading import read_feedback


@pytest.mark.parametrize(
    "sentence",
    [
        "Hope that's useful to hear.",
        "Let me know if I've got the rollout picture wrong.",
        "Something I've been turning over since the planning review, offered as an idea "
        "rather than a request.",
        "Happy to talk it through whenever suits.",
        "Feel free to ignore this if it doesn't fit.",
        "Just my two cents.",
        "I've been meaning to write this since Tuesday.",
        "A longer note, because a one-liner wouldn't do it justice.",
        # Background sets the scene: what follows the colon is about the situation.
        "Some background first: the data platform had been drifting and nobody owned it.",
        "Context: the migration slipped twice before the new lead joined.",
    ],
)
def test_a_sign_off_or_a_hedge_is_a_frame(sentence: str) -> None:
    assert is_frame(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "One idea: jump on a call when a thread passes five replies.",
        "Something I've been turning over: could you send the agenda a day early?",
        "Thanks again for stepping in on the outage.",
        "I hope you keep running the retros, they are the best we have had.",
        "Your write-up was useful to the whole team.",
        "Background checks on the vendor were your idea and caught a real problem.",
        "Your context-setting at the kickoff saved us a week.",
    ],
)
def test_a_frame_that_goes_on_to_make_the_point_is_a_claim(sentence: str) -> None:
    assert not is_frame(sentence)


def test_a_warm_sign_off_adds_no_praise_to_criticism() -> None:
    text = (
        "The handover notes were missing twice this month and on-call had to guess. "
        "Hope that's useful to hear."
    )
    claim, sign_off = read_feedback(text)
    assert claim.polarity == "growth"
    assert sign_off.polarity == "neutral"


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        (
            "I might be wrong about how much it took, but you wrote tests for the odd cases.",
            "you wrote tests for the odd cases.",
        ),
        (
            "Possibly useful, possibly not: ask the people who have not spoken yet.",
            "ask the people who have not spoken yet.",
        ),
        (
            "Something I've been turning over since the Monday sync, offered as an idea rather "
            "than a request: send the VP two lines on Harbor every Tuesday.",
            "send the VP two lines on Harbor every Tuesday.",
        ),
        ("Maybe it's just me, but the kick-off had no list.", "the kick-off had no list."),
        (
            "A year is a long time to sum up, so I'll start with what stuck with me most from "
            "the spring: you rebuilt the alert rules and halved the night pages.",
            "you rebuilt the alert rules and halved the night pages.",
        ),
        (
            "I'll start with what went well: the release stayed calm under pressure.",
            "the release stayed calm under pressure.",
        ),
        # No hedge, or nothing after it that could be the claim: the sentence as it is.
        ("Great work on the launch: the docs were clear.", None),
        ("I might be wrong, but fine.", None),
    ],
)
def test_the_claim_starts_after_an_opening_hedge(sentence: str, claim: str | None) -> None:
    assert sentence[claim_start(sentence) :] == (claim or sentence)
