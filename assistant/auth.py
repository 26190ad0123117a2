"""API tokens: bearer secrets tied to a person, stored only as their SHA-256.

A token is 32 random bytes (``secrets.token_urlsafe``) with a ``cad_`` prefix so it is easy to
spot in a leaked config. The database keeps the hex digest; the token itself is shown once, at
creation. Lives in ``assistant`` (not ``api``) so the CLI can mint tokens without the web stack.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant import clock
from assistant.errors import NotFound, UserError
from assistant.models import ApiToken, Person

TOKEN_PREFIX = "cad_"
MAX_TOKEN_NAME = 100


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _person_by_email(session: Session, email: str) -> Person:
    person = session.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))
    if person is None:
        raise NotFound(f"no person with email {email!r}")
    return person


def create_token(session: Session, email: str, name: str = "") -> tuple[ApiToken, str]:
    """Mint a token for the person with ``email``; returns the row and the token (shown once)."""
    if len(name) > MAX_TOKEN_NAME:
        raise UserError(f"token name is longer than {MAX_TOKEN_NAME} characters")
    person = _person_by_email(session, email)
    if not person.active:
        raise UserError(f"{person.email} is not active; tokens are only issued to active people")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(person_id=person.id, name=name, token_hash=hash_token(raw))
    session.add(row)
    session.flush()
    return row, raw


def revoke_token(session: Session, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no token with id {token_id}")
    if row.revoked_at is None:
        row.revoked_at = clock.now()
    return row


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def verify_token(session: Session, token: str) -> Person | None:
    """The active person a live token belongs to, or None. Never says why a token failed."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = hash_token(token)
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    # The lookup is by an index on the digest; comparing again in constant time keeps a
    # collation or trailing-space quirk of the database from ever matching a different token.
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    if row.revoked_at is not None:
        return None
    person = row.person
    if not person.active:
        return None
    return person
