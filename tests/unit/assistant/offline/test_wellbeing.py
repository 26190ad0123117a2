"""Strain the last 1:1s name without a low mood reaches the agenda, quoted, with the mood's move
(fact-check (c), Tala: "Evenings creeping in again", "Said she is tired", mood 4 → 3, no item)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dana_context import agenda_for, checkin, grounding_for, led_by

from assistant.grounding import check, mark_visibility
from assistant.offline.wellbeing import WELLBEING_LEAD
from assistant.tasks.schemas import Agenda, Item, iter_items
from retrieval.types import ContextItem

D = dt.date


def _note(citation: str, day: dt.date, text: str, mood: int) -> ContextItem:
    return checkin(citation, day, text, mood=mood)


def _strained() -> list[ContextItem]:
    return [
        _note("C1", D(2026, 10, 23), "- Went through the Q3 review.\n"
              "- Said she is tired. Not a crisis, but worth watching.", 4),
        _note("C2", D(2026, 11, 5), "- Talked about a conference talk on Beacon.", 3),
        _note("C3", D(2026, 11, 19), "- Goals: a bit behind.\n- Evenings creeping in again "
              "because of the ledger rewrite. Agreed that stops after the launch.", 3),
    ]  # fmt: skip


def _wellbeing(agenda: Agenda) -> list[Item]:
    return led_by(agenda, WELLBEING_LEAD)


def test_strain_named_at_the_last_1_1s_is_asked_about_with_the_mood() -> None:
    context = _strained()
    agenda = agenda_for(context)
    (line,) = _wellbeing(agenda)
    assert "“Evenings creeping in again because of the ledger rewrite”" in line.text
    assert "“Said she is tired”" in line.text
    assert "Mood 4 on 2026-10-23, 3 on 2026-11-19." in line.text
    assert line.citations == ["C3", "C1"]
    # Nothing else here is as worth the time: it opens the agenda.
    assert line in agenda.top_three
    grounding = grounding_for(context)
    assert check(agenda, grounding) == []
    marked = mark_visibility(agenda, grounding, strict=False)
    assert [i.visibility for i in _wellbeing(marked)] == ["shared"]


def test_no_line_when_the_notes_rule_strain_out_or_the_mood_trend_has_it() -> None:
    calm = [
        _note("C1", D(2026, 11, 5), "Load is OK; no late nights. Long weekend coming up.", 4),
        _note("C2", D(2026, 11, 19), "Shipped the retry logic. Not tired at all.", 4),
    ]
    assert _wellbeing(agenda_for(calm)) == []
    # A fall of two points has its own line, which the strain does not repeat.
    fallen = [*_strained()[:2], _note("C3", D(2026, 11, 19), "Evenings again.", 1)]
    lines = [i.text for _, _, i in iter_items(agenda_for(fallen))]
    assert _wellbeing(agenda_for(fallen)) == []
    assert any(t.startswith("Mood fell from 3 to 1") for t in lines)


def test_a_mood_risen_to_4_is_said_as_a_recovery_not_a_slide() -> None:
    # Fact-check: "Mood 1 on 10-21, 4 on 11-19" read as strain although the mood came back.
    risen = [
        _note("C1", D(2026, 10, 23), "- Said she is tired. Evenings on the ledger rewrite.", 1),
        _note("C2", D(2026, 11, 19), "- Shipped the ledger rewrite; a calmer fortnight.", 4),
    ]
    agenda = agenda_for(risen)
    (line,) = _wellbeing(agenda)
    assert "Mood up from 1 on 2026-10-23 to 4 on 2026-11-19." in line.text
    assert "Is the load lighter for good, or could it come back?" in line.text
    assert "How is the load now?" not in line.text
    # Worth checking, not worth opening with: it stays among the questions.
    assert line not in agenda.top_three
    assert line in agenda.questions
    # Risen but not to 4: still the plain move and the plain question.
    partly = [risen[0], replace(risen[1], facts={**risen[1].facts, "mood": 3})]
    (line,) = _wellbeing(agenda_for(partly))
    assert "Mood 1 on 2026-10-23, 3 on 2026-11-19. How is the load now?" in line.text
