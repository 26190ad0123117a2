"""The rules every input value obeys, whichever way it arrives.

The API's request bodies (api/schemas.py) and the import bundle (assistant/bundle.py) are built from
these types, so what one accepts the other accepts too, and an export always imports again:

- **text** loses invisible characters (zero-width, bidi controls, Unicode tags): they hide words
  from the person reading a record while a model still reads them. Other control characters (NUL
  and the rest of C0/C1, except tab, newline and carriage return) are refused: PostgreSQL cannot
  store NUL, and none of them belongs in feedback.
- **numbers** are finite and within ±MAX_NUMBER: JSON's ``1e400`` parses as infinity, and an
  infinity or NaN stored once makes every later export unreadable.
- **record ids** fit the database's ``integer`` columns (32-bit on PostgreSQL), so an id the
  database cannot compare or store is a 422, never a driver error.
- **dates** lie between DATE_MIN and DATE_MAX.

Validation of a bundle record can count what was cleaned: pass ``context=cleaning()`` to
``model_validate`` and read :func:`was_cleaned` afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

from assistant.models import MAX_TEXT_CHARS, MAX_TITLE_CHARS

MAX_RECORD_ID = 2**31 - 1
MAX_NUMBER = 1e15
DATE_MIN = dt.date(1970, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)

# Soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space/joiners and
# direction marks, bidi embeddings/overrides/isolates, word joiner and invisible operators, BOM,
# and the Unicode tag block (which spells out ASCII invisibly).
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CLEANED = "cleaned"


def cleaning() -> dict[str, int]:
    """A validation context that counts the text values :func:`clean_text` changed."""
    return {_CLEANED: 0}


def was_cleaned(context: dict[str, int]) -> bool:
    return context.get(_CLEANED, 0) > 0


def clean_text(value: Any, info: ValidationInfo) -> Any:
    """Strip invisible characters, refuse control characters (before length checks apply)."""
    if not isinstance(value, str):
        return value
    cleaned = INVISIBLE.sub("", value)
    if cleaned != value and isinstance(info.context, dict) and _CLEANED in info.context:
        info.context[_CLEANED] += 1
    bad = _CONTROL.search(cleaned)
    if bad is not None:
        raise PydanticCustomError(
            "control_character",
            "contains a control character (U+{code})",
            {"code": f"{ord(bad.group()):04X}"},
        )
    return cleaned


def _in_window(day: dt.date) -> dt.date:
    if not DATE_MIN <= day <= DATE_MAX:
        raise PydanticCustomError(
            "out_of_window",
            "out of range: {day} (dates run from {lo} to {hi})",
            {"day": day.isoformat(), "lo": DATE_MIN.isoformat(), "hi": DATE_MAX.isoformat()},
        )
    return day


_Clean = BeforeValidator(clean_text)

# An external id (a bundle record's ``id`` and its references to non-people).
ExternalId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), _Clean
]
# A person reference: the person's external id or their email.
PersonRef = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=320), _Clean
]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE_CHARS), _Clean
]
ShortText = Annotated[str, StringConstraints(max_length=MAX_TITLE_CHARS), _Clean]
# A short label (a unit, pronouns).
Label = Annotated[str, StringConstraints(max_length=40), _Clean]
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS), _Clean]
NonEmptyLongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS), _Clean
]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    ),
    _Clean,
]

Number = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]
# annotated_types bounds (not Field) so the same alias also works as a FastAPI path/query type.
RecordId = Annotated[int, Ge(1), Le(MAX_RECORD_ID)]
Day = Annotated[dt.date, AfterValidator(_in_window)]
