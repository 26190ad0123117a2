"""Coaching suggestions built from feedback: each record of a theme quoted with who and when, the
theme's turn the other way told and cited, every theme of what was said cited somewhere, and a
thank-you only for praise that was read as praise.

Readings are given as the stored analysis would give them (``sentences.remember``), so these
tests pin the drafter, not the reader's view of a sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from dana_context import HANNAH, MARCO, NAMES, ZARA, brief_for, fb

from assistant.analysis.reading import SentenceReading
from assistant.grounding import Grounding, check
from assistant.offline import sentences
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Coaching, Suggestion
from assistant.tasks.windows import COACH_WORDS
from retrieval.types import ContextItem

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_readings() -> Iterator[None]:
    sentences.forget()
    yield
    sentences.forget()


def review(
    citation: str, day: dt.date, giver: int, text: str, polarity: str, theme: str, sure: float
) -> ContextItem:
    """A review (its kind says no tone) whose one sentence is read as ``polarity`` on
    ``theme`` with confidence ``sure``."""
    record = fb(citation, day, giver, "review", text)
    read = SentenceReading(text, polarity, sure, theme, (0, len(text)), text)  # type: ignore[arg-type]
    sentences.remember(record, (read,), None, True)
    return record


def _coach(context: list[ContextItem]) -> list[Suggestion]:
    coaching = draft_offline(context, brief_for("coaching"))
    assert isinstance(coaching, Coaching)
    # Nothing here may be dropped by the grounding check: every count, name and date is cited.
    names = {"Maya Chen", "Dana Okafor", "Maya", "Dana"}
    grounding = Grounding(context=context, allowed_names=names, people=set(NAMES.values()))
    assert check(coaching, grounding) == []
    return coaching.suggestions


def _citing(suggestions: list[Suggestion], citation: str) -> Suggestion:
    return next(s for s in suggestions if citation in s.citations)


def test_each_record_of_a_theme_is_quoted_with_who_and_when() -> None:
    context = [
        review("F1", D(2026, 9, 2), HANNAH, "The sprint plan had no slack for the audit.",
               "growth", "planning_prioritisation", 0.9),
        review("F2", D(2026, 10, 7), MARCO, "Took on four launches in one month again.",
               "growth", "planning_prioritisation", 0.9),
        review("F3", D(2026, 11, 4), ZARA, "The roadmap slipped twice before anyone knew.",
               "growth", "planning_prioritisation", 0.9),
    ]  # fmt: skip
    why = _citing(_coach(context), "F1").why
    assert why.startswith("3 pieces of feedback on planning and prioritisation from 3 people")
    for who, day, said in (
        ("Hannah Brooks", "2026-09-02", "the sprint plan had no slack for the audit"),
        ("Marco Bellini", "2026-10-07", "Took on four launches in one month again"),
        ("Zara Ahmed", "2026-11-04", "the roadmap slipped twice before anyone knew"),
    ):
        assert f"{who} on {day}: “{said}”" in why


def test_criticism_that_later_praise_answers_tells_the_turn_and_cites_it() -> None:
    context = [
        review("F1", D(2026, 9, 2), HANNAH, "Status notes arrive late and say little.",
               "growth", "communication", 0.9),
        review("F2", D(2026, 11, 4), MARCO, "The weekly note is now the clearest we get.",
               "strength", "communication", 0.9),
        review("F3", D(2026, 10, 1), ZARA, "Missed the audit deadline by a week.",
               "growth", "delivery_reliability", 0.9),
    ]  # fmt: skip
    suggestions = _coach(context)
    criticism = next(s for s in suggestions if s.citations[0] == "F1")
    assert "F2" in criticism.citations
    assert "Since then, Marco Bellini on 2026-11-04: “the weekly note is now" in criticism.why


def test_every_theme_said_is_cited_by_some_suggestion() -> None:
    said = [
        ("growth", "planning_prioritisation", "The sprint plan had no slack for the audit."),
        ("growth", "communication", "Status notes arrive late and say little."),
        ("growth", "delivery_reliability", "Missed the audit deadline by a week."),
        ("growth", "attendance_punctuality", "Late to the Monday review three weeks running."),
        ("strength", "mentoring_development", "Paired with the new joiner every morning."),
        ("strength", "technical_skill", "Rewrote the ledger import so it runs in minutes."),
        ("strength", "customer_focus", "The bank's team asked for her on the next project."),
    ]
    context = [
        review(f"F{n}", D(2026, 10, n + 1), (HANNAH, MARCO, ZARA)[n % 3], text, pol, theme, 0.9)
        for n, (pol, theme, text) in enumerate(said, start=1)
    ]
    suggestions = _coach(context)
    assert len(suggestions) <= 5
    cited = {c for s in suggestions for c in s.citations}
    assert cited == {i.citation for i in context}
    # Each claim once: a record left for the "also" suggestions is not cited twice.
    assert sum(len(s.citations) for s in suggestions) == len(context)


def test_praise_read_with_little_confidence_is_asked_about_not_thanked() -> None:
    sure = review("F1", D(2026, 10, 2), HANNAH, "Rewrote the ledger import so it runs in minutes.",
                  "strength", "technical_skill", 0.95)  # fmt: skip
    unsure = review("F2", D(2026, 10, 9), MARCO, "Said the release was somebody else's call.",
                    "strength", "ownership_initiative", 0.55)  # fmt: skip
    filler = [
        review("F3", D(2026, 10, 1), ZARA, "Missed the audit deadline by a week.",
               "growth", "delivery_reliability", 0.9),
    ]  # fmt: skip
    suggestions = _coach([sure, unsure, *filler])
    assert _citing(suggestions, "F1").opener.startswith("Thank you for “")
    asked = _citing(suggestions, "F2").opener
    assert not asked.lower().startswith("thank") and "thank" not in asked.lower()
    assert "?" in asked


def test_praise_filed_as_praise_is_thanked_however_it_reads() -> None:
    record = fb("F1", D(2026, 10, 2), HANNAH, "praise", "Said the release was her call.")
    text = record.text
    read = SentenceReading(text, "strength", 0.5, "ownership_initiative", (0, len(text)), text)
    sentences.remember(record, (read,), "ownership_initiative", True)
    openers = [s.opener for s in _coach([record]) if s.citations == ["F1"]]
    assert any(o.startswith("Thank you for “Said the release was her call") for o in openers)


def test_a_theme_with_a_turn_names_its_givers_and_stays_grounded() -> None:
    context = [
        review("F1", D(2026, 8, 2), HANNAH, "Status notes arrive late and say little.",
               "growth", "communication", 0.9),
        review("F2", D(2026, 9, 4), ZARA, "Nobody knew the migration had slipped.",
               "growth", "communication", 0.9),
        review("F3", D(2026, 11, 4), MARCO, "The weekly note is now the clearest we get.",
               "strength", "communication", 0.9),
    ]  # fmt: skip
    criticism = next(s for s in _coach(context) if s.citations[:2] == ["F1", "F2"])
    # Three records of feedback are cited, so "2 pieces" could not be checked: givers are named.
    assert criticism.why.startswith("Feedback on communication from Zara Ahmed and Hannah Brooks")
    assert "F3" in criticism.citations


def test_many_themes_stay_within_the_words_a_suggestion_may_take() -> None:
    themes = ["communication", "technical_skill", "customer_focus", "mentoring_development",
              "documentation", "collaboration", "planning_prioritisation"]  # fmt: skip
    text = "Rewrote the whole ledger import for the bank so that it now runs in minutes, not hours."
    context = [
        review(f"F{n}", D(2026, 10, n + 1), (HANNAH, MARCO, ZARA)[n % 3], f"{text} ({theme})",
               "strength", theme, 0.9)
        for n, theme in enumerate(themes, start=1)
    ]  # fmt: skip
    for suggestion in _coach(context):
        said = " ".join([suggestion.text, suggestion.why, suggestion.opener])
        assert len(re.findall(r"[A-Za-z][A-Za-z'-]*", said)) <= COACH_WORDS, said
