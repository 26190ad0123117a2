"""When the time off a 1:1 note mentions ends, read from the note's own words against the day it
was written: "off 12-16 Dec", "back on Monday", "next week", "taking Friday off", "long weekend
coming up". None when the note gives no date; the agenda then falls back to the note's age.

A note is read as of its 1:1's date: "next week" in a note of Thursday 19 November is the week of
23 November, whatever day the agenda is drafted on.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|–|—|to|until|till)\s*"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(mon|tues|wednes|thurs|fri|satur|sun)day"

# "12-16 Dec", "12 to 16 December", "Dec 12-16", "12 Dec", "December 12th".
_DAY_MONTH = re.compile(rf"\b{_DAY}(?:{_TO}{_DAY})?\s+(?:of\s+)?{_MONTH}", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}(?:{_TO}{_DAY})?\b", re.I)
# The day they are back, not the last day off: "back on 14 Dec".
_BACK = re.compile(r"\bback\s+(?:on\s+)?(?:the\s+)?$", re.I)
_FROM = re.compile(r"\b(?:from|starting)\s+(?:the\s+)?$", re.I)
_ORDINAL = re.compile(rf"\b(?:on|from|until|till|back on)\s+the\s+{_DAY}\b", re.I)


def _month_number(word: str) -> int:
    return _MONTHS.index(word[:3].lower()) + 1


def _near(anchor: dt.date, month: int, day_of_month: int) -> dt.date | None:
    """The date ``day_of_month`` ``month`` nearest after ``anchor`` (a note in late December
    speaking of "5 Jan" means next year); None for a day the month does not have."""
    for year in (anchor.year, anchor.year + 1):
        try:
            found = dt.date(year, month, day_of_month)
        except ValueError:
            return None
        if found >= anchor - dt.timedelta(days=31):
            return found
    return None


def _next_weekday(anchor: dt.date, name: str) -> dt.date:
    """The first ``name`` day after ``anchor`` (said on a Friday, "Friday" is next week's)."""
    target = next(i for i, w in enumerate(_WEEKDAYS) if w.startswith(name.lower()))
    return anchor + dt.timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _explicit(text: str, anchor: dt.date) -> dt.date | None:
    """The last day off when the note names calendar dates."""
    for found in _DAY_MONTH.finditer(text):
        first, last, month = found.group(1), found.group(2), found.group(3)
        day = _near(anchor, _month_number(month), int(last or first))
        if day is None:
            continue
        before = text[: found.start()]
        if _BACK.search(before):
            return day - dt.timedelta(days=1)
        if last is None and _FROM.search(before):
            return None  # "from 12 Dec": when it ends is not said
        return day
    for found in _MONTH_DAY.finditer(text):
        month, first, last = found.group(1), found.group(2), found.group(3)
        day = _near(anchor, _month_number(month), int(last or first))
        if day is not None:
            return day
    return None


def _relative(text: str, anchor: dt.date) -> dt.date | None:
    """The last day off when the note says it relative to its own date."""
    low = text.lower()
    back = re.search(rf"\bback\s+(?:on\s+)?{_WEEKDAY}\b", low)
    if back:
        return _next_weekday(anchor, back.group(1)) - dt.timedelta(days=1)
    if "back tomorrow" in low:
        return anchor
    ordinal = _ORDINAL.search(text)
    if ordinal:
        number = int(ordinal.group(1))
        month = anchor.month if number >= anchor.day else anchor.month % 12 + 1
        year = anchor.year + (1 if month < anchor.month else 0)
        try:
            day = dt.date(year, month, number)
        except ValueError:
            return None
        said = ordinal.group(0).lower()
        return day - dt.timedelta(days=1) if said.startswith("back") else day
    if "week after next" in low:
        return _monday(anchor) + dt.timedelta(days=20)
    if "next week" in low:
        return _monday(anchor) + dt.timedelta(days=13)
    if "this week" in low:
        return _monday(anchor) + dt.timedelta(days=6)
    if "next month" in low:
        year, month = anchor.year + anchor.month // 12, anchor.month % 12 + 1
        return _month_end(year, month)
    if "tomorrow" in low:
        return anchor + dt.timedelta(days=1)
    if "long weekend" in low:
        # The weekend on or after the note: its extra day may be the Friday or the Monday, so
        # it is counted as ending on the Sunday.
        saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
        return saturday + dt.timedelta(days=1)
    weekday = re.search(rf"\b{_WEEKDAY}\b", low)
    if weekday:
        return _next_weekday(anchor, weekday.group(1))
    return None


def last_day_off(text: str, said_on: dt.date) -> dt.date | None:
    """The last day of the time off ``text`` (a note written on ``said_on``) mentions, when its
    words give one; None when they give no date or no end ("parental leave from March")."""
    if re.search(r"\bfrom\s+(?:" + _MONTH + r"|" + _WEEKDAY + r")", text, re.I) and not re.search(
        _TO + r"|\buntil\b|\btill\b|\bback\b", text, re.I
    ):
        return None
    return _explicit(text, said_on) or _relative(text, said_on)


__all__ = ["last_day_off"]
