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

__all__ = ["names_for_search", "normalise_email", "person_by_email", "person_id_by_email"]


def normalise_email(email: str) -> str:
    """An email as it is stored: trimmed and lower-case."""
    return email.strip().lower()


def person_by_email(session: Session, email: str) -> Person | None:
    """The person with this email, whatever its case; None when there is none."""
    return session.scalar(select(Person).where(Person.email == normalise_email(email)))


def person_id_by_email(session: Session, email: str) -> int | None:
    """The id of the person with this email, whatever its case; None when there is none."""
    return session.scalar(select(Person.id).where(Person.email == normalise_email(email)))


def names_for_search(session: Session) -> dict[str, int]:
    """Lower-cased full names, and first names no one else has, -> person id: what a search
    query may name someone by (``retrieval.search.hybrid_search(people=...)``)."""
    rows = [(pid, str(name)) for pid, name in session.execute(select(Person.id, Person.name))]
    out = {name.lower(): pid for pid, name in rows if name.strip()}
    firsts: dict[str, list[int]] = {}
    for pid, name in rows:
        if name.split():
            firsts.setdefault(name.split()[0].lower(), []).append(pid)
    out |= {first: ids[0] for first, ids in firsts.items() if len(ids) == 1 and first not in out}
    return out
