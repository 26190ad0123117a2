"""The one place Cadence reads the calendar.

Every date-sensitive result (which quarter is current, what is stale, what "recent" means, the
demo organisation's dates) follows "today", and "today" is a setting: ``CADENCE_TODAY`` or a
command's ``--today``, defaulting to the real date. Tests, eval cases and baselines pin it, so the
suite gives the same answer on any day (tests/unit/test_clock.py checks that nothing else in the
product reads the wall clock for a date).

``now()`` is for timestamps that must be real (token expiry, audit times). It follows the real
clock; tests inject a time where they need one instead of reading it.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class _HasToday(Protocol):
    @property
    def today(self) -> dt.date | None: ...


def real_today() -> dt.date:
    """The wall-clock date. Only :func:`today` and explicit "what day is it really" callers."""
    return dt.date.today()


def today(settings: _HasToday | None = None, override: dt.date | None = None) -> dt.date:
    """The date Cadence works as of: ``override`` (a ``--today`` option), else the settings'
    ``today`` (``CADENCE_TODAY``), else the real date."""
    if override is not None:
        return override
    if settings is not None and settings.today is not None:
        return settings.today
    return real_today()


def now() -> dt.datetime:
    """The real time, timezone-aware (UTC)."""
    return dt.datetime.now(dt.UTC)


def parse_day(value: str, flag: str = "--today") -> dt.date:
    """A ``YYYY-MM-DD`` option value, or a UserError naming the option."""
    from assistant.errors import UserError

    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"{flag} must be a date like 2026-10-01, not {value!r}") from None
