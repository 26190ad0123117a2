"""The agenda's questions are put to the report aloud: none may quote or rest on a record the
report could not read (a manager-only remark, the manager's private 1:1 note)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from dana_context import MAYA, brief_for, dana_context, item

from assistant.grounding import Grounding
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Agenda
from retrieval.types import ContextItem


def _agenda(context: list[ContextItem]) -> Agenda:
    agenda = draft_offline(context, brief_for("agenda"))
    assert isinstance(agenda, Agenda)
    return agenda


def _hidden_questions(context: list[ContextItem]) -> list[str]:
    agenda = _agenda(context)
    shares = Grounding(context=context)
    return [
        q.text
        for q in agenda.questions
        if shares.visibility_of(q, strict=False) != "shared" and "mood" not in q.text.lower()
    ]


def _manager_only(context: list[ContextItem]) -> list[ContextItem]:
    return [
        dataclasses.replace(i, facts={**i.facts, "visibility": "manager_only"})
        if i.record_type == "feedback"
        else i
        for i in context
    ]


def test_the_shared_context_still_gets_its_questions() -> None:
    assert _agenda(dana_context()).questions
    assert _hidden_questions(dana_context()) == []


def test_no_question_quotes_manager_only_feedback() -> None:
    context = _manager_only(dana_context())
    agenda = _agenda(context)
    # The feedback is still there for the manager, marked; it is just not read out as a question.
    assert agenda.feedback_to_discuss or agenda.growth or agenda.top_three
    assert _hidden_questions(context) == []


def test_no_question_quotes_the_managers_private_career_note() -> None:
    note = item(
        "C990",
        "checkin",
        dt.date(2026, 11, 18),
        MAYA,
        "Hesitant about the lead role. Don't force it; revisit after the launch.",
        part="private",
        mood=3,
    )
    context = [*dana_context(), note]
    agenda = _agenda(context)
    assert not any("Hesitant" in q.text for q in agenda.questions)
    assert _hidden_questions(context) == []
