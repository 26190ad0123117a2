"""Time off the last 1:1s said is coming ("away the week after next", "parental leave from
March", "taking Friday off"), carried into the next agenda so cover and hand-overs get planned
(fact-check 2026-11-30-b: Felix's week away was cut from the agenda). Leave whose dates the note
gives is read against today (assistant/offline/leave_dates.py): leave that has ended is not
announced (fact-check 2026-12-01: a long weekend already over was)."""

from __future__ import annotations

import datetime as dt
import re

from assistant.offline.carryover import NOTE_LABEL, first_said
from assistant.offline.facts import clause, day, of_type
from assistant.offline.leave_dates import last_day_off
from assistant.record_facts import CheckInFacts, facts_of
from assistant.tasks.schemas import Item
from assistant.tasks.windows import LAST_CHECKINS, TIME_OFF_STALE
from retrieval.types import ContextItem

# The line starts with this: the quote and the date are what differ from one person to the next.
TIME_OFF_LEAD = "Time off"

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
# "off 12-16 Dec", "away Dec 12-16", "out until 3 Dec": dates the leave is read by (leave_dates).
_NTH = r"\d{1,2}(?:st|nd|rd|th)?"
_DATES = rf"{_NTH}(?:\s*(?:-|–|to)\s*{_NTH})?\s+{_MONTHS}|{_MONTHS}\s+\d"
_WHEN = (
    rf"(?:{_DATES}|next|this|the week|the {_NTH}|on the|from|until|for (?:a|two|three|\d)"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|tomorrow|in (?:jan|feb|mar|apr|may|jun|jul"
    r"|aug|sep|oct|nov|dec))"
)
# Words that name an absence. "Off", "out" and "away" are everyday words ("signed off", "rolled
# out", "right away"): they count only when a day or period follows.
_AWAY = re.compile(
    rf"(?<![\w-])(?:(?:off|out|away)\s+{_WHEN}"
    r"|(?:parental|maternity|paternity|annual|sick|study|unpaid|shared) leave|on leave"
    r"|holidays?|vacation|pto|sabbatical|long weekend|time off|days? off"
    # "taking Friday off", not "taking her off the rota" or "take something off her plate".
    r"|tak(?:e|ing) (?:\w+ ){1,2}off(?! (?:the|her|his|their|my|your|our|a|an)\b))(?![\w-])",
    re.IGNORECASE,
)
# Said of time off already taken: nothing to plan for.
_PAST = re.compile(
    r"(?<![\w-])(?:back from|was (?:off|out|away|on)|were (?:off|out|away|on)|returned|came back"
    r"|got back|last (?:week|month|year)|had (?:a |some |two |three )?(?:time|days?|weeks?) off"
    r"|took (?:\w+ ){0,2}off|since (?:the|her|his|their|my) (?:leave|holiday|vacation)"
    r"|after (?:the|her|his|their|my) (?:leave|holiday|vacation))(?![\w-])",
    re.IGNORECASE,
)


def _upcoming(note: ContextItem, today: dt.date) -> str | None:
    """What ``note`` says of time off still to come or under way: not leave its own dates put
    before today ("Long weekend coming up" in a 1:1 of Saturday 28 November, read on Monday
    30th), and not
    undated leave said more than TIME_OFF_STALE ago."""
    said = first_said(note, _AWAY, _PAST)
    if said is None or note.date is None:
        return None
    ends = last_day_off(said, note.date)
    if ends is None and today - note.date > TIME_OFF_STALE:
        return None
    if ends is not None and ends < today:
        return None
    return NOTE_LABEL.sub("", said)


def _part(note: ContextItem) -> str:
    return facts_of(note, CheckInFacts).get("part") or "shared"


def time_off_item(items: list[ContextItem], today: dt.date) -> Item | None:
    """The newest upcoming time off one of the last LAST_CHECKINS 1:1s mentions, shared or
    private part (the cited note marks the line's visibility): not once its dates have passed,
    and, when the note gives none, not once that 1:1 is so old the time off has surely passed."""
    notes = [c for c in of_type(items, "checkin") if c.date is not None]
    dates = sorted({c.date for c in notes if c.date is not None}, reverse=True)[:LAST_CHECKINS]
    # A shared part before a private one of the same day: the line is then one the report reads.
    recent = sorted(
        (c for c in notes if c.date in dates),
        key=lambda c: (c.date or dt.date.min, _part(c) == "shared"),
        reverse=True,
    )
    for note in recent:
        said = _upcoming(note, today)
        if said is not None:
            return Item(
                text=f"{TIME_OFF_LEAD} — {day(note.date)}: “{clause(said, 20)}”. "
                "Plan cover and hand-overs?",
                citations=[note.citation],
            )
    return None


__all__ = ["TIME_OFF_LEAD", "time_off_item"]
