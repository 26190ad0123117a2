"""Time and 1:1 history in the offline agenda: newest action items first, long-overdue ones
flagged, "our last 1:1" only for the last one, and what the last check-ins hand forward."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from dana_context import DANA, MAYA, brief_for, grounding_for, item

from assistant.grounding import check, mark_visibility
from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Agenda, Item, iter_items
from retrieval.types import ContextItem

D = dt.date  # brief_for pins today to 2026-11-20


def _action(citation: str, checkin_day: dt.date, due: dt.date, text: str) -> ContextItem:
    return item(
        citation,
        "action_item",
        checkin_day,
        DANA,
        text,
        label=f"Action item for Dana Okafor from the 1:1 on {checkin_day.isoformat()}",
        status="open",
        owner="Dana Okafor",
        due_date=due.isoformat(),
        checkin_date=checkin_day.isoformat(),
    )


def _checkin(
    citation: str, day: dt.date, text: str, part: str = "shared", **facts: Any
) -> ContextItem:
    label = (
        f"1:1 check-in of Dana Okafor with Maya Chen, {day.isoformat()}"
        if part == "shared"
        else f"Private notes by Maya Chen, 1:1 with Dana Okafor, {day.isoformat()}"
    )
    # Maya, who asks for the agenda, wrote her check-in notes: the records layer trusts them.
    written = item(citation, "checkin", day, MAYA, text, label=label, part=part, **facts)
    return replace(written, untrusted=False)


def _agenda(context: list[ContextItem]) -> Agenda:
    agenda = draft_offline(context, brief_for("agenda"))
    assert isinstance(agenda, Agenda)
    return agenda


def _lines(agenda: Agenda, section: str) -> list[Item]:
    """A section's lines with the top three's: a line the top three took left its section."""
    return [*agenda.top_three, *getattr(agenda, section)]


def _old_and_new_actions() -> list[ContextItem]:
    return [
        _action("A1", D(2026, 7, 2), D(2026, 7, 10), "Write the July capacity plan"),
        _action("A2", D(2026, 7, 16), D(2026, 7, 24), "Share the vendor comparison"),
        _action("A3", D(2026, 8, 1), D(2026, 8, 8), "Draft the hiring rubric"),
        _action("A4", D(2026, 11, 19), D(2026, 11, 26), "Send the rollout plan to partners"),
        _checkin("C7", D(2026, 7, 2), "Capacity planning for Q3.", mood=4),
        _checkin("C9", D(2026, 11, 19), "Rollout plan and partner comms.", mood=4),
    ]


def test_action_items_come_newest_first_by_their_1_1() -> None:
    agenda = _agenda(_old_and_new_actions())
    # The old code sorted by due date: three July items pushed yesterday's commitment out.
    assert agenda.action_items[0].citations == ["A4"]
    assert agenda.action_items[0].text.startswith("Due 2026-11-26")


def test_long_overdue_action_items_are_flagged_close_or_drop() -> None:
    recent = _action("A5", D(2026, 11, 5), D(2026, 11, 12), "Book the design review")
    context = [*_old_and_new_actions(), recent]
    lines = _lines(_agenda(context), "action_items")
    by_cite = {c: i.text for i in lines for c in reversed(i.citations)}
    assert "close or drop?" in by_cite["A3"]  # due 2026-08-08: 104 days overdue
    assert "close or drop?" not in by_cite["A5"]  # 8 days overdue: still a live commitment
    assert "close or drop?" not in by_cite["A4"]
    # The flag names no number its record does not hold: grounding once dropped the whole line.
    grounding = grounding_for(context)
    assert check(_agenda(context), grounding) == []


def test_last_1_1_means_the_last_one() -> None:
    older = [c for c in _old_and_new_actions() if c.citation in {"A1", "C7", "C9"}]
    question = next(q for q in _agenda(older).questions if "commitment" in q.text)
    assert "our last 1:1" not in question.text
    assert "our 1:1 on 2026-07-02" in question.text and question.citations == ["A1"]
    latest = _agenda(_old_and_new_actions()).questions
    assert any("from our last 1:1" in q.text and q.citations == ["A4"] for q in latest)
    assert any("“Send the rollout plan to partners”" in q.text for q in latest)


def _history() -> list[ContextItem]:
    return [
        _checkin(
            "C1",
            D(2026, 10, 30),
            "Dana is on three projects; context switching all week. Mood 2/5.",
            mood=2,
        ),
        _checkin(
            "C2",
            D(2026, 11, 13),
            "- Still a lot of context switching between the API and billing.\n"
            "- Agreed to revisit the on-call rota next week.\n"
            "- Conference budget TBC.",
            mood=2,
        ),
        _checkin(
            "C2",
            D(2026, 11, 13),
            "Possible flight risk: mentioned a recruiter call.",
            part="private",
        ),
    ]


def test_agreed_follow_ups_are_carried_forward() -> None:
    agenda = _agenda(_history())
    carried = [i for i in _lines(agenda, "action_items") if i.citations == ["C2"]]
    assert carried and "agreed to revisit the on-call rota next week" in carried[0].text.lower()
    assert "2026-11-13" in carried[0].text


def test_what_the_last_1_1_agreed_is_not_pushed_out_by_older_commitments() -> None:
    # Three open items from July and August and one from the last 1:1 once filled the section,
    # and the last 1:1's agreed points, listed after them, were cut.
    context = [c for c in _old_and_new_actions() if c.citation != "C9"]
    note = (
        "Rollout plan and partner comms. Agreed to move the partner call to Thursday.\n"
        "- Agreed that the beta waits for the security sign-off."
    )
    context.append(_checkin("C9", D(2026, 11, 19), note, mood=4))
    lines = _lines(_agenda(context), "action_items")
    carried = " ".join(i.text for i in lines if i.citations == ["C9"])
    assert "move the partner call to Thursday" in carried
    assert "the beta waits for the security sign-off" in carried
    assert any(i.citations == ["A4"] for i in lines)  # the last 1:1's own action item stays
    tidy = [i for i in lines if i.text.startswith("Long overdue")]
    assert len(tidy) == 1 and set(tidy[0].citations) == {"A1", "A2", "A3"}


def test_open_questions_are_carried_forward() -> None:
    agenda = _agenda(_history())
    assert any(
        "Conference budget TBC" in q.text and q.citations == ["C2"] for q in agenda.questions
    )


def test_two_low_moods_make_a_trend_with_what_both_notes_name() -> None:
    agenda = _agenda(_history())
    # Low at both of the last two 1:1s outranks everything else here: it opens the agenda.
    trend = agenda.top_three[0]
    assert trend.text.startswith("Mood was 2 at the last two 1:1s (2026-10-30 and 2026-11-13)")
    assert "both notes name “context switching”" in trend.text
    assert set(trend.citations) == {"C1", "C2"}


def test_one_low_mood_is_no_trend_but_a_fall_is_a_drop() -> None:
    context = _history()
    context[0] = _checkin("C1", D(2026, 10, 30), "A steady week, shipped the retry logic.", mood=3)
    assert not any(q.text.startswith("Mood") for q in _lines(_agenda(context), "questions"))
    context[0] = _checkin("C1", D(2026, 10, 30), "Good week, shipped the retry logic.", mood=4)
    drop = [q for q in _lines(_agenda(context), "questions") if q.text.startswith("Mood")]
    assert [q.citations for q in drop] == [["C1", "C2"]] or [q.citations for q in drop] == [
        ["C2", "C1"]
    ]
    assert drop[0].text.startswith("Mood fell from 4 to 2 between the last two 1:1s")
    assert "the latest note names “context switching”" in drop[0].text


def test_the_managers_private_note_surfaces_marked_private() -> None:
    context = _history()
    agenda = _agenda(context)
    grounding = grounding_for(context)
    assert check(agenda, grounding) == []
    marked = mark_visibility(agenda, grounding, strict=False)
    private = [i for _, _, i in iter_items(marked) if "flight risk" in i.text]  # type: ignore[arg-type]
    assert len(private) == 1 and private[0].visibility == "private"
    assert private[0].citations == ["C2"]
    others = [i for _, _, i in iter_items(marked) if "flight risk" not in i.text]  # type: ignore[arg-type]
    assert all(i.visibility == "shared" for i in others)


def test_a_follow_up_already_recorded_as_an_action_item_is_listed_once() -> None:
    recorded = _action("A8", D(2026, 11, 13), D(2026, 11, 27), "Revisit the on-call rota")
    agenda = _agenda([*_history(), recorded])
    rota = [i for i in _lines(agenda, "action_items") if "on-call rota" in i.text]
    assert [i.citations for i in rota] == [["A8"]]


def test_long_overdue_items_the_newest_push_out_share_one_tidy_line() -> None:
    newer = [
        _action("A5", D(2026, 11, 5), D(2026, 11, 12), "Book the design review"),
        _action("A6", D(2026, 11, 12), D(2026, 11, 30), "Ask finance about the budget"),
    ]
    agenda = _agenda([*_old_and_new_actions(), *newer])
    section = agenda.action_items
    # The last 1:1's commitment and the one a week overdue keep their lines; July's and
    # August's, pushed out by them, are one line asking to close or drop them, oldest quoted,
    # all cited.
    lines = _lines(agenda, "action_items")
    assert {"A4", "A5"} <= {i.citations[0] for i in lines}
    tidy = section[-1]
    assert tidy.text.startswith("Long overdue from earlier 1:1s — close or drop?")
    assert "“Write the July capacity plan”" in tidy.text
    assert set(tidy.citations) == {"A1", "A2", "A3"}


def test_an_item_weeks_overdue_is_not_hidden_behind_ones_not_yet_due() -> None:
    context = [
        _action("A20", D(2026, 10, 22), D(2026, 11, 2), "Write down what done means"),
        _action("A25", D(2026, 11, 5), D(2026, 12, 4), "Pair on the ledger migration"),
        _action("A26", D(2026, 11, 5), D(2026, 12, 4), "Pair on the  ledger migration"),
        _action("A27", D(2026, 11, 5), D(2026, 12, 11), "Draft the hiring rubric"),
        _action("A24", D(2026, 11, 19), D(2026, 11, 26), "Send the rollout plan to partners"),
    ]
    lines = _lines(_agenda(context), "action_items")
    cited = [i.citations for i in lines if i.citations[0].startswith("A")]
    # The last 1:1's first, then the one 18 days overdue, then the same promise logged twice
    # as one line: before, the twins took two slots and the overdue one none.
    assert sorted(cited[:3]) == [["A20"], ["A24"], ["A25", "A26"]], cited


def test_no_tidy_line_when_nothing_long_overdue_is_left_out() -> None:
    agenda = _agenda([c for c in _old_and_new_actions() if c.citation in {"A3", "A4", "C9"}])
    assert not any(i.text.startswith("Long overdue") for i in agenda.action_items)


def _weekly(start: dt.date, weeks: int) -> list[ContextItem]:
    """Ordinary 1:1s every week: the team's usual words, no concern."""
    return [
        _checkin(f"W{n}", start + dt.timedelta(weeks=n), "Sprint review went fine; team on track.")
        for n in range(weeks)
    ]


