"""Time off the last 1:1s said is coming reaches the next agenda, quoted and cited, so cover and
hand-overs get planned (fact-check 2026-11-30-b: Felix's "away the week after next" was cut)."""

from __future__ import annotations

import datetime as dt

from dana_context import TODAY, agenda_for, checkin, grounding_for, led_by

from assistant.grounding import check, mark_visibility
from assistant.offline.leave_dates import last_day_off
from assistant.offline.time_off import TIME_OFF_LEAD, time_off_item
from assistant.tasks.schemas import Agenda, Item
from retrieval.types import ContextItem

D = dt.date


def _note(citation: str, day: dt.date, text: str, part: str = "shared") -> ContextItem:
    return checkin(citation, day, text, part, mood=4)


def _time_off(agenda: Agenda) -> list[Item]:
    return led_by(agenda, TIME_OFF_LEAD)


def test_time_off_said_at_the_last_1_1_is_carried_with_its_date_and_citation() -> None:
    context = [
        _note("C1", D(2026, 11, 5), "- Talked about a conference talk on Beacon."),
        _note("C2", D(2026, 11, 19), "- Goals on track.\n"
              "- Time off: away the week after next; the usage-metering hand-over is agreed."),
    ]  # fmt: skip
    agenda = agenda_for(context)
    (line,) = _time_off(agenda)
    assert line.text == (
        "Time off — 2026-11-19: “away the week after next; the usage-metering hand-over is "
        "agreed”. Plan cover and hand-overs?"
    )
    assert line.citations == ["C2"]
    assert line in agenda.growth
    grounding = grounding_for(context)
    assert check(agenda, grounding) == []
    marked = mark_visibility(agenda, grounding, strict=False)
    assert [i.visibility for i in _time_off(marked)] == ["shared"]


def test_time_off_in_the_private_part_is_marked_private() -> None:
    context = [
        _note("C1", D(2026, 11, 19), "- Goals on track."),
        _note("C2", D(2026, 11, 19), "Parental leave from March; not announced yet.", "private"),
    ]
    agenda = agenda_for(context)
    (line,) = _time_off(agenda)
    assert "“Parental leave from March; not announced yet”" in line.text
    marked = mark_visibility(agenda, grounding_for(context), strict=False)
    assert [i.visibility for i in _time_off(marked)] == ["private"]


def test_each_way_of_saying_it_is_read() -> None:
    for said in (
        "Off on the 12th for a family thing.",
        "Taking Friday off.",
        "Holiday booked for next month, Marco covering.",
        "PTO next month",
        "Long weekend coming up; Marco will cover Beacon.",
    ):
        line = time_off_item([_note("C1", D(2026, 11, 19), said)], TODAY)
        assert line is not None, said


def test_past_stale_or_everyday_words_are_no_time_off() -> None:
    for said in (
        "Back from leave and caught up on what changed in Beacon.",
        "Was off last week with a cold.",
        "Took Friday off after the launch.",
        "Signed off the design; rolled out the retry logic right away.",
        "She might leave if the role does not grow.",
        "I'll talk to Devika about taking her off the support rota for January.",
        "Must take something off her plate this week, not next.",
    ):
        assert time_off_item([_note("C1", D(2026, 11, 19), said)], TODAY) is None, said
    # Said seven weeks ago: that week away has been taken.
    old = _note("C1", TODAY - dt.timedelta(days=49), "Away the week after next.")
    assert time_off_item([old], TODAY) is None
    # Said before the last two 1:1s: they have planned it already.
    older = [
        _note("C1", D(2026, 11, 1), "Away the week after next."),
        _note("C2", D(2026, 11, 8), "Goals on track."),
        _note("C3", D(2026, 11, 15), "Demo went well."),
    ]
    assert time_off_item(older, TODAY) is None


def test_leave_whose_own_dates_have_passed_is_not_announced() -> None:
    # TODAY is Friday 2026-11-20; each note is among the last two 1:1s and younger than
    # TIME_OFF_STALE, so only the dates it gives can tell that the leave is over.
    for said_on, said in (
        (D(2026, 11, 10), "Off 12-16 Nov for a family thing."),
        (D(2026, 11, 12), "Away Friday and Monday, back on Tuesday."),
        (D(2026, 11, 14), "Long weekend coming up; Marco will cover Beacon."),
        (D(2026, 11, 5), "Holiday next week, Marco covering."),
    ):
        assert time_off_item([_note("C1", said_on, said)], TODAY) is None, said


def test_leave_still_to_come_is_announced_by_its_dates_however_old_the_1_1() -> None:
    # Said seven weeks ago, but the dates are ahead: cover still has to be planned.
    note = _note("C1", TODAY - dt.timedelta(days=49), "Holiday booked 12-16 Jan, Marco covering.")
    line = time_off_item([note], TODAY)
    assert line is not None
    assert "“Holiday booked 12-16 Jan, Marco covering”" in line.text
    # An ended leave in the last 1:1 does not hide an upcoming one in the one before.
    notes = [
        _note("C1", D(2026, 11, 5), "Off 7-11 Dec for a wedding."),
        _note("C2", D(2026, 11, 16), "Back on Wednesday after a long weekend."),
    ]
    line = time_off_item(notes, TODAY)
    assert line is not None and line.citations == ["C1"]


def test_the_last_day_off_is_read_from_the_note_against_its_own_date() -> None:
    thursday = D(2026, 11, 19)
    for said, last in (
        ("Off 12-16 Dec for a family thing.", D(2026, 12, 16)),
        ("Away Dec 12-16", D(2026, 12, 16)),
        ("Back on Monday.", D(2026, 11, 22)),
        ("back on 7 Dec", D(2026, 12, 6)),
        ("Off until 3 Dec", D(2026, 12, 3)),
        ("Away next week", D(2026, 11, 29)),
        ("away the week after next; hand-over agreed", D(2026, 12, 6)),
        ("Taking Friday off.", D(2026, 11, 20)),
        ("PTO next month", D(2026, 12, 31)),
        ("Long weekend coming up", D(2026, 11, 22)),
        ("Off on the 12th for a family thing.", D(2026, 12, 12)),
    ):
        assert last_day_off(said, thursday) == last, said
    # Said on 28 December, "5 Jan" is next year's.
    assert last_day_off("Off until 5 Jan", D(2026, 12, 28)) == D(2027, 1, 5)
    for undated in ("Parental leave from March; not announced yet.", "Holiday from 12 Dec"):
        assert last_day_off(undated, thursday) is None, undated
