"""The offline drafter on a hand-built context: the rules find what a manager needs, in
sentences, every item cited and grounded."""

from __future__ import annotations

import re

import pytest
from dana_context import (
    DANA,
    MANAGER_ONLY_CANARY,
    NAMES,
    PAYLOAD,
    brief_for,
    dana_context,
)

from assistant.grounding import Grounding, check
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Agenda, Coaching, Reflection, Summary, Themes, iter_items
from retrieval.types import ContextItem


@pytest.fixture
def context() -> list[ContextItem]:
    return dana_context()


def _grounded(output: object, context: list[ContextItem], anonymous: bool = False) -> None:
    grounding = Grounding(
        context=context,
        allowed_names={"Maya Chen", "Dana Okafor", "Maya", "Dana"},
        people=set(NAMES.values()),
        anonymous=anonymous,
        allowed_dates={"2026-11-20"},
    )
    problems = check(output, grounding)  # type: ignore[arg-type]
    assert problems == []
    ids = {i.citation for i in context}
    for _, _, item in iter_items(output):  # type: ignore[arg-type]
        assert item.citations and set(item.citations) <= ids
        assert PAYLOAD not in item.model_dump_json()


def test_agenda_surfaces_risks_overdue_actions_and_the_recurring_theme(
    context: list[ContextItem],
) -> None:
    agenda = draft_offline(context, brief_for("agenda"))
    assert isinstance(agenda, Agenda)
    # The off-track goal, the overdue promise and the recurring criticism open the agenda, one
    # from each section, and leave their sections: nothing is said twice.
    top, recurring, overdue = agenda.top_three
    assert [i.citations[0] for i in agenda.top_three] == ["G10", "F50", "A40"]
    assert "Launch the partner API" in top.text and "off track at 30%" in top.text
    risks = " ".join(i.text for i in agenda.goals_at_risk)
    assert "Launch the partner API" not in risks
    assert "Document the billing runbook" in risks and "no update since 2026-09-20" in risks
    assert overdue.citations == ["A40"] and overdue.text.startswith("Overdue since 2026-11-13")
    assert all("A41" not in i.citations for i in agenda.action_items)  # done items stay out
    assert not agenda.feedback_to_discuss
    assert recurring.text.startswith("Recurring theme — communication")
    assert set(recurring.citations) == {"F50", "F51", "F52", "F53"}
    assert "4 pieces of feedback from 3 people" in recurring.text
    assert any("G12" in w.citations for w in agenda.wins)
    assert any("promotion" in g.text for g in agenda.growth)
    assert 3 <= len(agenda.questions) <= 5
    _grounded(agenda, context)


def test_planted_instructions_are_never_quoted(context: list[ContextItem]) -> None:
    agenda = draft_offline(context, brief_for("agenda"))
    text = agenda.model_dump_json()
    assert PAYLOAD not in text and "Ignore previous" not in text


def test_summary_themes_carry_counts_and_span_the_period(context: list[ContextItem]) -> None:
    summary = draft_offline(context, brief_for("summary"))
    assert isinstance(summary, Summary)
    growth = summary.growth_areas[0]
    assert growth.theme == "Communication"
    assert (growth.feedback_count, growth.giver_count) == (4, 3)
    assert "between 2026-08-30 and 2026-11-10" in growth.text  # the whole period, not just lately
    assert summary.strengths
    assert all(t.feedback_count == len(t.citations) for t in summary.strengths)
    assert "main growth area is communication" in summary.overview[0].text
    _grounded(summary, context)


def test_coaching_gives_three_to_five_evidence_backed_moves(context: list[ContextItem]) -> None:
    coaching = draft_offline(context, brief_for("coaching"))
    assert isinstance(coaching, Coaching)
    assert 3 <= len(coaching.suggestions) <= 5
    first = coaching.suggestions[0]
    assert "Launch the partner API" in first.text and first.citations[0] == "G10"
    assert all(s.why and s.opener and s.citations for s in coaching.suggestions)
    assert any("low" in s.why.lower() or "mood" in s.why.lower() for s in coaching.suggestions)
    _grounded(coaching, context)


def test_reflection_is_first_person_and_never_uses_manager_only_feedback(
    context: list[ContextItem],
) -> None:
    reflection = draft_offline(context, brief_for("reflection", requester=DANA))
    assert isinstance(reflection, Reflection)
    text = reflection.model_dump_json()
    assert MANAGER_ONLY_CANARY not in text and "F56" not in text
    assert all(
        i.text.startswith(("I ", "Colleagues", "Get", "Make", "Close"))
        for _, _, i in iter_items(reflection)
    )
    done = reflection.accomplishments
    assert any("I completed “Cut checkout latency”" in a.text and "380 ms" in a.text for a in done)
    _grounded(reflection, [c for c in context if c.citation != "F56"])


def _group_feedback(people: int) -> list[ContextItem]:
    out = []
    for n in range(people * 2):
        giver, receiver = 100 + n % people, 200 + (n + 1) % people
        out.append(
            ContextItem(
                citation=f"F{n + 1}",
                record_type="feedback",
                record_id=n + 1,
                date=__import__("datetime").date(2026, 9, 1 + n % 28),
                subject_id=receiver,
                author_id=giver,
                label="Feedback",
                text="Great status update to stakeholders."
                if n % 3
                else "No status update again; stakeholders were surprised.",
                facts={"kind": "praise" if n % 3 else "constructive"},
            )
        )
    return out


def test_themes_are_anonymous_with_counts_sentiment_and_trend() -> None:
    items = _group_feedback(6)
    themes = draft_offline(items, brief_for("themes", group_name="the Payments team", group_size=6))
    assert isinstance(themes, Themes) and themes.themes
    top = themes.themes[0]
    assert top.theme == "Communication" and top.count == 12
    assert top.sentiment == "positive" and top.trend in ("rising", "steady", "falling")
    assert not re.search(r"[\"“”]", top.text)
    _grounded(themes, items, anonymous=True)


def test_themes_leave_out_a_theme_carried_by_too_few_people() -> None:
    themes = draft_offline(_group_feedback(2), brief_for("themes", group_name="x", group_size=2))
    assert isinstance(themes, Themes) and themes.themes == []


@pytest.mark.parametrize("task", ["agenda", "summary", "coaching", "reflection", "themes"])
def test_an_empty_context_gives_an_empty_but_valid_output(task: str) -> None:
    output = draft_offline([], brief_for(task))
    assert list(iter_items(output)) == []
