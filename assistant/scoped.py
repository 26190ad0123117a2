"""Queries for the rows a caller may see: the access policy is in the query, never a filter after.

The API's list and read routes, the web UI's pages and the write services (assistant/writes.py)
all fetch records through these, so a record outside the caller's scope is missing the same way
everywhere.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, inspect, select
from sqlalchemy.orm import Session

from assistant.access import Caller, visible
from assistant.errors import NotFound
from assistant.models import RECORD_TYPE_OF, Base

M = TypeVar("M", bound=Base)


def scoped(model: type[M], caller: Caller) -> Select[M]:
    """Rows of ``model`` the caller may see."""
    return select(model).where(visible(model, caller))


def get_visible(session: Session, model: type[M], record_id: int, caller: Caller) -> M:
    """The record if the caller may see it; otherwise NotFound, never saying which it was."""
    pk = inspect(model).primary_key[0]
    row = session.scalars(scoped(model, caller).where(pk == record_id)).first()
    if row is None:
        raise missing(model, record_id)
    return row


def missing(model: type[Base], record_id: int) -> NotFound:
    """The error for a record that is not there, or not there for this caller: the same words."""
    return NotFound(f"no {RECORD_TYPE_OF[model].replace('_', ' ')} {record_id}")
