"""Coaching built from the evidence: what happened is quoted, the pattern counted, the next step
tied to the goal or action item involved, and the opener fits praise or criticism — so two
people's coaching reads differently."""

from __future__ import annotations

import datetime as dt

from dana_context import DANA, HANNAH, MARCO, ZARA, brief_for, dana_context, fb, item

from assistant.tasks.registry import draft_offline
from assistant.tasks.schemas import Coaching, Suggestion
from retrieval.types import ContextItem

D = dt.date


def _coach(context: list[ContextItem]) -> list[Suggestion]:
    coaching = draft_offline(context, brief_for("coaching"))
    assert isinstance(coaching, Coaching)
    return coaching.suggestions


def _other_person() -> list[ContextItem]:
    """Someone else's records: praise for incident work, criticism of missed stand-ups."""
    return [
        fb(
            "F70",
            D(2026, 10, 2),
            HANNAH,
            "praise",
            "Ran the incident bridge for the ledger "
            "outage and wrote the timeline the same evening.",
        ),
        fb(
            "F71",
            D(2026, 11, 3),
            MARCO,
            "praise",
            "Kept the war room calm during the ledger outage and handed over cleanly.",
        ),
        fb("F72", D(2026, 10, 20), ZARA, "constructive", "Late to stand-up most days this month."),
        fb(
            "F73",
            D(2026, 11, 12),
            MARCO,
            "constructive",
            "Missed the Monday stand-up again, so the board was out of date.",
        ),
    ]


def _text(s: Suggestion) -> str:
    return " ".join([s.text, s.why, s.opener])


def test_criticism_is_quoted_counted_and_tied_to_the_action_item_involved() -> None:
    theme = next(s for s in _coach(dana_context()) if "F50" in s.citations)
    # The colleague's own proposal is the next step, tried on the open action item it is about.
    assert theme.text.startswith("Start from what Marco Bellini proposed: “")
    assert "“Send the rollout plan to the partner stakeholders”" in theme.text
    assert theme.citations[-1] == "A40"
    assert "2026-08-30 to 2026-11-10" in theme.why and "“" in theme.why
    assert theme.opener.startswith("Several people raised communication, most recently “")
    assert "?" in theme.opener and "thank" not in theme.opener.lower()


def test_praise_opens_with_what_was_praised() -> None:
    praise = next(s for s in _coach(_other_person()) if "F70" in s.citations)
    assert praise.opener.startswith("Thank you for “")
    assert "2 pieces of praise" in praise.why and "2026-10-02 to 2026-11-03" in praise.why
    criticism = next(s for s in _coach(_other_person()) if "F72" in s.citations)
    assert not criticism.opener.lower().startswith("thank")
    assert "stand-up" in criticism.opener


def test_two_peoples_coaching_shares_no_sentence() -> None:
    dana, other = _coach(dana_context()), _coach(_other_person())
    mine = {part for s in dana for part in _text(s).replace("?", ".").split(". ")}
    theirs = {part for s in other for part in _text(s).replace("?", ".").split(". ")}
    shared = {p for p in mine & theirs if len(p.split()) >= 5}
    assert not shared, shared


def test_a_goal_at_risk_quotes_its_latest_update_and_its_course() -> None:
    context = [
        *dana_context(),
        item(
            "U19",
            "goal_update",
            D(2026, 10, 1),
            DANA,
            "Started on the partner API.",
            goal_citation="G10",
            status="on_track",
            progress=10,
        ),
    ]
    first = _coach(context)[0]
    assert "Launch the partner API" in first.text and first.citations[0] == "G10"
    assert "10% on 2026-10-01, 30% on 2026-11-01" in first.why
    assert first.opener.startswith("Your update on 2026-11-01 says “Blocked on the security review")


def _mood(citation: str, day: dt.date, mood: int, text: str) -> ContextItem:
    return item(citation, "checkin", day, DANA, text, part="shared", mood=mood)


def test_low_moods_are_read_with_the_last_1_1_that_was_better() -> None:
    context = [
        _mood("C1", D(2026, 10, 27), 2, "Tired; on-call weeks back to back."),
        _mood("C2", D(2026, 11, 11), 1, "Exhausted, the launch slipped again."),
        _mood("C3", D(2026, 11, 18), 3, "Better week, launch is out."),
    ]
    (low,) = [s for s in _coach(context) if "C2" in s.citations]
    assert "At the last 1:1, on 2026-11-18, it was 3." in low.why
    assert low.citations[0] == "C3"
