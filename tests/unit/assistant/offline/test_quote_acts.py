"""Praise is quoted by what its subject did, not by an outcome or a verdict with no act in it, and
a sentence too long to quote whole is quoted from its point, not its lead-in (fact-check
2026-12-01: "It unblocked 9 people that week", "We'd still be going round in circles on Meridian
without it", "Next cycle I'd like the focus on collaboration, starting with one thing…")."""

from __future__ import annotations

import datetime as dt

from dana_context import HANNAH, MAYA, fb

from assistant.offline.lexicon import BY_KEY
from assistant.offline.sentences import quote

D = dt.date


def test_praise_quotes_the_act_not_the_outcome_after_it() -> None:
    item = fb(
        "F1", D(2026, 10, 19), MAYA, "praise",
        "Thanks for the EU data residency work. You took charge when events-pipeline fell over "
        "on Friday and nobody panicked. The playbook written afterwards has been used twice since.",
    )  # fmt: skip
    said = quote(item, BY_KEY["ownership_initiative"], 1)
    assert said.startswith("You took charge when events-pipeline fell over"), said


def test_praise_on_the_theme_quotes_the_act_before_the_verdict() -> None:
    item = fb(
        "F2", D(2026, 11, 2), HANNAH, "praise",
        "What a week! You wrote down why we chose the Meridian design before anyone asked. "
        "We'd still be going round in circles on Meridian without it.",
    )  # fmt: skip
    for theme in ("delivery_reliability", "documentation"):
        said = quote(item, BY_KEY[theme], 1)
        assert said.startswith("You wrote down why we chose the Meridian design"), (theme, said)


def test_praise_written_about_the_subject_quotes_the_sentence_that_names_them() -> None:
    item = fb(
        "F3", D(2026, 10, 16), HANNAH, "praise",
        "Good news about Dana: she ran the sizing for the pricing revamp, and the numbers held. "
        "We made 8 of the 8 dates we set.",
    )  # fmt: skip
    said = quote(item, BY_KEY["delivery_reliability"], 1)
    assert "she ran the sizing for the pricing revamp" in said, said


def test_a_thank_you_is_no_act() -> None:
    item = fb(
        "F6", D(2026, 8, 28), HANNAH, "praise",
        "Dana turned the Sable & Co renewal around after a rough quarter. Thank you again, really.",
    )  # fmt: skip
    for theme in ("delivery_reliability", "customer_focus", "documentation"):
        said = quote(item, BY_KEY[theme], 1)
        assert said.startswith("Dana turned the Sable & Co renewal around"), (theme, said)


def test_a_long_sentence_is_quoted_from_its_point_after_the_lead_in() -> None:
    item = fb(
        "F4", D(2026, 9, 27), MAYA, "review",
        "You ended sprint planning with the next steps read back to everyone. Next cycle I'd "
        "like the focus on collaboration, starting with one thing: let others finish before "
        "answering in sprint planning.",
    )  # fmt: skip
    said = quote(item, BY_KEY["meeting_facilitation"], -1, 10)
    assert said == "let others finish before answering in sprint planning", said
    # A sentence that fits is quoted whole, lead-in and all.
    assert quote(item, BY_KEY["meeting_facilitation"], -1, 40).startswith("Next cycle I'd like")


def test_criticism_still_quotes_the_ask_not_what_the_subject_did() -> None:
    item = fb(
        "F5", D(2026, 11, 17), HANNAH, "constructive",
        "You gave three different dates for Pathfinder in the same week. "
        "Please write the plan down, with dates and names, before work starts.",
    )  # fmt: skip
    said = quote(item, BY_KEY["planning_prioritisation"], -1)
    assert said.startswith("Please write the plan down"), said
