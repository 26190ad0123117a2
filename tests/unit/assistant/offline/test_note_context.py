"""A 1:1 line that names nothing itself is carried into the agenda with the line before it
(fact-check 2026-12-01: "No decision yet, both of us to think" and "we'll look at it again next
time" were quoted without what they were about)."""

from __future__ import annotations

import datetime as dt

from dana_context import agenda_for, checkin, led_by

from assistant.offline.carryover import in_context

D = dt.date


def test_an_open_question_is_quoted_with_what_it_is_about() -> None:
    note = checkin(
        "C1", D(2026, 11, 18),
        "Mostly talked about Orbit. Spent most of the half hour on usage-metering. "
        "No decision yet, both of us to think.",
        mood=4,
    )  # fmt: skip
    (line,) = led_by(agenda_for([note]), "Left open at the 1:1")
    assert "“Spent most of the half hour on usage-metering. No decision yet, both of us to " in (
        line.text
    ), line.text


def test_a_follow_up_is_quoted_with_the_clause_it_ends() -> None:
    note = checkin(
        "C1", D(2026, 11, 18),
        "- Went through the career ladder together.\n"
        "- Walked through Meridian: the auth-gateway piece is the long pole; "
        "we'll look at it again next time.",
        mood=4,
    )  # fmt: skip
    (line,) = led_by(agenda_for([note]), "Carried over from the 1:1")
    assert "the auth-gateway piece is the long pole; we'll look at it again next time”" in (
        line.text
    ), line.text


def test_a_line_that_names_its_subject_is_quoted_alone() -> None:
    note = checkin(
        "C1", D(2026, 11, 18),
        "- Goals on track.\n- Still open: who looks after auth-gateway now?",
        mood=4,
    )  # fmt: skip
    (line,) = led_by(agenda_for([note]), "Left open at the 1:1")
    assert "Goals on track" not in line.text, line.text


def test_the_bullet_before_is_another_point_and_is_not_joined() -> None:
    # Joined, the quote would be words the note never wrote ("faster fb. promo q's").
    text = "- asked for faster fb\n- promo q's -> will look at it again next time"
    unit = "promo q's -> will look at it again next time"
    assert in_context(text, unit, 24) == unit
