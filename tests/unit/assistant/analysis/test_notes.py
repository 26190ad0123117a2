"""The 1:1 note reader on notes written for this test."""

from __future__ import annotations

from assistant.analysis.notes import mood, read_note


def test_stated_mood_takes_the_lower_of_a_range() -> None:
    assert mood("Energy 3-4 this week, mood 2/5 on Monday.") == 3
    assert mood("Mood 2/5.") == 2
    assert mood("Talked about the roadmap.") is None


def test_follow_ups_questions_topics_and_flags() -> None:
    note = (
        "- Mood 2/5 again, working late most evenings\n"
        "- Agreed: I'll move the vendor review to Priya by Friday\n"
        "- Budget for the conference TBC\n"
        "- Mentioned a recruiter reached out, not interviewing yet"
    )
    reading = read_note(note)
    assert reading.mood == 2
    assert any("vendor review" in f for f in reading.follow_ups)
    assert any("TBC" in q for q in reading.open_questions)
    assert {"workload", "career"} <= set(reading.topics)
    assert set(reading.flags) == {"flight_risk", "burnout_risk"}


def test_an_internal_move_is_not_a_flight_risk() -> None:
    note = "Interviewing with the data team for an internal transfer in spring."
    assert "flight_risk" not in read_note(note).flags


def test_a_question_the_next_line_answers_is_not_open() -> None:
    answered = (
        "Discussed whether a move toward management is interesting. Not now, maybe next year."
    )
    assert read_note(answered).open_questions == ()
    still_open = "Discussed whether a move toward management is interesting. Will think it over."
    assert read_note(still_open).open_questions != ()


def test_a_settled_arrangement_is_not_a_follow_up() -> None:
    settled = (
        "Long weekend coming up; Freya will cover Pathfinder.\n"
        "Time off: away the week after next; the usage-metering hand-over is agreed."
    )
    assert read_note(settled).follow_ups == ()
    # Still open: something to do, or an agreement to check on later.
    open_ = "Agreed to revisit the on-call rota next week. Agreed that stops after the launch."
    assert len(read_note(open_).follow_ups) == 2
