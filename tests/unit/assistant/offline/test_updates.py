"""The obstacle a goal update names is what "what could I unblock?" asks about."""

from __future__ import annotations

from dataclasses import replace

import pytest
from dana_context import brief_for, dana_context

from assistant.offline.updates import names_cause, obstacle
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Agenda


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        (
            "At risk. Signed contracts: 3 as of Friday. Legal still has the vendor terms, "
            "waiting on them since the 2nd. Will chase on Monday.",
            "Legal still has the vendor terms, waiting on them since the 2nd.",
        ),
        (
            "Behind. Half the team is out sick with the flu. Next: re-plan the sprint.",
            "Half the team is out sick with the flu.",
        ),
        ("Off track. Conversion reads 2.1% this week. Going over it with Sam.", None),
        # A cause the update found is what holds the work up (the same words the agenda uses
        # to recall an earlier finding).
        (
            "Off track. Turns out the bank files use local time. Fix next sprint.",
            "Turns out the bank files use local time.",
        ),
        ("On track.", None),
    ],
)
def test_the_obstacle_not_the_judgement_the_figure_or_the_plan(
    update: str, expected: str | None
) -> None:
    assert obstacle(update) == expected


def test_the_unblock_question_quotes_the_obstacle() -> None:
    context = [
        replace(
            i,
            text="Off track. Partners onboarded: 1 as of Friday. We are waiting on the security "
            "review before any partner can connect. Will re-plan on Tuesday.",
        )
        if i.citation == "U20"
        else i
        for i in dana_context()
    ]
    agenda = draft_offline(context, brief_for("agenda"))
    assert isinstance(agenda, Agenda)
    (question,) = [q for q in agenda.questions if "unblock" in q.text]
    assert "says “we are waiting on the security review" in question.text, question.text


def test_an_update_names_a_cause_or_only_a_number() -> None:
    assert names_cause("Found why most mismatches happen: the bank files use local time.")
    assert names_cause("Slipped because the vendor terms are still with legal.")
    assert not names_cause("Mismatch rate stuck at 0.4% for three weeks.")
