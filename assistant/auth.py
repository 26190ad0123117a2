"""API tokens and web UI sessions: bearer secrets tied to a person, stored only as their SHA-256.

A token is 32 random bytes (``secrets.token_urlsafe``) with a ``cad_`` prefix so it is easy to
spot in a leaked config. The database keeps the hex digest; the token itself is shown once, at
creation. A token may carry an expiry. A web UI session (``cads_`` prefix) is opened by signing in
with a token but is its own secret with its own row: it expires after ``CADENCE_SESSION_HOURS`` and
ends on sign-out, and it never lets its holder act as the API token.

Deactivating a person revokes every token and session they hold (an ORM flush hook installed on
the session factory, and :func:`revoke_inactive` for bulk writes such as the importer), so
reactivating them later does not bring old credentials back.

Lives in ``assistant`` (not ``api``) so the CLI can mint tokens without the web stack. Times come
from :func:`assistant.clock.now`; every function takes ``now`` so tests pin it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from sqlalchemy import delete, event, inspect, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from assistant import clock
from assistant.errors import NotFound, UserError
from assistant.models import ApiToken, Person, UiSession
from assistant.people import person_by_email

TOKEN_PREFIX = "cad_"
SESSION_PREFIX = "cads_"
MAX_TOKEN_NAME = 100
MAX_EXPIRY_DAYS = 3650
_HOOK_ATTR = "_cadence_credentials_hook"


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands timezone-aware columns back naive; everything Cadence writes is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _live(revoked_at: dt.datetime | None, expires_at: dt.datetime | None, now: dt.datetime) -> bool:
    return revoked_at is None and (expires_at is None or _aware(expires_at) > now)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _person_by_email(session: Session, email: str) -> Person:
    person = person_by_email(session, email)
    if person is None:
        raise NotFound(f"no person with email {email!r}")
    return person


def create_token(
    session: Session,
    email: str,
    name: str = "",
    *,
    expires_days: int | None = None,
    now: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Mint a token for the person with ``email``; returns the row and the token (shown once).
    With ``expires_days`` the token stops working that many days from ``now``."""
    if len(name) > MAX_TOKEN_NAME:
        raise UserError(f"token name is longer than {MAX_TOKEN_NAME} characters")
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise UserError(f"--expires-days must be between 1 and {MAX_EXPIRY_DAYS}")
    person = _person_by_email(session, email)
    if not person.active:
        raise UserError(f"{person.email} is not active; tokens are only issued to active people")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = (
        None if expires_days is None else (now or clock.now()) + dt.timedelta(days=expires_days)
    )
    row = ApiToken(person_id=person.id, name=name, token_hash=hash_token(raw), expires_at=expires)
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


def token_state(row: ApiToken, now: dt.datetime | None = None) -> str:
    if row.revoked_at is not None:
        return "revoked"
    return "active" if _live(None, row.expires_at, now or clock.now()) else "expired"


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def verify_token(session: Session, token: str, now: dt.datetime | None = None) -> Person | None:
    """The active person a live (unrevoked, unexpired) token belongs to, or None. Never says why
    a token failed."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = hash_token(token)
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    # The lookup is by an index on the digest; comparing again in constant time keeps a
    # collation or trailing-space quirk of the database from ever matching a different token.
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    if not _live(row.revoked_at, row.expires_at, now or clock.now()):
        return None
    person = row.person
    if not person.active:
        return None
    return person


# --- web UI sessions ---------------------------------------------------------------------------


def open_session(
    session: Session, person_id: int, hours: float, now: dt.datetime | None = None
) -> tuple[UiSession, str]:
    """A new sign-in for ``person_id`` lasting ``hours``; returns the row and its secret (which
    only the browser's cookie keeps)."""
    at = now or clock.now()
    # Ended sessions have nothing left to check: drop this person's, so the table stays small.
    session.execute(
        delete(UiSession).where(
            UiSession.person_id == person_id,
            or_(UiSession.expires_at <= at, UiSession.revoked_at.is_not(None)),
        )
    )
    raw = SESSION_PREFIX + secrets.token_urlsafe(32)
    row = UiSession(
        person_id=person_id,
        secret_hash=hash_token(raw),
        created_at=at,
        expires_at=at + dt.timedelta(hours=hours),
    )
    session.add(row)
    session.flush()
    return row, raw


def _session_row(session: Session, secret: str) -> UiSession | None:
    if not secret.startswith(SESSION_PREFIX) or len(secret) > 200:
        return None
    digest = hash_token(secret)
    row = session.scalar(select(UiSession).where(UiSession.secret_hash == digest))
    if row is None or not hmac.compare_digest(row.secret_hash, digest):
        return None
    return row


def verify_session(session: Session, secret: str, now: dt.datetime | None = None) -> Person | None:
    """The active person a live UI session belongs to, or None."""
    row = _session_row(session, secret)
    if row is None or not _live(row.revoked_at, row.expires_at, now or clock.now()):
        return None
    return row.person if row.person.active else None


def close_session(session: Session, secret: str, now: dt.datetime | None = None) -> bool:
    """Revoke the UI session with this secret (sign-out). False when there was none live."""
    row = _session_row(session, secret)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now or clock.now()
    return True


# --- credentials end with the person -----------------------------------------------------------


def _revoke_where(session: Session, person_filter: Any, now: dt.datetime) -> None:
    conn = session.connection()  # Core: safe inside a flush hook (no autoflush, no recursion)
    for model in (ApiToken, UiSession):
        conn.execute(
            update(model)
            .where(model.revoked_at.is_(None), model.person_id.in_(person_filter))
            .values(revoked_at=now)
        )


def revoke_for(session: Session, person_ids: list[int], now: dt.datetime | None = None) -> None:
    """Revoke every live token and UI session of these people."""
    if person_ids:
        _revoke_where(session, sorted(person_ids), now or clock.now())


def revoke_inactive(session: Session, now: dt.datetime | None = None) -> None:
    """Revoke every live credential of an inactive person: for writers that bypass the ORM
    (bulk import), so a later reactivation starts with no valid tokens."""
    inactive = select(Person.id).where(Person.active.is_(False))
    _revoke_where(session, inactive, now or clock.now())


def _deactivated(session: Session) -> list[int]:
    ids = []
    for obj in session.dirty:
        if isinstance(obj, Person) and obj.active is False:
            history = inspect(obj).attrs.active.history
            if history.deleted and any(history.deleted):
                ids.append(obj.id)
    return ids


def _after_flush(session: Session, _ctx: Any) -> None:
    revoke_for(session, _deactivated(session))


def install(factory: sessionmaker[Session]) -> None:
    """Revoke a person's credentials in the same transaction that deactivates them (ORM writes)."""
    if getattr(factory, _HOOK_ATTR, False):
        return
    event.listen(factory, "after_flush", _after_flush)
    setattr(factory, _HOOK_ATTR, True)