ON_CALL_THEN = (
    "Dana said the night on-call pages are wearing her down; payment-gateway alerts at 3am."
)
ON_CALL_NOW = (
    "The on-call load is back: four night pages, the same payment-gateway alert as before."
)


def test_a_concern_that_comes_back_after_months_is_raised_with_both_notes() -> None:
    context = [
        *_weekly(D(2025, 10, 1), 50),
        _checkin("C88", D(2025, 11, 27), ON_CALL_THEN),
        _checkin("C99", D(2026, 11, 2), ON_CALL_NOW),
    ]
    asked = [q for q in _lines(_agenda(context), "questions") if q.text.startswith("Raised again")]
    assert len(asked) == 1 and asked[0].citations == ["C99", "C88"]
    assert "2026-11-02" in asked[0].text and "2025-11-27" in asked[0].text


def test_a_concern_is_not_returning_when_it_is_new_or_only_weeks_old() -> None:
    fresh = [*_weekly(D(2025, 10, 1), 50), _checkin("C99", D(2026, 11, 2), ON_CALL_NOW)]
    recent = [*fresh, _checkin("C88", D(2026, 9, 1), ON_CALL_THEN)]  # two months before
    stale = [*_weekly(D(2025, 10, 1), 50), _checkin("C99", D(2026, 8, 2), ON_CALL_NOW),
             _checkin("C88", D(2025, 11, 27), ON_CALL_THEN)]  # fmt: skip
    for context in (fresh, recent, stale):
        lines = _lines(_agenda(context), "questions")
        assert not any(q.text.startswith("Raised again") for q in lines)


