"""The shared input rules (assistant/fields.py) that the API and the importer both apply."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, ValidationError

from assistant.bundle import FeedbackIn, KeyResultIn
from assistant.fields import (
    DATE_MAX,
    MAX_RECORD_ID,
    Day,
    NonEmptyLongText,
    Number,
    RecordId,
    cleaning,
    was_cleaned,
)


class _Probe(BaseModel):
    text: NonEmptyLongText = "x"
    number: Number = 0.0
    day: Day | None = None
    ref: RecordId | None = None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Great\u200b work", "Great work"),  # zero-width space
        ("a\u200d\u2060b\ufeff", "ab"),  # joiner, word joiner, BOM
        ("pay \u202egnp.exe\u202c", "pay gnp.exe"),  # a bidi override that reverses text
        ("ok\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065", "ok"),  # tags
        ("tabs\tand\nnewlines\r\nstay", "tabs\tand\nnewlines\r\nstay"),
    ],
)
def test_invisible_characters_are_stripped_and_counted(raw: str, clean: str) -> None:
    ctx = cleaning()
    assert _Probe.model_validate({"text": raw}, context=ctx).text == clean
    assert was_cleaned(ctx) is (raw != clean)


@pytest.mark.parametrize("bad", ["nul\x00byte", "bell\x07", "esc\x1b[31m", "c1\x85", "del\x7f"])
def test_control_characters_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="control character"):
        _Probe(text=bad)


def test_text_of_only_invisible_characters_is_empty() -> None:
    with pytest.raises(ValidationError, match="at least 1 character"):
        _Probe(text="\u200b\u200b")


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan"), 1e16, "1e400"])
def test_numbers_are_finite_and_bounded(bad: object) -> None:
    with pytest.raises(ValidationError):
        _Probe.model_validate({"number": bad})
    with pytest.raises(ValidationError):
        KeyResultIn.model_validate({"id": "k", "goal": "g", "title": "t", "target_value": bad})


def test_dates_and_ids_stay_in_range() -> None:
    with pytest.raises(ValidationError, match="dates run from 1970-01-01 to 2100-12-31"):
        _Probe(day=dt.date(1, 1, 1))
    with pytest.raises(ValidationError):
        _Probe(day=DATE_MAX + dt.timedelta(days=1))
    assert _Probe(day=DATE_MAX).day == DATE_MAX
    for bad in (0, MAX_RECORD_ID + 1, 2**64 + 1):
        with pytest.raises(ValidationError):
            _Probe(ref=bad)
    feedback = {"id": "f", "giver": "a", "receiver": "b", "kind": "praise", "text": "t"}
    with pytest.raises(ValidationError, match="out of range: 9999-12-31"):
        FeedbackIn.model_validate({**feedback, "date": "9999-12-31"})
