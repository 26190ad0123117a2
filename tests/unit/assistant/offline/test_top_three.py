"""The agenda's top three: chosen across sections by the named points, one per section, never
filler, and said once (the lines chosen leave their sections)."""

from __future__ import annotations

import datetime as dt
from typing import get_origin

from dana_context import DANA, HANNAH, MARCO, ZARA, brief_for, dana_context, fb, item

from assistant.offline import top_three
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Agenda, Item, iter_items
from assistant.tasks.windows import (
    TOP_GOAL_OFF_TRACK,
    TOP_MIN_SCORE,
    TOP_OVERDUE_LAST_CHECKIN,
    TOP_REPEATED_CRITICISM,
    TOP_SINCE_LAST_CHECKIN,
)
from retrieval.types import ContextItem

D = dt.date
TODAY = D(2026, 11, 20)  # brief_for's day


def _agenda(context: list[ContextItem]) -> Agenda:
    agenda = draft_offline(context, brief_for("agenda"))
    assert isinstance(agenda, Agenda)
    return agenda


def _sections(**lines: list[Item]) -> Agenda:
    sections = [k for k, f in Agenda.model_fields.items() if get_origin(f.annotation) is list]
    empty: dict[str, list[Item]] = {k: [] for k in sections}
    return Agenda(**(empty | lines))


def _checkin(citation: str, day: dt.date, text: str, mood: int) -> ContextItem:
    return item(citation, "checkin", day, 1, text, part="shared", mood=mood)


def _action(citation: str, came: dt.date, due: dt.date, text: str) -> ContextItem:
    return item(
        citation,
        "action_item",
        came,
        DANA,
        text,
        status="open",
        owner="Dana Okafor",
        due_date=due.isoformat(),
        checkin_date=came.isoformat(),
    )


def test_every_line_is_said_once_and_the_top_three_come_from_three_sections() -> None:
    agenda = _agenda(dana_context())
    assert len(agenda.top_three) == 3
    texts = [i.text for _, _, i in iter_items(agenda)]
    assert len(texts) == len(set(texts))
    scored = top_three.score(agenda, dana_context(), TODAY)
    # What the sections still hold is not in the top three.
    assert all(s.item not in agenda.top_three for s in scored)


def test_the_points_follow_the_evidence() -> None:
    last = D(2026, 11, 6)
    context = [
        _checkin("C1", last, "Rollout plan; partners waiting.", 4),
        _action("A1", last, D(2026, 11, 13), "Send the rollout plan to partners"),
        _action("A2", D(2026, 7, 2), D(2026, 7, 10), "Write the July capacity plan"),
        item(
            "G1",
            "goal",
            D(2026, 10, 1),
            DANA,
            "Launch the partner API",
            title="Launch the partner API",
            status="off_track",
            progress=30,
            cycle_state="current",
        ),
        item(
            "U1",
            "goal_update",
            D(2026, 11, 12),
            DANA,
            "Blocked on the security review.",
            goal_citation="G1",
            status="off_track",
            progress=30,
        ),
        fb("F1", D(2026, 9, 1), HANNAH, "constructive", "No status update before the date moved."),
        fb("F2", D(2026, 10, 1), MARCO, "constructive", "Stakeholders heard about the slip late."),
        fb("F3", D(2026, 11, 10), ZARA, "constructive", "Sales had no status update again."),
    ]
    agenda = _sections(
        action_items=[
            Item(text="A1", citations=["A1"]),
            Item(text="A2", citations=["A2"]),
            Item(text="follow-up", citations=["C1"]),
        ],
        goals_at_risk=[Item(text="G1", citations=["G1", "U1"])],
        feedback_to_discuss=[Item(text="theme", citations=["F1", "F2", "F3"])],
    )
    points = {s.item.text: (s.score, s.reason) for s in top_three.score(agenda, context, TODAY)}
    assert points["A1"] == (TOP_OVERDUE_LAST_CHECKIN, "overdue_from_last_1on1")
    assert points["A2"][1] == "long_overdue" and points["A2"][0] < TOP_MIN_SCORE
    assert points["G1"] == (TOP_GOAL_OFF_TRACK + TOP_SINCE_LAST_CHECKIN, "goal_off_track")
    # Three givers: one beyond the second; the latest is newer than the last 1:1.
    assert points["theme"][1] == "repeated_criticism"
    assert points["theme"][0] > TOP_REPEATED_CRITICISM + TOP_SINCE_LAST_CHECKIN
    chosen = top_three.choose(top_three.score(agenda, context, TODAY))
    assert [c.item.text for c in chosen] == ["G1", "A1", "theme"]


def test_one_line_per_section_and_nothing_below_the_floor() -> None:
    context = [
        item(
            "G1",
            "goal",
            D(2026, 10, 1),
            DANA,
            "A",
            title="A",
            status="off_track",
            progress=10,
            cycle_state="current",
        ),
        item(
            "G2",
            "goal",
            D(2026, 10, 1),
            DANA,
            "B",
            title="B",
            status="off_track",
            progress=20,
            cycle_state="current",
        ),
        _checkin("C1", D(2026, 11, 6), "Career: wants to lead the redesign.", 4),
    ]
    agenda = _sections(
        goals_at_risk=[Item(text="A", citations=["G1"]), Item(text="B", citations=["G2"])],
        growth=[Item(text="a development step", citations=["G2"])],
    )
    chosen = top_three.choose(top_three.score(agenda, context, TODAY))
    assert [c.item.text for c in chosen] == ["A"]  # the second goal waits in its section
    opened = top_three.open_with_top_three(agenda, context, TODAY)
    assert [i.text for i in opened.top_three] == ["A"]
    assert [i.text for i in opened.goals_at_risk] == ["B"]
    assert [i.text for i in opened.growth] == ["a development step"]  # 20 points: no opener


def test_a_low_mood_at_the_last_two_1_1s_opens_the_agenda() -> None:
    context = [
        *dana_context(),
        _checkin("C90", D(2026, 11, 6), "Context switching all week. Mood 2/5.", 2),
        _checkin("C91", D(2026, 11, 19), "Still context switching between projects.", 2),
    ]
    agenda = _agenda(context)
    assert any(i.text.startswith("Mood was 2 at the last two 1:1s") for i in agenda.top_three)
    assert not any(q.text.startswith("Mood") for q in agenda.questions)


def test_the_managers_private_note_keeps_its_place() -> None:
    context = [
        _checkin("C1", D(2026, 11, 6), "Good week.", 4),
        item("C1", "checkin", D(2026, 11, 6), 1, "Possible flight risk.", part="private"),
    ]
    agenda = _agenda(context)
    assert not any("flight risk" in i.text for i in agenda.top_three)
    assert any("flight risk" in i.text for i in agenda.feedback_to_discuss)


def test_no_question_is_the_same_line_for_everyone() -> None:
    agenda = _agenda(dana_context())
    generic = ("What made this win possible", "Where do you want to grow next quarter")
    assert not any(q.text.startswith(generic) for q in agenda.questions)
    assert any("Marco Bellini praised" in q.text for q in agenda.questions)
