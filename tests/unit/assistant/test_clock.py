"""One notion of "today": the setting or option wins, the wall clock is read in one place only."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from assistant import clock
from assistant.errors import UserError
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
# Code that could read the calendar: the product, its evals and benchmarks, and the tests (a test
# that read today's date would pass or fail with the calendar).
SCANNED = ("assistant", "api", "retrieval", "evals", "prompts", "benchmarks", "tests")
WALL_CLOCK = re.compile(
    r"\b(?:date|datetime)\.(?:today|now|utcnow)\b|\btime\.(?:time|localtime|gmtime)\(\)"
)
ALLOWED = {Path("assistant/clock.py")}


def test_nothing_but_the_clock_module_reads_the_wall_clock_for_a_date() -> None:
    offenders = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if rel in ALLOWED or rel == Path(__file__).relative_to(ROOT):
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line.split("#", 1)[0]):
                    offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "read the date through assistant.clock:\n" + "\n".join(offenders)


def test_the_scan_sees_a_wall_clock_read() -> None:
    assert WALL_CLOCK.search("day = dt.date.today()")
    assert WALL_CLOCK.search("stamp = datetime.now(UTC)")
    assert not WALL_CLOCK.search("day = clock.today(settings)")


def test_an_override_beats_the_setting_which_beats_the_real_date() -> None:
    pinned = Settings(environment="test", today=dt.date(2027, 2, 28))
    assert clock.today(pinned, dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)
    assert clock.today(pinned) == dt.date(2027, 2, 28)
    assert clock.today(Settings(environment="test")) == clock.real_today()
    assert clock.today() == clock.real_today()


def test_cadence_today_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADENCE_TODAY", "2024-02-29")
    assert clock.today(Settings()) == dt.date(2024, 2, 29)


def test_a_bad_date_is_a_user_error_naming_the_option() -> None:
    with pytest.raises(UserError, match="--today must be a date like"):
        clock.parse_day("30/11/2026")
    assert clock.parse_day(" 2026-11-30 ") == dt.date(2026, 11, 30)