def _goal_with_updates(*updates: tuple[str, dt.date, str]) -> list[ContextItem]:
    goal = item(
        "G1", "goal", D(2026, 10, 1), DANA, "Cut reconciliation mismatches",
        title="Cut reconciliation mismatches", status="at_risk", progress=35,
        cycle_state="current",
    )  # fmt: skip
    return [goal] + [
        item(c, "goal_update", day, DANA, text, goal_citation="G1", status="at_risk", progress=35)
        for c, day, text in updates
    ]


def test_a_goal_at_risk_recalls_the_earlier_update_that_found_its_cause() -> None:
    context = _goal_with_updates(
        ("U1", D(2026, 10, 4), "Found why most mismatches happen: the bank files use local time."),
        ("U2", D(2026, 10, 20), "Mismatch rate down to 0.6%."),
        ("U3", D(2026, 11, 14), "Mismatch rate stuck at 0.4% for three weeks."),
    )
    (risk,) = [i for i in _lines(_agenda(context), "goals_at_risk") if "G1" in i.citations]
    assert risk.citations == ["G1", "U3", "U1"]
    assert "Earlier (2026-10-04) an update found: “Found why most mismatches happen" in risk.text


def test_no_earlier_finding_when_the_updates_only_report_numbers() -> None:
    context = _goal_with_updates(
        ("U2", D(2026, 10, 20), "Mismatch rate down to 0.6%."),
        ("U3", D(2026, 11, 14), "Mismatch rate stuck at 0.4% for three weeks."),
    )
    (risk,) = [i for i in _lines(_agenda(context), "goals_at_risk") if "G1" in i.citations]
    assert risk.citations == ["G1", "U3"] and "Earlier" not in risk.text


def test_a_settled_arrangement_is_no_follow_up_and_leaves_overdue_items_their_slot() -> None:
    # Fact-check (c), Hannah: "Freya will cover Pathfinder" was carried over as "check where it
    # stands", and that line pushed an item nine days overdue out of the section.
    context = [
        _checkin("C9", D(2026, 11, 19), "Long weekend coming up; Freya will cover Pathfinder.",
                 mood=3),
        _action("A4", D(2026, 11, 19), D(2026, 12, 10), "Check the promotion timeline with HR"),
        _action("A5", D(2026, 11, 5), D(2026, 11, 11), "Confirm the Pathfinder cut with product"),
        _action("A1", D(2026, 7, 2), D(2026, 7, 10), "Write the July capacity plan"),
    ]  # fmt: skip
    lines = _lines(_agenda(context), "action_items")
    assert not any("Freya" in i.text for i in lines)
    assert any(i.citations == ["A5"] and "Overdue since 2026-11-11" in i.text for i in lines)
