"""Finding a person by email: the one lookup the CLI, the API, imports and the evals share.

Emails are stored lower-case on every write path: the bundle's ``Email`` type lower-cases them
(``assistant/fields.py``, for imports and the API), the demo builds its emails lower-case
(``assistant/demo/org.py``) and erasure's placeholder people are lower-case literals. So a lookup
lower-cases (and trims) what it is given and compares it with the column as stored:
case-insensitive for whoever typed it, and a plain equality that the unique index on
``people.email`` answers (``lower(email) = ...`` would read the whole table).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.models import Person

__all__ = ["normalise_email", "person_by_email", "person_id_by_email"]


def normalise_email(email: str) -> str:
    """An email as it is stored: trimmed and lower-case."""
    return email.strip().lower()


def person_by_email(session: Session, email: str) -> Person | None:
    """The person with this email, whatever its case; None when there is none."""
    return session.scalar(select(Person).where(Person.email == normalise_email(email)))


def person_id_by_email(session: Session, email: str) -> int | None:
    """The id of the person with this email, whatever its case; None when there is none."""
    return session.scalar(select(Person.id).where(Person.email == normalise_email(email)))
