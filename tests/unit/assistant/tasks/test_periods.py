"""Time phrases in questions, read relative to a pinned day."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.tasks.periods import Frame, read_frame

D = dt.date
TODAY = D(2026, 11, 26)


@pytest.mark.parametrize(
    ("question", "since", "until", "last"),
    [
        ("what has Dana done since September?", D(2026, 9, 1), None, None),
        ("anything since sept?", D(2026, 9, 1), None, None),
        ("since December?", D(2025, 12, 1), None, None),  # December is last year's
        ("since 2026-10-05, what changed?", D(2026, 10, 5), None, None),
        ("what happened in October?", D(2026, 10, 1), D(2026, 10, 31), None),
        ("in the last 2 weeks", D(2026, 11, 12), TODAY, None),
        ("over the past three months", D(2026, 8, 28), TODAY, None),
        ("this quarter", D(2026, 10, 1), TODAY, None),
        ("last quarter", D(2026, 7, 1), D(2026, 9, 30), None),
        ("last month", D(2026, 10, 1), D(2026, 10, 31), None),
        ("this year", D(2026, 1, 1), TODAY, None),
        ("what did I promise in my last two 1:1s?", None, None, 2),
        ("my last 1:1", None, None, 1),
        ("the last 3 check-ins", None, None, 3),
        ("what did Dana do on the ledger?", None, None, None),
    ],
)
def test_phrases(question: str, since: D | None, until: D | None, last: int | None) -> None:
    frame = read_frame(question, TODAY)
    assert (frame.since, frame.until, frame.last_checkins) == (since, until, last)


def test_january_last_month_is_the_previous_december() -> None:
    frame = read_frame("last month", D(2026, 1, 10))
    assert (frame.since, frame.until) == (D(2025, 12, 1), D(2025, 12, 31))


def test_no_phrase_is_an_empty_frame() -> None:
    assert read_frame("how is Dana doing?", TODAY) == Frame() and Frame().empty
