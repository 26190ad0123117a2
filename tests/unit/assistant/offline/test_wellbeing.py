"""Strain the last 1:1s name without a low mood reaches the agenda, quoted, with the mood's move
(fact-check (c), Tala: "Evenings creeping in again", "Said she is tired", mood 4 → 3, no item)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dana_context import MAYA, brief_for, grounding_for, item

from assistant.grounding import check, mark_visibility
from assistant.offline.wellbeing import WELLBEING_LEAD
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Agenda, Item, iter_items
from retrieval.types import ContextItem

D = dt.date


def _note(citation: str, day: dt.date, text: str, mood: int) -> ContextItem:
    label = f"1:1 check-in of Dana Okafor with Maya Chen, {day.isoformat()}"
    return replace(
        item(citation, "checkin", day, MAYA, text, label=label, part="shared", mood=mood),
        untrusted=False,
    )


def _strained() -> list[ContextItem]:
    return [
        _note("C1", D(2026, 10, 23), "- Went through the Q3 review.\n"
              "- Said she is tired. Not a crisis, but worth watching.", 4),
        _note("C2", D(2026, 11, 5), "- Talked about a conference talk on Beacon.", 3),
        _note("C3", D(2026, 11, 19), "- Goals: a bit behind.\n- Evenings creeping in again "
              "because of the ledger rewrite. Agreed that stops after the launch.", 3),
    ]  # fmt: skip


def _agenda(context: list[ContextItem]) -> Agenda:
    agenda = draft_offline(context, brief_for("agenda"))
    assert isinstance(agenda, Agenda)
    return agenda


def _wellbeing(agenda: Agenda) -> list[Item]:
    return [i for _, _, i in iter_items(agenda) if i.text.startswith(WELLBEING_LEAD)]  # type: ignore[arg-type]


def test_strain_named_at_the_last_1_1s_is_asked_about_with_the_mood() -> None:
    context = _strained()
    agenda = _agenda(context)
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
    assert [i.visibility for i in _wellbeing(marked)] == ["shared"]  # type: ignore[arg-type]


def test_no_line_when_the_notes_rule_strain_out_or_the_mood_trend_has_it() -> None:
    calm = [
        _note("C1", D(2026, 11, 5), "Load is OK; no late nights. Long weekend coming up.", 4),
        _note("C2", D(2026, 11, 19), "Shipped the retry logic. Not tired at all.", 4),
    ]
    assert _wellbeing(_agenda(calm)) == []
    # A fall of two points has its own line, which the strain does not repeat.
    fallen = [*_strained()[:2], _note("C3", D(2026, 11, 19), "Evenings again.", 1)]
    lines = [i.text for _, _, i in iter_items(_agenda(fallen))]  # type: ignore[arg-type]
    assert _wellbeing(_agenda(fallen)) == []
    assert any(t.startswith("Mood fell from 3 to 1") for t in lines)
