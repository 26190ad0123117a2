"""Time phrases in a question: "since September", "last quarter", "my last two 1:1s".

:func:`read_frame` turns the first phrase it recognises into a :class:`Frame` — a date window
and/or "the last N check-ins" — relative to ``today`` (``assistant.clock.today``), so the same
question means the same thing whenever it is asked as of the same day. A phrase it does not
recognise leaves the window open: the question is then answered over the whole period.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["Frame", "read_frame"]

MONTHS = tuple(
    re.findall(
        r"\w+",
        "january february march april may june july august september october november december",
    )
)
_MONTH = r"(?P<month>sept|" + "|".join(m[:3] + f"(?:{m[3:]})?" for m in MONTHS) + r")\b"
_NUMBERS = {
    w: i
    for i, w in enumerate(re.findall(r"\w+", "one two three four five six seven eight nine ten"), 1)
}
_COUNT = r"(?P<n>\d{1,2}|" + "|".join(_NUMBERS) + ")"
_MEETING = r"(?:1:1s?|1-on-1s?|one-on-ones?|check-?ins?|1:1 meetings?)"
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


@dataclass(frozen=True)
class Frame:
    since: dt.date | None = None
    until: dt.date | None = None
    last_checkins: int | None = None  # "my last two 1:1s": the N latest check-ins
    phrase: str = ""  # the words it was read from, for display

    @property
    def empty(self) -> bool:
        return self.since is None and self.until is None and self.last_checkins is None


def _count(raw: str | None) -> int:
    if raw is None:
        return 1
    return int(raw) if raw.isdigit() else _NUMBERS[raw]


def _month_index(raw: str) -> int:
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(raw[:3]))


def _latest_month_start(month: int, today: dt.date) -> dt.date:
    """The first of ``month`` in the latest year that does not put it after today."""
    year = today.year if month <= today.month else today.year - 1
    return dt.date(year, month, 1)


def _month_end(start: dt.date) -> dt.date:
    nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def read_frame(question: str, today: dt.date) -> Frame:
    """The time frame ``question`` names, relative to ``today`` (see the module docstring)."""
    q = " ".join(question.lower().split())
    if m := re.search(rf"\blast {_COUNT}? ?{_MEETING}", q):
        return Frame(last_checkins=_count(m.group("n")), phrase=m.group(0))
    if m := re.search(rf"\b(?:most recent|latest|previous) {_COUNT}? ?{_MEETING}", q):
        return Frame(last_checkins=_count(m.group("n")), phrase=m.group(0))
    if m := re.search(r"\bsince (\d{4}-\d{2}-\d{2})\b", q):
        try:
            return Frame(since=dt.date.fromisoformat(m.group(1)), phrase=m.group(0))
        except ValueError:
            pass
    if m := re.search(rf"\bsince (?:early |mid-?|late )?{_MONTH}", q):
        return Frame(since=_latest_month_start(_month_index(m.group("month")), today), phrase=m[0])
    if m := re.search(rf"\b(?:in|during|over|throughout) {_MONTH}", q):
        start = _latest_month_start(_month_index(m.group("month")), today)
        return Frame(since=start, until=min(_month_end(start), today), phrase=m.group(0))
    if m := re.search(rf"\b(?:last|past) {_COUNT} (?P<unit>day|week|month|year)s?\b", q):
        days = _count(m.group("n")) * _UNIT_DAYS[m.group("unit")]
        return Frame(since=today - dt.timedelta(days=days), until=today, phrase=m.group(0))
    if m := re.search(r"\b(this|last|previous) (week|month|quarter|year)\b", q):
        return _calendar(m.group(1), m.group(2), today, m.group(0))
    if m := re.search(r"\b(?:recently|lately)\b", q):
        return Frame(since=today - dt.timedelta(days=30), until=today, phrase=m.group(0))
    return Frame()


def _calendar(which: str, unit: str, today: dt.date, phrase: str) -> Frame:
    if unit == "week":
        start = today - dt.timedelta(days=today.weekday())
        if which != "this":
            return Frame(start - dt.timedelta(days=7), start - dt.timedelta(days=1), phrase=phrase)
        return Frame(start, today, phrase=phrase)
    if unit == "month":
        start = today.replace(day=1)
        if which != "this":
            prev = _latest_month_start(12 if start.month == 1 else start.month - 1, start)
            return Frame(prev, start - dt.timedelta(days=1), phrase=phrase)
        return Frame(start, today, phrase=phrase)
    if unit == "quarter":
        start = _quarter_start(today)
        if which != "this":
            prev = _quarter_start(start - dt.timedelta(days=1))
            return Frame(prev, start - dt.timedelta(days=1), phrase=phrase)
        return Frame(start, today, phrase=phrase)
    start = dt.date(today.year, 1, 1)
    if which != "this":
        return Frame(dt.date(today.year - 1, 1, 1), start - dt.timedelta(days=1), phrase=phrase)
    return Frame(start, today, phrase=phrase)
